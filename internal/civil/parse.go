package civil

import (
	"strings"
	"time"
)

// ParseError is the error returned by Parse. Msg is a Dutch sentence meant
// for the person who typed the date, so a form handler can show err.Error()
// next to the field as is.
type ParseError struct {
	Input string // the text as given
	Msg   string // Dutch, user-facing
}

// Error returns the user-facing Dutch message.
func (e *ParseError) Error() string { return e.Msg }

// Dutch messages for ParseError. They say what to do, with an example in the
// notation we want, rather than what went wrong.
const (
	msgEmpty   = "Vul een datum in, bijvoorbeeld 31-12-2026"
	msgInvalid = "Vul een geldige datum in, bijvoorbeeld 31-12-2026"
	msgNoDay   = "Deze datum bestaat niet. Vul een geldige datum in, bijvoorbeeld 31-12-2026"
)

// Parse reads a date as Dutch users type it, "31-12-2026", also "1-2-2026",
// "31/12/2026" and "31.12.2026" (one separator used throughout), or as
// ISO "2026-12-31", which is what <input type="date"> submits. The year must
// have four digits: "31-12-26" is refused rather than guessed, because a date
// of birth could be in 1926 or 2026. The date must exist on the calendar, so
// 31-04 and 29-02 outside leap years are refused. Errors are a *ParseError.
func Parse(s string) (Date, error) {
	fail := func(msg string) (Date, error) {
		return Date{}, &ParseError{Input: s, Msg: msg}
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return fail(msgEmpty)
	}
	sep := strings.IndexAny(t, "-/.")
	if sep < 0 {
		return fail(msgInvalid)
	}
	parts := strings.Split(t, t[sep:sep+1])
	if len(parts) != 3 {
		return fail(msgInvalid)
	}
	// ISO is recognized by its leading four-digit year; Dutch order is
	// day-month-year. Field widths are checked, values are checked below.
	y, m, d := parts[2], parts[1], parts[0]
	if len(parts[0]) == 4 && t[sep] == '-' {
		y, d = parts[0], parts[2]
	}
	year, oky := number(y, 4, 4)
	month, okm := number(m, 1, 2)
	day, okd := number(d, 1, 2)
	if !oky || !okm || !okd || year < 1 || month < 1 || month > 12 || day < 1 || day > 31 {
		return fail(msgInvalid)
	}
	date := Date{year, time.Month(month), day}
	if !date.IsValid() {
		return fail(msgNoDay) // 31-04, 29-02-2027: plausible but not on the calendar
	}
	return date, nil
}

// number parses s as an unsigned decimal of minDigits..maxDigits ASCII digits.
// strconv.Atoi is not used because it accepts signs ("+1", "-1").
func number(s string, minDigits, maxDigits int) (int, bool) {
	if len(s) < minDigits || len(s) > maxDigits {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}
