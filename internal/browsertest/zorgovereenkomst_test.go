package browsertest_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"pgbportaal/internal/browsertest"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/demo"
	"pgbportaal/internal/testutil/apptest"
)

// set types a value into the field named name.
func set(t *testing.T, b *browsertest.Browser, name, value string) {
	t.Helper()
	if !browsertest.Eval[bool](b, `(() => { const f = document.querySelector('[name=`+jsString(name)+`]:not([type=hidden])');
		if (!f) return false; f.value = `+jsString(value)+`; f.dispatchEvent(new Event('input', {bubbles: true})); f.dispatchEvent(new Event('change', {bubbles: true})); return true; })()`) {
		t.Fatalf("no field %q on %s", name, b.Location())
	}
}

// choose picks the radio button name=value.
func choose(t *testing.T, b *browsertest.Browser, name, value string) {
	t.Helper()
	if !browsertest.Eval[bool](b, `(() => { const f = document.querySelector('input[type=radio][name=`+jsString(name)+`][value=`+jsString(value)+`]');
		if (!f) return false; f.click(); return true; })()`) {
		t.Fatalf("no radio %s=%s on %s", name, value, b.Location())
	}
}

// tick checks the checkbox named name.
func tick(t *testing.T, b *browsertest.Browser, name string) {
	t.Helper()
	if !browsertest.Eval[bool](b, `(() => { const f = document.querySelector('input[type=checkbox][name=`+jsString(name)+`]');
		if (!f) return false; if (!f.checked) f.click(); return true; })()`) {
		t.Fatalf("no checkbox %q on %s", name, b.Location())
	}
}

// press clicks the button (or link) with this text and waits for the next page.
func press(t *testing.T, b *browsertest.Browser, text string) {
	t.Helper()
	ok := browsertest.Eval[bool](b, `(() => { window.__pgbOldPage = true;
		const want = `+jsString(text)+`;
		const scope = document.querySelector('main') || document;
		const el = [...scope.querySelectorAll('button, a, input[type=submit]')].find(x => (x.textContent || x.value || '').trim() === want)
			|| [...document.querySelectorAll('button, a, input[type=submit]')].find(x => (x.textContent || x.value || '').trim() === want);
		if (!el) return false; el.click(); return true; })()`)
	if !ok {
		t.Fatalf("no button or link %q on %s (%s)", text, b.Location(), b.Text("h1"))
	}
	for i := 0; i < 100; i++ {
		time.Sleep(50 * time.Millisecond)
		if browsertest.Eval[bool](b, `!window.__pgbOldPage && document.readyState === 'complete'`) {
			b.WaitVisible("h1")
			return
		}
	}
	t.Fatalf("no new page after pressing %q on %s", text, b.Location())
}

func logout(t *testing.T, b *browsertest.Browser) {
	t.Helper()
	press(t, b, "Uitloggen")
	if !strings.Contains(b.Text("h1"), "uitgelogd") {
		t.Fatalf("not logged out: %q", b.Text("h1"))
	}
}

func bodyText(b *browsertest.Browser) string {
	return browsertest.Eval[string](b, `document.body.innerText`)
}

func expectText(t *testing.T, b *browsertest.Browser, want string) {
	t.Helper()
	if body := bodyText(b); !strings.Contains(body, want) {
		b.Screenshot(strings.ReplaceAll(t.Name(), "/", "_") + "-missing")
		t.Fatalf("%s does not show %q", b.Location(), want)
	}
}

// werkafspraken fills step 2 for an open-ended agreement with irregular hours,
// declared afterwards, one zorgfunctie at an hourly rate, and goes on.
func werkafspraken(t *testing.T, b *browsertest.Browser, start civil.Date, uren, per, functie, tarief string) {
	t.Helper()
	set(t, b, "ingangsdatum", start.String())
	choose(t, b, "looptijd", "onbepaald")
	set(t, b, "uren", uren)
	choose(t, b, "uren_per", per)
	choose(t, b, "rooster", "onregelmatig")
	choose(t, b, "betaling", "achteraf")
	tick(t, b, "functie_"+functie)
	set(t, b, "tarief_"+functie, tarief)
	choose(t, b, "reiskosten", "nee")
	press(t, b, "Volgende stap")
}

