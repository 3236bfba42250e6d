package declaratie_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/betaalrun"
	"pgbportaal/internal/budget"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/db"
	"pgbportaal/internal/declaratie"
	zov "pgbportaal/internal/zorgovereenkomst"
)

func ongeldigVeld(t *testing.T, err error, veld, want string) {
	t.Helper()
	var o apperr.Fields
	if !errors.As(err, &o) {
		t.Fatalf("want a refusal on %s, got %v", veld, err)
	}
	if !strings.Contains(o[veld], want) {
		t.Fatalf("refusal %v, want %s: …%s…", o, veld, want)
	}
}

func TestZelfDeclarerenIndienenEnIntrekken(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid(bsnDeVries))
	svb := w.as(eh(kvkSVB))
	zovID := w.overeenkomst(w.bh, w.deBoer, inhoud(civil.Date{Year: w.jaar, Month: 1, Day: 1}))
	n := declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: zovID, Periode: w.vorige}

	id, err := w.svc.Nieuw(bh, n)
	if err != nil {
		t.Fatal(err)
	}
	d, err := w.svc.Get(bh, id)
	if err != nil || d.Status != declaratie.Concept || d.Versie != 1 || d.ZorgverlenerNaam != "H. de Boer" || d.IngevoerdDoor != declaratie.DoorBudgethouder {
		t.Fatalf("new concept: %v %+v", err, d)
	}
	regels := append(uren(w.vorige, map[int]int64{2: 750, 3: 750}),
		declaratie.Regel{Datum: w.vorige.AddDays(1), Eenheid: declaratie.PerKm, Aantal: 1000, Tarief: 1, Bedrag: 1})
	v, err := w.svc.Opslaan(bh, id, 1, declaratie.Invoer{Regels: regels})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Opslaan(bh, id, 1, declaratie.Invoer{Regels: regels}); !errors.Is(err, declaratie.ErrStale) {
		t.Fatalf("stale save: %v", err)
	}
	d, f, err := w.svc.Controleer(bh, id)
	// 2 × 7,5 hours × € 20,00 + 10 km × € 0,19, whatever the client said.
	if err != nil || len(f) != 0 || d.Totaal != 30190 {
		t.Fatalf("controleer: %v %v totaal %d", err, f, d.Totaal)
	}

	ongeldigVeld(t, w.svc.Indienen(bh, id, v, false), declaratie.VeldNaarWaarheid, "naar waarheid")
	if err := w.svc.Indienen(bh, id, v, true); err != nil {
		t.Fatal(err)
	}
	d, _ = w.svc.Get(bh, id)
	if d.Status != declaratie.Ingepland || !d.NaarWaarheid || d.IngediendOp == nil || d.BetalingID == 0 {
		t.Fatalf("after indienen: %+v", d)
	}
	var bedrag, zv int64
	var status, iban, naam string
	if err := w.pool.QueryRow(context.Background(), `SELECT bedrag, status, iban, naam, zorgverlener_id FROM betalingen WHERE declaratie_id = $1`, id).
		Scan(&bedrag, &status, &iban, &naam, &zv); err != nil {
		t.Fatal(err)
	}
	if bedrag != 30190 || status != "ingepland" || iban != ibanDeBoer || naam != "H. de Boer" || zv != w.deBoer {
		t.Fatalf("betaling %d %s %s %s %d", bedrag, status, iban, naam, zv)
	}
	if _, gepland, _ := w.toekenning(); gepland != 30190 {
		t.Fatalf("gepland %d", gepland)
	}
	if w.berichten("Declaratie ingediend") != 2 {
		t.Errorf("berichten Declaratie ingediend: %d", w.berichten("Declaratie ingediend"))
	}

	// One declaratie per agreement per month.
	_, err = w.svc.Nieuw(bh, n)
	if !errors.Is(err, declaratie.ErrDubbel) {
		t.Fatalf("second declaratie: %v", err)
	}
	if _, msg := apperr.Classify(err); msg != "Voor deze zorgovereenkomst is over "+declaratie.MaandNaam(w.vorige)+" al een declaratie ingediend." {
		t.Errorf("message %q", msg)
	}

	// Intrekken: the SVB refuses once, then grants.
	if err := w.svc.IntrekkingAanvragen(bh, id, d.Versie); err != nil {
		t.Fatal(err)
	}
	if w.berichten("Intrekking declaratie aangevraagd") != 1 {
		t.Error("no bericht to the SVB")
	}
	q, err := w.svc.Wachtrij(svb)
	if err != nil || len(q) != 1 || q[0].ID != id || q[0].BudgethouderNaam != "J. de Vries" {
		t.Fatalf("wachtrij: %v %+v", err, q)
	}
	if err := w.svc.IntrekkingBesluiten(svb, id, q[0].Versie, false); err != nil {
		t.Fatal(err)
	}
	d, _ = w.svc.Get(bh, id)
	if d.Status != declaratie.Ingepland {
		t.Fatalf("after weigeren: %s", d.Status)
	}
	if err := w.svc.IntrekkingAanvragen(bh, id, d.Versie); err != nil {
		t.Fatal(err)
	}
	d, _ = w.svc.Get(svb, id)
	if err := w.svc.IntrekkingBesluiten(bh, id, d.Versie, true); err == nil {
		t.Fatal("the budgethouder decided on their own withdrawal")
	}
	if err := w.svc.IntrekkingBesluiten(svb, id, d.Versie, true); err != nil {
		t.Fatal(err)
	}
	if w.status(id) != "ingetrokken" {
		t.Fatalf("status %s", w.status(id))
	}
	if _, gepland, _ := w.toekenning(); gepland != 0 {
		t.Errorf("gepland after withdrawal %d", gepland)
	}
	if w.berichten("Intrekking besloten") != 3 { // budgethouder twice, zorgverlener once
		t.Errorf("berichten Intrekking besloten: %d", w.berichten("Intrekking besloten"))
	}
	// After the withdrawal a new one can be drafted.
	if _, err := w.svc.Nieuw(bh, n); err != nil {
		t.Fatalf("new declaratie after withdrawal: %v", err)
	}
}

