package browsertest_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"pgbportaal/internal/browsertest"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/declaratie"
	"pgbportaal/internal/demo"
	"pgbportaal/internal/testutil"
	"pgbportaal/internal/testutil/apptest"
	zov "pgbportaal/internal/zorgovereenkomst"
)

// goedgekeurdeOvereenkomst stores an approved agreement between the demo
// budgethouder (mevrouw J. de Vries) and the informal demo zorgverlener
// (H. de Boer), partner of familielid, from three months before today,
// open-ended, 20 hours a week persoonlijke verzorging at tarief cents an hour,
// declared afterwards. It is stored directly, because a draft may start at
// most two months back; the budget of every year involved is granted.
func goedgekeurdeOvereenkomst(t *testing.T, app *apptest.App, today civil.Date, tarief int64) string {
	t.Helper()
	ctx := context.Background()
	var zv int64
	if err := app.Pool.QueryRow(ctx, `SELECT z.id FROM zorgverleners z JOIN personen p ON p.id = z.persoon_id WHERE p.bsn = '135792460'`).Scan(&zv); err != nil {
		t.Fatal(err)
	}
	in := zov.Inhoud{
		Soort: zov.SoortFamilie, BudgethouderNaam: "J. de Vries",
		Zorgverlener: zov.Zorgverlener{ID: zv, Naam: "H. de Boer", BSN: "135792460", IBAN: "NL91ABNA0417164300",
			Geboortedatum: civil.Date{Year: 1970, Month: 5, Day: 1},
			Adres:         zov.Adres{Straat: "Kerkstraat", Huisnummer: "3", Postcode: "1234 AB", Woonplaats: "Amstelveen"}},
		Ingangsdatum: today.FirstOfMonth().AddMonths(-3), Onbepaald: true, Uren: 2000, UrenPer: "week",
		Tarieven:           []zov.Tarief{{Zorgfunctie: zov.PersoonlijkeVerzorging, Eenheid: zov.PerUur, Bedrag: tarief}},
		StandaardAfspraken: true,
		Zorgbehoefte:       "Hulp bij wassen en aankleden.", WelkeZorg: "Persoonlijke verzorging in de ochtend.",
		WaaromZorg: "Door een beperking lukt dit niet zelfstandig.",
	}
	doc, _ := json.Marshal(in)
	var id int64
	if err := app.Pool.QueryRow(ctx, `INSERT INTO zorgovereenkomsten (budgethouder_id, zorgverlener_id, status, inhoud, ingediend_op, beoordeeld_op)
		SELECT b.id, $1, 'goedgekeurd', $2, now(), now() FROM budgethouders b WHERE b.relatienummer = 'PGB1000001' RETURNING id`, zv, doc).Scan(&id); err != nil {
		t.Fatal(err)
	}
	for _, jaar := range []int{today.AddMonths(-3).Year, today.Year, today.AddMonths(2).Year} {
		if _, err := app.Pool.Exec(ctx, `INSERT INTO toekenningen (budgethouder_id, jaar, bedrag, ingangsdatum, zorgprofiel)
			SELECT b.id, $1, 4500000, make_date($1, 1, 1), '5VV' FROM budgethouders b WHERE b.relatienummer = 'PGB1000001'
			ON CONFLICT (budgethouder_id, jaar) DO NOTHING`, jaar); err != nil {
			t.Fatal(err)
		}
	}
	return strconv.FormatInt(id, 10)
}

// euroTekst is an amount in cents as the portal shows it: "€ 1.234,56".
func euroTekst(cents int64) string {
	euros := strconv.FormatInt(cents/100, 10)
	for i := len(euros) - 3; i > 0; i -= 3 {
		euros = euros[:i] + "." + euros[i:]
	}
	c := strconv.FormatInt(cents%100, 10)
	if len(c) < 2 {
		c = "0" + c
	}
	return "€ " + euros + "," + c
}

// datumVoluit is d in words, as the portal offers the first of a month: "1 januari 2027".
func datumVoluit(d civil.Date) string {
	return strconv.Itoa(d.Day) + " " + [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
		"september", "oktober", "november", "december"}[d.Month-1] + " " + strconv.Itoa(d.Year)
}

