// Package civil provides Date, a calendar date without time of day or time
// zone.
//
// Budget periods, zorgovereenkomsten, declaraties and dates of birth are days
// on the Dutch calendar, not instants. Storing them as time.Time invites
// off-by-one-day bugs whenever a time zone or DST change is involved (midnight
// in Amsterdam is 22:00 or 23:00 UTC the day before). Date holds just year,
// month and day, maps to a PostgreSQL date column through pgx, and converts to
// time.Time only explicitly, with the location named.
package civil

import (
	"strconv"
	"sync"
	"time"
	_ "time/tzdata" // Europe/Amsterdam must resolve in minimal containers without /usr/share/zoneinfo.
)

// Date is a civil (calendar) date. The zero value means "no date" (see
// IsZero); it is not a valid date and String and ISO render it as "".
//
// Dates are comparable with == when both are normalized, which everything in
// this package returns; prefer Equal or Compare for clarity.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// amsterdam is loaded once: LoadLocation parses tzdata on every call.
var amsterdam = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		// Unreachable with time/tzdata embedded; failing loudly beats
		// silently computing "today" in UTC.
		panic("civil: load Europe/Amsterdam: " + err.Error())
	}
	return loc
})

// Amsterdam returns the Europe/Amsterdam location, the time zone in which the
// portal's calendar days begin and end.
func Amsterdam() *time.Location { return amsterdam() }

// Today returns the date in Europe/Amsterdam at instant now. The clock is a
// parameter so that handlers and tests pass their own now rather than each
// calling time.Now; between 22:00 and 24:00 UTC the Dutch date is already
// tomorrow's, which is why the zone is fixed here and not taken from now.
func Today(now time.Time) Date {
	return DateOf(now.In(amsterdam()))
}

// DateOf returns the date of t in t's own location. Convert t with In first
// to get the date elsewhere (or use Today for the Dutch date).
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// In returns the start of day d (00:00) in loc. For Europe/Amsterdam DST
// switches happen at 02:00/03:00, so midnight always exists.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// IsZero reports whether d is the zero Date, which stands for "no date".
func (d Date) IsZero() bool { return d == Date{} }

// IsValid reports whether d is a real calendar date (so not 31-02, not month
// 13) in years 1..9999, the range Parse accepts and String can print.
func (d Date) IsValid() bool {
	return d.Year >= 1 && d.Year <= 9999 && d.Month >= time.January && d.Month <= time.December &&
		d.Day >= 1 && d.Day <= DaysIn(d.Year, d.Month)
}

// DaysIn returns the number of days in month m of year (28..31), following
// the Gregorian leap year rule: 2024 and 2000 are leap years, 2100 is not.
func DaysIn(year int, m time.Month) int {
	switch m {
	case time.February:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// Compare returns -1 if d is before e, 0 if they are the same day and +1 if
// d is after e, for use with slices.SortFunc and the like.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmp(d.Year, e.Year)
	case d.Month != e.Month:
		return cmp(int(d.Month), int(e.Month))
	}
	return cmp(d.Day, e.Day)
}

func cmp(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// Equal reports whether d and e are the same day.
func (d Date) Equal(e Date) bool { return d.Compare(e) == 0 }

// AddDays returns d plus n days (n may be negative). It computes in UTC,
// where every day has 24 hours, so DST never shifts the result.
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 0, 0, 0, 0, time.UTC))
}

// AddMonths returns d plus n months (n may be negative), clamping the day to
// the end of the target month: 31-01 plus one month is 28-02 (29-02 in a leap
// year), not 03-03 as time.AddDate would give. That is what a budgetholder
// means by "a month later", and it keeps monthly periods inside their month.
func (d Date) AddMonths(n int) Date {
	m := int(d.Month) - 1 + n
	y := d.Year + m/12
	m %= 12
	if m < 0 {
		m += 12
		y--
	}
	month := time.Month(m + 1)
	return Date{y, month, min(d.Day, DaysIn(y, month))}
}

// FirstOfMonth returns the first day of d's month, the start of a monthly
// budget period.
func (d Date) FirstOfMonth() Date { return Date{d.Year, d.Month, 1} }

// LastOfMonth returns the last day of d's month, the (inclusive) end of a
// monthly budget period.
func (d Date) LastOfMonth() Date { return Date{d.Year, d.Month, DaysIn(d.Year, d.Month)} }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	return d.In(time.UTC).Weekday()
}

// String returns d as "dd-mm-jjjj", the notation Dutch users read and type.
// The zero Date gives "" so that an empty optional date renders as empty.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	b := make([]byte, 0, 10)
	b = append2(b, d.Day)
	b = append(b, '-')
	b = append2(b, int(d.Month))
	b = append(b, '-')
	b = append4(b, d.Year)
	return string(b)
}

// ISO returns d as "2006-01-02", the format of HTML date inputs, JSON and
// PostgreSQL. The zero Date gives "", which an <input type="date"> shows as
// empty.
func (d Date) ISO() string {
	if d.IsZero() {
		return ""
	}
	b := make([]byte, 0, 10)
	b = append4(b, d.Year)
	b = append(b, '-')
	b = append2(b, int(d.Month))
	b = append(b, '-')
	b = append2(b, d.Day)
	return string(b)
}

// append2 appends n zero-padded to at least two digits.
func append2(b []byte, n int) []byte {
	if n >= 0 && n < 10 {
		b = append(b, '0')
	}
	return appendInt(b, n)
}

// append4 appends n zero-padded to at least four digits.
func append4(b []byte, n int) []byte {
	for p := 1000; p > 1 && n >= 0 && n < p; p /= 10 {
		b = append(b, '0')
	}
	return appendInt(b, n)
}

func appendInt(b []byte, n int) []byte {
	return strconv.AppendInt(b, int64(n), 10)
}