func TestUitbetaaldVolgtUitDeBetaling(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid(bsnDeVries))
	zovID := w.overeenkomst(w.bh, w.deBoer, inhoud(civil.Date{Year: w.jaar, Month: 1, Day: 1}))
	id, v := w.concept(bh, declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: zovID, Periode: w.vorige},
		declaratie.Invoer{Regels: uren(w.vorige, map[int]int64{5: 400})})
	if err := w.svc.Indienen(bh, id, v, true); err != nil {
		t.Fatal(err)
	}
	if res, err := betaalrun.Run(context.Background(), w.pool, w.now, 0); err != nil || res.Aantal != 1 {
		t.Fatalf("betaalrun: %v %+v", err, res)
	}
	d, err := w.svc.Get(bh, id)
	if err != nil || d.Status != declaratie.Uitbetaald || d.UitbetaaldOp == nil {
		t.Fatalf("after the betaalrun: %v %s", err, d.Status)
	}
	if w.status(id) != "ingepland" {
		t.Errorf("stored status %s: uitbetaald is derived", w.status(id))
	}
	o, err := w.svc.Lijst(bh, declaratie.Filter{Status: declaratie.Uitbetaald})
	if err != nil || len(o.Rijen) != 1 || o.Rijen[0].DeclaratieID != id || o.Totaal != 8000 {
		t.Fatalf("overview: %v %+v", err, o)
	}
	err = w.svc.IntrekkingAanvragen(bh, id, d.Versie)
	if code, msg := apperr.Classify(err); code != 409 || !strings.Contains(msg, "uitbetaald") {
		t.Fatalf("withdrawing a paid declaratie: %d %q", code, msg)
	}
}

func TestMaandMoetVoorbijZijn(t *testing.T) {
	w := newWorld(t)
	zovID := w.overeenkomst(w.bh, w.deBoer, inhoud(civil.Date{Year: w.jaar, Month: 1, Day: 1}))
	n := declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: zovID, Periode: w.vorige}
	// 28 February 23:59 in Amsterdam: February is not over.
	w.now = time.Date(w.jaar, 2, civil.DaysIn(w.jaar, 2), 22, 59, 0, 0, time.UTC)
	_, err := w.svc.Nieuw(w.as(digid(bsnDeVries)), n)
	ongeldigVeld(t, err, declaratie.VeldPeriode, "vanaf 01-03-")
	// 1 March 00:00 in Amsterdam (still February in UTC): it is.
	w.now = time.Date(w.jaar, 2, civil.DaysIn(w.jaar, 2), 23, 0, 0, 0, time.UTC)
	if _, err := w.svc.Nieuw(w.as(digid(bsnDeVries)), n); err != nil {
		t.Fatalf("on 1 March: %v", err)
	}
}

func TestAlleenBinnenDeOvereenkomst(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid(bsnDeVries))
	in := inhoud(civil.Date{Year: w.jaar, Month: 2, Day: 10})
	zovID := w.overeenkomst(w.bh, w.deBoer, in)
	id, v := w.concept(bh, declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: zovID, Periode: w.vorige},
		declaratie.Invoer{Regels: uren(w.vorige, map[int]int64{9: 200, 10: 200})})
	before := w.row(id)
	ongeldigVeld(t, w.svc.Indienen(bh, id, v, true), "u_09_persoonlijke_verzorging", "buiten de looptijd")
	if w.row(id) != before {
		t.Fatal("a refused submission changed the declaratie")
	}
	// The agreement is no longer approved (say, a change is being assessed): refused as well.
	w.system(`UPDATE zorgovereenkomsten SET status = 'ter_beoordeling' WHERE id = $1`, zovID)
	v, err := w.svc.Opslaan(bh, id, v, declaratie.Invoer{Regels: uren(w.vorige, map[int]int64{10: 200})})
	if err != nil {
		t.Fatal(err)
	}
	ongeldigVeld(t, w.svc.Indienen(bh, id, v, true), declaratie.VeldZorgovereenkomst, "goedgekeurde")
	w.system(`UPDATE zorgovereenkomsten SET status = 'goedgekeurd' WHERE id = $1`, zovID)
	if err := w.svc.Indienen(bh, id, v, true); err != nil {
		t.Fatal(err)
	}
	// A maandloon agreement is not declared.
	ml := inhoud(civil.Date{Year: w.jaar, Month: 1, Day: 1})
	ml.Maandloon, ml.MaandBedrag = true, 50000
	mlID := w.overeenkomst(w.bh, w.deBoer, ml)
	_, err = w.svc.Nieuw(bh, declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: mlID, Periode: w.vorige})
	ongeldigVeld(t, err, declaratie.VeldZorgovereenkomst, "vast maandbedrag")
}

