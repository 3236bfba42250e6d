package db_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"pgbportaal/internal/db"
	"pgbportaal/internal/testutil"
)

// What the database says when it is away is told apart from what it says
// about a query, against a real server.
func TestUnavailable(t *testing.T) {
	ctx := context.Background()
	dbURL := testutil.NewDatabase(t, "")
	name := testutil.DatabaseName(t, dbURL)
	admin, err := pgx.Connect(ctx, testutil.AdminURL())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)

	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)

	// A query error, a constraint and a cancelled request are no outage.
	_, syntax := conn.Exec(ctx, "SELEC 1")
	_, unique := conn.Exec(ctx, "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1), (1)")
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, cancelled := conn.Exec(cctx, "SELECT 1")
	for what, err := range map[string]error{"nil": nil, "syntax": syntax, "unique": unique, "cancelled": cancelled, "other": errors.New("x")} {
		if db.Unavailable(err) {
			t.Errorf("%s (%v) taken for an outage", what, err)
		}
	}

	// The server ends the session in the middle of a query.
	var pid uint32
	if err := conn.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() {
		_, err := conn.Exec(ctx, "SELECT pg_sleep(30)")
		errc <- err
	}()
	testutil.WaitForQuery(t, admin, name, "pg_sleep")
	if _, err := admin.Exec(ctx, "SELECT pg_terminate_backend($1)", pid); err != nil {
		t.Fatal(err)
	}
	if err := <-errc; !db.Unavailable(err) {
		t.Errorf("session ended mid-query: %v (%T) not taken for an outage", err, err)
	}
	// The closed connection is used again.
	if _, err := conn.Exec(ctx, "SELECT 1"); !db.Unavailable(err) {
		t.Errorf("closed connection: %v not taken for an outage", err)
	}

	// The database refuses new connections.
	if _, err := admin.Exec(ctx, fmt.Sprintf("ALTER DATABASE %s WITH ALLOW_CONNECTIONS false", pgx.Identifier{name}.Sanitize())); err != nil {
		t.Fatal(err)
	}
	_, err = pgx.Connect(ctx, dbURL)
	var pgErr *pgconn.PgError
	if !db.Unavailable(err) || !errors.As(err, &pgErr) {
		t.Errorf("connections refused: %v not taken for an outage", err)
	}
	// Nothing listens.
	if _, err := pgx.Connect(ctx, "postgres://postgres@127.0.0.1:1/x?sslmode=disable&connect_timeout=2"); !db.Unavailable(err) {
		t.Errorf("no server: %v not taken for an outage", err)
	}
}
