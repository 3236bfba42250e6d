package browsertest_test

import (
	"context"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"pgbportaal/internal/browsertest"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/declaratie"
	"pgbportaal/internal/demo"
	"pgbportaal/internal/testutil/apptest"
	zov "pgbportaal/internal/zorgovereenkomst"
)

var dclInPath = regexp.MustCompile(`/declaraties/(\d+)`)

// declaratieApp is the portal with the demo data and an approved agreement
// between the demo budgethouder (mevrouw J. de Vries) and the informal demo
// zorgverlener (H. de Boer) from three months back: 10 hours a week
// persoonlijke verzorging at € 20,00 an hour and reiskosten at € 0,19 per km.
// It is stored directly, because a draft may start at most two months back.
func declaratieApp(t *testing.T) (*apptest.App, int64) {
	t.Helper()
	app := apptest.StartApp(t)
	ctx := context.Background()
	if err := demo.Load(ctx, app.Pool); err != nil {
		t.Fatal(err)
	}
	today := civil.Today(time.Now())
	in := zov.Inhoud{
		Soort: zov.SoortFamilie, BudgethouderNaam: "J. de Vries",
		Zorgverlener: zov.Zorgverlener{Naam: "H. de Boer", BSN: "135792460", IBAN: "NL91ABNA0417164300"},
		Ingangsdatum: today.FirstOfMonth().AddMonths(-3), Onbepaald: true, Uren: 1000, UrenPer: "week",
		Tarieven:   []zov.Tarief{{Zorgfunctie: zov.PersoonlijkeVerzorging, Eenheid: zov.PerUur, Bedrag: 2000}},
		Reiskosten: true, ReiskostenPerKm: 19, StandaardAfspraken: true,
	}
	var zv, id int64
	if err := app.Pool.QueryRow(ctx, `SELECT z.id FROM zorgverleners z JOIN personen p ON p.id = z.persoon_id WHERE p.bsn = '135792460'`).Scan(&zv); err != nil {
		t.Fatal(err)
	}
	in.Zorgverlener.ID = zv
	doc, _ := json.Marshal(in)
	if err := app.Pool.QueryRow(ctx, `INSERT INTO zorgovereenkomsten (budgethouder_id, zorgverlener_id, status, inhoud, ingediend_op, beoordeeld_op)
		SELECT b.id, $1, 'goedgekeurd', $2, now(), now() FROM budgethouders b WHERE b.relatienummer = 'PGB1000001' RETURNING id`, zv, doc).Scan(&id); err != nil {
		t.Fatal(err)
	}
	// In January, last month's budget is last year's.
	for _, m := range []civil.Date{today.AddMonths(-1), today.AddMonths(-2)} {
		if _, err := app.Pool.Exec(ctx, `INSERT INTO toekenningen (budgethouder_id, jaar, bedrag, ingangsdatum, zorgprofiel)
			SELECT b.id, $1, 4500000, make_date($1, 1, 1), '5VV' FROM budgethouders b WHERE b.relatienummer = 'PGB1000001'
			ON CONFLICT (budgethouder_id, jaar) DO NOTHING`, m.Year); err != nil {
			t.Fatal(err)
		}
	}
	return app, id
}

// ddText is the text of the dd after the dt labelled label ("" when none).
func ddText(b *browsertest.Browser, label string) string {
	return browsertest.Eval[string](b, `(() => { const dt = [...document.querySelectorAll("dt")].find(x => x.textContent.trim() === `+jsString(label)+`);
		return dt && dt.nextElementSibling ? dt.nextElementSibling.textContent.trim() : ""; })()`)
}

// overflowing names the elements that stick out on the right, to explain a horizontal scroll.
func overflowing(b *browsertest.Browser) string {
	return browsertest.Eval[string](b, `(() => { const w = document.documentElement.clientWidth;
		return [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > w + 0.5)
			.slice(0, 8).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + "." + [...e.classList].join(".") + " " + Math.round(e.getBoundingClientRect().right)).join(", "); })()`)
}