func TestZorgverlenerVoertInBudgethouderBeoordeelt(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid(bsnDeVries))
	zv := w.as(digid(bsnDeBoer))
	zovID := w.overeenkomst(w.bh, w.deBoer, inhoud(civil.Date{Year: w.jaar, Month: 1, Day: 1}))
	id, v := w.concept(zv, declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: zovID, Periode: w.vorige},
		declaratie.Invoer{Regels: uren(w.vorige, map[int]int64{3: 500, 4: 500})})
	if d, _ := w.svc.Get(zv, id); d.IngevoerdDoor != declaratie.DoorZorgverlener || d.BudgethouderNaam != "J. de Vries" {
		t.Fatalf("zorgverlener's concept: %+v", d)
	}
	// A zorgverlener can declare geleverde zorg only.
	_, err := w.svc.Nieuw(zv, declaratie.NieuwInvoer{Soort: declaratie.SoortVVB, Periode: w.vorige})
	ongeldigVeld(t, err, declaratie.VeldSoort, "geleverde zorg")

	zvKanNietInplannen := func() {
		t.Helper()
		before := w.row(id)
		d, _ := w.svc.Get(zv, id)
		for name, err := range map[string]error{
			"indienen":   w.svc.Indienen(zv, id, d.Versie, true),
			"goedkeuren": w.svc.Goedkeuren(zv, id, d.Versie),
			"intrekken":  w.svc.IntrekkingAanvragen(zv, id, d.Versie),
			"besluiten":  w.svc.IntrekkingBesluiten(zv, id, d.Versie, false),
		} {
			if err == nil {
				t.Errorf("zorgverlener could %s", name)
			}
		}
		// Nor around the service, straight into the database: the state
		// machine's trigger, the betalingen policy and the toekenningen
		// policy each refuse.
		for _, q := range []string{
			`UPDATE declaraties SET status = 'ingepland', ingediend_op = now() WHERE id = $1`,
			`INSERT INTO betalingen (budgethouder_id, jaar, zorgverlener_id, declaratie_id, soort, bedrag, iban, naam)
				SELECT budgethouder_id, extract(year FROM periode)::int, zorgverlener_id, id, 'declaratie', totaal, 'NL91ABNA0417164300', 'H. de Boer'
				FROM declaraties WHERE id = $1`,
			`UPDATE toekenningen SET gepland = gepland + 1 WHERE $1::bigint > 0`,
		} {
			var affected int64
			err := db.Tx(zv, w.pool, func(tx pgx.Tx) error {
				tag, err := tx.Exec(context.Background(), q, id)
				affected = tag.RowsAffected()
				if err == nil && affected > 0 {
					return errors.New("roll back")
				}
				return err
			})
			if affected > 0 {
				t.Errorf("zorgverlener changed %d rows directly (%v): %s", affected, err, q)
			}
		}
		if w.row(id) != before {
			t.Fatalf("row changed: %s → %s", before, w.row(id))
		}
		if _, gepland, _ := w.toekenning(); gepland != 0 {
			t.Fatalf("something planned: %d", gepland)
		}
	}
	zvKanNietInplannen()

	// The budgethouder sees the concept but cannot approve it before it is sent.
	if err := w.svc.Goedkeuren(bh, id, v); err == nil {
		t.Fatal("approved a concept")
	}
	if _, err := w.svc.Opslaan(bh, id, v, declaratie.Invoer{}); err == nil {
		t.Fatal("budgethouder edited the zorgverlener's concept")
	}
	ongeldigVeld(t, w.svc.Versturen(zv, id, v, false), declaratie.VeldNaarWaarheid, "naar waarheid")
	if err := w.svc.Versturen(zv, id, v, true); err != nil {
		t.Fatal(err)
	}
	if w.status(id) != "ter_beoordeling" || w.berichten("Declaratie ter beoordeling") != 1 {
		t.Fatalf("after versturen: %s, %d berichten", w.status(id), w.berichten("Declaratie ter beoordeling"))
	}
	zvKanNietInplannen()
	d, _ := w.svc.Get(bh, id)
	if _, err := w.svc.Opslaan(zv, id, d.Versie, declaratie.Invoer{}); err == nil {
		t.Fatal("zorgverlener changed a declaratie ter beoordeling")
	}
	ongeldigVeld(t, w.svc.Afkeuren(bh, id, d.Versie, "  "), declaratie.VeldNotitie, "aangepast")
	if err := w.svc.Afkeuren(bh, id, d.Versie, "Op 4 februari was u er maar 3 uur."); err != nil {
		t.Fatal(err)
	}
	d, _ = w.svc.Get(zv, id)
	if d.Status != declaratie.Afgekeurd || d.Notitie != "Op 4 februari was u er maar 3 uur." || w.berichten("Declaratie afgekeurd") != 1 {
		t.Fatalf("after afkeuren: %s %q", d.Status, d.Notitie)
	}
	zvKanNietInplannen()
	v, err = w.svc.Opslaan(zv, id, d.Versie, declaratie.Invoer{Regels: uren(w.vorige, map[int]int64{3: 500, 4: 300})})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.svc.Versturen(zv, id, v, true); err != nil {
		t.Fatal(err)
	}
	d, _ = w.svc.Get(bh, id)
	if err := w.svc.Goedkeuren(bh, id, d.Versie); err != nil {
		t.Fatal(err)
	}
	d, _ = w.svc.Get(zv, id)
	if d.Status != declaratie.Ingepland || d.Totaal != 16000 || w.berichten("Declaratie goedgekeurd") != 1 {
		t.Fatalf("after goedkeuren: %s %d", d.Status, d.Totaal)
	}
	if _, gepland, _ := w.toekenning(); gepland != 16000 {
		t.Fatalf("gepland %d", gepland)
	}
}

