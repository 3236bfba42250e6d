package declaratie_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"pgbportaal/internal/budget"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/declaratie"
	zov "pgbportaal/internal/zorgovereenkomst"
)

// versie records a version of agreement id that took effect, as a wijziging does.
func (w *world) versie(id int64, nummer int, vanaf civil.Date, in zov.Inhoud) {
	w.t.Helper()
	doc, _ := json.Marshal(in)
	var wijziging any
	if nummer > 1 {
		// The change row the version came from.
		wijziging = w.id(`INSERT INTO zorgovereenkomsten (budgethouder_id, zorgverlener_id, status, inhoud, wijziging_van, soort_wijziging, per)
			SELECT budgethouder_id, zorgverlener_id, 'doorgevoerd', $2, id, 'wijziging', $3 FROM zorgovereenkomsten WHERE id = $1 RETURNING id`, id, doc, vanaf)
	}
	w.system(`INSERT INTO zorgovereenkomst_versies (zorgovereenkomst_id, nummer, vanaf, inhoud, wijziging_id) VALUES ($1, $2, $3, $4, $5)`,
		id, nummer, vanaf, doc, wijziging)
}

func TestDeclaratiePerDagGeprijsdNaarDeVersieInWerking(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid(bsnDeVries))
	jan, feb := civil.Date{Year: w.jaar, Month: 1, Day: 1}, w.vorige
	oud := inhoud(jan)
	nieuw := inhoud(feb)
	nieuw.Tarieven[0].Bedrag = 2500 // € 25,00 per uur from 1 February
	nieuw.Ingangsdatum = feb
	zovID := w.overeenkomst(w.bh, w.deBoer, func() zov.Inhoud { in := nieuw; in.Ingangsdatum = jan; return in }())
	w.versie(zovID, 1, jan, oud)
	w.versie(zovID, 2, feb, nieuw)

	// January, before the change: the old rate, even though the agreement now says € 25,00.
	janID, v := w.concept(bh, declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: zovID, Periode: jan},
		declaratie.Invoer{Regels: uren(jan, map[int]int64{30: 200, 31: 200})})
	if err := w.svc.Indienen(bh, janID, v, true); err != nil {
		t.Fatal(err)
	}
	// February, from the day of the change: the new rate.
	febID, v := w.concept(bh, declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: zovID, Periode: feb},
		declaratie.Invoer{Regels: uren(feb, map[int]int64{1: 200, 2: 100})})
	if err := w.svc.Indienen(bh, febID, v, true); err != nil {
		t.Fatal(err)
	}
	var janTotaal, febTotaal int64
	if err := w.pool.QueryRow(context.Background(), `SELECT (SELECT totaal FROM declaraties WHERE id = $1), (SELECT totaal FROM declaraties WHERE id = $2)`,
		janID, febID).Scan(&janTotaal, &febTotaal); err != nil {
		t.Fatal(err)
	}
	if janTotaal != 4*2000 || febTotaal != 3*2500 {
		t.Fatalf("totals: januari %d (want %d), februari %d (want %d)", janTotaal, 4*2000, febTotaal, 3*2500)
	}

	// Day by day inside one declaratie: a version that governs from the 15th
	// prices the days before it at the old rate and from it at the new one.
	regels, totaal, errs := declaratie.Bereken(uren(feb, map[int]int64{14: 100, 15: 100}), nieuw,
		zov.Versie{Nummer: 1, Vanaf: jan, Inhoud: oud}, zov.Versie{Nummer: 2, Vanaf: feb.AddDays(14), Inhoud: nieuw})
	if len(errs) > 0 || totaal != 2000+2500 || regels[0].Tarief != 2000 || regels[1].Tarief != 2500 {
		t.Fatalf("per day: %d %+v %v", totaal, regels, errs)
	}
}

