// Package db opens the PostgreSQL pool and runs migrations.
package db

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"pgbportaal/migrations"
)

// Open connects a pool and checks the database answers. Options change the
// pool's configuration before it connects (tests install a query tracer).
func Open(ctx context.Context, url string, options ...func(*pgxpool.Config)) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("db: parse url: %w", err)
	}
	// pgxpool's default (4 on a small machine) makes a request wait for a
	// connection behind a few slow ones under load; the pages hold a
	// connection only briefly, so more of them cost little. The URL's
	// pool_max_conns still decides when given.
	if !strings.Contains(url, "pool_max_conns") {
		cfg.MaxConns = 16
	}
	cfg.MaxConnLifetime = 30 * time.Minute
	cfg.HealthCheckPeriod = 15 * time.Second
	cfg.ConnConfig.RuntimeParams["timezone"] = "Europe/Amsterdam"
	for _, o := range options {
		o(cfg)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("db: pool: %w", err)
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.Ping(pctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("db: ping: %w", err)
	}
	return pool, nil
}

func provider(pool *pgxpool.Pool, out io.Writer) (*goose.Provider, *sql.DB, error) {
	sqldb := stdlib.OpenDBFromPool(pool)
	opts := []goose.ProviderOption{}
	if out != nil {
		opts = append(opts, goose.WithVerbose(true))
	}
	p, err := goose.NewProvider(goose.DialectPostgres, sqldb, migrations.FS, opts...)
	if err != nil {
		sqldb.Close()
		return nil, nil, fmt.Errorf("db: goose: %w", err)
	}
	return p, sqldb, nil
}

// Migrate runs a goose command: up, down, reset or status.
func Migrate(ctx context.Context, pool *pgxpool.Pool, command string, out io.Writer) error {
	p, sqldb, err := provider(pool, nil)
	if err != nil {
		return err
	}
	defer sqldb.Close()
	switch command {
	case "up":
		res, err := p.Up(ctx)
		for _, r := range res {
			slog.Info("migration applied", "version", r.Source.Version, "duration", r.Duration)
		}
		return err
	case "down":
		_, err := p.Down(ctx)
		return err
	case "reset":
		_, err := p.DownTo(ctx, 0)
		return err
	case "status":
		st, err := p.Status(ctx)
		if err != nil {
			return err
		}
		for _, s := range st {
			applied := "pending"
			if s.State == goose.StateApplied {
				applied = "applied " + s.AppliedAt.Format(time.RFC3339)
			}
			fmt.Fprintf(out, "%05d  %-40s %s\n", s.Source.Version, s.Source.Path, applied)
		}
		return nil
	default:
		return fmt.Errorf("db: unknown migrate command %q (up, down, reset, status)", command)
	}
}
