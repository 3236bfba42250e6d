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