func inputValue(b *browsertest.Browser, id string) string {
	return browsertest.Eval[string](b, `(() => { const f = document.getElementById(`+jsString(id)+`); return f ? f.value : "<none>"; })()`)
}

// eersteWeek returns the first whole week (Monday to Sunday) of month m and its number on the grid.
func eersteWeek(m civil.Date) (int, civil.Date) {
	week := 1
	for d := m; d.Month == m.Month; d = d.AddDays(1) {
		if d.Weekday() == time.Monday {
			if d.Day != 1 {
				week++
			}
			return week, d
		}
	}
	return 0, civil.Date{}
}

func TestDeclaratieJourneyBudgethouder(t *testing.T) {
	app, zovID := declaratieApp(t)
	vorige := civil.Today(time.Now()).FirstOfMonth().AddMonths(-1)
	b := browsertest.New(t)
	b.BaseURL = app.URL

	loginAs(t, b, "digid", "Budgethouder")
	completeProfile(t, b, false)
	b.Navigate("/budget")
	b.WaitVisible("h1")
	budgetPagina := strings.Contains(b.Text("h1"), "Overzicht budget")
	resterendVoor := ddText(b, "Resterend budget")

	b.Navigate("/")
	b.WaitVisible("h1")
	press(t, b, "Indienen declaratie")
	expectText(t, b, "Stap 1 van 3")
	b.AssertNoAxeViolations()
	b.Screenshot("declaratie-stap1-1280")
	choose(t, b, "soort", "zorg")
	set(t, b, "zorgovereenkomst", strconv.FormatInt(zovID, 10))
	set(t, b, "periode", vorige.ISO()[:7])
	press(t, b, "Volgende stap")
	m := dclInPath.FindStringSubmatch(b.Location())
	if m == nil {
		t.Fatalf("no declaratie after step 1: %s (%s)", b.Location(), bodyText(b))
	}
	id := m[1]
	expectText(t, b, "€ 20,00 per uur")
	b.AssertNoAxeViolations()

	// The first whole week: Monday, Wednesday and Friday, with kilometres on Monday.
	n, ma := eersteWeek(vorige)
	set(t, b, declaratie.VeldAantal(ma, zov.PersoonlijkeVerzorging), "2,5")
	set(t, b, declaratie.VeldAantal(ma.AddDays(2), zov.PersoonlijkeVerzorging), "3")
	set(t, b, declaratie.VeldAantal(ma.AddDays(4), zov.PersoonlijkeVerzorging), "2")
	set(t, b, declaratie.VeldKm(ma), "10")
	b.Click(`button[data-dcl-week="` + strconv.Itoa(n) + `"]`)
	volgende := ma.AddDays(7)
	for _, c := range []struct{ id, want string }{
		{declaratie.VeldAantal(volgende, zov.PersoonlijkeVerzorging), "2,5"},
		{declaratie.VeldAantal(volgende.AddDays(2), zov.PersoonlijkeVerzorging), "3"},
		{declaratie.VeldAantal(volgende.AddDays(4), zov.PersoonlijkeVerzorging), "2"},
		{declaratie.VeldKm(volgende), "10"},
	} {
		if got := inputValue(b, c.id); got != c.want {
			t.Errorf("Kopieer naar volgende week: %s = %q, want %q", c.id, got, c.want)
		}
	}
	if !strings.Contains(b.Text("#dcl-kopieer-status"), "gekopieerd") {
		t.Error("the copy is not announced")
	}
	b.Screenshot("declaratie-rooster-1280")
	// WCAG reflow: the grid stays usable on a phone, without scrolling sideways.
	b.SetViewport(320, 640)
	if b.HasHorizontalScroll() {
		b.Screenshot("declaratie-rooster-320-overflow")
		t.Errorf("the grid page scrolls horizontally at 320 px wide: %s", overflowing(b))
	}
	b.AssertNoAxeViolations()
	b.Screenshot("declaratie-rooster-320")
	b.SetViewport(1280, 800)

	// Saved in between, the copied hours are kept.
	press(t, b, "Tussentijds opslaan")
	expectText(t, b, "opgeslagen")
	if got := inputValue(b, declaratie.VeldAantal(volgende, zov.PersoonlijkeVerzorging)); got != "2,5" {
		t.Fatalf("copied hours not saved: %q", got)
	}
	press(t, b, "Volgende stap")
	expectText(t, b, "Stap 2 van 3")
	// 2 weeks × 7,5 hours × € 20,00 + 20 km × € 0,19.
	expectText(t, b, "15 uur")
	expectText(t, b, "€ 303,80")
	b.AssertNoAxeViolations()
	b.Screenshot("declaratie-controle-1280")
	press(t, b, "Indienen declaratie")
	if !b.Exists("#foutmeldingen") {
		t.Fatal("submitted without ticking naar waarheid")
	}
	b.AssertNoAxeViolations()
	tick(t, b, "naar_waarheid")
	press(t, b, "Indienen declaratie")
	if !strings.HasSuffix(b.Location(), "/declaraties/"+id+"/ingediend") {
		t.Fatalf("after indienen: %s (%s)", b.Location(), b.Text("main"))
	}
	expectText(t, b, "De declaratie is ingediend")
	expectText(t, b, "ingepland")
	b.AssertNoAxeViolations()
	b.Screenshot("declaratie-ingediend-1280")

	// The budget shows it (Overzicht budget), and so does the overview.
	if budgetPagina {
		b.Navigate("/budget")
		b.WaitVisible("h1")
		if got := ddText(b, "Resterend budget"); got == resterendVoor || got == "" {
			t.Errorf("Overzicht budget: resterend %q, was %q", got, resterendVoor)
		}
		if got := ddText(b, "Ingepland"); got != "€ 303,80" {
			t.Errorf("Overzicht budget: ingepland %q", got)
		}
	}
	b.Navigate("/declaraties")
	b.WaitVisible("h1")
	expectText(t, b, "€ 303,80")
	expectText(t, b, "ingepland")
	b.AssertNoAxeViolations()
	b.SetViewport(320, 640)
	if b.HasHorizontalScroll() {
		b.Screenshot("declaratie-overzicht-320-overflow")
		t.Errorf("the overview scrolls horizontally at 320 px wide: %s", overflowing(b))
	}
	b.SetViewport(1280, 800)
	b.Navigate("/declaraties/" + id)
	b.WaitVisible("h1")
	expectText(t, b, "Intrekken")
	b.AssertNoAxeViolations()
}