// algemeneAfspraken fills step 3 (zorgbeschrijving, standaard afspraken) and goes on.
func algemeneAfspraken(t *testing.T, b *browsertest.Browser, behoefte, welke, waarom string) {
	t.Helper()
	set(t, b, "zorgbehoefte", behoefte)
	set(t, b, "welke_zorg", welke)
	set(t, b, "waarom_zorg", waarom)
	tick(t, b, "standaard_afspraken")
	press(t, b, "Volgende stap")
}

var idInPath = regexp.MustCompile(`/zorgovereenkomsten/(\d+)`)

func TestZorgovereenkomstJourneyInformal(t *testing.T) {
	app := apptest.StartApp(t)
	if err := demo.Load(context.Background(), app.Pool); err != nil {
		t.Fatal(err)
	}
	start := civil.Today(time.Now()).AddMonths(1).FirstOfMonth()
	b := browsertest.New(t)
	b.BaseURL = app.URL

	// Session 1: the budgethouder starts a draft with a new informal zorgverlener and saves.
	loginAs(t, b, "digid", "Budgethouder")
	completeProfile(t, b, false)
	b.Navigate("/zorgovereenkomsten/nieuw")
	b.WaitVisible("h1")
	b.AssertNoAxeViolations()
	b.Screenshot("zorgovereenkomst-stap1-1280")
	choose(t, b, "soort", "familie")
	set(t, b, "zv_naam", "P. Jansen")
	set(t, b, "zv_bsn", "161803398")
	set(t, b, "zv_geboortedatum", "01-05-1970")
	set(t, b, "zv_straat", "Kerkstraat")
	set(t, b, "zv_huisnummer", "3")
	set(t, b, "zv_postcode", "1234 AB")
	set(t, b, "zv_woonplaats", "Amstelveen")
	press(t, b, "Opslaan")
	m := idInPath.FindStringSubmatch(b.Location())
	if m == nil {
		t.Fatalf("no agreement id after saving: %s", b.Location())
	}
	id := m[1]
	expectText(t, b, "Opgeslagen")
	logout(t, b)

	// Session 2: the draft is in the overview; finish it and share.
	loginAs(t, b, "digid", "Budgethouder")
	b.Navigate("/zorgovereenkomsten")
	b.WaitVisible("h1")
	expectText(t, b, "P. Jansen")
	expectText(t, b, "concept")
	b.AssertNoAxeViolations()
	b.Navigate("/zorgovereenkomsten/" + id + "/stap/2")
	b.WaitVisible("h1")
	// A validation error keeps the input and puts focus on the summary.
	set(t, b, "ingangsdatum", "31-02-2020")
	press(t, b, "Volgende stap")
	if !b.Exists("#foutmeldingen") {
		t.Fatalf("no error summary after a bad date on %s", b.Location())
	}
	if got := browsertest.Eval[string](b, `document.querySelector('[name=ingangsdatum]').value`); got != "31-02-2020" {
		t.Errorf("input not kept: %q", got)
	}
	b.AssertNoAxeViolations()
	werkafspraken(t, b, start, "10", "week", "persoonlijke_verzorging", "20,00")
	algemeneAfspraken(t, b, "Hulp bij wassen en aankleden.", "Persoonlijke verzorging in de ochtend.", "Door een beperking lukt dit niet zelfstandig.")
	expectText(t, b, "Delen met zorgverlener")
	b.AssertNoAxeViolations()
	b.Screenshot("zorgovereenkomst-controle-1280")
	b.SetViewport(375, 812)
	b.Screenshot("zorgovereenkomst-controle-375")
	b.SetViewport(1280, 800)
	set(t, b, "notitie", "Wil je de uren controleren?")
	press(t, b, "Delen met zorgverlener")
	expectText(t, b, "gedeeld")
	logout(t, b)

	// The zorgverlener logs in with DigiD (typing the BSN), completes the profile,
	// changes the hours and signs.
	loginWithBSN(t, b, "161803398")
	completeProfile(t, b, true)
	b.Navigate("/zorgovereenkomsten/" + id)
	b.WaitVisible("h1")
	expectText(t, b, "Wil je de uren controleren?")
	b.AssertNoAxeViolations()
	press(t, b, "Aanpassen")
	set(t, b, "uren", "12")
	press(t, b, "Opslaan")
	b.Navigate("/zorgovereenkomsten/" + id)
	b.WaitVisible("h1")
	press(t, b, "Onderteken")
	expectText(t, b, "ondertekend door zorgverlener")
	logout(t, b)

	// The budgethouder sees the change highlighted and signs.
	loginAs(t, b, "digid", "Budgethouder")
	b.Navigate("/zorgovereenkomsten/" + id)
	b.WaitVisible("h1")
	if !b.Exists("mark") {
		t.Fatal("the zorgverlener's change is not highlighted")
	}
	b.Screenshot("zorgovereenkomst-wijzigingen-zorgverlener-1280")
	expectText(t, b, "12")
	b.AssertNoAxeViolations()
	press(t, b, "Onderteken")
	expectText(t, b, "ter beoordeling")
	logout(t, b)

	// The assessor approves from the queue.
	loginAs(t, b, "eherkenning", "Beoordelaar zorgkantoor")
	b.Navigate("/beoordelen")
	b.WaitVisible("h1")
	expectText(t, b, "P. Jansen")
	b.AssertNoAxeViolations()
	b.Navigate("/beoordelen/" + id)
	b.WaitVisible("h1")
	b.AssertNoAxeViolations()
	choose(t, b, "actie", "goedkeuren")
	press(t, b, "Beoordeling vastleggen")
	logout(t, b)

	// Both parties see "goedgekeurd" and their berichten.
	for _, who := range []string{"budgethouder", "zorgverlener"} {
		if who == "budgethouder" {
			loginAs(t, b, "digid", "Budgethouder")
		} else {
			loginWithBSN(t, b, "161803398")
		}
		b.Navigate("/zorgovereenkomsten/" + id)
		b.WaitVisible("h1")
		expectText(t, b, "goedgekeurd")
		b.Navigate("/berichten")
		b.WaitVisible("h1")
		expectText(t, b, "Goedkeuring zorgovereenkomst")
		logout(t, b)
	}
}