func TestNeedToKnow(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid(bsnDeVries))
	zv := w.as(digid(bsnDeBoer))
	zovID := w.overeenkomst(w.bh, w.deBoer, inhoud(civil.Date{Year: w.jaar, Month: 1, Day: 1}))
	jan := civil.Date{Year: w.jaar, Month: 1, Day: 1}
	ingepland, v := w.concept(bh, declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: zovID, Periode: jan},
		declaratie.Invoer{Regels: uren(jan, map[int]int64{5: 300})})
	if err := w.svc.Indienen(bh, ingepland, v, true); err != nil {
		t.Fatal(err)
	}
	bhConcept, _ := w.concept(bh, declaratie.NieuwInvoer{Soort: declaratie.SoortVVB, Periode: w.vorige},
		declaratie.Invoer{Bedrag: 10000, IBAN: ibanDeBoer})
	zvConcept, _ := w.concept(zv, declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: zovID, Periode: w.vorige},
		declaratie.Invoer{Regels: uren(w.vorige, map[int]int64{5: 300})})
	all := []int64{ingepland, bhConcept, zvConcept}

	for name, ctx := range map[string]context.Context{
		"another budgethouder's vertegenwoordiger": w.as(digid(bsnMentor)),
		"an unrelated zorgverlener":                w.as(vecozo(agbDeLinde)),
		"another region's zorgkantoor":             w.as(eh(kvkZ2)),
		"a budgethouder who may only look":         w.as(digid(bsnGevolm)),
	} {
		for _, id := range all {
			before := w.row(id)
			versie := int(w.id(`SELECT versie FROM declaraties WHERE id = $1`, id))
			if _, err := w.svc.Get(ctx, id); !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("%s reads %d: %v", name, id, err)
			}
			if _, _, err := w.svc.Controleer(ctx, id); !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("%s checks %d: %v", name, id, err)
			}
			_, opslaan := w.svc.Opslaan(ctx, id, versie, declaratie.Invoer{Regels: uren(w.vorige, map[int]int64{6: 100}), Bedrag: 1})
			for action, err := range map[string]error{
				"opslaan":    opslaan,
				"indienen":   w.svc.Indienen(ctx, id, versie, true),
				"versturen":  w.svc.Versturen(ctx, id, versie, true),
				"goedkeuren": w.svc.Goedkeuren(ctx, id, versie),
				"afkeuren":   w.svc.Afkeuren(ctx, id, versie, "Nee"),
				"intrekken":  w.svc.IntrekkingAanvragen(ctx, id, versie),
				"besluiten":  w.svc.IntrekkingBesluiten(ctx, id, versie, true),
			} {
				if !errors.Is(err, apperr.ErrNotFound) && !errors.Is(err, apperr.ErrForbidden) {
					t.Errorf("%s %s %d: %v", name, action, id, err)
				}
			}
			if w.row(id) != before {
				t.Errorf("%s changed declaratie %d", name, id)
			}
		}
		if o, err := w.svc.Lijst(ctx, declaratie.Filter{}); err == nil && len(o.Rijen) > 0 {
			t.Errorf("%s sees %d rows in the overview", name, len(o.Rijen))
		}
		if a, _ := w.svc.Afspraken(ctx); len(a) > 0 {
			t.Errorf("%s may declare under %d agreements", name, len(a))
		}
		// Nor can they draft under the agreement.
		if _, err := w.svc.Nieuw(ctx, declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: zovID, Periode: jan}); err == nil {
			t.Errorf("%s drafted under the agreement", name)
		}
	}

	// Who sees what.
	for name, c := range map[string]struct {
		ctx  context.Context
		sees []int64
	}{
		"the budgethouder":             {bh, all},
		"the zorgverlener":             {zv, []int64{ingepland, zvConcept}},
		"the region's zorgkantoor":     {w.as(eh(kvkZK)), []int64{ingepland}},
		"the SVB":                      {w.as(eh(kvkSVB)), []int64{ingepland}},
		"the read-only budgethouder's": {w.as(digid(bsnGevolm)), nil},
	} {
		for _, id := range all {
			_, err := w.svc.Get(c.ctx, id)
			want := false
			for _, s := range c.sees {
				want = want || s == id
			}
			if want && err != nil {
				t.Errorf("%s does not see %d: %v", name, id, err)
			}
			if !want && !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("%s sees %d: %v", name, id, err)
			}
		}
	}
	o, err := w.svc.Lijst(zv, declaratie.Filter{})
	if err != nil || len(o.Rijen) != 2 {
		t.Fatalf("zorgverlener's overview: %v %+v", err, o.Rijen)
	}
	if _, _, err := w.svc.Resterend(zv, w.jaar); !errors.Is(err, apperr.ErrNotFound) {
		t.Error("the zorgverlener sees the budget")
	}
	if _, err := w.svc.VVBRuimte(zv, w.jaar, 0); !errors.Is(err, apperr.ErrNotFound) {
		t.Error("the zorgverlener sees the VVB")
	}
}