func TestGeenDeclaratieOfMaandloonNaDeEinddatum(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid(bsnDeVries))
	jan := civil.Date{Year: w.jaar, Month: 1, Day: 1}
	// Ended (beëindigd) on 14 February.
	in := inhoud(jan)
	in.Onbepaald, in.Einddatum = false, civil.Date{Year: w.jaar, Month: 2, Day: 14}
	zovID := w.overeenkomst(w.bh, w.deBoer, in)

	id, v := w.concept(bh, declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: zovID, Periode: w.vorige},
		declaratie.Invoer{Regels: uren(w.vorige, map[int]int64{14: 200, 15: 200})})
	ongeldigVeld(t, w.svc.Indienen(bh, id, v, true), "u_15_persoonlijke_verzorging", "buiten de looptijd")
	v, err := w.svc.Opslaan(bh, id, v, declaratie.Invoer{Regels: uren(w.vorige, map[int]int64{14: 200})})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.svc.Indienen(bh, id, v, true); err != nil {
		t.Fatalf("the last day is still inside: %v", err)
	}
	// A month wholly after the einddatum cannot even be chosen.
	w.now = w.now.AddDate(0, 1, 0)
	maart := civil.Date{Year: w.jaar, Month: 3, Day: 1}
	_, err = w.svc.Nieuw(bh, declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: zovID, Periode: maart})
	ongeldigVeld(t, err, declaratie.VeldPeriode, "buiten de looptijd")

	// A maandloon ends with the agreement too.
	ml := inhoud(jan)
	ml.Maandloon, ml.MaandBedrag = true, 50000
	ml.Onbepaald, ml.Einddatum = false, civil.Date{Year: w.jaar, Month: 2, Day: 14}
	mlID := w.overeenkomst(w.bh, w.deBoer, ml)
	_, err = budget.MaandloonenInplannen(context.Background(), w.pool, maart)
	if err != nil {
		t.Fatal(err)
	}
	if n := w.id(`SELECT count(*) FROM betalingen WHERE zorgovereenkomst_id = $1 AND soort = 'maandloon' AND periode >= $2`, mlID, maart); n != 0 {
		t.Fatalf("maandloon after the einddatum: %d planned", n)
	}
	if _, err := budget.MaandloonenInplannen(context.Background(), w.pool, w.vorige); err != nil {
		t.Fatal(err)
	}
	if n := w.id(`SELECT count(*) FROM betalingen WHERE zorgovereenkomst_id = $1 AND soort = 'maandloon' AND periode = $2`, mlID, w.vorige); n != 1 {
		t.Fatalf("maandloon of the last month: %d", n)
	}
}

// TestUrenVanDeVersieInWerking: a change that lowers the hours from 1 March
// does not limit February, and a change still with the zorgkantoor does not
// count at all.
func TestUrenVanDeVersieInWerking(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid(bsnDeVries))
	jan, feb, maart := civil.Date{Year: w.jaar, Month: 1, Day: 1}, w.vorige, civil.Date{Year: w.jaar, Month: 3, Day: 1}
	oud := inhoud(jan) // 10 uur per week: at most 40 hours in February
	nieuw := inhoud(maart)
	nieuw.Uren = 200 // 2 uur per week from 1 March
	zovID := w.overeenkomst(w.bh, w.deBoer, func() zov.Inhoud { in := nieuw; in.Ingangsdatum = jan; return in }())
	w.versie(zovID, 1, jan, oud)
	w.versie(zovID, 2, maart, nieuw)

	// February under version 1: 40 hours fit, 40,5 do not.
	id, v := w.concept(bh, declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: zovID, Periode: feb},
		declaratie.Invoer{Regels: uren(feb, map[int]int64{2: 800, 3: 800, 4: 800, 5: 800, 6: 850})})
	ongeldigVeld(t, w.svc.Indienen(bh, id, v, true), declaratie.VeldRegels, "10 uur per week")
	v, err := w.svc.Opslaan(bh, id, v, declaratie.Invoer{Regels: uren(feb, map[int]int64{2: 800, 3: 800, 4: 800, 5: 800, 6: 800})})
	if err != nil {
		t.Fatal(err)
	}
	if _, errs, err := w.svc.Controleer(bh, id); err != nil || len(errs) > 0 {
		t.Fatalf("controleer: %v %v", err, errs)
	}
	if err := w.svc.Indienen(bh, id, v, true); err != nil {
		t.Fatalf("40 hours in February under version 1: %v", err)
	}
	if got := w.id(`SELECT totaal FROM declaraties WHERE id = $1`, id); got != 40*2000 {
		t.Errorf("totaal %d, want %d", got, 40*2000)
	}

	// Another agreement, never changed, with a change lowering the hours
	// that waits for the zorgkantoor: the agreement as approved still governs.
	enkel := inhoud(jan)
	andereID := w.overeenkomst(w.bh, w.deBoer, enkel)
	lager := inhoud(maart)
	lager.Uren = 100
	lager.Zorgverlener.ID = w.deBoer
	doc, _ := json.Marshal(lager)
	w.system(`INSERT INTO zorgovereenkomsten (budgethouder_id, zorgverlener_id, status, inhoud, wijziging_van, soort_wijziging, per, ingediend_op)
		VALUES ($1, $2, 'ter_beoordeling', $3, $4, 'wijziging', $5, now())`, w.bh, w.deBoer, doc, andereID, maart)
	id, v = w.concept(bh, declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: andereID, Periode: feb},
		declaratie.Invoer{Regels: uren(feb, map[int]int64{9: 2000, 10: 2000})})
	if err := w.svc.Indienen(bh, id, v, true); err != nil {
		t.Fatalf("a change with the zorgkantoor limited February: %v", err)
	}
}

