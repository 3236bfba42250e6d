package audit_test

import (
	"context"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"pgbportaal/internal/audit"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/db"
	"pgbportaal/internal/testutil"
)

func TestAuditTrailIsAHashChain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testutil.NewPool(t)
	a := auth.Actor{Role: auth.RoleBudgethouder, PersoonID: 7, BudgethouderID: 9, Means: auth.DigiD}

	// Many writers at once: the chain never forks.
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 10; j++ {
				audit.Record(ctx, pool, audit.Entry{Actor: &a, Action: "lezen", ObjectType: "budget", Outcome: audit.OK})
			}
		}()
	}
	wg.Wait()
	var n, chained int
	if err := pool.QueryRow(ctx, `SELECT count(*), count(DISTINCT keten_nr) FROM audit_log`).Scan(&n, &chained); err != nil {
		t.Fatal(err)
	}
	if n != 80 || chained != 80 {
		t.Fatalf("%d entries, %d chain numbers; want 80 and 80", n, chained)
	}
	if broken, err := audit.Verify(ctx, pool); err != nil || broken != 0 {
		t.Fatalf("intact chain reported broken at %d (%v)", broken, err)
	}

	// The application role can neither change nor remove an entry.
	for _, stmt := range []string{
		`UPDATE audit_log SET outcome = 'ok' WHERE keten_nr = 3`,
		`DELETE FROM audit_log WHERE keten_nr = 3`,
		`TRUNCATE audit_log`,
	} {
		err := db.TxAs(ctx, pool, db.System, func(tx pgx.Tx) error {
			_, err := tx.Exec(ctx, stmt)
			return err
		})
		if err == nil {
			t.Errorf("pgb_app could run %q", stmt)
		}
	}
	// Not even the owner, while the trigger stands.
	if _, err := pool.Exec(ctx, `UPDATE audit_log SET outcome = 'ok' WHERE keten_nr = 3`); err == nil {
		t.Error("the owner changed an entry past the append-only trigger")
	}

	// Someone who gets past the trigger is found out by the chain.
	tamper := func(stmt string) {
		t.Helper()
		if _, err := pool.Exec(ctx, `ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`); err != nil {
			t.Fatal(err)
		}
		if _, err := pool.Exec(ctx, stmt); err != nil {
			t.Fatal(err)
		}
		if _, err := pool.Exec(ctx, `ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change`); err != nil {
			t.Fatal(err)
		}
	}
	tamper(`UPDATE audit_log SET outcome = 'geweigerd' WHERE keten_nr = 40`)
	if broken, _ := audit.Verify(ctx, pool); broken != 40 {
		t.Fatalf("changed entry 40: Verify says %d", broken)
	}
	tamper(`UPDATE audit_log SET outcome = 'ok' WHERE keten_nr = 40`)
	if broken, _ := audit.Verify(ctx, pool); broken != 0 {
		t.Fatalf("restored entry: Verify says %d", broken)
	}
	tamper(`DELETE FROM audit_log WHERE keten_nr = 20`)
	if broken, _ := audit.Verify(ctx, pool); broken != 21 {
		t.Fatalf("removed entry 20: Verify says %d, want 21", broken)
	}
}
