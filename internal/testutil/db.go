// Package testutil gives tests a fresh, migrated PostgreSQL database of their own
// and fixture constructors.
package testutil

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/db"
	"pgbportaal/migrations"
)

// AdminURL is the maintenance database used to create and drop test databases.
// PGB_TEST_DATABASE_URL overrides it.
func AdminURL() string {
	if u := os.Getenv("PGB_TEST_DATABASE_URL"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// withDB returns AdminURL pointing at database name.
func withDB(name string) string {
	u, err := url.Parse(AdminURL())
	if err != nil {
		panic(err)
	}
	u.Path = "/" + name
	return u.String()
}

func migrationsHash() string {
	h := sha256.New()
	_ = fs.WalkDir(migrations.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := migrations.FS.ReadFile(p)
		h.Write([]byte(p))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// ensureTemplate creates, once per migration set, a migrated template database.
func ensureTemplate(ctx context.Context, admin *pgx.Conn) (string, error) {
	name := "pgbtest_tmpl_" + migrationsHash()
	if _, err := admin.Exec(ctx, "SELECT pg_advisory_lock(727274)"); err != nil {
		return "", err
	}
	defer admin.Exec(context.Background(), "SELECT pg_advisory_unlock(727274)") //nolint:errcheck
	var exists bool
	if err := admin.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname=$1 AND datistemplate)", name).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		return name, stampTemplate(ctx, admin, name)
	}
	// Templates of other migration sets may belong to another checkout whose
	// tests run right now; only those unused for a day are dropped.
	rows, err := admin.Query(ctx, `SELECT datname FROM pg_database d
		WHERE datname LIKE 'pgbtest\_tmpl\_%' AND datname <> $1
		  AND coalesce(shobj_description(d.oid, 'pg_database'), '') < to_char((now() AT TIME ZONE 'UTC') - interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS')`, name)
	if err != nil {
		return "", err
	}
	old, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", err
	}
	for _, o := range old {
		_, _ = admin.Exec(ctx, "ALTER DATABASE "+o+" WITH is_template false")
		_, _ = admin.Exec(ctx, "DROP DATABASE IF EXISTS "+o+" WITH (FORCE)")
	}
	if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name); err != nil {
		return "", err
	}
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", err
	}
	pool, err := db.Open(ctx, withDB(name))
	if err != nil {
		return "", err
	}
	err = db.Migrate(ctx, pool, "up", nil)
	pool.Close()
	if err != nil {
		return "", fmt.Errorf("migrate template: %w", err)
	}
	if _, err := admin.Exec(ctx, "ALTER DATABASE "+name+" WITH is_template true"); err != nil {
		return "", err
	}
	return name, stampTemplate(ctx, admin, name)
}

// stampTemplate records when a template was last used (UTC, sortable).
func stampTemplate(ctx context.Context, admin *pgx.Conn, name string) error {
	_, err := admin.Exec(ctx, "COMMENT ON DATABASE "+name+" IS '"+time.Now().UTC().Format("2006-01-02T15:04:05")+"'")
	return err
}

// NewDatabase creates an empty database (no migrations) and returns its URL;
// it is dropped when the test ends.
func NewDatabase(t testing.TB, template string) string {
	t.Helper()
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, AdminURL())
	if err != nil {
		t.Fatalf("testutil: connect admin database (is PostgreSQL running?): %v", err)
	}
	defer admin.Close(ctx)
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "pgbtest_" + hex.EncodeToString(b[:])
	stmt := "CREATE DATABASE " + name
	if template != "" {
		stmt += " TEMPLATE " + template
	}
	if _, err := admin.Exec(ctx, stmt); err != nil {
		t.Fatalf("testutil: create database: %v", err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), AdminURL())
		if err != nil {
			t.Logf("testutil: drop %s: %v", name, err)
			return
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Logf("testutil: drop %s: %v", name, err)
		}
	})
	return withDB(name)
}

// DatabaseURL creates a fresh migrated database and returns its URL.
func DatabaseURL(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, AdminURL())
	if err != nil {
		t.Fatalf("testutil: connect admin database (is PostgreSQL running?): %v", err)
	}
	tmpl, err := ensureTemplate(ctx, admin)
	admin.Close(ctx)
	if err != nil {
		t.Fatalf("testutil: template database: %v", err)
	}
	return NewDatabase(t, tmpl)
}

// NewPool returns a pool on a fresh migrated database of the test's own.
func NewPool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	pool, err := db.Open(context.Background(), DatabaseURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}
