package budget_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"pgbportaal/internal/testutil"
)

// The ledger is checked once per transaction for every budget it touched
// (not once per betaling): these cases must still be refused at commit,
// including after a check that fired early (SET CONSTRAINTS IMMEDIATE).
func TestGrootboekCheckedSetWise(t *testing.T) {
	t.Parallel()
	pool := testutil.NewPool(t)
	f := testutil.NewFixtures(t, pool)
	bh := f.Budgethouder(f.Zorgkantoor("Zorgkantoor Test", "Test"))
	f.Toekenning(bh.ID, 2026, 100000)
	ctx := context.Background()
	run := func(steps ...string) error {
		tx, err := pool.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx) //nolint:errcheck
		for _, q := range append([]string{`SELECT set_config('pgb.role', 'system', true)`}, steps...) {
			if _, err := tx.Exec(ctx, strings.ReplaceAll(q, "BH", strconv.FormatInt(bh.ID, 10))); err != nil {
				return err
			}
		}
		return tx.Commit(ctx)
	}
	plan := func(bedrag string) []string {
		return []string{
			`INSERT INTO betalingen (budgethouder_id, jaar, soort, bedrag, iban, naam) VALUES (BH, 2026, 'vvb', ` + bedrag + `, 'NL91ABNA0417164300', 'A. Jansen')`,
			`UPDATE toekenningen SET gepland = gepland + ` + bedrag + ` WHERE budgethouder_id = BH AND jaar = 2026`,
		}
	}
	if err := run(plan("1000")...); err != nil {
		t.Fatalf("a balanced booking was refused: %v", err)
	}
	if err := run(plan("500")[0]); err == nil {
		t.Fatal("a betaling without its booking on the budget was committed")
	}
	early := append(plan("200"), `SET CONSTRAINTS ALL IMMEDIATE`, `SET CONSTRAINTS ALL DEFERRED`, plan("300")[0])
	if err := run(early...); err == nil {
		t.Fatal("a betaling without booking after an early check was committed")
	}
	// The check is queued once per transaction (not per row): a savepoint
	// rolled back takes its queued check with it, and a later change queues
	// one again; a change in a savepoint after the check was queued is still
	// checked by it.
	rolledBack := append([]string{`SAVEPOINT a`}, plan("100")...)
	rolledBack = append(rolledBack, `ROLLBACK TO SAVEPOINT a`, plan("400")[0])
	if err := run(rolledBack...); err == nil {
		t.Fatal("a betaling without booking after a rolled-back savepoint was committed")
	}
	released := append(plan("100"), `SAVEPOINT b`, plan("400")[0], `RELEASE SAVEPOINT b`)
	if err := run(released...); err == nil {
		t.Fatal("a betaling without booking in a released savepoint was committed")
	}
	many := append(plan("10"), plan("20")...)
	many = append(many, plan("30")[0])
	if err := run(many...); err == nil {
		t.Fatal("the third of three betalingen without its booking was committed")
	}
	paid := []string{`INSERT INTO betaalruns (gestart_op) VALUES (now())`,
		`UPDATE betalingen SET status = 'uitbetaald', uitbetaald_op = now(), betaalrun_id = (SELECT max(id) FROM betaalruns)
			WHERE budgethouder_id = BH AND status = 'ingepland'`}
	if err := run(paid...); err == nil {
		t.Fatal("paying a betaling without moving it from gepland to betaald was committed")
	}
	paid = append(paid, `UPDATE toekenningen SET gepland = gepland - 1000, betaald = betaald + 1000 WHERE budgethouder_id = BH AND jaar = 2026`)
	if err := run(paid...); err != nil {
		t.Fatalf("a balanced payment was refused: %v", err)
	}
	var gepland, betaald int64
	if err := pool.QueryRow(ctx, `SELECT gepland, betaald FROM toekenningen WHERE budgethouder_id = $1`, bh.ID).Scan(&gepland, &betaald); err != nil {
		t.Fatal(err)
	}
	if gepland != 0 || betaald != 1000 {
		t.Fatalf("gepland %d betaald %d, want 0 and 1000", gepland, betaald)
	}
}