func TestDeclaratieJourneyZorgverlenerEnBudgethouder(t *testing.T) {
	app, _ := declaratieApp(t)
	maand := civil.Today(time.Now()).FirstOfMonth().AddMonths(-2)
	b := browsertest.New(t)
	b.BaseURL = app.URL

	// The budgethouder logs in once first, so the later logins go straight in.
	loginAs(t, b, "digid", "Budgethouder")
	completeProfile(t, b, false)
	logout(t, b)

	// The zorgverlener enters the declaratie and sends it.
	loginAs(t, b, "digid", "Zorgverlener (informeel)")
	completeProfile(t, b, true)
	press(t, b, "Declaratie invoeren")
	expectText(t, b, "Declaratie invoeren")
	b.AssertNoAxeViolations()
	set(t, b, "periode", maand.ISO()[:7])
	press(t, b, "Volgende stap")
	m := dclInPath.FindStringSubmatch(b.Location())
	if m == nil {
		t.Fatalf("no declaratie: %s (%s)", b.Location(), bodyText(b))
	}
	id := m[1]
	_, ma := eersteWeek(maand)
	cel := declaratie.VeldAantal(ma, zov.PersoonlijkeVerzorging)
	set(t, b, cel, "6")
	press(t, b, "Volgende stap")
	expectText(t, b, "Versturen naar budgethouder")
	b.AssertNoAxeViolations()
	tick(t, b, "naar_waarheid")
	press(t, b, "Versturen naar budgethouder")
	expectText(t, b, "De declaratie is verstuurd")
	b.AssertNoAxeViolations()
	logout(t, b)

	// The budgethouder rejects it with a note.
	loginAs(t, b, "digid", "Budgethouder")
	b.Navigate("/declaraties")
	b.WaitVisible("h1")
	expectText(t, b, "ter beoordeling")
	b.AssertNoAxeViolations()
	b.Navigate("/declaraties/" + id)
	b.WaitVisible("h1")
	expectText(t, b, "€ 120,00")
	b.AssertNoAxeViolations()
	b.Screenshot("declaratie-beoordelen-1280")
	press(t, b, "Afkeuren")
	if !b.Exists("#foutmeldingen") {
		t.Fatal("rejected without a note")
	}
	b.AssertNoAxeViolations()
	set(t, b, "notitie", "Op die maandag was u er 4 uur, niet 6.")
	press(t, b, "Afkeuren")
	expectText(t, b, "afgekeurd")
	logout(t, b)

	// The zorgverlener reads the note, fixes the hours and sends it again.
	loginAs(t, b, "digid", "Zorgverlener (informeel)")
	b.Navigate("/declaraties/" + id)
	b.WaitVisible("h1")
	expectText(t, b, "Op die maandag was u er 4 uur, niet 6.")
	b.AssertNoAxeViolations()
	set(t, b, cel, "4")
	press(t, b, "Volgende stap")
	expectText(t, b, "€ 80,00")
	tick(t, b, "naar_waarheid")
	press(t, b, "Versturen naar budgethouder")
	expectText(t, b, "De declaratie is verstuurd")
	logout(t, b)

	// The budgethouder plans it for payment.
	loginAs(t, b, "digid", "Budgethouder")
	b.Navigate("/declaraties/" + id)
	b.WaitVisible("h1")
	expectText(t, b, "€ 80,00")
	press(t, b, "Inplannen voor betaling")
	expectText(t, b, "ingepland voor betaling")
	expectText(t, b, "ingepland")
	b.AssertNoAxeViolations()
	b.Navigate("/berichten")
	b.WaitVisible("h1")
	expectText(t, b, "Declaratie ter beoordeling")
	logout(t, b)

	// The SVB runs the payments and downloads the SEPA file.
	loginAs(t, b, "eherkenning", "Medewerker SVB")
	b.Navigate("/betaalrun")
	b.WaitVisible("h1")
	b.AssertNoAxeViolations()
	press(t, b, "Betaalrun nu uitvoeren")
	href := browsertest.Eval[string](b, `(document.querySelector('a[href$="pain001.xml"]') || {}).href || ""`)
	if href == "" {
		t.Fatalf("no SEPA download after the run on %s", b.Location())
	}
	sepa := browsertest.Eval[string](b, `(() => { const x = new XMLHttpRequest(); x.open('GET', `+jsString(href)+`, false); x.send();
		return x.status + " " + (x.getResponseHeader('Content-Disposition') || "") + " " + x.responseText; })()`)
	for _, want := range []string{"200 attachment", "CstmrCdtTrfInitn", "<InstdAmt Ccy=\"EUR\">80.00</InstdAmt>"} {
		if !strings.Contains(sepa, want) {
			t.Errorf("SEPA download lacks %q: %.300s", want, sepa)
		}
	}
	logout(t, b)

	// Budgethouder and zorgverlener see "uitbetaald".
	for _, who := range []string{"Budgethouder", "Zorgverlener (informeel)"} {
		loginAs(t, b, "digid", who)
		b.Navigate("/declaraties/" + id)
		b.WaitVisible("h1")
		expectText(t, b, "uitbetaald")
		logout(t, b)
	}
}