// zovIDNu is the agreement id in the browser's address.
func zovIDNu(t *testing.T, b *browsertest.Browser) string {
	t.Helper()
	m := idInPath.FindStringSubmatch(b.Location())
	if m == nil {
		t.Fatalf("no agreement in %s", b.Location())
	}
	return m[1]
}

// TestWijzigingTariefJourney: the budgethouder changes the rate of an
// approved agreement per the first of next month, the zorgverlener and the
// budgethouder sign, the zorgkantoor approves it after seeing what changes,
// and once that month has passed its declaratie is priced at the new rate.
func TestWijzigingTariefJourney(t *testing.T) {
	clock := testutil.NewClock(time.Now().In(civil.Amsterdam()))
	app := apptest.StartApp(t, apptest.WithNow(clock.Now))
	if err := demo.Load(context.Background(), app.Pool); err != nil {
		t.Fatal(err)
	}
	today := civil.Today(clock.Now())
	const oudTarief, nieuwTarief = 2000, 2450 // € 20,00 → € 24,50 per uur
	id := goedgekeurdeOvereenkomst(t, app, today, oudTarief)
	per := today.FirstOfMonth().AddMonths(1)
	b := browsertest.New(t)
	b.BaseURL = app.URL

	// The budgethouder: "Wijzigen" from the agreement's page.
	loginAs(t, b, "digid", "Budgethouder")
	completeProfile(t, b, false)
	b.Navigate("/zorgovereenkomsten/" + id)
	b.WaitVisible("h1")
	expectText(t, b, "Versies en wijzigingen")
	b.AssertNoAxeViolations()
	press(t, b, "Wijzigen")
	expectText(t, b, "Vanaf wanneer geldt de wijziging?")
	expectText(t, b, datumVoluit(per))
	b.AssertNoAxeViolations()
	press(t, b, "Wijziging starten")
	if !b.Exists("#foutmeldingen") {
		t.Fatal("a change started without a date")
	}
	b.AssertNoAxeViolations()
	set(t, b, "per", per.String())
	press(t, b, "Wijziging starten")
	cid := zovIDNu(t, b)
	if cid == id || !strings.HasSuffix(b.Location(), "/stap/1") {
		t.Fatalf("after Wijziging starten: %s", b.Location())
	}
	b.AssertNoAxeViolations()
	press(t, b, "Volgende stap")

	// Step 2: the date is a choice of first days of months; the rate changes.
	expectText(t, b, "Ingangsdatum van de wijziging")
	if tag := browsertest.Eval[string](b, `document.getElementById("ingangsdatum").tagName`); tag != "SELECT" {
		t.Fatalf("the ingangsdatum of a change is a %s", tag)
	}
	if got := browsertest.Eval[string](b, `(() => { const s = document.getElementById("ingangsdatum"); return s.options[s.selectedIndex].text; })()`); got != datumVoluit(per) {
		t.Errorf("step 2 selects %q, want %q", got, datumVoluit(per))
	}
	b.AssertNoAxeViolations()
	// Where JavaScript runs, leaving the list without a date says so at once.
	set(t, b, "ingangsdatum", "")
	if got := browsertest.Eval[string](b, `(() => { const e = document.getElementById("ingangsdatum-error"), s = document.getElementById("ingangsdatum");
		return (e ? e.textContent.trim() : "") + "|" + s.classList.contains("utrecht-select--invalid") + "|" + s.getAttribute("aria-invalid"); })()`); got != "Fout: Kies de datum waarop de wijziging ingaat.|true|true" {
		t.Errorf("live check of an empty date: %q", got)
	}
	b.AssertNoAxeViolations()
	set(t, b, "ingangsdatum", per.String())
	if b.Exists("#ingangsdatum-error") {
		t.Error("the live error stays after choosing a date")
	}
	// The server refuses it too, with the message tied to the list.
	set(t, b, "ingangsdatum", "")
	press(t, b, "Volgende stap")
	if !b.Exists(`#foutmeldingen a[href="#ingangsdatum"]`) || !strings.Contains(b.Text("#ingangsdatum-error"), "Kies de datum waarop de wijziging ingaat.") {
		t.Fatalf("step 2 without a date: %q", b.Text("main"))
	}
	b.AssertNoAxeViolations()
	set(t, b, "ingangsdatum", per.String())
	set(t, b, "tarief_persoonlijke_verzorging", "24,50")
	press(t, b, "Volgende stap")
	expectText(t, b, "Algemene afspraken")
	b.AssertNoAxeViolations()
	press(t, b, "Volgende stap")

	// Step 4 says the zorgkantoor must approve it, and shows what changes.
	expectText(t, b, "Het zorgkantoor moet deze wijziging goedkeuren")
	expectText(t, b, "€ 24,50")
	b.AssertNoAxeViolations()
	press(t, b, "Delen met zorgverlener")
	expectText(t, b, "De zorgovereenkomst is gedeeld")
	b.AssertNoAxeViolations()
	logout(t, b)

	// The zorgverlener sees the change and signs.
	loginAs(t, b, "digid", "Zorgverlener (informeel)")
	completeProfile(t, b, true)
	b.Navigate("/zorgovereenkomsten/" + cid)
	b.WaitVisible("h1")
	expectText(t, b, "Wijziging van de zorgovereenkomst")
	expectText(t, b, "€ 24,50 per uur")
	b.AssertNoAxeViolations()
	press(t, b, "Onderteken")
	expectText(t, b, "U heeft de wijziging ondertekend")
	expectText(t, b, "daarna beoordeelt het zorgkantoor de wijziging")
	b.AssertNoAxeViolations()
	logout(t, b)

	// The budgethouder signs: the change goes to the zorgkantoor.
	loginAs(t, b, "digid", "Budgethouder")
	b.Navigate("/zorgovereenkomsten/" + cid)
	b.WaitVisible("h1")
	b.AssertNoAxeViolations()
	press(t, b, "Onderteken")
	expectText(t, b, "Zij is ingediend bij het zorgkantoor")
	expectText(t, b, "ter beoordeling")
	b.AssertNoAxeViolations()
	logout(t, b)

	// The zorgkantoor sees what the change changes and approves it.
	loginAs(t, b, "eherkenning", "Beoordelaar zorgkantoor")
	b.Navigate("/beoordelen")
	b.WaitVisible("h1")
	expectText(t, b, "J. de Vries")
	b.AssertNoAxeViolations()
	b.Navigate("/beoordelen/" + cid)
	b.WaitVisible("h1")
	expectText(t, b, "Wat de wijziging verandert")
	diff := browsertest.Eval[string](b, `(() => { const t = [...document.querySelectorAll("main table")].find(t => t.caption && t.caption.textContent.trim() === "Wat verandert ten opzichte van de huidige afspraken");
		if (!t) return ""; const r = [...t.tBodies[0].rows].find(r => r.querySelector("th[scope=row]").textContent.trim() === "Tarief persoonlijke verzorging");
		return r ? [...r.cells].map(c => c.textContent.trim()).join(" | ") : "no row"; })()`)
	if diff != "Tarief persoonlijke verzorging | € 20,00 per uur | € 24,50 per uur" {
		t.Errorf("the zorgkantoor's diff: %q", diff)
	}
	b.AssertNoAxeViolations()
	b.Screenshot("wijziging-beoordelen-1280")
	choose(t, b, "actie", "goedkeuren")
	press(t, b, "Beoordeling vastleggen")
	expectText(t, b, "goedgekeurd")
	b.AssertNoAxeViolations()
	logout(t, b)

	// Once the month of the change has passed, its declaratie is priced at the new rate.
	clock.Add(per.AddMonths(1).AddDays(1).In(civil.Amsterdam()).Add(10 * time.Hour).Sub(clock.Now()))
	loginAs(t, b, "digid", "Budgethouder")
	b.Navigate("/zorgovereenkomsten/" + id)
	b.WaitVisible("h1")
	if got := browsertest.Eval[string](b, `[...document.querySelectorAll("main tbody th[scope=row]")].map(th => th.textContent.replace(/\s+/g, " ").trim()).join("|")`); !strings.Contains(got, "Versie 2 (in werking)") {
		t.Errorf("versions after the change: %q", got)
	}
	b.AssertNoAxeViolations()
	b.Navigate("/")
	b.WaitVisible("h1")
	press(t, b, "Indienen declaratie")
	b.AssertNoAxeViolations()
	choose(t, b, "soort", "zorg")
	set(t, b, "zorgovereenkomst", id)
	set(t, b, "periode", per.ISO()[:7])
	press(t, b, "Volgende stap")
	if dclInPath.FindStringSubmatch(b.Location()) == nil {
		t.Fatalf("no declaratie after step 1: %s (%s)", b.Location(), bodyText(b))
	}
	expectText(t, b, "€ 24,50 per uur")
	b.AssertNoAxeViolations()
	// Hours on the weekdays of the first two whole weeks.
	_, ma := eersteWeek(per)
	uren := []string{"4", "4,5", "3,5", "4", "5"}
	var honderdsten int64
	for w := 0; w < 2; w++ {
		for i, u := range uren {
			set(t, b, declaratie.VeldAantal(ma.AddDays(7*w+i), zov.PersoonlijkeVerzorging), u)
			h, err := strconv.ParseFloat(strings.Replace(u, ",", ".", 1), 64)
			if err != nil {
				t.Fatal(err)
			}
			honderdsten += int64(h*100 + 0.5)
		}
	}
	press(t, b, "Volgende stap")
	expectText(t, b, "Stap 2 van 3")
	bedrag := euroTekst((honderdsten*nieuwTarief + 50) / 100)
	expectText(t, b, bedrag)
	if strings.Contains(bodyText(b), euroTekst((honderdsten*oudTarief+50)/100)) {
		t.Errorf("the declaratie shows the amount at the old rate")
	}
	b.AssertNoAxeViolations()
	tick(t, b, "naar_waarheid")
	press(t, b, "Indienen declaratie")
	expectText(t, b, "De declaratie is ingediend")
	expectText(t, b, bedrag)
	b.AssertNoAxeViolations()
}