// TestMaandloonVanafEenLatereMaand: an agreement declared achteraf until a
// change to a vast maandbedrag from 1 March: February can still be
// declared, March cannot.
func TestMaandloonVanafEenLatereMaand(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid(bsnDeVries))
	jan, feb, maart := civil.Date{Year: w.jaar, Month: 1, Day: 1}, w.vorige, civil.Date{Year: w.jaar, Month: 3, Day: 1}
	ml := inhoud(maart)
	ml.Maandloon, ml.MaandBedrag = true, 50000
	zovID := w.overeenkomst(w.bh, w.deBoer, func() zov.Inhoud { in := ml; in.Ingangsdatum = jan; return in }())
	w.versie(zovID, 1, jan, inhoud(jan))
	w.versie(zovID, 2, maart, ml)

	id, v := w.concept(bh, declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: zovID, Periode: feb},
		declaratie.Invoer{Regels: uren(feb, map[int]int64{3: 300})})
	if err := w.svc.Indienen(bh, id, v, true); err != nil {
		t.Fatalf("February before the maandloon: %v", err)
	}
	// March has the maandloon: no declaratie (once it has passed).
	w.now = w.now.AddDate(0, 1, 0)
	_, err := w.svc.Nieuw(bh, declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: zovID, Periode: maart})
	ongeldigVeld(t, err, declaratie.VeldZorgovereenkomst, "vast maandbedrag")
}

// TestAfsprakenNaarDeMaand: the agreements offered for a new declaratie
// follow the versions in the months that can be declared, not the newest
// version: one switched to a maandloon from 1 March is still offered for
// January and February, one that was a maandloon until March only for
// March, and one with a maandloon in every month not at all.
func TestAfsprakenNaarDeMaand(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid(bsnDeVries))
	zv := w.as(digid(bsnDeBoer))
	jan, feb, maart := civil.Date{Year: w.jaar, Month: 1, Day: 1}, w.vorige, civil.Date{Year: w.jaar, Month: 3, Day: 1}
	maandloon := func(in zov.Inhoud) zov.Inhoud { in.Maandloon, in.MaandBedrag = true, 50000; return in }
	vanaf := func(in zov.Inhoud, d civil.Date) zov.Inhoud { in.Ingangsdatum = d; return in }

	naarMaandloon := w.overeenkomst(w.bh, w.deBoer, vanaf(maandloon(inhoud(maart)), jan))
	w.versie(naarMaandloon, 1, jan, inhoud(jan))
	w.versie(naarMaandloon, 2, maart, maandloon(inhoud(maart)))
	vanMaandloon := w.overeenkomst(w.bh, w.deBoer, vanaf(inhoud(maart), jan))
	w.versie(vanMaandloon, 1, jan, maandloon(inhoud(jan)))
	w.versie(vanMaandloon, 2, maart, inhoud(maart))
	w.overeenkomst(w.bh, w.deBoer, maandloon(inhoud(jan)))
	gewoon := w.overeenkomst(w.bh, w.deBoer, inhoud(jan))

	want := map[int64][]civil.Date{naarMaandloon: {feb, jan}, vanMaandloon: {maart}, gewoon: {maart, feb, jan}}
	for naam, ctx := range map[string]context.Context{"budgethouder": bh, "zorgverlener": zv} {
		afspraken, err := w.svc.Afspraken(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := map[int64][]civil.Date{}
		for _, af := range afspraken {
			got[af.ID] = af.Maanden
		}
		if len(got) != len(want) {
			t.Errorf("%s: offered %v, want %v", naam, got, want)
		}
		for id, maanden := range want {
			if !slices.Equal(got[id], maanden) {
				t.Errorf("%s: agreement %d months %v, want %v", naam, id, got[id], maanden)
			}
		}
	}

	// What is offered can be started for those months.
	if _, err := w.svc.Nieuw(bh, declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: naarMaandloon, Periode: feb}); err != nil {
		t.Fatalf("February before the maandloon: %v", err)
	}
	_, err := w.svc.Nieuw(bh, declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: vanMaandloon, Periode: feb})
	ongeldigVeld(t, err, declaratie.VeldZorgovereenkomst, "vast maandbedrag")
	if _, err := w.svc.Nieuw(bh, declaratie.NieuwInvoer{Soort: declaratie.SoortBijkomendeKosten, ZorgovereenkomstID: vanMaandloon, Periode: maart}); err != nil {
		t.Fatalf("March after the maandloon: %v", err)
	}
}

