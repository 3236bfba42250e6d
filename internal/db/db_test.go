package db_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"pgbportaal/internal/db"
	"pgbportaal/internal/testutil"
)

func TestMigrationsUpDownUp(t *testing.T) {
	ctx := context.Background()
	pool, err := db.Open(ctx, testutil.NewDatabase(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	count := func() int {
		var n int
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM information_schema.tables
			WHERE table_schema='public' AND table_name <> 'goose_db_version'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if err := db.Migrate(ctx, pool, "up", nil); err != nil {
		t.Fatalf("up: %v", err)
	}
	if count() == 0 {
		t.Fatal("no tables after up")
	}
	var out bytes.Buffer
	if err := db.Migrate(ctx, pool, "status", &out); err != nil || !strings.Contains(out.String(), "applied") {
		t.Fatalf("status: %v %q", err, out.String())
	}
	if err := db.Migrate(ctx, pool, "reset", nil); err != nil {
		t.Fatalf("reset: %v", err)
	}
	if n := count(); n != 0 {
		t.Fatalf("%d tables left after reset", n)
	}
	if err := db.Migrate(ctx, pool, "up", nil); err != nil {
		t.Fatalf("up again: %v", err)
	}
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	ctx := context.Background()
	pool := testutil.NewPool(t)
	if _, err := pool.Exec(ctx, `INSERT INTO audit_log (actor_kind, actor_ref, action, outcome) VALUES ('test','x','read','ok')`); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `UPDATE audit_log SET outcome='changed'`); err == nil {
		t.Fatal("audit_log row was updated")
	}
	if _, err := pool.Exec(ctx, `DELETE FROM audit_log`); err == nil {
		t.Fatal("audit_log row was deleted")
	}
}