func TestGelijktijdigDezelfdeMaandPreciesEen(t *testing.T) {
	w := newWorld(t)
	zovID := w.overeenkomst(w.bh, w.deBoer, inhoud(civil.Date{Year: w.jaar, Month: 1, Day: 1}))
	n := declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: zovID, Periode: w.vorige}
	const N = 12
	errs := make([]error, N)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range N {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// The budgethouder in several tabs and the zorgverlener at the same time.
			ctx := w.as(digid(bsnDeVries))
			if i%3 == 2 {
				ctx = w.as(digid(bsnDeBoer))
			}
			<-start
			id, err := w.svc.Nieuw(ctx, n)
			if err == nil {
				var v int
				v, err = w.svc.Opslaan(ctx, id, 1, declaratie.Invoer{Regels: uren(w.vorige, map[int]int64{3: 200})})
				if err == nil && i%3 != 2 {
					err = w.svc.Indienen(ctx, id, v, true)
				} else if err == nil {
					err = w.svc.Versturen(ctx, id, v, true)
				}
			}
			errs[i] = err
		}()
	}
	close(start)
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, declaratie.ErrDubbel):
			t.Errorf("unexpected refusal: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d submissions succeeded: %v", ok, errs)
	}
	if n := w.id(`SELECT count(*) FROM declaraties WHERE zorgovereenkomst_id = $1 AND periode = $2`, zovID, w.vorige); n != 1 {
		t.Fatalf("%d declaraties for one month", n)
	}
	if n := w.id(`SELECT count(*) FROM betalingen WHERE zorgovereenkomst_id = $1`, zovID); n > 1 {
		t.Fatalf("%d betalingen", n)
	}
}

// TestDubbeleMaandViaDeIndex: when the check before inserting cannot see the
// other declaratie yet (it is not committed), the unique index refuses the
// second with the same message.
func TestDubbeleMaandViaDeIndex(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid(bsnDeVries))
	zovID := w.overeenkomst(w.bh, w.deBoer, inhoud(civil.Date{Year: w.jaar, Month: 1, Day: 1}))
	n := declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: zovID, Periode: w.vorige}
	done := make(chan error, 1)
	err := db.Tx(bh, w.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(context.Background(), `INSERT INTO declaraties (budgethouder_id, zorgovereenkomst_id, zorgverlener_id, soort, periode, ingevoerd_door)
			VALUES ($1, $2, $3, 'zorg', $4, 'budgethouder')`, w.bh, zovID, w.deBoer, w.vorige); err != nil {
			return err
		}
		go func() {
			_, err := w.svc.Nieuw(bh, n)
			done <- err
		}()
		time.Sleep(300 * time.Millisecond) // the other one passes its check and waits on the index
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = <-done
	if !errors.Is(err, declaratie.ErrDubbel) {
		t.Fatalf("second declaratie: %v", err)
	}
	if _, msg := apperr.Classify(err); !strings.HasPrefix(msg, "Voor deze zorgovereenkomst is over ") {
		t.Errorf("message %q", msg)
	}
}

func TestGelijktijdigIndienenVanEenDeclaratie(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid(bsnDeVries))
	zovID := w.overeenkomst(w.bh, w.deBoer, inhoud(civil.Date{Year: w.jaar, Month: 1, Day: 1}))
	id, v := w.concept(bh, declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: zovID, Periode: w.vorige},
		declaratie.Invoer{Regels: uren(w.vorige, map[int]int64{3: 200})})
	const N = 8
	errs := make([]error, N)
	var wg sync.WaitGroup
	for i := range N {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = w.svc.Indienen(bh, id, v, true) }()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if !errors.Is(err, declaratie.ErrStale) {
			t.Errorf("unexpected: %v", err)
		}
	}
	if ok != 1 || w.id(`SELECT count(*) FROM betalingen WHERE declaratie_id = $1`, id) != 1 {
		t.Fatalf("%d succeeded", ok)
	}
}

