// Package money handles euro amounts as whole cents.
//
// Amounts are int64 cents, never float64: budgets, declaraties and
// percentages must add up to the cent, and binary floating point cannot
// represent 0,10 exactly. Parsing follows the way people in the Netherlands
// type amounts ("1.234,56", "€ 12,50", "12,-"); formatting follows the way
// they read them ("€ 1.234,56").
package money

import (
	"math"
	"math/bits"
	"strconv"
	"strings"
)

// Cents is an amount in euro cents. It is a distinct type so an amount cannot
// be mixed up with a count or an id by accident.
type Cents int64

// ParseError is the error returned by Parse and ParseSigned. Msg is a Dutch
// sentence meant for the person who typed the amount, so a form handler can
// show err.Error() next to the field without translating it.
type ParseError struct {
	Input string // the text as given
	Msg   string // Dutch, user-facing
}

// Error returns the user-facing Dutch message.
func (e *ParseError) Error() string { return e.Msg }

// Dutch messages for ParseError. They say what to do, not what went wrong,
// so they are useful as they stand next to the form field.
const (
	msgEmpty     = "Vul een bedrag in, bijvoorbeeld 1.234,56"
	msgInvalid   = "Vul een geldig bedrag in, bijvoorbeeld 1.234,56"
	msgNegative  = "Vul een bedrag in zonder minteken"
	msgDecimals  = "Vul maximaal 2 cijfers achter de komma in, bijvoorbeeld 1.234,56"
	msgAmbiguous = "Gebruik een komma voor de centen, bijvoorbeeld 12,50"
	msgTooLarge  = "Dit bedrag is te groot"
)

// Parse reads a non-negative amount as a person types it. Accepted:
//
//	"1234"  "1234,5"  "1234,56"  "1.234,56"  "€ 1.234,56"  "€1234"  "12,-"  ",50"
//	"1.234"      (a dot followed by groups of three digits is a thousands separator)
//	"1234.56"    (a single dot followed by exactly two digits, no comma, is a decimal point)
//
// Anything ambiguous is refused rather than guessed: "1.5" could be €1,50
// typed the English way or a mistyped "1.500". More than two decimals are
// refused instead of rounded, because silently dropping a cent from a
// declaratie is worse than asking. A minus sign is refused: amounts entered
// by users (declaraties, tarieven) cannot be negative; use ParseSigned where
// they can (corrections). Errors are a *ParseError.
func Parse(s string) (Cents, error) {
	c, neg, err := parse(s)
	if err != nil {
		return 0, err
	}
	if neg {
		return 0, &ParseError{Input: s, Msg: msgNegative}
	}
	if c > math.MaxInt64 {
		return 0, &ParseError{Input: s, Msg: msgTooLarge}
	}
	return Cents(c), nil
}

// ParseSigned is Parse that also accepts a leading minus sign, before or after
// the euro sign ("-12,50", "-€ 12,50", "€ -12,50"), so that it reads back
// everything String and Plain produce. Errors are a *ParseError.
func ParseSigned(s string) (Cents, error) {
	c, neg, err := parse(s)
	if err != nil {
		return 0, err
	}
	if neg {
		return negate(c, s)
	}
	if c > math.MaxInt64 {
		return 0, &ParseError{Input: s, Msg: msgTooLarge}
	}
	return Cents(c), nil
}

// negate returns -u, refusing magnitudes beyond |math.MinInt64|.
func negate(u uint64, input string) (Cents, error) {
	if u > 1<<63 {
		return 0, &ParseError{Input: input, Msg: msgTooLarge}
	}
	// -(u-1)-1 instead of -u so that u == 1<<63 does not overflow int64.
	return Cents(-int64(u-1) - 1), nil
}

// parse returns the magnitude in cents (up to 1<<63, so that math.MinInt64
// can be read back) and whether a minus sign was present.
func parse(in string) (uint64, bool, error) {
	fail := func(msg string) (uint64, bool, error) {
		return 0, false, &ParseError{Input: in, Msg: msg}
	}
	s := trimSpace(in)
	neg := false
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		neg, s = true, trimSpace(rest)
	}
	if rest, ok := strings.CutPrefix(s, "€"); ok {
		s = trimSpace(rest)
		if rest, ok := strings.CutPrefix(s, "-"); ok && !neg {
			neg, s = true, trimSpace(rest)
		}
	}
	if s == "" {
		return fail(msgEmpty)
	}

	// Split into whole euros (digits only) and 0..2 digits of cents.
	var whole, frac string
	if i := strings.IndexByte(s, ','); i >= 0 {
		// A comma is always the decimal comma; dots before it group thousands.
		whole, frac = s[:i], s[i+1:]
		switch {
		case frac == "-" || frac == "--":
			// "12,-" is the Dutch way to write a round amount.
			if whole == "" {
				return fail(msgInvalid)
			}
			frac = ""
		case !digits(frac):
			return fail(msgInvalid)
		case len(frac) > 2:
			return fail(msgDecimals)
		}
		if whole == "" {
			whole = "0" // ",50"
		} else if w, ok := euros(whole); ok {
			whole = w
		} else {
			return fail(msgInvalid)
		}
	} else if i := strings.IndexByte(s, '.'); i >= 0 && strings.Count(s, ".") == 1 && len(s)-i-1 != 3 {
		// A single dot not followed by three digits cannot be a thousands
		// separator, so it is a decimal point if that reading is plausible.
		whole, frac = s[:i], s[i+1:]
		switch {
		case !digits(whole) || !digits(frac):
			return fail(msgInvalid)
		case len(frac) > 3:
			return fail(msgDecimals)
		case len(frac) != 2:
			return fail(msgAmbiguous)
		}
	} else if w, ok := euros(s); ok {
		whole = w
	} else {
		return fail(msgInvalid)
	}

	var c uint64
	for i := 0; i < len(whole); i++ {
		hi, lo := bits.Mul64(c, 10)
		var carry uint64
		c, carry = bits.Add64(lo, uint64(whole[i]-'0'), 0)
		if hi != 0 || carry != 0 {
			return fail(msgTooLarge)
		}
	}
	var cents uint64
	for i := 0; i < 2; i++ {
		cents *= 10
		if i < len(frac) {
			cents += uint64(frac[i] - '0')
		}
	}
	hi, lo := bits.Mul64(c, 100)
	lo, carry := bits.Add64(lo, cents, 0)
	if hi != 0 || carry != 0 || lo > 1<<63 {
		return fail(msgTooLarge)
	}
	return lo, neg, nil
}