func TestZorgovereenkomstJourneyFormalRejected(t *testing.T) {
	app := apptest.StartApp(t)
	if err := demo.Load(context.Background(), app.Pool); err != nil {
		t.Fatal(err)
	}
	start := civil.Today(time.Now()).AddMonths(1).FirstOfMonth()
	b := browsertest.New(t)
	b.BaseURL = app.URL

	loginAs(t, b, "digid", "Budgethouder")
	completeProfile(t, b, false)
	b.Navigate("/zorgovereenkomsten/nieuw")
	b.WaitVisible("h1")
	choose(t, b, "soort", "instelling")
	set(t, b, "zv_naam", "Thuiszorg De Linde")
	set(t, b, "zv_agb", "75012345")
	press(t, b, "Volgende stap")
	id := idInPath.FindStringSubmatch(b.Location())[1]
	werkafspraken(t, b, start, "20", "maand", "verpleging", "65,00")
	algemeneAfspraken(t, b, "Wondzorg.", "Verpleging twee keer per week.", "Na een operatie.")
	press(t, b, "Delen met zorgverlener")
	logout(t, b)

	loginAs(t, b, "vecozo", "Zorgverlener (formeel)")
	completeProfile(t, b, true)
	b.Navigate("/zorgovereenkomsten/" + id)
	b.WaitVisible("h1")
	press(t, b, "Onderteken")
	logout(t, b)

	loginAs(t, b, "digid", "Budgethouder")
	b.Navigate("/zorgovereenkomsten/" + id)
	b.WaitVisible("h1")
	press(t, b, "Onderteken")
	logout(t, b)

	loginAs(t, b, "eherkenning", "Beoordelaar zorgkantoor")
	b.Navigate("/beoordelen/" + id)
	b.WaitVisible("h1")
	choose(t, b, "actie", "afkeuren")
	press(t, b, "Beoordeling vastleggen")
	if !b.Exists("#foutmeldingen") {
		t.Fatal("rejecting without a reason was accepted")
	}
	set(t, b, "toelichting", "De zorg valt onder de Zorgverzekeringswet.")
	press(t, b, "Beoordeling vastleggen")
	logout(t, b)

	loginAs(t, b, "digid", "Budgethouder")
	b.Navigate("/zorgovereenkomsten/" + id)
	b.WaitVisible("h1")
	expectText(t, b, "afgekeurd")
	expectText(t, b, "De zorg valt onder de Zorgverzekeringswet.")
}