func TestBudgetBijnaOpNooitOverschreden(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid(bsnDeVries))
	w.system(`UPDATE toekenningen SET bedrag = 100000 WHERE budgethouder_id = $1 AND jaar = $2`, w.bh, w.jaar) // € 1.000
	zovID := w.overeenkomst(w.bh, w.deBoer, inhoud(civil.Date{Year: w.jaar, Month: 1, Day: 1}))
	const N = 20
	type c struct {
		id int64
		v  int
	}
	var concepts []c
	for range N {
		id, v := w.concept(bh, declaratie.NieuwInvoer{Soort: declaratie.SoortBijkomendeKosten, ZorgovereenkomstID: zovID, Periode: w.vorige},
			declaratie.Invoer{Bedrag: 7000, Omschrijving: "Incontinentiemateriaal"})
		concepts = append(concepts, c{id, v})
	}
	errs := make([]error, N)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, x := range concepts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := w.as(digid(bsnDeVries))
			<-start
			errs[i] = w.svc.Indienen(ctx, x.id, x.v, true)
		}()
	}
	close(start)
	wg.Wait()
	ok, kort := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, budget.ErrBudgetOntoereikend):
			kort++
			if _, msg := apperr.Classify(err); !strings.Contains(msg, "resterende budget") {
				t.Errorf("message %q", msg)
			}
		default:
			t.Errorf("unexpected: %v", err)
		}
	}
	bedrag, gepland, betaald := w.toekenning()
	if ok != 14 || kort != 6 || gepland != 98000 || gepland+betaald > bedrag {
		t.Fatalf("%d planned, %d refused; bedrag %d gepland %d betaald %d", ok, kort, bedrag, gepland, betaald)
	}
	if som := w.id(`SELECT coalesce(sum(bedrag), 0) FROM betalingen WHERE budgethouder_id = $1 AND jaar = $2 AND status = 'ingepland'`, w.bh, w.jaar); som != gepland {
		t.Fatalf("betalingen %d, gepland %d", som, gepland)
	}
	if n := w.id(`SELECT count(*) FROM declaraties WHERE budgethouder_id = $1 AND status = 'ingepland'`, w.bh); n != 14 {
		t.Fatalf("%d declaraties ingepland", n)
	}

	// € 20,00 remains: one cent more is refused, exactly that is planned.
	over, v := w.concept(bh, declaratie.NieuwInvoer{Soort: declaratie.SoortFeestdagen, ZorgovereenkomstID: zovID, Periode: w.vorige},
		declaratie.Invoer{Bedrag: 2001, Omschrijving: "Kerstuitkering"})
	err := w.svc.Indienen(bh, over, v, true)
	if _, msg := apperr.Classify(err); !errors.Is(err, budget.ErrBudgetOntoereikend) || !strings.Contains(msg, "€ 20,00") {
		t.Fatalf("one cent over: %v", err)
	}
	if w.status(over) != "concept" {
		t.Fatal("a refused declaratie changed state")
	}
	if v, err = w.svc.Opslaan(bh, over, v, declaratie.Invoer{Bedrag: 2000, Omschrijving: "Kerstuitkering"}); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.Indienen(bh, over, v, true); err != nil {
		t.Fatalf("exactly the remaining budget: %v", err)
	}
	if rest, ok, _ := w.svc.Resterend(bh, w.jaar); !ok || rest != 0 {
		t.Fatalf("resterend %d", rest)
	}
}

func TestVerantwoordingsvrijBedrag(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid(bsnDeVries))
	maart := civil.Date{Year: w.jaar, Month: 3, Day: 1}
	vvb, v := w.concept(bh, declaratie.NieuwInvoer{Soort: declaratie.SoortVVB, Periode: maart},
		declaratie.Invoer{Bedrag: 40000, IBAN: "NL91 ABNA 0417 1643 00"})
	// Not before some care was paid from the pgb this year.
	ongeldigVeld(t, w.svc.Indienen(bh, vvb, v, true), declaratie.VeldBedrag, "pas declareren")

	zovID := w.overeenkomst(w.bh, w.deBoer, inhoud(civil.Date{Year: w.jaar, Month: 1, Day: 1}))
	zorg, zv := w.concept(bh, declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: zovID, Periode: w.vorige},
		declaratie.Invoer{Regels: uren(w.vorige, map[int]int64{3: 200})})
	if err := w.svc.Indienen(bh, zorg, zv, true); err != nil {
		t.Fatal(err)
	}
	// Planned is not paid.
	ongeldigVeld(t, w.svc.Indienen(bh, vvb, v, true), declaratie.VeldBedrag, "pas declareren")
	if _, err := betaalrun.Run(context.Background(), w.pool, w.now, 0); err != nil {
		t.Fatal(err)
	}
	r, err := w.svc.VVBRuimte(bh, w.jaar, 0)
	// 1,5% of € 45.000 is € 675.
	if err != nil || r.Maximum != 67500 || !r.ZorgBetaald || r.Beschikbaar() != 67500 {
		t.Fatalf("ruimte %v %+v", err, r)
	}
	if err := w.svc.Indienen(bh, vvb, v, true); err != nil {
		t.Fatal(err)
	}
	var soort, iban, naam string
	var zvID *int64
	if err := w.pool.QueryRow(context.Background(), `SELECT soort, iban, naam, zorgverlener_id FROM betalingen WHERE declaratie_id = $1`, vvb).
		Scan(&soort, &iban, &naam, &zvID); err != nil {
		t.Fatal(err)
	}
	if soort != "vvb" || iban != "NL91ABNA0417164300" || naam != "J. de Vries" || zvID != nil {
		t.Fatalf("VVB betaling %s %s %s %v", soort, iban, naam, zvID)
	}
	// The rest in a second part: € 275 remain.
	tweede, v2 := w.concept(bh, declaratie.NieuwInvoer{Soort: declaratie.SoortVVB, Periode: maart},
		declaratie.Invoer{Bedrag: 27501, IBAN: "NL91ABNA0417164300"})
	ongeldigVeld(t, w.svc.Indienen(bh, tweede, v2, true), declaratie.VeldBedrag, "nog € 275,00")
	v2, _ = w.svc.Opslaan(bh, tweede, v2, declaratie.Invoer{Bedrag: 27500, IBAN: "NL91ABNA0417164300"})
	if err := w.svc.Indienen(bh, tweede, v2, true); err != nil {
		t.Fatal(err)
	}
	if r, _ := w.svc.VVBRuimte(bh, w.jaar, 0); r.Beschikbaar() != 0 || r.Gedeclareerd != 67500 {
		t.Fatalf("after both parts: %+v", r)
	}
}

