package testutil

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/db"
)

// SQLState runs one statement as the portal itself (db.System) and returns the
// SQLSTATE the database refused it with, or "" when it was allowed. Any other
// failure ends the test.
func SQLState(t testing.TB, pool *pgxpool.Pool, query string, args ...any) string {
	t.Helper()
	ctx := context.Background()
	err := db.TxAs(ctx, pool, db.System, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, query, args...)
		return err
	})
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	if err != nil {
		t.Fatal(err)
	}
	return ""
}
