package budget_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"pgbportaal/internal/budget"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/testutil"
)

// agreement stores an agreement in a state, as fixture (owner connection).
func (w *world) agreement(bh, zv int64, status string, inhoud map[string]any) int64 {
	w.t.Helper()
	doc, _ := json.Marshal(inhoud)
	return w.id(`INSERT INTO zorgovereenkomsten (budgethouder_id, zorgverlener_id, status, inhoud) VALUES ($1, $2, $3, $4) RETURNING id`,
		bh, zv, status, doc)
}

func maandloonInhoud(start, eind string, bedrag int64) map[string]any {
	m := map[string]any{"soort": "dienst", "ingangsdatum": start, "onbepaald": eind == "", "maandloon": true, "maand_bedrag": bedrag,
		"zorgverlener": map[string]any{"naam": "H. de Boer", "iban": "NL91ABNA0417164300"}}
	if eind != "" {
		m["einddatum"] = eind
	}
	return m
}

func TestMaandloonenExactlyOncePerMonth(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	bh := w.budgethouder(relDeVries)
	zv := w.zorgverlenerDeBoer()
	y := itoa(w.jaar)
	maart := civil.Date{Year: w.jaar, Month: time.March, Day: 1}

	a := w.agreement(bh, zv, "goedgekeurd", maandloonInhoud(y+"-01-01", "", 2_000_00))
	b := w.agreement(bh, zv, "goedgekeurd", maandloonInhoud(y+"-03-20", y+"-12-31", 500_00)) // starts during March
	w.agreement(bh, zv, "goedgekeurd", maandloonInhoud(y+"-01-01", y+"-02-28", 700_00))      // ended before March
	w.agreement(bh, zv, "goedgekeurd", maandloonInhoud(y+"-04-01", "", 700_00))              // starts after March
	w.agreement(bh, zv, "ter_beoordeling", maandloonInhoud(y+"-01-01", "", 700_00))          // not approved
	achteraf := maandloonInhoud(y+"-01-01", "", 0)
	achteraf["maandloon"] = false
	w.agreement(bh, zv, "goedgekeurd", achteraf) // achteraf declareren
	// A budgethouder whose budget cannot carry the maandloon: skipped.
	f := testutil.NewFixtures(t, w.pool)
	zk := w.id(`SELECT id FROM organisaties WHERE kvk = $1`, kvkZK)
	arm := f.Budgethouder(zk)
	f.Toekenning(arm.ID, w.jaar, 100_00)
	w.agreement(arm.ID, zv, "goedgekeurd", maandloonInhoud(y+"-01-01", "", 2_000_00))

	res, err := budget.MaandloonenInplannen(ctx, w.pool, maart.AddDays(9))
	if err != nil {
		t.Fatal(err)
	}
	if res.Ingepland != 2 || res.Overgeslagen != 1 {
		t.Fatalf("first run: %+v", res)
	}
	// Again, and five times at once: nothing new.
	if res, err := budget.MaandloonenInplannen(ctx, w.pool, maart); err != nil || res.Ingepland != 0 {
		t.Fatalf("second run: %+v %v", res, err)
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	total := make([]int, 5)
	for i := range total {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r, err := budget.MaandloonenInplannen(ctx, w.pool, maart)
			if err != nil {
				t.Error(err)
			}
			total[i] = r.Ingepland
		}()
	}
	close(start)
	wg.Wait()
	for _, n := range total {
		if n != 0 {
			t.Fatalf("a repeated run planned %d", n)
		}
	}
	var n int
	var som int64
	if err := w.pool.QueryRow(ctx, `SELECT count(*), coalesce(sum(bedrag), 0) FROM betalingen WHERE soort = 'maandloon'`).Scan(&n, &som); err != nil {
		t.Fatal(err)
	}
	if n != 2 || som != 2_500_00 {
		t.Fatalf("%d maandlonen, total %d", n, som)
	}
	if _, g, _ := w.toekenning(bh, w.jaar); g != 2_500_00 {
		t.Fatalf("gepland %d", g)
	}
	var oms string
	if err := w.pool.QueryRow(ctx, `SELECT omschrijving FROM betalingen WHERE zorgovereenkomst_id = $1`, a).Scan(&oms); err != nil || oms != "Maandloon maart "+y {
		t.Fatalf("omschrijving %q %v", oms, err)
	}
	// The agreement that starts during March gets March too (a full month: no pro rata yet).
	if err := w.pool.QueryRow(ctx, `SELECT count(*) FROM betalingen WHERE zorgovereenkomst_id = $1 AND periode = $2`, b, maart).Scan(&n); err != nil || n != 1 {
		t.Fatalf("agreement starting in March: %d %v", n, err)
	}
}

// Runs that start together for a new month (two portal instances at 1
// April) plan each maandloon once.
func TestMaandloonenConcurrentFirstRun(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	bh := w.budgethouder(relDeVries)
	zv := w.zorgverlenerDeBoer()
	y := itoa(w.jaar)
	for range 10 {
		w.agreement(bh, zv, "goedgekeurd", maandloonInhoud(y+"-01-01", "", 1_000_00))
	}
	april := civil.Date{Year: w.jaar, Month: time.April, Day: 1}
	var wg sync.WaitGroup
	start := make(chan struct{})
	results := make([]budget.MaandloonResultaat, 6)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r, err := budget.MaandloonenInplannen(ctx, w.pool, april)
			if err != nil {
				t.Error(err)
			}
			results[i] = r
		}()
	}
	close(start)
	wg.Wait()
	planned := 0
	for _, r := range results {
		planned += r.Ingepland
		if r.Overgeslagen != 0 {
			t.Errorf("skipped: %+v", r)
		}
	}
	var n int
	if err := w.pool.QueryRow(ctx, `SELECT count(*) FROM (SELECT zorgovereenkomst_id, periode, count(*) FROM betalingen
		WHERE soort = 'maandloon' GROUP BY 1, 2 HAVING count(*) = 1) x`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if planned != 10 || n != 10 {
		t.Fatalf("planned %d, agreements with exactly one maandloon %d; want 10 and 10", planned, n)
	}
	if _, g, _ := w.toekenning(bh, w.jaar); g != 10_000_00 {
		t.Fatalf("gepland %d", g)
	}
}