// euros checks the part before the decimal comma: either plain digits
// ("1234") or digits grouped by dots in threes ("1.234", "12.345.678"), and
// returns it without the dots.
func euros(s string) (string, bool) {
	if digits(s) {
		return s, true
	}
	groups := strings.Split(s, ".")
	if len(groups[0]) < 1 || len(groups[0]) > 3 || !digits(groups[0]) {
		return "", false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 || !digits(g) {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

// digits reports whether s is non-empty and ASCII digits only.
func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// trimSpace trims white space including the no-break spaces that appear when
// an amount is copied from a web page or spreadsheet ("€\u00a01.234,56").
func trimSpace(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || r == '\u202f'
	})
}

// String formats c for people: "€ 1.234,56", with dots between thousands, a
// decimal comma and a normal space after the euro sign. A negative amount is
// written "-€ 12,00", with the sign in front where it cannot be overlooked.
func (c Cents) String() string {
	if c < 0 {
		return "-€ " + format(abs(c), true)
	}
	return "€ " + format(abs(c), true)
}

// Plain formats c for form values and CSV exports: "1234,56" or "-1234,56",
// without euro sign or thousands separators, so that it survives being edited
// and submitted again and is read back by Parse/ParseSigned unchanged.
func (c Cents) Plain() string {
	if c < 0 {
		return "-" + format(abs(c), false)
	}
	return format(abs(c), false)
}

// abs returns |c| as uint64, which unlike int64 also holds |math.MinInt64|.
func abs(c Cents) uint64 {
	if c < 0 {
		return uint64(^c) + 1
	}
	return uint64(c)
}

// format writes a magnitude in cents as euros with a decimal comma and,
// if group is set, dots between thousands.
func format(u uint64, group bool) string {
	whole := strconv.FormatUint(u/100, 10)
	cents := u % 100
	var b strings.Builder
	b.Grow(len(whole) + len(whole)/3 + 3)
	for i := 0; i < len(whole); i++ {
		if group && i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteByte(whole[i])
	}
	b.WriteByte(',')
	b.WriteByte(byte('0' + cents/10))
	b.WriteByte(byte('0' + cents%10))
	return b.String()
}

// Percent returns basisPoints/10000 of c (1.5% is 150 basis points), rounded
// to the cent half up: an exact half cent goes away from zero, so €0,01 at
// 50% is €0,01 and -€0,01 at 50% is -€0,01. This is the commercial rounding
// that administrations and accountants reproduce by hand, and being symmetric
// around zero a correction computes to exactly minus the original.
//
// Basis points rather than a float percentage keep the computation exact.
// The intermediate product uses 128 bits, so it only panics if the result
// itself does not fit in Cents, which cannot happen for basisPoints within
// ±10000 (±100%).
func Percent(c Cents, basisPoints int64) Cents {
	return mulDivRound(int64(c), basisPoints, 10000)
}

// MulQty returns rateCents × qtyHundredths / 100, rounded to the cent half up
// (away from zero, as Percent). It computes a line amount from a tarief and a
// quantity with two decimals, such as hours: €23,45 per hour × 1,5 hours is
// MulQty(2345, 150) = €35,18 (35,175 rounded up). The quantity is an integer
// count of hundredths so that no float is involved. It panics if the result
// does not fit in Cents.
func MulQty(rateCents int64, qtyHundredths int64) Cents {
	return mulDivRound(rateCents, qtyHundredths, 100)
}

// mulDivRound returns a×b/d rounded half away from zero, for d > 0, using a
// 128-bit intermediate so a×b cannot overflow silently.
func mulDivRound(a, b int64, d uint64) Cents {
	neg := (a < 0) != (b < 0)
	hi, lo := bits.Mul64(abs(Cents(a)), abs(Cents(b)))
	if hi >= d {
		panic("money: amount out of range")
	}
	q, r := bits.Div64(hi, lo, d)
	if q > 1<<63 {
		// Does not fit either way; checked before rounding so q++ cannot wrap.
		panic("money: amount out of range")
	}
	if r >= d-r { // r ≥ d/2, without truncating d/2 for odd d
		q++
	}
	if neg {
		c, err := negate(q, "")
		if err != nil {
			panic("money: amount out of range")
		}
		return c
	}
	if q > math.MaxInt64 {
		panic("money: amount out of range")
	}
	return Cents(q)
}
