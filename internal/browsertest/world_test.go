package browsertest_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"pgbportaal/internal/auth"
	"pgbportaal/internal/betaalrun"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/declaratie"
	"pgbportaal/internal/demo"
	"pgbportaal/internal/melding"
	"pgbportaal/internal/testutil/apptest"
	zov "pgbportaal/internal/zorgovereenkomst"
)

// world is the demo data plus one of everything in a state worth looking
// at, so that the crawl sees pages filled in: agreements in every stage,
// declaraties entered by each side, an invoice, a payment run and a
// withdrawal. It is built through the services, as the parties would.
type world struct {
	app *apptest.App

	// Agreements of the demo budgethouder mevrouw J. de Vries.
	zovConcept     int64 // a complete concept with H. de Boer
	zovGedeeld     int64 // shared with H. de Boer, waiting for the zorgverlener
	zovBeoordeeld  int64 // signed by both with Thuiszorg De Linde, waiting for the zorgkantoor
	zovGoed        int64 // approved, with H. de Boer, from three months back
	zovGoedLinde   int64 // approved, with Thuiszorg De Linde, from three months back
	zovBeeindiging int64 // the beëindiging of zovGoedLinde that took effect (its version 2)
	zovWijziging   int64 // a rate change of zovGoedLinde per next month, signed by both, waiting for the zorgkantoor

	dclConcept   int64 // the budgethouder's concept of last month, hours entered
	dclIngepland int64 // submitted by the budgethouder two months back, then paid
	dclVerstuurd int64 // entered by Thuiszorg De Linde for last month, for the budgethouder to assess
	dclIntrekken int64 // approved and then asked to be withdrawn: in the SVB's queue
	factuur      int64 // an uploaded PDF invoice in the SVB's queue
	betaalrun    int64 // a payment run with its SEPA file
	bericht      int64 // a bericht of the budgethouder
	melding      int64 // a ziekmelding of H. de Boer, open
	klacht       int64 // a klacht of the budgethouder, open, with Zorgkantoor Amstelland
}

const minimalCrawlPDF = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
	"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

