package budget_test

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/budget"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/db"
	"pgbportaal/internal/money"
	zov "pgbportaal/internal/zorgovereenkomst"
)

func TestBereikteDrempels(t *testing.T) {
	t.Parallel()
	cases := []struct {
		toegekend, gebruikt money.Cents
		want                []string
	}{
		{1000_00, 799_99, nil},
		{1000_00, 800_00, []string{"80"}},
		{1000_00, 899_99, []string{"80"}},
		{1000_00, 900_00, []string{"80", "90"}},
		{1000_00, 999_99, []string{"80", "90"}},
		{1000_00, 1000_00, []string{"80", "90", "100"}},
		{3, 3, []string{"80", "90", "100"}},
		{0, 0, nil},
	}
	for _, c := range cases {
		if got := budget.BereikteDrempels(c.toegekend, c.gebruikt); !slices.Equal(got, c.want) {
			t.Errorf("BereikteDrempels(%d, %d) = %v, want %v", c.toegekend, c.gebruikt, got, c.want)
		}
	}
}

// signalen lists the alerts recorded for a budget, in order of soort.
func (w *world) signalen(bh int64) []string {
	w.t.Helper()
	rows, err := w.pool.Query(context.Background(), `SELECT soort FROM budget_signalen WHERE budgethouder_id = $1 AND jaar = $2 ORDER BY soort`, bh, w.jaar)
	if err != nil {
		w.t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			w.t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// budgetBerichten lists the onderwerpen of the budget alerts sent to bh, oldest first.
func (w *world) budgetBerichten(bh int64) []string {
	w.t.Helper()
	rows, err := w.pool.Query(context.Background(), `SELECT onderwerp FROM berichten WHERE budgethouder_id = $1 AND soort = 'budget' ORDER BY id`, bh)
	if err != nil {
		w.t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			w.t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// TestSignalenBijInplannen: bookings that reach 80%, 90% and 100% of the
// € 45.000,00 budget each send one bericht, once; a booking that jumps past
// two shares sends one.
func TestSignalenBijInplannen(t *testing.T) {
	w := newWorld(t)
	ctx := w.as(digid(bsnDeVries), 0)
	bh, zv := w.budgethouder(relDeVries), w.zorgverlenerDeBoer()
	stappen := []struct {
		bedrag    int64
		signalen  []string
		berichten int
	}{
		{35_999_99, nil, 0},                        // 79,99…%
		{1, []string{"80"}, 1},                     // exactly 80%
		{100_00, []string{"80"}, 1},                // still 80%
		{5_000_00, []string{"80", "90"}, 2},        // 91,3%: 90% reached
		{3_900_00, []string{"100", "80", "90"}, 3}, // exactly 100%
	}
	for i, s := range stappen {
		if _, err := w.plan(ctx, w.declaratie(bh, zv, s.bedrag)); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if got := w.signalen(bh); !slices.Equal(got, s.signalen) {
			t.Fatalf("step %d: signalen %v, want %v", i, got, s.signalen)
		}
		if got := w.budgetBerichten(bh); len(got) != s.berichten {
			t.Fatalf("step %d: berichten %v, want %d", i, got, s.berichten)
		}
	}
	want := []string{"U heeft 80% van uw budget gebruikt", "U heeft 90% van uw budget gebruikt", "Uw budget voor " + itoa(w.jaar) + " is op"}
	if got := w.budgetBerichten(bh); !slices.Equal(got, want) {
		t.Fatalf("berichten %q, want %q", got, want)
	}

	// From 0 to 95% in one booking: one bericht (90%), both shares recorded.
	bh2 := w.budgethouder(relSmitLote)
	bedrag, _, _ := w.toekenning(bh2, w.jaar)
	b := w.declaratie(bh2, zv, bedrag*95/100)
	if err := db.TxAs(context.Background(), w.pool, db.System, func(tx pgx.Tx) error {
		_, err := budget.Inplannen(context.Background(), tx, b)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got := w.signalen(bh2); !slices.Equal(got, []string{"80", "90"}) {
		t.Fatalf("jump: signalen %v", got)
	}
	if got := w.budgetBerichten(bh2); !slices.Equal(got, []string{"U heeft 90% van uw budget gebruikt"}) {
		t.Fatalf("jump: berichten %q", got)
	}
}

// TestSignalerenTweeInstanties: two portal instances (separate pools, so
// separate connections) run the periodic check at the same time, again and
// again; every alert goes out exactly once.
func TestSignalerenTweeInstanties(t *testing.T) {
	w := newWorld(t)
	bh, zv := w.budgethouder(relDeVries), w.zorgverlenerDeBoer()
	ctx := context.Background()

	// An approved maandloon of € 5.000,00 from January, and € 37.000,00
	// (82,2%) booked by hand, bypassing the ledger's alerts: the 80% alert
	// is due, and with the maandlonen still expected the budget runs out
	// long before December.
	in := zov.Inhoud{Soort: zov.SoortFamilie, Zorgverlener: zov.Zorgverlener{ID: zv, Naam: "H. de Boer", IBAN: testIBAN},
		Ingangsdatum: civil.Date{Year: w.jaar, Month: time.January, Day: 1}, Onbepaald: true, Uren: 20_00, UrenPer: "week",
		Maandloon: true, MaandBedrag: 5_000_00, Vast: true,
		Tarieven: []zov.Tarief{{Zorgfunctie: zov.PersoonlijkeVerzorging, Eenheid: zov.PerUur, Bedrag: 2000}}}
	doc, _ := json.Marshal(in)
	w.id(`INSERT INTO zorgovereenkomsten (budgethouder_id, zorgverlener_id, status, inhoud, ingediend_op, beoordeeld_op)
		VALUES ($1, $2, 'goedgekeurd', $3, now(), now()) RETURNING id`, bh, zv, doc)
	if err := db.TxAs(ctx, w.pool, db.System, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO betalingen (budgethouder_id, jaar, zorgverlener_id, soort, omschrijving, bedrag, iban, naam)
			VALUES ($1, $2, $3, 'declaratie', 'Declaratie', 3700000, $4, 'H. de Boer')`, bh, w.jaar, zv, testIBAN); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE toekenningen SET gepland = gepland + 3700000 WHERE budgethouder_id = $1 AND jaar = $2`, bh, w.jaar)
		return err
	}); err != nil {
		t.Fatal(err)
	}

	pools := [2]*pgxpool.Pool{}
	for i := range pools {
		p, err := db.Open(ctx, w.pool.Config().ConnString())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(p.Close)
		pools[i] = p
	}
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for round := 0; round < 5; round++ {
		for _, p := range pools {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := budget.Signaleren(ctx, p, w.now); err != nil {
					errs <- err
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if got := w.signalen(bh); !slices.Equal(got, []string{"80", "tekort"}) {
		t.Fatalf("signalen %v", got)
	}
	// On 15 March the forecast starts at February (no maandloon booked):
	// February..December 11 × 5.000 expected. 37.000 + February 5.000 =
	// 42.000; of March's 5.000 only 3.000 fits: ceil(3.000 × 31 / 5.000) =
	// ceil(18,6) = 19 March.
	want := []string{"U heeft 80% van uw budget gebruikt", "Uw budget voor " + itoa(w.jaar) + " is naar verwachting te vroeg op"}
	if got := w.budgetBerichten(bh); !slices.Equal(got, want) {
		t.Fatalf("berichten %q, want %q", got, want)
	}
	var inhoud string
	if err := w.pool.QueryRow(ctx, `SELECT inhoud FROM berichten WHERE budgethouder_id = $1 AND soort = 'budget' ORDER BY id DESC LIMIT 1`, bh).Scan(&inhoud); err != nil {
		t.Fatal(err)
	}
	if wantZin := "Als u zo doorgaat, is uw budget op 19 maart op."; len(inhoud) < len(wantZin) || inhoud[:len(wantZin)] != wantZin {
		t.Fatalf("bericht %q", inhoud)
	}
}