func TestEtmalenTellenOverDeclaratiesHeen(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid(bsnDeVries))
	zovID := w.overeenkomst(w.bh, w.deBoer, inhoud(civil.Date{Year: w.jaar, Month: 1, Day: 1})) // 20 etmalen a year
	jan := civil.Date{Year: w.jaar, Month: 1, Day: 1}
	etmalen := func(m civil.Date, van, tot int) []declaratie.Regel {
		var out []declaratie.Regel
		for d := van; d <= tot; d++ {
			out = append(out, declaratie.Regel{Datum: civil.Date{Year: m.Year, Month: m.Month, Day: d}, Zorgfunctie: zov.Logeeropvang, Aantal: 100})
		}
		return out
	}
	id, v := w.concept(bh, declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: zovID, Periode: jan},
		declaratie.Invoer{Regels: etmalen(jan, 1, 15)})
	if err := w.svc.Indienen(bh, id, v, true); err != nil {
		t.Fatal(err)
	}
	id, v = w.concept(bh, declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: zovID, Periode: w.vorige},
		declaratie.Invoer{Regels: append(etmalen(w.vorige, 1, 4), declaratie.Regel{Datum: civil.Date{Year: w.jaar, Month: 2, Day: 6},
			EindDatum: civil.Date{Year: w.jaar, Month: 2, Day: 8}, Zorgfunctie: zov.Logeeropvang, Aantal: 200})})
	ongeldigVeld(t, w.svc.Indienen(bh, id, v, true), declaratie.VeldRegels, "20 etmalen")
	v, _ = w.svc.Opslaan(bh, id, v, declaratie.Invoer{Regels: append(etmalen(w.vorige, 1, 3), declaratie.Regel{Datum: civil.Date{Year: w.jaar, Month: 2, Day: 6},
		EindDatum: civil.Date{Year: w.jaar, Month: 2, Day: 8}, Zorgfunctie: zov.Logeeropvang, Aantal: 200})})
	if err := w.svc.Indienen(bh, id, v, true); err != nil {
		t.Fatalf("exactly 20 etmalen: %v", err)
	}
}

func TestOverzichtMetMaandlonen(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid(bsnDeVries))
	zovID := w.overeenkomst(w.bh, w.deBoer, inhoud(civil.Date{Year: w.jaar, Month: 1, Day: 1}))
	id, v := w.concept(bh, declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: zovID, Periode: w.vorige},
		declaratie.Invoer{Regels: uren(w.vorige, map[int]int64{3: 200})})
	if err := w.svc.Indienen(bh, id, v, true); err != nil {
		t.Fatal(err)
	}
	deLinde := w.id(`SELECT id FROM zorgverleners WHERE agb_code = $1`, agbDeLinde)
	ml := inhoud(civil.Date{Year: w.jaar, Month: 1, Day: 1})
	ml.Soort, ml.Maandloon, ml.MaandBedrag = zov.SoortInstelling, true, 50000
	ml.Zorgverlener = zov.Zorgverlener{Naam: "Thuiszorg De Linde", AGB: agbDeLinde, IBAN: ibanDeLinde}
	w.overeenkomst(w.bh, deLinde, ml)
	if res, err := budget.MaandloonenInplannen(context.Background(), w.pool, w.vorige); err != nil || res.Ingepland != 1 {
		t.Fatalf("maandlonen: %v %+v", err, res)
	}
	concept, _ := w.concept(bh, declaratie.NieuwInvoer{Soort: declaratie.SoortReiskostenBudgethouder, Periode: w.vorige},
		declaratie.Invoer{Bedrag: 1234, Omschrijving: "Taxi"})

	o, err := w.svc.Lijst(bh, declaratie.Filter{})
	if err != nil || len(o.Rijen) != 3 || o.Totaal != 4000+50000 {
		t.Fatalf("overview: %v %d rows, totaal %d", err, len(o.Rijen), o.Totaal)
	}
	if len(o.Zorgverleners) != 2 || len(o.Maanden) != 1 {
		t.Errorf("filters: %+v %v", o.Zorgverleners, o.Maanden)
	}
	for _, c := range []struct {
		name string
		f    declaratie.Filter
		want []int64 // declaratie ids; 0 is the maandloon
	}{
		{"maandlonen", declaratie.Filter{Soort: declaratie.SoortMaandloon}, []int64{0}},
		{"De Linde", declaratie.Filter{ZorgverlenerID: deLinde}, []int64{0}},
		{"De Boer", declaratie.Filter{ZorgverlenerID: w.deBoer}, []int64{id}},
		{"concept", declaratie.Filter{Status: declaratie.Concept}, []int64{concept}},
		{"zorg in the month", declaratie.Filter{Soort: string(declaratie.SoortZorg), Periode: w.vorige}, []int64{id}},
		{"another month", declaratie.Filter{Periode: civil.Date{Year: w.jaar, Month: 1, Day: 1}}, nil},
	} {
		o, err := w.svc.Lijst(bh, c.f)
		var got []int64
		for _, r := range o.Rijen {
			got = append(got, r.DeclaratieID)
		}
		if err != nil || len(got) != len(c.want) || (len(got) > 0 && got[0] != c.want[0]) {
			t.Errorf("%s: %v %v, want %v", c.name, err, got, c.want)
		}
	}
	// Each zorgverlener sees only its own: De Boer the declaratie, De Linde the maandloon.
	if o, _ := w.svc.Lijst(w.as(digid(bsnDeBoer)), declaratie.Filter{}); len(o.Rijen) != 1 || o.Rijen[0].DeclaratieID != id || len(o.Zorgverleners) != 0 {
		t.Errorf("De Boer's overview: %+v", o)
	}
	if o, _ := w.svc.Lijst(w.as(vecozo(agbDeLinde)), declaratie.Filter{}); len(o.Rijen) != 1 || o.Rijen[0].Soort != declaratie.SoortMaandloon {
		t.Errorf("De Linde's overview: %+v", o)
	}
	// Only agreements without maandloon can be declared.
	if a, _ := w.svc.Afspraken(bh); len(a) != 1 || a[0].ID != zovID {
		t.Errorf("afspraken: %+v", a)
	}
}