func newWorld(t *testing.T) *world {
	t.Helper()
	app := apptest.StartApp(t)
	ctx := context.Background()
	if err := demo.Load(ctx, app.Pool); err != nil {
		t.Fatal(err)
	}
	w := &world{app: app}
	now := time.Now()
	today := civil.Today(now)
	id := func(q string, args ...any) int64 {
		t.Helper()
		var v int64
		if err := app.Pool.QueryRow(ctx, q, args...).Scan(&v); err != nil {
			t.Fatalf("world: %s: %v", q, err)
		}
		return v
	}
	as := func(i auth.Identity) context.Context {
		t.Helper()
		if i.Assurance == "" {
			i.Assurance = map[auth.Means]string{auth.DigiD: "urn:nl:digid:substantieel", auth.EHerkenning: "urn:etoegang:core:assurance-class:loa3", auth.Vecozo: "vecozo"}[i.Means]
		}
		opts, err := auth.Resolve(ctx, app.Pool, i, now)
		if err != nil || len(opts) == 0 {
			t.Fatalf("world: resolve %+v: %v", i, err)
		}
		return auth.WithActor(ctx, opts[0].Actor)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("world: %v", err)
		}
	}
	bh := as(auth.Identity{Means: auth.DigiD, BSN: "111222333"})
	deBoer := as(auth.Identity{Means: auth.DigiD, BSN: "135792460"})
	linde := as(auth.Identity{Means: auth.Vecozo, AGB: "75012345"})
	zk := as(auth.Identity{Means: auth.EHerkenning, KvK: "41000001", ActingSubject: "amstelland-beoordelaar-1"})
	svb := as(auth.Identity{Means: auth.EHerkenning, KvK: "27000001", ActingSubject: "svb-medewerker-1"})
	_ = zk

	bhID := id(`SELECT id FROM budgethouders WHERE relatienummer = 'PGB1000001'`)
	deBoerID := id(`SELECT z.id FROM zorgverleners z JOIN personen p ON p.id = z.persoon_id WHERE p.bsn = '135792460'`)
	lindeID := id(`SELECT id FROM zorgverleners WHERE agb_code = '75012345'`)
	// Last year's budget too, so months back in January still have one.
	for _, m := range []civil.Date{today.AddMonths(-1), today.AddMonths(-2), today.AddMonths(-3)} {
		_, err := app.Pool.Exec(ctx, `INSERT INTO toekenningen (budgethouder_id, jaar, bedrag, ingangsdatum, zorgprofiel)
			VALUES ($1, $2, 4500000, make_date($2, 1, 1), '5VV') ON CONFLICT (budgethouder_id, jaar) DO NOTHING`, bhID, m.Year)
		must(err)
	}

	informeel := func(start civil.Date) zov.Inhoud {
		return zov.Inhoud{
			Soort: zov.SoortFamilie, BudgethouderNaam: "J. de Vries",
			Zorgverlener: zov.Zorgverlener{ID: deBoerID, Naam: "H. de Boer", BSN: "135792460", IBAN: "NL91ABNA0417164300",
				Geboortedatum: civil.Date{Year: 1970, Month: 5, Day: 1},
				Adres:         zov.Adres{Straat: "Kerkstraat", Huisnummer: "3", Postcode: "1234 AB", Woonplaats: "Amstelveen"}},
			Ingangsdatum: start, Onbepaald: true, Uren: 1000, UrenPer: "week",
			Tarieven:   []zov.Tarief{{Zorgfunctie: zov.PersoonlijkeVerzorging, Eenheid: zov.PerUur, Bedrag: 2000}},
			Reiskosten: true, ReiskostenPerKm: 19, StandaardAfspraken: true,
			Zorgbehoefte: "Hulp bij wassen en aankleden.", WelkeZorg: "Persoonlijke verzorging in de ochtend.",
			WaaromZorg: "Door een beperking lukt dit niet zelfstandig.",
		}
	}
	formeel := func(start civil.Date) zov.Inhoud {
		return zov.Inhoud{
			Soort: zov.SoortInstelling, BudgethouderNaam: "J. de Vries",
			Zorgverlener: zov.Zorgverlener{ID: lindeID, Naam: "Thuiszorg De Linde", AGB: "75012345", IBAN: "NL91ABNA0417164300"},
			Ingangsdatum: start, Onbepaald: true, Uren: 2000, UrenPer: "maand",
			Tarieven:           []zov.Tarief{{Zorgfunctie: zov.Verpleging, Eenheid: zov.PerUur, Bedrag: 6500}},
			StandaardAfspraken: true,
			Zorgbehoefte:       "Wondzorg.", WelkeZorg: "Verpleging twee keer per week.", WaaromZorg: "Na een operatie.",
		}
	}
	versie := func(table string, x int64) int {
		return int(id(`SELECT versie FROM `+table+` WHERE id = $1`, x))
	}
	goedgekeurd := func(zv int64, in zov.Inhoud) int64 {
		doc, _ := json.Marshal(in)
		return id(`INSERT INTO zorgovereenkomsten (budgethouder_id, zorgverlener_id, status, inhoud, ingediend_op, beoordeeld_op)
			VALUES ($1, $2, 'goedgekeurd', $3, now(), now()) RETURNING id`, bhID, zv, doc)
	}
	zsvc := &zov.Service{Pool: app.Pool}
	dsvc := &declaratie.Service{Pool: app.Pool}
	volgende := today.AddMonths(1).FirstOfMonth()
	vorige := today.FirstOfMonth().AddMonths(-1)

	var err error
	w.zovConcept, err = zsvc.Nieuw(bh, informeel(volgende))
	must(err)
	w.zovGedeeld, err = zsvc.Nieuw(bh, informeel(volgende.AddMonths(6)))
	must(err)
	must(zsvc.Delen(bh, w.zovGedeeld, versie("zorgovereenkomsten", w.zovGedeeld), "Wil je de uren controleren?"))
	w.zovBeoordeeld, err = zsvc.Nieuw(bh, formeel(volgende.AddMonths(6)))
	must(err)
	must(zsvc.Delen(bh, w.zovBeoordeeld, versie("zorgovereenkomsten", w.zovBeoordeeld), ""))
	must(zsvc.OndertekenenZV(linde, w.zovBeoordeeld, versie("zorgovereenkomsten", w.zovBeoordeeld)))
	must(zsvc.OndertekenenBH(bh, w.zovBeoordeeld, versie("zorgovereenkomsten", w.zovBeoordeeld)))
	w.zovGoed = goedgekeurd(deBoerID, informeel(today.FirstOfMonth().AddMonths(-3)))
	w.zovGoedLinde = goedgekeurd(lindeID, formeel(today.FirstOfMonth().AddMonths(-3)))
	// A beëindiging of the agreement with De Linde, agreed and signed by both:
	// the agreement has a second version and a change that took effect.
	w.zovBeeindiging, err = zsvc.Beeindigen(bh, w.zovGoedLinde, versie("zorgovereenkomsten", w.zovGoedLinde), today.AddMonths(6).LastOfMonth(), "")
	must(err)
	must(zsvc.OndertekenenZV(linde, w.zovBeeindiging, versie("zorgovereenkomsten", w.zovBeeindiging)))
	must(zsvc.OndertekenenBH(bh, w.zovBeeindiging, versie("zorgovereenkomsten", w.zovBeeindiging)))
	// Then a new rate for De Linde from next month, for the zorgkantoor to assess.
	w.zovWijziging, err = zsvc.Wijzigen(bh, w.zovGoedLinde, versie("zorgovereenkomsten", w.zovGoedLinde), volgende)
	must(err)
	wijziging, err := zsvc.Get(bh, w.zovWijziging)
	must(err)
	wijziging.Inhoud.Tarieven = []zov.Tarief{{Zorgfunctie: zov.Verpleging, Eenheid: zov.PerUur, Bedrag: 7000}}
	_, err = zsvc.Opslaan(bh, w.zovWijziging, wijziging.Versie, wijziging.Inhoud)
	must(err)
	must(zsvc.Delen(bh, w.zovWijziging, versie("zorgovereenkomsten", w.zovWijziging), ""))
	must(zsvc.OndertekenenZV(linde, w.zovWijziging, versie("zorgovereenkomsten", w.zovWijziging)))
	must(zsvc.OndertekenenBH(bh, w.zovWijziging, versie("zorgovereenkomsten", w.zovWijziging)))

	uren := func(m civil.Date, f zov.Zorgfunctie, days ...int) []declaratie.Regel {
		var out []declaratie.Regel
		for _, d := range days {
			out = append(out, declaratie.Regel{Datum: civil.Date{Year: m.Year, Month: m.Month, Day: d}, Zorgfunctie: f, Aantal: 300})
		}
		return out
	}
	concept := func(ctx context.Context, zovID int64, m civil.Date, f zov.Zorgfunctie) (int64, int) {
		t.Helper()
		x, err := dsvc.Nieuw(ctx, declaratie.NieuwInvoer{Soort: declaratie.SoortZorg, ZorgovereenkomstID: zovID, Periode: m})
		must(err)
		v, err := dsvc.Opslaan(ctx, x, 1, declaratie.Invoer{Regels: uren(m, f, 2, 3, 9, 10)})
		must(err)
		return x, v
	}
	// Paid: submitted two months back, then the payment run.
	var v int
	w.dclIngepland, v = concept(bh, w.zovGoed, vorige.AddMonths(-1), zov.PersoonlijkeVerzorging)
	must(dsvc.Indienen(bh, w.dclIngepland, v, true))
	svbActor, _ := auth.ActorFrom(svb)
	res, err := betaalrun.Run(svb, app.Pool, now, svbActor.MedewerkerID)
	must(err)
	w.betaalrun = res.RunID
	// Approved and then asked to be withdrawn (three months back).
	w.dclIntrekken, v = concept(deBoer, w.zovGoed, vorige.AddMonths(-2), zov.PersoonlijkeVerzorging)
	must(dsvc.Versturen(deBoer, w.dclIntrekken, v, true))
	must(dsvc.Goedkeuren(bh, w.dclIntrekken, versie("declaraties", w.dclIntrekken)))
	must(dsvc.IntrekkingAanvragen(bh, w.dclIntrekken, versie("declaraties", w.dclIntrekken)))
	// The budgethouder's concept of last month.
	w.dclConcept, _ = concept(bh, w.zovGoed, vorige, zov.PersoonlijkeVerzorging)
	// Thuiszorg De Linde's declaratie of last month, for the budgethouder.
	w.dclVerstuurd, v = concept(linde, w.zovGoedLinde, vorige, zov.Verpleging)
	must(dsvc.Versturen(linde, w.dclVerstuurd, v, true))

	w.factuur, err = dsvc.FactuurUploaden(bh, declaratie.UploadInvoer{ZorgovereenkomstID: w.zovGoedLinde, Periode: vorige.AddMonths(-1),
		Bestandsnaam: "factuur.pdf", Inhoud: []byte(minimalCrawlPDF)})
	must(err)
	w.melding, err = (&melding.Service{Pool: app.Pool}).Melden(bh, melding.Invoer{Soort: melding.Ziek, ZorgovereenkomstID: w.zovGoed,
		Begindatum: today.AddDays(-2).String()})
	must(err)
	w.bericht = id(`SELECT id FROM berichten WHERE budgethouder_id = $1 ORDER BY id LIMIT 1`, bhID)
	w.klacht = id(`INSERT INTO klachten (soort, onderwerp, toelichting, budgethouder_id, behandelaar_id)
		VALUES ('klacht', 'Knop Opslaan', 'De knop Opslaan reageert niet op mijn telefoon.', $1, (SELECT zorgkantoor_id FROM budgethouders WHERE id = $1)) RETURNING id`, bhID)
	return w
}
