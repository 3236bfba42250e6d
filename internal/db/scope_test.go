package db_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"

	"pgbportaal/internal/db"
	"pgbportaal/internal/testutil"
)

func TestEveryTableHasRowLevelSecurity(t *testing.T) {
	pool := testutil.NewPool(t)
	rows, err := pool.Query(context.Background(), `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid=c.relnamespace
		WHERE n.nspname='public' AND c.relkind='r' AND NOT c.relrowsecurity
		AND c.relname NOT IN ('goose_db_version', 'sessions', 'audit_log')`)
	if err != nil {
		t.Fatal(err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if len(names) > 0 {
		t.Fatalf("tables without row-level security (every table with party data needs a policy): %v", names)
	}
}

func TestNoScopeFailsClosed(t *testing.T) {
	pool := testutil.NewPool(t)
	err := db.Tx(context.Background(), pool, func(pgx.Tx) error { return nil })
	if !errors.Is(err, db.ErrNoScope) {
		t.Fatalf("got %v, want ErrNoScope", err)
	}
}

func TestScopeLimitsRows(t *testing.T) {
	ctx := context.Background()
	pool := testutil.NewPool(t)
	f := testutil.NewFixtures(t, pool)
	zk1 := f.Zorgkantoor("Zorgkantoor Noord", "Noord")
	zk2 := f.Zorgkantoor("Zorgkantoor Zuid", "Zuid")
	bh1 := f.Budgethouder(zk1)
	bh2 := f.Budgethouder(zk2)
	f.Toekenning(bh1.ID, 2026, 1_000_000)
	f.Toekenning(bh2.ID, 2026, 2_000_000)
	f.Bericht(bh1.ID, "Welkom")
	f.Bericht(bh2.ID, "Welkom")

	count := func(s db.Scope, table string) int {
		var n int
		err := db.TxAs(ctx, pool, s, func(tx pgx.Tx) error {
			return tx.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&n)
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	cases := []struct {
		name  string
		scope db.Scope
		want  map[string]int
	}{
		{"budgethouder 1", db.Scope{Role: "budgethouder", BudgethouderID: bh1.ID, PersoonID: bh1.PersoonID},
			map[string]int{"budgethouders": 1, "toekenningen": 1, "berichten": 1, "personen": 1}},
		{"vertegenwoordiger of 2", db.Scope{Role: "vertegenwoordiger", BudgethouderID: bh2.ID},
			map[string]int{"budgethouders": 1, "toekenningen": 1, "berichten": 1}},
		{"zorgkantoor noord", db.Scope{Role: "zorgkantoor", OrganisatieID: zk1},
			map[string]int{"budgethouders": 1, "toekenningen": 1, "berichten": 0}},
		{"zorgverlener", db.Scope{Role: "zorgverlener", ZorgverlenerID: 999},
			map[string]int{"budgethouders": 0, "toekenningen": 0, "berichten": 0, "personen": 0}},
		{"svb", db.Scope{Role: "svb", OrganisatieID: 999},
			map[string]int{"budgethouders": 2, "toekenningen": 2, "berichten": 0}},
		{"unknown role", db.Scope{Role: "hacker"},
			map[string]int{"budgethouders": 0, "toekenningen": 0, "berichten": 0, "personen": 0}},
	}
	for _, c := range cases {
		for table, want := range c.want {
			if got := count(c.scope, table); got != want {
				t.Errorf("%s sees %d rows of %s, want %d", c.name, got, table, want)
			}
		}
	}

	// A write outside the scope changes nothing; a read-only scope cannot write at all.
	err := db.TxAs(ctx, pool, db.Scope{Role: "budgethouder", BudgethouderID: bh1.ID}, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, "UPDATE toekenningen SET bedrag = 1 WHERE budgethouder_id = $1", bh2.ID)
		if err == nil && tag.RowsAffected() != 0 {
			t.Error("budgethouder 1 changed budgethouder 2's toekenning")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.TxAs(ctx, pool, db.Scope{Role: "budgethouder", BudgethouderID: bh1.ID, ReadOnly: true}, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "UPDATE berichten SET gelezen_op = now()")
		return err
	})
	if err == nil {
		t.Fatal("read-only scope could write")
	}
	// Not even the owner's connection can bypass the scope: the role is pgb_app.
	err = db.TxAs(ctx, pool, db.Scope{Role: "budgethouder", BudgethouderID: bh1.ID}, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "DELETE FROM audit_log")
		return err
	})
	if err == nil {
		t.Fatal("application role could delete audit rows")
	}
}

// The scope is written into the BEGIN query as literals: everything else than a
// role name is refused before anything reaches the database, and the values
// that do arrive are exactly the scope's.
func TestScopeIsAppliedAsWritten(t *testing.T) {
	ctx := context.Background()
	pool := testutil.NewPool(t)
	for _, role := range []string{"budgethouder', true); DROP TABLE personen; --", "Budgethouder", "svb 1"} {
		err := db.TxAs(ctx, pool, db.Scope{Role: role}, func(pgx.Tx) error {
			t.Fatalf("role %q: transaction started", role)
			return nil
		})
		if err == nil {
			t.Fatalf("role %q accepted", role)
		}
	}
	var role, bh, org, zv, persoon, dbRole string
	var readOnly string
	s := db.Scope{Role: "vertegenwoordiger", BudgethouderID: 12, PersoonID: 34, ReadOnly: true}
	err := db.TxAs(ctx, pool, s, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT current_setting('pgb.role'), current_setting('pgb.budgethouder_id'),
			current_setting('pgb.organisatie_id'), current_setting('pgb.zorgverlener_id'),
			current_setting('pgb.persoon_id'), current_user, current_setting('transaction_read_only')`).
			Scan(&role, &bh, &org, &zv, &persoon, &dbRole, &readOnly)
	})
	if err != nil {
		t.Fatal(err)
	}
	if role != "vertegenwoordiger" || bh != "12" || org != "" || zv != "" || persoon != "34" || dbRole != "pgb_app" || readOnly != "on" {
		t.Fatalf("scope in the transaction: role %q bh %q org %q zv %q persoon %q as %q read only %q",
			role, bh, org, zv, persoon, dbRole, readOnly)
	}
	// After the transaction the connection carries nothing of it.
	if err := pool.QueryRow(ctx, `SELECT coalesce(current_setting('pgb.role', true), ''), current_user`).Scan(&role, &dbRole); err != nil {
		t.Fatal(err)
	}
	if role != "" || dbRole == "pgb_app" {
		t.Fatalf("after the transaction: pgb.role %q, user %q", role, dbRole)
	}
}

// Read runs its queries in one read-only transaction in the scope; a query
// that fails takes the ones after it down too, and leaves nothing behind on
// the connection.
func TestReadRunsInScope(t *testing.T) {
	ctx := context.Background()
	pool := testutil.NewPool(t)
	f := testutil.NewFixtures(t, pool)
	zk := f.Zorgkantoor("Zorgkantoor Oost", "Oost")
	bh1 := f.Budgethouder(zk)
	f.Budgethouder(zk)
	s := db.Scope{Role: "budgethouder", BudgethouderID: bh1.ID, PersoonID: bh1.PersoonID}

	var n int
	var user, readOnly string
	err := db.ReadAs(ctx, pool, s, func(b *pgx.Batch) {
		b.Queue(`SELECT count(*) FROM budgethouders`).QueryRow(func(r pgx.Row) error { return r.Scan(&n) })
		b.Queue(`SELECT current_user, current_setting('transaction_read_only')`).QueryRow(func(r pgx.Row) error {
			return r.Scan(&user, &readOnly)
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 || user != "pgb_app" || readOnly != "on" {
		t.Fatalf("in Read: %d budgethouders visible, user %q, read only %q", n, user, readOnly)
	}

	ran := false
	err = db.ReadAs(ctx, pool, s, func(b *pgx.Batch) {
		b.Queue(`SELECT 1/0`).QueryRow(func(r pgx.Row) error { var x int; return r.Scan(&x) })
		b.Queue(`SELECT count(*) FROM budgethouders`).QueryRow(func(r pgx.Row) error { ran = true; return r.Scan(&n) })
	})
	if err == nil || ran {
		t.Fatalf("a failing query: err %v, the query after it ran: %v", err, ran)
	}
	for i := 0; i < 20; i++ { // every connection of the pool, if need be
		var status string
		if err := pool.QueryRow(ctx, `SELECT current_user, coalesce(current_setting('pgb.role', true), '')`).Scan(&user, &status); err != nil {
			t.Fatalf("the pool after a failed Read: %v", err)
		}
		if user == "pgb_app" || status != "" {
			t.Fatalf("a connection kept the scope of a failed Read: user %q, pgb.role %q", user, status)
		}
	}
	if err := db.Read(ctx, pool, func(*pgx.Batch) {}); !errors.Is(err, db.ErrNoScope) {
		t.Fatalf("Read without a scope: %v", err)
	}
}
