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
func TxAs(ctx context.Context, pool *pgxpool.Pool, s Scope, fn func(pgx.Tx) error) error {
	if s.Role == "" {
		return ErrNoScope
	}
	opts := pgx.TxOptions{}
	if s.ReadOnly {
		opts.AccessMode = pgx.ReadOnly
	}
	return pgx.BeginTxFunc(ctx, pool, opts, func(tx pgx.Tx) error {
		id := func(v int64) string {
			if v == 0 {
				return ""
			}
			return strconv.FormatInt(v, 10)
		}
		if _, err := tx.Exec(ctx, `SELECT set_config('role', 'pgb_app', true),
			set_config('pgb.role', $1, true), set_config('pgb.budgethouder_id', $2, true),
			set_config('pgb.organisatie_id', $3, true), set_config('pgb.zorgverlener_id', $4, true),
			set_config('pgb.persoon_id', $5, true)`,
			s.Role, id(s.BudgethouderID), id(s.OrganisatieID), id(s.ZorgverlenerID), id(s.PersoonID)); err != nil {
			return fmt.Errorf("db: set scope: %w", err)
		}
		return fn(tx)
	})
}