// TestBeeindigingNietAkkoordJourney: the budgethouder ends an agreement
// (minding the opzegtermijn), the zorgverlener disagrees, the agreement
// shows it, and the zorgkantoor and the SVB each get a bericht.
func TestBeeindigingNietAkkoordJourney(t *testing.T) {
	app := apptest.StartApp(t)
	if err := demo.Load(context.Background(), app.Pool); err != nil {
		t.Fatal(err)
	}
	today := civil.Today(time.Now())
	id := goedgekeurdeOvereenkomst(t, app, today, 2000)
	b := browsertest.New(t)
	b.BaseURL = app.URL
	const reden = "Ik werk al twintig jaar voor mevrouw; een maand opzegging is te kort na zoveel jaren."
	subject := "Beëindiging zorgovereenkomst: zorgverlener niet akkoord"

	// The budgethouder: "Beëindigen", first too soon for the opzegtermijn.
	loginAs(t, b, "digid", "Budgethouder")
	completeProfile(t, b, false)
	b.Navigate("/zorgovereenkomsten/" + id)
	b.WaitVisible("h1")
	press(t, b, "Beëindigen")
	expectText(t, b, "Houd rekening met de opzegtermijn")
	b.AssertNoAxeViolations()
	set(t, b, "einddatum", today.AddDays(10).String())
	press(t, b, "Beëindiging naar zorgverlener sturen")
	if !b.Exists("#foutmeldingen") || !strings.Contains(b.Text("#einddatum-error"), "Houd rekening met de opzegtermijn van 1 maand") {
		t.Fatalf("an end within the opzegtermijn: %q", b.Text("main"))
	}
	if got := browsertest.Eval[string](b, `document.querySelector('[name=einddatum]').value`); got != today.AddDays(10).String() {
		t.Errorf("einddatum not kept: %q", got)
	}
	b.AssertNoAxeViolations()
	eind := today.AddMonths(2).LastOfMonth()
	set(t, b, "einddatum", eind.String())
	set(t, b, "toelichting", "Ik ga verhuizen naar een verpleeghuis.")
	press(t, b, "Beëindiging naar zorgverlener sturen")
	expectText(t, b, "De beëindiging is naar de zorgverlener gestuurd")
	cid := zovIDNu(t, b)
	b.AssertNoAxeViolations()
	logout(t, b)

	// The zorgverlener disagrees, and must say why.
	loginAs(t, b, "digid", "Zorgverlener (informeel)")
	completeProfile(t, b, true)
	b.Navigate("/berichten")
	b.WaitVisible("h1")
	expectText(t, b, "Beëindiging zorgovereenkomst: uw akkoord gevraagd")
	b.AssertNoAxeViolations()
	// Aanpassen offers only their own gegevens: the werkafspraken stay.
	b.Navigate("/zorgovereenkomsten/" + cid + "/aanpassen")
	b.WaitVisible("h1")
	expectText(t, b, "Het gaat alleen om de einddatum; de werkafspraken blijven zoals ze zijn.")
	if !b.Exists("#zv_telefoon") || b.Exists("#uren") || b.Exists("[name=looptijd]") {
		t.Errorf("aanpassen of a beëindiging: %q", b.Text("main form"))
	}
	b.AssertNoAxeViolations()
	b.Navigate("/zorgovereenkomsten/" + cid)
	b.WaitVisible("h1")
	expectText(t, b, "Niet akkoord met de beëindiging?")
	b.AssertNoAxeViolations()
	press(t, b, "Niet akkoord met beëindiging")
	expectText(t, b, "Schrijf waarom u het niet eens bent met de beëindiging.")
	b.AssertNoAxeViolations()
	set(t, b, "toelichting", reden)
	press(t, b, "Niet akkoord met beëindiging")
	expectText(t, b, "U bent niet akkoord gegaan met de beëindiging")
	expectText(t, b, "De zorgverlener is het niet eens met de beëindiging")
	expectText(t, b, reden)
	b.AssertNoAxeViolations()
	logout(t, b)

	// The budgethouder sees the disagreement on the agreement and on the beëindiging.
	loginAs(t, b, "digid", "Budgethouder")
	b.Navigate("/zorgovereenkomsten/" + id)
	b.WaitVisible("h1")
	expectText(t, b, "Er loopt een wijziging")
	expectText(t, b, "De zorgverlener is het niet eens met de beëindiging")
	expectText(t, b, "Zorgverlener niet akkoord met beëindiging")
	expectText(t, b, reden)
	b.AssertNoAxeViolations()
	b.Screenshot("beeindiging-niet-akkoord-1280")
	b.Navigate("/zorgovereenkomsten/" + cid)
	b.WaitVisible("h1")
	expectText(t, b, reden)
	expectText(t, b, "ter beoordeling")
	b.AssertNoAxeViolations()
	b.Navigate("/berichten")
	b.WaitVisible("h1")
	expectText(t, b, "Zorgverlener niet akkoord met beëindiging")
	logout(t, b)

	// The zorgkantoor: a bericht, and the beëindiging to assess with the disagreement.
	loginAs(t, b, "eherkenning", "Beoordelaar zorgkantoor")
	b.Navigate("/berichten")
	b.WaitVisible("h1")
	expectText(t, b, subject)
	b.AssertNoAxeViolations()
	b.Navigate("/beoordelen")
	b.WaitVisible("h1")
	rij := browsertest.Eval[string](b, `(() => { const a = document.querySelector('main tbody a[href="/beoordelen/`+cid+`"]');
		return a ? a.closest("tr").textContent.replace(/\s+/g, " ").trim() : ""; })()`)
	if !strings.Contains(rij, "Beëindiging") {
		t.Errorf("the queue's row of the beëindiging: %q", rij)
	}
	b.AssertNoAxeViolations()
	b.Navigate("/beoordelen/" + cid)
	b.WaitVisible("h1")
	expectText(t, b, "Wat de beëindiging verandert")
	expectText(t, b, reden)
	b.AssertNoAxeViolations()
	logout(t, b)

	// The SVB: a bericht.
	loginAs(t, b, "eherkenning", "Medewerker SVB")
	b.Navigate("/berichten")
	b.WaitVisible("h1")
	expectText(t, b, subject)
	b.AssertNoAxeViolations()
}
