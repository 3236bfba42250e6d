package civil

import (
	"errors"
	"testing"
	"time"
)

// FuzzParse checks that Parse never panics, refuses with a *ParseError, and
// that every date it accepts is a real date that reads back unchanged from
// both String and ISO, so a date shown in a form and submitted again (in
// either notation) stays the same day.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"31-12-2026", "1-2-2026", "31/12/2026", "31.12.2026", "2026-12-31", "29-02-2024", "31-02-2026", "31-12-26", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Msg == "" || d != (Date{}) {
				t.Fatalf("Parse(%q) = %v, %v", s, d, err)
			}
			return
		}
		if !d.IsValid() || d.IsZero() {
			t.Fatalf("Parse(%q) = %#v, not a valid date", s, d)
		}
		// Cross-check with the time package's calendar.
		if DateOf(d.In(time.UTC)) != d {
			t.Fatalf("Parse(%q) = %#v, which time normalizes to another day", s, d)
		}
		for _, out := range []string{d.String(), d.ISO()} {
			if d2, err := Parse(out); err != nil || d2 != d {
				t.Fatalf("Parse(%q) = %v, %v; want %v (from %q)", out, d2, err, d, s)
			}
		}
	})
}
