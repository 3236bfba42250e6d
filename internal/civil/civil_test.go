package civil

import (
	"errors"
	"slices"
	"testing"
	"time"
)

func d(y int, m time.Month, day int) Date { return Date{y, m, day} }

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Date
		msg  string // expected error message; empty means success
	}{
		{"31-12-2026", d(2026, 12, 31), ""},
		{"1-2-2026", d(2026, 2, 1), ""},
		{"01-02-2026", d(2026, 2, 1), ""},
		{"31/12/2026", d(2026, 12, 31), ""},
		{"31.12.2026", d(2026, 12, 31), ""},
		{" 31-12-2026 ", d(2026, 12, 31), ""},
		{"2026-12-31", d(2026, 12, 31), ""},
		{"2026-1-5", d(2026, 1, 5), ""},
		{"29-02-2024", d(2024, 2, 29), ""}, // leap year
		{"29-02-2000", d(2000, 2, 29), ""}, // divisible by 400
		{"2024-02-29", d(2024, 2, 29), ""},
		{"01-01-0001", d(1, 1, 1), ""},
		{"31-12-9999", d(9999, 12, 31), ""},
		{"30-04-2026", d(2026, 4, 30), ""},

		{"", Date{}, msgEmpty},
		{"  ", Date{}, msgEmpty},
		{"31-02-2026", Date{}, msgNoDay},
		{"29-02-2026", Date{}, msgNoDay},
		{"29-02-2100", Date{}, msgNoDay}, // divisible by 100, not by 400
		{"31-04-2026", Date{}, msgNoDay},
		{"2026-02-30", Date{}, msgNoDay},
		{"32-01-2026", Date{}, msgInvalid},
		{"00-01-2026", Date{}, msgInvalid},
		{"01-00-2026", Date{}, msgInvalid},
		{"01-13-2026", Date{}, msgInvalid},
		{"01-01-0000", Date{}, msgInvalid},
		{"31-12-26", Date{}, msgInvalid}, // two-digit year
		{"31-12-02026", Date{}, msgInvalid},
		{"12-31-2026", Date{}, msgInvalid}, // American order
		{"2026/12/31", Date{}, msgInvalid}, // ISO only with dashes
		{"2026.12.31", Date{}, msgInvalid},
		{"31-12/2026", Date{}, msgInvalid}, // mixed separators
		{"31 12 2026", Date{}, msgInvalid},
		{"31122026", Date{}, msgInvalid},
		{"31-12-2026-1", Date{}, msgInvalid},
		{"+1-12-2026", Date{}, msgInvalid},
		{"1--2026", Date{}, msgInvalid},
		{"031-12-2026", Date{}, msgInvalid},
		{"31 december 2026", Date{}, msgInvalid},
		{"2026-12-31T00:00:00Z", Date{}, msgInvalid},
		{"٣١-١٢-٢٠٢٦", Date{}, msgInvalid},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if tt.msg == "" {
			if err != nil || got != tt.want {
				t.Errorf("Parse(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Msg != tt.msg || pe.Input != tt.in || err.Error() != tt.msg {
			t.Errorf("Parse(%q) = %v, %v; want error %q", tt.in, got, err, tt.msg)
		}
		if got != (Date{}) {
			t.Errorf("Parse(%q) returned %v with an error", tt.in, got)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		d        Date
		str, iso string
	}{
		{d(2026, 12, 31), "31-12-2026", "2026-12-31"},
		{d(2026, 1, 5), "05-01-2026", "2026-01-05"},
		{d(1, 1, 1), "01-01-0001", "0001-01-01"},
		{d(999, 3, 4), "04-03-0999", "0999-03-04"},
		{d(9999, 12, 31), "31-12-9999", "9999-12-31"},
		{Date{}, "", ""},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.str {
			t.Errorf("%#v.String() = %q, want %q", tt.d, got, tt.str)
		}
		if got := tt.d.ISO(); got != tt.iso {
			t.Errorf("%#v.ISO() = %q, want %q", tt.d, got, tt.iso)
		}
	}
}

func TestCompare(t *testing.T) {
	a, b := d(2026, 3, 31), d(2026, 4, 1)
	if !a.Before(b) || a.After(b) || a.Equal(b) || a.Compare(b) != -1 {
		t.Error("31-03 vs 01-04 wrong")
	}
	if !b.After(a) || b.Compare(a) != 1 {
		t.Error("01-04 vs 31-03 wrong")
	}
	if !a.Equal(a) || a.Compare(a) != 0 || a.Before(a) || a.After(a) {
		t.Error("equal dates wrong")
	}
	if d(2025, 12, 31).Compare(d(2026, 1, 1)) != -1 || d(2026, 1, 2).Compare(d(2026, 1, 1)) != 1 {
		t.Error("year/day comparison wrong")
	}
	ds := []Date{d(2026, 2, 1), d(2025, 12, 31), d(2026, 1, 31), d(2026, 1, 1)}
	slices.SortFunc(ds, Date.Compare)
	want := []Date{d(2025, 12, 31), d(2026, 1, 1), d(2026, 1, 31), d(2026, 2, 1)}
	if !slices.Equal(ds, want) {
		t.Errorf("sorted = %v", ds)
	}
}

func TestIsZeroIsValid(t *testing.T) {
	if !(Date{}).IsZero() || d(2026, 1, 1).IsZero() {
		t.Error("IsZero wrong")
	}
	for _, x := range []Date{{}, d(2026, 2, 29), d(2026, 13, 1), d(2026, 0, 1), d(2026, 1, 0), d(2026, 1, 32), d(0, 1, 1), d(10000, 1, 1)} {
		if x.IsValid() {
			t.Errorf("%#v.IsValid() = true", x)
		}
	}
	if !d(2024, 2, 29).IsValid() {
		t.Error("29-02-2024 not valid")
	}
}

func TestDaysIn(t *testing.T) {
	tests := []struct {
		y    int
		m    time.Month
		want int
	}{
		{2026, 1, 31}, {2026, 2, 28}, {2024, 2, 29}, {2000, 2, 29}, {2100, 2, 28},
		{2026, 4, 30}, {2026, 6, 30}, {2026, 9, 30}, {2026, 11, 30}, {2026, 12, 31}, {2026, 7, 31}, {2026, 8, 31},
	}
	for _, tt := range tests {
		if got := DaysIn(tt.y, tt.m); got != tt.want {
			t.Errorf("DaysIn(%d, %v) = %d, want %d", tt.y, tt.m, got, tt.want)
		}
		// Cross-check with the time package.
		if got := time.Date(tt.y, tt.m+1, 0, 0, 0, 0, 0, time.UTC).Day(); got != tt.want {
			t.Errorf("time disagrees for %d-%d: %d", tt.y, tt.m, got)
		}
	}
}

func TestAddDays(t *testing.T) {
	tests := []struct {
		from Date
		n    int
		want Date
	}{
		{d(2026, 12, 31), 1, d(2027, 1, 1)},
		{d(2027, 1, 1), -1, d(2026, 12, 31)},
		{d(2024, 2, 28), 1, d(2024, 2, 29)},
		{d(2026, 2, 28), 1, d(2026, 3, 1)},
		{d(2026, 3, 28), 2, d(2026, 3, 30)}, // across the DST change (29-03-2026)
		{d(2026, 10, 24), 2, d(2026, 10, 26)},
		{d(2026, 1, 1), 365, d(2027, 1, 1)},
		{d(2026, 5, 5), 0, d(2026, 5, 5)},
	}
	for _, tt := range tests {
		if got := tt.from.AddDays(tt.n); got != tt.want {
			t.Errorf("%v.AddDays(%d) = %v, want %v", tt.from, tt.n, got, tt.want)
		}
	}
}

func TestAddMonths(t *testing.T) {
	tests := []struct {
		from Date
		n    int
		want Date
	}{
		{d(2026, 1, 31), 1, d(2026, 2, 28)}, // clamped
		{d(2024, 1, 31), 1, d(2024, 2, 29)},
		{d(2026, 3, 31), 1, d(2026, 4, 30)},
		{d(2026, 3, 31), -1, d(2026, 2, 28)},
		{d(2026, 1, 15), 1, d(2026, 2, 15)},
		{d(2026, 12, 15), 1, d(2027, 1, 15)},
		{d(2026, 1, 15), -1, d(2025, 12, 15)},
		{d(2026, 1, 15), -12, d(2025, 1, 15)},
		{d(2026, 1, 15), -13, d(2024, 12, 15)},
		{d(2026, 1, 15), 24, d(2028, 1, 15)},
		{d(2024, 2, 29), 12, d(2025, 2, 28)},
		{d(2026, 5, 5), 0, d(2026, 5, 5)},
	}
	for _, tt := range tests {
		if got := tt.from.AddMonths(tt.n); got != tt.want {
			t.Errorf("%v.AddMonths(%d) = %v, want %v", tt.from, tt.n, got, tt.want)
		}
	}
}

func TestMonthBounds(t *testing.T) {
	x := d(2024, 2, 14)
	if got := x.FirstOfMonth(); got != d(2024, 2, 1) {
		t.Errorf("FirstOfMonth = %v", got)
	}
	if got := x.LastOfMonth(); got != d(2024, 2, 29) {
		t.Errorf("LastOfMonth = %v", got)
	}
	if got := d(2026, 12, 1).LastOfMonth(); got != d(2026, 12, 31) {
		t.Errorf("LastOfMonth = %v", got)
	}
}

func TestWeekday(t *testing.T) {
	if got := d(2026, 12, 31).Weekday(); got != time.Thursday {
		t.Errorf("31-12-2026 is a %v", got)
	}
	if got := d(2000, 1, 1).Weekday(); got != time.Saturday {
		t.Errorf("01-01-2000 is a %v", got)
	}
}

func TestTodayAndDateOf(t *testing.T) {
	tests := []struct {
		now  time.Time
		want Date
	}{
		// Winter (CET, UTC+1): 23:30 UTC is already the next day in Amsterdam.
		{time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC), d(2027, 1, 1)},
		{time.Date(2026, 12, 31, 22, 59, 59, 0, time.UTC), d(2026, 12, 31)},
		// Summer (CEST, UTC+2).
		{time.Date(2026, 6, 30, 22, 0, 0, 0, time.UTC), d(2026, 7, 1)},
		{time.Date(2026, 6, 30, 21, 59, 59, 0, time.UTC), d(2026, 6, 30)},
		// The location of now does not matter, only the instant.
		{time.Date(2026, 6, 30, 18, 0, 0, 0, time.FixedZone("EDT", -4*3600)), d(2026, 7, 1)},
	}
	for _, tt := range tests {
		if got := Today(tt.now); got != tt.want {
			t.Errorf("Today(%v) = %v, want %v", tt.now, got, tt.want)
		}
	}
	if got := DateOf(time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC)); got != d(2026, 12, 31) {
		t.Errorf("DateOf uses the time's own location, got %v", got)
	}
	if a, b := Amsterdam(), Amsterdam(); a.String() != "Europe/Amsterdam" || a != b {
		t.Error("Amsterdam location not loaded once")
	}
}

func TestIn(t *testing.T) {
	ams := Amsterdam()
	// Start of the day on which DST starts and ends.
	for _, x := range []Date{d(2026, 3, 29), d(2026, 10, 25), d(2026, 1, 1)} {
		got := x.In(ams)
		if h, m, s := got.Clock(); h != 0 || m != 0 || s != 0 || DateOf(got) != x {
			t.Errorf("%v.In(Amsterdam) = %v", x, got)
		}
	}
	if got := d(2026, 1, 1).In(ams).UTC(); got != time.Date(2025, 12, 31, 23, 0, 0, 0, time.UTC) {
		t.Errorf("01-01-2026 00:00 Amsterdam = %v UTC", got)
	}
	if got := d(2026, 7, 1).In(time.UTC); got != time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC) {
		t.Errorf("In(UTC) = %v", got)
	}
}
