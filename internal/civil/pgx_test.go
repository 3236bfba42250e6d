package civil_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"pgbportaal/internal/civil"
)

// connect opens a connection to a real PostgreSQL, because what matters is
// that pgx picks the DateScanner/DateValuer plans for a date column, which a
// fake cannot show. No tables are created, so the maintenance database is
// fine.
func connect(t *testing.T) *pgx.Conn {
	t.Helper()
	url := os.Getenv("PGB_TEST_DATABASE_URL")
	if url == "" {
		url = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("connect PostgreSQL (is it running? set PGB_TEST_DATABASE_URL): %v", err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func TestPostgresDate(t *testing.T) {
	conn := connect(t)
	ctx := context.Background()
	// A Dutch session time zone must not shift dates: date has no zone.
	if _, err := conn.Exec(ctx, "SET TIME ZONE 'Europe/Amsterdam'"); err != nil {
		t.Fatal(err)
	}

	dates := []civil.Date{
		{Year: 2026, Month: time.December, Day: 31},
		{Year: 2024, Month: time.February, Day: 29},
		{Year: 2026, Month: time.March, Day: 29}, // DST starts
		{Year: 1, Month: time.January, Day: 1},
		{Year: 9999, Month: time.December, Day: 31},
		{Year: 1999, Month: time.December, Day: 31}, // before the pg date epoch
	}
	// Every exec mode: with the simple protocol and QueryExecModeExec pgx does
	// not know the parameter is a date and sends text.
	modes := map[string]pgx.QueryExecMode{
		"cache statement": pgx.QueryExecModeCacheStatement,
		"describe exec":   pgx.QueryExecModeDescribeExec,
		"exec":            pgx.QueryExecModeExec,
		"simple protocol": pgx.QueryExecModeSimpleProtocol,
	}
	for name, mode := range modes {
		for _, want := range dates {
			var got civil.Date
			if err := conn.QueryRow(ctx, "SELECT $1::date", mode, want).Scan(&got); err != nil {
				t.Fatalf("%s: round trip %v: %v", name, want, err)
			}
			if got != want {
				t.Errorf("%s: round trip %v = %v", name, want, got)
			}
			// The server must see the same day, not a shifted one.
			var text string
			if err := conn.QueryRow(ctx, "SELECT to_char($1::date, 'YYYY-MM-DD')", mode, want).Scan(&text); err != nil {
				t.Fatal(err)
			}
			if text != want.ISO() {
				t.Errorf("%s: server saw %s for %v", name, text, want)
			}
		}
	}

	// A date produced by the server scans as the same civil date.
	var got civil.Date
	if err := conn.QueryRow(ctx, "SELECT DATE '2026-01-05'").Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != (civil.Date{Year: 2026, Month: time.January, Day: 5}) {
		t.Errorf("scan DATE '2026-01-05' = %v", got)
	}
}

func TestPostgresNull(t *testing.T) {
	conn := connect(t)
	ctx := context.Background()

	// **Date: NULL gives nil, a value allocates.
	p := &civil.Date{Year: 2026, Month: 1, Day: 1}
	if err := conn.QueryRow(ctx, "SELECT NULL::date").Scan(&p); err != nil {
		t.Fatal(err)
	}
	if p != nil {
		t.Errorf("NULL scanned into *civil.Date = %v, want nil", p)
	}
	if err := conn.QueryRow(ctx, "SELECT DATE '2026-12-31'").Scan(&p); err != nil {
		t.Fatal(err)
	}
	if p == nil || *p != (civil.Date{Year: 2026, Month: 12, Day: 31}) {
		t.Errorf("scanned *civil.Date = %v", p)
	}

	// Date: NULL is an error, not a silent zero date.
	var d civil.Date
	if err := conn.QueryRow(ctx, "SELECT NULL::date").Scan(&d); err == nil {
		t.Error("NULL scanned into civil.Date without error")
	}

	// ±infinity has no civil date.
	if err := conn.QueryRow(ctx, "SELECT 'infinity'::date").Scan(&d); err == nil {
		t.Error("infinity scanned into civil.Date without error")
	}

	// NullDate.
	n := civil.NullDate{Date: civil.Date{Year: 2026, Month: 1, Day: 1}, Valid: true}
	if err := conn.QueryRow(ctx, "SELECT NULL::date").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != (civil.NullDate{}) {
		t.Errorf("NULL scanned into NullDate = %+v", n)
	}
	if err := conn.QueryRow(ctx, "SELECT DATE '2024-02-29'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if !n.Valid || n.Date != (civil.Date{Year: 2024, Month: 2, Day: 29}) {
		t.Errorf("scanned NullDate = %+v", n)
	}

	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeSimpleProtocol} {
		// Arguments: nil *Date and invalid NullDate are NULL.
		var isNull bool
		var nilp *civil.Date
		for _, arg := range []any{nilp, civil.NullDate{}} {
			if err := conn.QueryRow(ctx, "SELECT $1::date IS NULL", mode, arg).Scan(&isNull); err != nil {
				t.Fatalf("%v %T: %v", mode, arg, err)
			}
			if !isNull {
				t.Errorf("%v: %#v was not sent as NULL", mode, arg)
			}
		}
		// A non-nil *Date and a valid NullDate are sent as their value.
		var back civil.Date
		x := civil.Date{Year: 2026, Month: 7, Day: 1}
		for _, arg := range []any{&x, civil.NullDate{Date: x, Valid: true}} {
			if err := conn.QueryRow(ctx, "SELECT $1::date", mode, arg).Scan(&back); err != nil || back != x {
				t.Errorf("%v %T argument: %v, %v", mode, arg, back, err)
			}
		}

		// The zero Date and impossible dates are refused as arguments.
		for _, bad := range []civil.Date{{}, {Year: 2026, Month: 2, Day: 31}} {
			if err := conn.QueryRow(ctx, "SELECT $1::date", mode, bad).Scan(&back); err == nil {
				t.Errorf("%v: %#v accepted as argument, read back %v", mode, bad, back)
			}
		}
	}
}

func TestDateValueDirect(t *testing.T) {
	// Without a database: the value handed to pgx is midnight UTC of the day.
	v, err := civil.Date{Year: 2026, Month: 3, Day: 29}.DateValue()
	if err != nil || !v.Valid || v.InfinityModifier != pgtype.Finite ||
		!v.Time.Equal(time.Date(2026, 3, 29, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("DateValue = %+v, %v", v, err)
	}
	var d civil.Date
	// A pgtype.Date whose Time is in another zone still yields its own
	// calendar day.
	if err := d.ScanDate(pgtype.Date{Time: time.Date(2026, 3, 29, 0, 0, 0, 0, civil.Amsterdam()), Valid: true}); err != nil || d != (civil.Date{Year: 2026, Month: 3, Day: 29}) {
		t.Errorf("ScanDate = %v, %v", d, err)
	}
}
