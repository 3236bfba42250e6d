package civil

import (
	"errors"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// Date and NullDate implement pgx's DateScanner and DateValuer (and
// TextValuer, see Date.TextValue), so they can be scanned from and passed as
// arguments for PostgreSQL date columns directly, in every QueryExecMode.
//
// NULL handling, pick one:
//
//   - Date: scanning NULL is an error, like scanning NULL into a time.Time,
//     so a NOT NULL assumption that does not hold is noticed instead of
//     turning into the zero Date. Passing the zero Date as an argument is an
//     error too, rather than storing some arbitrary date.
//   - *Date: scan into a **Date (rows.Scan(&p) with p *civil.Date): pgx sets p
//     to nil for NULL and allocates a Date otherwise. A nil *Date argument is
//     sent as NULL. This suits optional fields such as einddatum.
//   - NullDate: a value type with a Valid flag, like sql.NullTime, for
//     structs that should not hold pointers.
var (
	_ pgtype.DateScanner = (*Date)(nil)
	_ pgtype.DateValuer  = Date{}
	_ pgtype.TextValuer  = Date{}
	_ pgtype.DateScanner = (*NullDate)(nil)
	_ pgtype.DateValuer  = NullDate{}
	_ pgtype.TextValuer  = NullDate{}
)

var errScanNull = errors.New("civil: cannot scan NULL into civil.Date; scan into a *civil.Date or civil.NullDate")

// ScanDate implements pgtype.DateScanner. It refuses NULL and ±infinity,
// which have no civil date.
func (d *Date) ScanDate(v pgtype.Date) error {
	if !v.Valid {
		return errScanNull
	}
	if v.InfinityModifier != pgtype.Finite {
		return errors.New("civil: cannot scan " + v.InfinityModifier.String() + " into civil.Date")
	}
	*d = DateOf(v.Time)
	return nil
}

// DateValue implements pgtype.DateValuer. The zero Date and impossible dates
// (31-02) are refused: time.Date would silently normalize them to another day.
func (d Date) DateValue() (pgtype.Date, error) {
	if d.IsZero() {
		return pgtype.Date{}, errors.New("civil: zero civil.Date has no SQL value; use a nil *civil.Date or civil.NullDate for NULL")
	}
	if !d.IsValid() {
		return pgtype.Date{}, errors.New("civil: invalid date " + d.ISO())
	}
	return pgtype.Date{Time: d.In(time.UTC), Valid: true}, nil
}

// TextValue implements pgtype.TextValuer and returns the ISO date. pgx uses it
// when the parameter type is unknown (the simple protocol,
// QueryExecModeExec); without it pgx would fall back to String, and
// PostgreSQL reads "31-12-2026" according to DateStyle (MDY by default), so
// as an error or, worse, as another day. ISO is read the same under every
// DateStyle.
func (d Date) TextValue() (pgtype.Text, error) {
	if _, err := d.DateValue(); err != nil {
		return pgtype.Text{}, err
	}
	return pgtype.Text{String: d.ISO(), Valid: true}, nil
}

// NullDate is a Date that may be NULL in the database. Valid is false for
// NULL, in which case Date is the zero Date.
type NullDate struct {
	Date  Date
	Valid bool
}

// ScanDate implements pgtype.DateScanner; NULL gives NullDate{}.
func (n *NullDate) ScanDate(v pgtype.Date) error {
	if !v.Valid {
		*n = NullDate{}
		return nil
	}
	if err := n.Date.ScanDate(v); err != nil {
		return err
	}
	n.Valid = true
	return nil
}

// DateValue implements pgtype.DateValuer; an invalid NullDate is NULL.
func (n NullDate) DateValue() (pgtype.Date, error) {
	if !n.Valid {
		return pgtype.Date{}, nil
	}
	return n.Date.DateValue()
}

// TextValue implements pgtype.TextValuer, see Date.TextValue; an invalid
// NullDate is NULL.
func (n NullDate) TextValue() (pgtype.Text, error) {
	if !n.Valid {
		return pgtype.Text{}, nil
	}
	return n.Date.TextValue()
}