// TestFactuurNaarDeVersieVanDeMaand: the SVB enters an invoice under the
// version in force in the invoice's month. An invoice over February is
// entered although a maandloon governs from 1 March; one over February of
// an agreement that was a maandloon until March is refused.
func TestFactuurNaarDeVersieVanDeMaand(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid(bsnDeVries))
	svb := w.as(eh(kvkSVB))
	jan, feb, maart := civil.Date{Year: w.jaar, Month: 1, Day: 1}, w.vorige, civil.Date{Year: w.jaar, Month: 3, Day: 1}
	maandloon := func(in zov.Inhoud) zov.Inhoud { in.Maandloon, in.MaandBedrag = true, 50000; return in }
	vanaf := func(in zov.Inhoud, d civil.Date) zov.Inhoud { in.Ingangsdatum = d; return in }
	inv := declaratie.VerwerkInvoer{Soort: declaratie.SoortZorg, Bedrag: 6000, Omschrijving: "Zorg februari"}

	// Uploaded over February; the change to a maandloon from 1 March takes
	// effect before the SVB enters it.
	naarMaandloon := w.overeenkomst(w.bh, w.deBoer, inhoud(jan))
	id, err := w.svc.FactuurUploaden(bh, declaratie.UploadInvoer{ZorgovereenkomstID: naarMaandloon, Periode: feb, Bestandsnaam: "f.pdf", Inhoud: minimalPDF})
	if err != nil {
		t.Fatal(err)
	}
	w.system(`UPDATE zorgovereenkomsten SET inhoud = $2 WHERE id = $1`, naarMaandloon, func() []byte {
		in := vanaf(maandloon(inhoud(maart)), jan)
		in.Zorgverlener.ID = w.deBoer
		doc, _ := json.Marshal(in)
		return doc
	}())
	w.versie(naarMaandloon, 1, jan, inhoud(jan))
	w.versie(naarMaandloon, 2, maart, maandloon(inhoud(maart)))
	dID, err := w.svc.FactuurVerwerken(svb, id, inv)
	if err != nil {
		t.Fatalf("February before the maandloon: %v", err)
	}
	if d, err := w.svc.Get(bh, dID); err != nil || d.ZorgovereenkomstID != naarMaandloon || d.Periode != feb || d.Status != declaratie.Ingepland {
		t.Fatalf("declaratie: %v %+v", err, d)
	}
	// Uploading over February is still possible; over March it is not.
	if _, err := w.svc.FactuurUploaden(bh, declaratie.UploadInvoer{ZorgovereenkomstID: naarMaandloon, Periode: feb, Bestandsnaam: "f.pdf", Inhoud: minimalPDF}); err != nil {
		t.Fatalf("upload over February: %v", err)
	}
	_, err = w.svc.FactuurUploaden(bh, declaratie.UploadInvoer{ZorgovereenkomstID: naarMaandloon, Periode: maart, Bestandsnaam: "f.pdf", Inhoud: minimalPDF})
	ongeldigVeld(t, err, declaratie.VeldZorgovereenkomst, "vast maandbedrag")

	// A maandloon until March: February is paid as maandloon, not declared,
	// also when the invoice was uploaded before the change was recorded.
	vanMaandloon := w.overeenkomst(w.bh, w.deBoer, inhoud(jan))
	id, err = w.svc.FactuurUploaden(bh, declaratie.UploadInvoer{ZorgovereenkomstID: vanMaandloon, Periode: feb, Bestandsnaam: "f.pdf", Inhoud: minimalPDF})
	if err != nil {
		t.Fatal(err)
	}
	w.versie(vanMaandloon, 1, jan, maandloon(inhoud(jan)))
	w.versie(vanMaandloon, 2, maart, inhoud(maart))
	_, err = w.svc.FactuurVerwerken(svb, id, inv)
	ongeldigVeld(t, err, declaratie.VeldSoort, "vast maandbedrag")
	if n := w.id(`SELECT count(*) FROM declaraties WHERE zorgovereenkomst_id = $1`, vanMaandloon); n != 0 {
		t.Fatalf("%d declaraties under the maandloon", n)
	}
	_, err = w.svc.FactuurUploaden(bh, declaratie.UploadInvoer{ZorgovereenkomstID: vanMaandloon, Periode: feb, Bestandsnaam: "f.pdf", Inhoud: minimalPDF})
	ongeldigVeld(t, err, declaratie.VeldZorgovereenkomst, "vast maandbedrag")
}
