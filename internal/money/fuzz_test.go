package money

import (
	"errors"
	"testing"
)

// FuzzParse feeds arbitrary text to Parse and ParseSigned: they must never
// panic, must return a *ParseError on refusal, and whatever they accept must
// format and parse back to the same amount, so a value shown in a form or
// page and submitted again cannot drift.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"1234", "1.234,56", "€ 1.234,56", "1234.56", "12,-", "-€ 12,00", "1.5", "92233720368547758,07", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse(s)
		sc, serr := ParseSigned(s)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Msg == "" {
				t.Fatalf("Parse(%q) error %v is not a *ParseError", s, err)
			}
		} else {
			if c < 0 {
				t.Fatalf("Parse(%q) = %d, negative", s, c)
			}
			if serr != nil || sc != c {
				t.Fatalf("Parse(%q) = %d but ParseSigned = %d, %v", s, c, sc, serr)
			}
			roundTrip(t, c, Parse)
		}
		if serr == nil {
			roundTrip(t, sc, ParseSigned)
		}
	})
}

// FuzzFormat checks parse(format(x)) == x for every int64, including the
// extremes: Plain and String must be readable by ParseSigned, and by Parse
// when non-negative.
func FuzzFormat(f *testing.F) {
	for _, c := range []int64{0, 1, -1, 99, 100, 123456, -1200, 1<<63 - 1, -1 << 63} {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, x int64) {
		c := Cents(x)
		roundTrip(t, c, ParseSigned)
		if c >= 0 {
			roundTrip(t, c, Parse)
		} else if _, err := Parse(c.Plain()); err == nil {
			t.Fatalf("Parse(%q) accepted a negative amount", c.Plain())
		}
	})
}

func roundTrip(t *testing.T, c Cents, parse func(string) (Cents, error)) {
	t.Helper()
	for _, s := range []string{c.Plain(), c.String()} {
		if got, err := parse(s); err != nil || got != c {
			t.Fatalf("parse(%q) = %d, %v; want %d", s, got, err, c)
		}
	}
}
