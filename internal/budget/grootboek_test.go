package budget_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/budget"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/db"
	"pgbportaal/internal/testutil"
)

func (w *world) declaratie(bh, zv int64, bedrag int64) budget.Boeking {
	return budget.Boeking{BudgethouderID: bh, Jaar: w.jaar, ZorgverlenerID: zv, Soort: budget.SoortDeclaratie,
		Periode: civil.Date{Year: w.jaar, Month: 2, Day: 1}, Omschrijving: "Declaratie februari", Bedrag: bedrag,
		IBAN: "nl91 abna 0417 1643 00", Naam: "H. de Boer"}
}

func TestLedgerExactlyTheRemainingBudget(t *testing.T) {
	w := newWorld(t)
	bhCtx := w.as(digid(bsnDeVries), 0)
	bh := w.budgethouder(relDeVries)
	zv := w.zorgverlenerDeBoer()
	bedrag, _, _ := w.toekenning(bh, w.jaar)

	// One cent over the whole budget: refused, nothing booked, the message names what remains.
	_, err := w.plan(bhCtx, w.declaratie(bh, zv, bedrag+1))
	var tekort *budget.Tekort
	if !errors.Is(err, budget.ErrBudgetOntoereikend) || !errors.As(err, &tekort) || tekort.Resterend != bedrag {
		t.Fatalf("over budget: %v", err)
	}
	code, msg := apperr.Classify(err)
	if code != 422 || msg != "Deze declaratie is hoger dan uw resterende budget voor "+itoa(w.jaar)+" (€ 45.000,00)." {
		t.Fatalf("message: %d %q", code, msg)
	}
	if _, g, b := w.toekenning(bh, w.jaar); g != 0 || b != 0 {
		t.Fatalf("refused booking left gepland %d betaald %d", g, b)
	}

	// A part, then exactly the rest: both succeed.
	if _, err := w.plan(bhCtx, w.declaratie(bh, zv, 1_234_56)); err != nil {
		t.Fatal(err)
	}
	id, err := w.plan(bhCtx, w.declaratie(bh, zv, bedrag-1_234_56))
	if err != nil {
		t.Fatalf("exactly the remaining budget: %v", err)
	}
	if _, g, _ := w.toekenning(bh, w.jaar); g != bedrag {
		t.Fatalf("gepland %d, want %d", g, bedrag)
	}
	// Then one cent more is too much.
	_, err = w.plan(bhCtx, w.declaratie(bh, zv, 1))
	if !errors.Is(err, budget.ErrBudgetOntoereikend) {
		t.Fatalf("one cent over: %v", err)
	}
	if _, msg := apperr.Classify(err); !strings.Contains(msg, "(€ 0,00)") {
		t.Fatalf("message %q", msg)
	}
	// The IBAN was stored in electronic form, the payee as given.
	var iban, status string
	if err := w.pool.QueryRow(context.Background(), `SELECT iban, status FROM betalingen WHERE id = $1`, id).Scan(&iban, &status); err != nil ||
		iban != testIBAN || status != budget.Ingepland {
		t.Fatalf("stored %q %q %v", iban, status, err)
	}

	// The overview shows it all.
	o, err := w.svc.Overzicht(bhCtx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if o.Jaar != w.jaar || o.Toegekend != bedrag || o.Gepland != bedrag || o.Betaald != 0 || o.Resterend != 0 || len(o.Ingepland) != 2 || len(o.Uitbetalingen) != 0 {
		t.Fatalf("overzicht %+v", o)
	}
	if o.Ingepland[0].Naam != "H. de Boer" || o.Ingepland[0].Periode != (civil.Date{Year: w.jaar, Month: 2, Day: 1}) {
		t.Fatalf("betaling %+v", o.Ingepland[0])
	}

	// Withdrawing (the SVB decides) gives the money back.
	svb := w.as(eh(kvkSVB), 0)
	if err := db.Tx(svb, w.pool, func(tx pgx.Tx) error { return budget.Intrekken(svb, tx, id) }); err != nil {
		t.Fatal(err)
	}
	if _, g, _ := w.toekenning(bh, w.jaar); g != 1_234_56 {
		t.Fatalf("after intrekken gepland %d", g)
	}
	if err := db.Tx(svb, w.pool, func(tx pgx.Tx) error { return budget.Intrekken(svb, tx, id) }); !errors.Is(err, budget.ErrNietIntrekbaar) {
		t.Fatalf("withdrawn twice: %v", err)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestLedgerRefusals(t *testing.T) {
	w := newWorld(t)
	bhCtx := w.as(digid(bsnDeVries), 0)
	bh := w.budgethouder(relDeVries)
	zv := w.zorgverlenerDeBoer()

	b := w.declaratie(bh, zv, 100)
	b.Jaar, b.Periode = w.jaar+1, civil.Date{Year: w.jaar + 1, Month: 1, Day: 1}
	if _, err := w.plan(bhCtx, b); !errors.Is(err, budget.ErrGeenBudget) {
		t.Fatalf("no budget next year: %v", err)
	} else if _, msg := apperr.Classify(err); msg != "Er is voor "+itoa(w.jaar+1)+" geen budget toegekend." {
		t.Fatalf("message %q", msg)
	}
	for name, edit := range map[string]func(*budget.Boeking){
		"bad iban":      func(b *budget.Boeking) { b.IBAN = "NL00ABNA0417164300" },
		"no name":       func(b *budget.Boeking) { b.Naam = " " },
		"zero":          func(b *budget.Boeking) { b.Bedrag = 0 },
		"soort":         func(b *budget.Boeking) { b.Soort = "cadeau" },
		"year mismatch": func(b *budget.Boeking) { b.Periode = civil.Date{Year: w.jaar - 1, Month: 12, Day: 1} },
		"maandloon without agreement": func(b *budget.Boeking) {
			b.Soort = budget.SoortMaandloon
		},
	} {
		b := w.declaratie(bh, zv, 100)
		edit(&b)
		if _, err := w.plan(bhCtx, b); !errors.Is(err, apperr.ErrInvalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
	// Someone else's budget does not exist for this budgethouder; a zorgverlener has none.
	other := w.budgethouder(relSmitLote)
	if _, err := w.plan(bhCtx, w.declaratie(other, zv, 100)); !errors.Is(err, budget.ErrGeenBudget) {
		t.Fatalf("planned on another's budget: %v", err)
	}
	zvCtx := w.as(digid(bsnDeBoer), 0)
	if _, err := w.plan(zvCtx, w.declaratie(bh, zv, 100)); !errors.Is(err, budget.ErrGeenBudget) {
		t.Fatalf("zorgverlener planned: %v", err)
	}
	// A refusal leaves the caller's transaction usable.
	err := db.Tx(bhCtx, w.pool, func(tx pgx.Tx) error {
		if _, err := budget.Inplannen(bhCtx, tx, w.declaratie(bh, zv, 1<<40)); !errors.Is(err, budget.ErrBudgetOntoereikend) {
			t.Errorf("huge: %v", err)
		}
		_, err := budget.Inplannen(bhCtx, tx, w.declaratie(bh, zv, 500))
		return err
	})
	if err != nil {
		t.Fatalf("transaction unusable after a refusal: %v", err)
	}
	if _, g, _ := w.toekenning(bh, w.jaar); g != 500 {
		t.Fatalf("gepland %d, want 500", g)
	}
}

// Twenty submissions of € 100 at once against € 1.000 left: exactly ten get
// through, and the database never holds more planned and paid than granted.
func TestLedgerConcurrentSubmissions(t *testing.T) {
	w := newWorld(t)
	f := testutil.NewFixtures(t, w.pool)
	zkID := w.id(`SELECT id FROM organisaties WHERE kvk = $1`, kvkZK)
	bh := f.Budgethouder(zkID)
	f.Toekenning(bh.ID, w.jaar, 500_000)
	zv := w.zorgverlenerDeBoer()
	sys := db.WithScope(context.Background(), db.System)
	if _, err := w.plan(sys, w.declaratie(bh.ID, zv, 400_000)); err != nil { // € 1.000 left
		t.Fatal(err)
	}
	ctx := db.WithScope(context.Background(), db.Scope{Role: "budgethouder", BudgethouderID: bh.ID, PersoonID: bh.PersoonID})

	const n = 20
	start := make(chan struct{})
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, errs[i] = w.plan(ctx, w.declaratie(bh.ID, zv, 10_000))
		}()
	}
	close(start)
	wg.Wait()
	ok, refused := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, budget.ErrBudgetOntoereikend):
			refused++
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok != 10 || refused != 10 {
		t.Fatalf("%d succeeded, %d refused; want 10 and 10", ok, refused)
	}
	bedrag, gepland, betaald := w.toekenning(bh.ID, w.jaar)
	if gepland+betaald > bedrag || gepland != 500_000 {
		t.Fatalf("bedrag %d gepland %d betaald %d", bedrag, gepland, betaald)
	}
	var som int64
	if err := w.pool.QueryRow(context.Background(), `SELECT sum(bedrag) FROM betalingen WHERE budgethouder_id = $1`, bh.ID).Scan(&som); err != nil || som != gepland {
		t.Fatalf("betalingen add up to %d, gepland %d (%v)", som, gepland, err)
	}
}

func TestLedgerGuardsInTheDatabase(t *testing.T) {
	w := newWorld(t)
	bh := w.budgethouder(relDeVries)
	zv := w.zorgverlenerDeBoer()
	bhCtx := w.as(digid(bsnDeVries), 0)
	id, err := w.plan(bhCtx, w.declaratie(bh, zv, 10_000))
	if err != nil {
		t.Fatal(err)
	}
	exec := func(ctx context.Context, q string, args ...any) error {
		return db.Tx(ctx, w.pool, func(tx pgx.Tx) error {
			_, err := tx.Exec(ctx, q, args...)
			return err
		})
	}
	sys := db.WithScope(context.Background(), db.System)
	cases := []struct {
		name, want string // want: part of the error; "" when row-level security just hides the row
		ctx        context.Context
		q          string
		args       []any
	}{
		{"budgethouder lowers gepland", "may only plan payments", bhCtx, `UPDATE toekenningen SET gepland = 0 WHERE budgethouder_id = $1`, []any{bh}},
		{"budgethouder raises its budget", "may only plan payments", bhCtx, `UPDATE toekenningen SET bedrag = bedrag + 1 WHERE budgethouder_id = $1`, []any{bh}},
		{"budgethouder marks paid", "", bhCtx, `UPDATE betalingen SET status = 'uitbetaald' WHERE id = $1`, []any{id}},
		{"payment outside the ledger", "grootboek", sys, `INSERT INTO betalingen (budgethouder_id, jaar, soort, bedrag, iban, naam)
			VALUES ($1, $2, 'vvb', 100, 'NL91ABNA0417164300', 'J. de Vries')`, []any{bh, w.jaar}},
		{"gepland without payment", "grootboek", sys, `UPDATE toekenningen SET gepland = gepland + 1 WHERE budgethouder_id = $1`, []any{bh}},
		{"amount changed", "not allowed", sys, `UPDATE betalingen SET bedrag = 1 WHERE id = $1`, []any{id}},
		{"overspending", "toekenningen_binnen_budget", sys, `UPDATE toekenningen SET betaald = bedrag WHERE budgethouder_id = $1`, []any{bh}},
	}
	for _, c := range cases {
		err := exec(c.ctx, c.q, c.args...)
		if (c.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
		if _, g, b := w.toekenning(bh, w.jaar); g != 10_000 || b != 0 {
			t.Fatalf("%s: went through (gepland %d betaald %d)", c.name, g, b)
		}
	}
	var status string
	if err := w.pool.QueryRow(context.Background(), `SELECT status FROM betalingen WHERE id = $1`, id).Scan(&status); err != nil || status != budget.Ingepland {
		t.Fatalf("status %q %v", status, err)
	}
}

func TestNeedToKnow(t *testing.T) {
	w := newWorld(t)
	bh := w.budgethouder(relDeVries)
	zv := w.zorgverlenerDeBoer()
	bhCtx := w.as(digid(bsnDeVries), 0)
	if _, err := w.plan(bhCtx, w.declaratie(bh, zv, 10_000)); err != nil {
		t.Fatal(err)
	}
	linde := w.id(`SELECT id FROM zorgverleners WHERE agb_code = '75012345'`)
	b := w.declaratie(bh, linde, 20_000)
	b.Naam = "Thuiszorg De Linde"
	if _, err := w.plan(bhCtx, b); err != nil {
		t.Fatal(err)
	}
	count := func(ctx context.Context, q string) int {
		var n int
		if err := db.Tx(ctx, w.pool, func(tx pgx.Tx) error { return tx.QueryRow(ctx, q).Scan(&n) }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	zvCtx := w.as(digid(bsnDeBoer), 0)
	if n := count(zvCtx, `SELECT count(*) FROM betalingen`); n != 1 {
		t.Errorf("zorgverlener sees %d betalingen, want only its own 1", n)
	}
	if n := count(zvCtx, `SELECT count(*) FROM toekenningen`); n != 0 {
		t.Errorf("zorgverlener sees %d budgets", n)
	}
	if _, err := w.svc.Overzicht(zvCtx, 0); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("zorgverlener overzicht: %v", err)
	}
	for name, c := range map[string]struct {
		ctx  context.Context
		want int
	}{
		"budgethouder": {bhCtx, 2}, "zorgkantoor": {w.as(eh(kvkZK), 0), 2}, "other zorgkantoor": {w.as(eh(kvkZ2), 0), 0},
		"svb": {w.as(eh(kvkSVB), 0), 2}, "other budgethouder": {w.as(digid(bsnGevolm), 0), 0},
	} {
		if n := count(c.ctx, `SELECT count(*) FROM betalingen`); n != c.want {
			t.Errorf("%s sees %d betalingen, want %d", name, n, c.want)
		}
		if n := count(c.ctx, `SELECT count(*) FROM betaalruns`); name != "svb" && n != 0 {
			t.Errorf("%s sees betaalruns", name)
		}
	}
	for name, ctx := range map[string]context.Context{"zorgkantoor": w.as(eh(kvkZK), 0), "svb": w.as(eh(kvkSVB), 0)} {
		if _, err := w.svc.Overzicht(ctx, 0); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("%s overzicht: %v", name, err)
		}
	}
	// The read-only budgethouder (a gevolmachtigde manages) may look.
	ro := w.as(digid("200000007"), 0)
	if o, err := w.svc.Overzicht(ro, 0); err != nil || o.Toegekend == 0 {
		t.Errorf("read-only overzicht: %+v %v", o, err)
	}
	if _, err := w.svc.Overzicht(bhCtx, w.jaar-5); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("year without toekenning: %v", err)
	}
}
