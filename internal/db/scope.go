package db

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Scope is who is acting, for whom, in which role. Every transaction carries
// one into PostgreSQL, where row-level security limits what it can see and change.
type Scope struct {
	Role           string // system, budgethouder, vertegenwoordiger, zorgverlener, zorgkantoor, svb
	BudgethouderID int64
	OrganisatieID  int64
	ZorgverlenerID int64
	PersoonID      int64
	ReadOnly       bool
}

// System is the scope of the portal itself (login, background jobs, demo data).
// Use it only where no person acts; grep for it when reviewing.
var System = Scope{Role: "system"}

type scopeKey struct{}

// WithScope returns ctx carrying scope; the auth middleware calls it once per request.
func WithScope(ctx context.Context, s Scope) context.Context {
	return context.WithValue(ctx, scopeKey{}, s)
}

// ScopeFrom returns the scope in ctx.
func ScopeFrom(ctx context.Context) (Scope, bool) {
	s, ok := ctx.Value(scopeKey{}).(Scope)
	return s, ok && s.Role != ""
}

// ErrNoScope is returned when a transaction is started without a scope: data
// access fails closed.
var ErrNoScope = errors.New("db: no acting party in context")

// Tx runs fn in a transaction scoped to the acting party in ctx. The
// transaction works as role pgb_app, so row-level security applies; a
// read-only party gets a READ ONLY transaction.
func Tx(ctx context.Context, pool *pgxpool.Pool, fn func(pgx.Tx) error) error {
	s, ok := ScopeFrom(ctx)
	if !ok {
		return ErrNoScope
	}
	return TxAs(ctx, pool, s, fn)
}

// TxAs runs fn in a transaction with an explicit scope.
//
// The transaction starts and takes on its scope in one round trip to the
// database: BEGIN and the set_config calls go as one simple-protocol query.
// The values are written into that query as literals, so they are checked
// first: the role is one word of lower-case letters, the ids are numbers.
// Should the scope fail to apply, the connection is left in a failed
// transaction, which the pool closes instead of reusing.
func TxAs(ctx context.Context, pool *pgxpool.Pool, s Scope, fn func(pgx.Tx) error) error {
	begin, err := beginSQL(s)
	if err != nil {
		return err
	}
	return pgx.BeginTxFunc(ctx, pool, pgx.TxOptions{BeginQuery: begin}, fn)
}

// beginSQL is the statement that opens a transaction in scope s.
func beginSQL(s Scope) (string, error) {
	if s.Role == "" {
		return "", ErrNoScope
	}
	for _, c := range s.Role {
		if (c < 'a' || c > 'z') && c != '_' {
			return "", fmt.Errorf("db: scope role %q is not a role name", s.Role)
		}
	}
	// The ids are digits only (scopeArgs formats numbers), the role is checked above.
	args := scopeArgs(s)
	lit := func(i int) string { return "'" + args[i].(string) + "'" }
	begin := "BEGIN"
	if s.ReadOnly {
		begin = "BEGIN READ ONLY"
	}
	return begin + "; SELECT set_config('role', 'pgb_app', true), " +
		"set_config('pgb.role', " + lit(0) + ", true), " +
		"set_config('pgb.budgethouder_id', " + lit(1) + ", true), " +
		"set_config('pgb.organisatie_id', " + lit(2) + ", true), " +
		"set_config('pgb.zorgverlener_id', " + lit(3) + ", true), " +
		"set_config('pgb.persoon_id', " + lit(4) + ", true)", nil
}

// scopeSQL takes on a scope inside a transaction that has begun, with the
// values as parameters (scopeArgs).
const scopeSQL = `SELECT set_config('role', 'pgb_app', true),
	set_config('pgb.role', $1, true), set_config('pgb.budgethouder_id', $2, true),
	set_config('pgb.organisatie_id', $3, true), set_config('pgb.zorgverlener_id', $4, true),
	set_config('pgb.persoon_id', $5, true)`

func scopeArgs(s Scope) []any {
	id := func(v int64) string {
		if v <= 0 {
			return ""
		}
		return strconv.FormatInt(v, 10)
	}
	return []any{s.Role, id(s.BudgethouderID), id(s.OrganisatieID), id(s.ZorgverlenerID), id(s.PersoonID)}
}

// Read runs the queries that queue adds to a batch as one read-only
// transaction in the scope of the acting party in ctx, in a single round trip
// to the database: BEGIN READ ONLY, the scope, the queries, COMMIT. Each query
// reads its result in its own callback (QueuedQuery.QueryRow or Query), in
// the order queued, when the results arrive. Use it for a page that needs
// several independent reads; use Tx when one query depends on another's result.
//
// Should anything fail, the statements after it fail too (the transaction is
// aborted, so nothing runs outside the scope), and the connection, left in
// that failed transaction, is closed by the pool rather than reused.
func Read(ctx context.Context, pool *pgxpool.Pool, queue func(b *pgx.Batch)) error {
	s, ok := ScopeFrom(ctx)
	if !ok {
		return ErrNoScope
	}
	return ReadAs(ctx, pool, s, queue)
}

// ReadAs is Read with an explicit scope.
func ReadAs(ctx context.Context, pool *pgxpool.Pool, s Scope, queue func(b *pgx.Batch)) error {
	if s.Role == "" {
		return ErrNoScope
	}
	b := &pgx.Batch{}
	b.Queue("BEGIN READ ONLY")
	b.Queue(scopeSQL, scopeArgs(s)...)
	queue(b)
	b.Queue("COMMIT")
	return pool.SendBatch(ctx, b).Close()
}