// TestDatabaseBewaaktStatusEnBetaling: also a party that bypasses the
// service cannot pay a declaratie that was not submitted, submit one without
// planning its payment, or move it to another month or budgethouder.
func TestDatabaseBewaaktStatusEnBetaling(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid(bsnDeVries))
	zovID := w.overeenkomst(w.bh, w.deBoer, inhoud(civil.Date{Year: w.jaar, Month: 1, Day: 1}))
	id, _ := w.concept(bh, declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: zovID, Periode: w.vorige},
		declaratie.Invoer{Regels: uren(w.vorige, map[int]int64{3: 200})})
	before := w.row(id)
	for name, fn := range map[string]func(tx pgx.Tx) error{
		"a betaling for a concept": func(tx pgx.Tx) error {
			_, err := budget.Inplannen(bh, tx, budget.Boeking{BudgethouderID: w.bh, DeclaratieID: id, ZorgverlenerID: w.deBoer,
				Soort: budget.SoortDeclaratie, Periode: w.vorige, Bedrag: 4000, IBAN: ibanDeBoer, Naam: "H. de Boer"})
			return err
		},
		"ingepland without betaling": func(tx pgx.Tx) error {
			_, err := tx.Exec(bh, `UPDATE declaraties SET status = 'ingepland', ingediend_op = now() WHERE id = $1`, id)
			return err
		},
		"another month": func(tx pgx.Tx) error {
			_, err := tx.Exec(bh, `UPDATE declaraties SET periode = periode - interval '1 month' WHERE id = $1`, id)
			return err
		},
		"another budgethouder": func(tx pgx.Tx) error {
			_, err := tx.Exec(bh, `UPDATE declaraties SET budgethouder_id = budgethouder_id + 1 WHERE id = $1`, id)
			return err
		},
		"paid twice": func(tx pgx.Tx) error {
			for range 2 {
				if _, err := budget.Inplannen(bh, tx, budget.Boeking{BudgethouderID: w.bh, DeclaratieID: id, ZorgverlenerID: w.deBoer,
					Soort: budget.SoortDeclaratie, Periode: w.vorige, Bedrag: 4000, IBAN: ibanDeBoer, Naam: "H. de Boer"}); err != nil {
					return err
				}
			}
			_, err := tx.Exec(bh, `UPDATE declaraties SET status = 'ingepland', ingediend_op = now() WHERE id = $1`, id)
			return err
		},
	} {
		if err := db.Tx(bh, w.pool, fn); err == nil {
			t.Errorf("%s: committed", name)
		}
		if w.row(id) != before {
			t.Fatalf("%s changed the declaratie", name)
		}
	}
	if _, gepland, _ := w.toekenning(); gepland != 0 {
		t.Fatalf("gepland %d", gepland)
	}
}

func TestBetaalrunWachtOpIntrekking(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid(bsnDeVries))
	svb := w.as(eh(kvkSVB))
	zovID := w.overeenkomst(w.bh, w.deBoer, inhoud(civil.Date{Year: w.jaar, Month: 1, Day: 1}))
	id, v := w.concept(bh, declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: zovID, Periode: w.vorige},
		declaratie.Invoer{Regels: uren(w.vorige, map[int]int64{5: 400})})
	if err := w.svc.Indienen(bh, id, v, true); err != nil {
		t.Fatal(err)
	}
	d, _ := w.svc.Get(bh, id)
	if err := w.svc.IntrekkingAanvragen(bh, id, d.Versie); err != nil {
		t.Fatal(err)
	}
	// While the SVB has not decided, the payment run leaves it alone.
	if res, err := betaalrun.Run(context.Background(), w.pool, w.now, 0); err != nil || res.Aantal != 0 {
		t.Fatalf("betaalrun paid a declaratie in withdrawal: %v %+v", err, res)
	}
	d, _ = w.svc.Get(svb, id)
	if err := w.svc.IntrekkingBesluiten(svb, id, d.Versie, false); err != nil {
		t.Fatal(err)
	}
	if res, err := betaalrun.Run(context.Background(), w.pool, w.now, 0); err != nil || res.Aantal != 1 {
		t.Fatalf("betaalrun after the withdrawal was refused: %v %+v", err, res)
	}
	if d, _ := w.svc.Get(bh, id); d.Status != declaratie.Uitbetaald {
		t.Fatalf("status %s", d.Status)
	}
}
