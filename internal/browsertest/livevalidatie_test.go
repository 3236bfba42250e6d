package browsertest_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"pgbportaal/internal/browsertest"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/demo"
	"pgbportaal/internal/testutil/apptest"
)

// fieldState is what the page shows about one field's error.
type fieldState struct {
	Error       string // text of #<id>-error, "" when there is none
	Invalid     string // aria-invalid, "" when absent
	DescribedBy string // aria-describedby
	WrapperErr  bool   // the field wrapper has the error class
}

func stateOf(t *testing.T, b *browsertest.Browser, id string) fieldState {
	t.Helper()
	return browsertest.Eval[fieldState](b, `(() => { const f = document.getElementById(`+jsString(id)+`);
		const e = document.getElementById(`+jsString(id+"-error")+`);
		return { Error: e ? e.textContent.replace(/\s+/g, ' ').trim() : '', Invalid: f.getAttribute('aria-invalid') || '',
			DescribedBy: f.getAttribute('aria-describedby') || '', WrapperErr: f.closest('.pgb-field').classList.contains('pgb-field--error') }; })()`)
}

// typeOnly puts value into the field as typing does: input events, no change.
func typeOnly(t *testing.T, b *browsertest.Browser, id, value string) {
	t.Helper()
	if !browsertest.Eval[bool](b, `(() => { const f = document.getElementById(`+jsString(id)+`); if (!f) return false;
		f.focus(); f.value = `+jsString(value)+`; f.dispatchEvent(new Event('input', {bubbles: true})); return true; })()`) {
		t.Fatalf("no field #%s on %s", id, b.Location())
	}
}

// leave makes the field lose focus.
func leave(b *browsertest.Browser, id string) {
	browsertest.Eval[bool](b, `document.getElementById(`+jsString(id)+`).dispatchEvent(new Event('blur')) || true`)
}

// expectError checks that the field shows msg with the markup of field.templ.
func expectError(t *testing.T, b *browsertest.Browser, id, msg string) {
	t.Helper()
	s := stateOf(t, b, id)
	if s.Error != "Fout: "+msg {
		t.Errorf("#%s: error %q, want %q", id, s.Error, "Fout: "+msg)
	}
	if s.Invalid != "true" {
		t.Errorf("#%s: aria-invalid %q, want \"true\"", id, s.Invalid)
	}
	if !strings.Contains(" "+s.DescribedBy+" ", " "+id+"-error ") {
		t.Errorf("#%s: aria-describedby %q does not name %s-error", id, s.DescribedBy, id)
	}
	if !s.WrapperErr {
		t.Errorf("#%s: the field wrapper lacks pgb-field--error", id)
	}
}

// expectNoError checks that the field shows no error, keeping its hint.
func expectNoError(t *testing.T, b *browsertest.Browser, id string, hint bool) {
	t.Helper()
	s := stateOf(t, b, id)
	want := ""
	if hint {
		want = id + "-hint"
	}
	if s.Error != "" || s.Invalid != "" || s.WrapperErr || s.DescribedBy != want {
		t.Errorf("#%s: still marked as wrong: %+v (aria-describedby want %q)", id, s, want)
	}
}

func expectSamePage(t *testing.T, b *browsertest.Browser) {
	t.Helper()
	if !browsertest.Eval[bool](b, `window.__marker === 42`) {
		t.Fatal("the page was loaded again; validation must happen in the page")
	}
}

func TestLiveValidatieWizard(t *testing.T) {
	app := apptest.StartApp(t)
	if err := demo.Load(context.Background(), app.Pool); err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t)
	b.BaseURL = app.URL
	loginAs(t, b, "digid", "Budgethouder")
	completeProfile(t, b, false)
	b.Navigate("/zorgovereenkomsten/nieuw")
	b.WaitVisible("h1")
	browsertest.Eval[bool](b, `window.__marker = 42, true`)
	choose(t, b, "soort", "familie")

	// Typing alone shows nothing; leaving the field does.
	typeOnly(t, b, "zv_bsn", "111222334")
	expectNoError(t, b, "zv_bsn", true)
	leave(b, "zv_bsn")
	expectError(t, b, "zv_bsn", "Dit BSN klopt niet. Een BSN heeft 8 of 9 cijfers; controleer het nummer.")
	expectSamePage(t, b)
	b.AssertNoAxeViolations()
	// A live error does not keep a question open that no longer applies.
	choose(t, b, "soort", "instelling")
	if browsertest.Eval[bool](b, `!document.getElementById('zv_bsn').closest('[hidden]') || !!document.getElementById('zv_bsn-error')`) {
		t.Error("the BSN question (or its error) stays for a zorginstelling")
	}
	choose(t, b, "soort", "familie")
	expectError(t, b, "zv_bsn", "Dit BSN klopt niet. Een BSN heeft 8 of 9 cijfers; controleer het nummer.")
	// Once shown, the error goes as soon as the value is right, while typing.
	typeOnly(t, b, "zv_bsn", "111222333")
	expectNoError(t, b, "zv_bsn", true)
	set(t, b, "zv_bsn", "1234567")
	expectError(t, b, "zv_bsn", "Vul een burgerservicenummer in van 8 of 9 cijfers")
	set(t, b, "zv_bsn", "111222333")
	expectNoError(t, b, "zv_bsn", true)

	set(t, b, "zv_postcode", "1234 A")
	expectError(t, b, "zv_postcode", "Vul een geldige postcode in, bijvoorbeeld 1234 AB")
	set(t, b, "zv_postcode", "1234ab")
	expectNoError(t, b, "zv_postcode", true)

	set(t, b, "zv_geboortedatum", "31-02-1980")
	expectError(t, b, "zv_geboortedatum", "Deze datum bestaat niet. Vul een geldige datum in, bijvoorbeeld 31-12-2026")
	set(t, b, "zv_geboortedatum", "1980-02-29") // ISO, as the server accepts
	expectNoError(t, b, "zv_geboortedatum", true)

	// A required field: nothing for passing through, a message once emptied.
	browsertest.Eval[bool](b, `document.getElementById('zv_straat').focus(), true`)
	leave(b, "zv_straat")
	expectNoError(t, b, "zv_straat", false)
	set(t, b, "zv_straat", "Kerkstraat")
	set(t, b, "zv_straat", "  ")
	expectError(t, b, "zv_straat", "Vul de straat van de zorgverlener in.")
	set(t, b, "zv_straat", "Kerkstraat")
	expectNoError(t, b, "zv_straat", false)
	expectSamePage(t, b)

	// The server checks on saving; its errors on untouched fields stay.
	press(t, b, "Volgende stap")
	if !b.Exists("#foutmeldingen") {
		t.Fatalf("step 1 without naam, huisnummer and woonplaats was accepted: %s", b.Location())
	}
	const naamLeeg = "Vul de naam van de zorgverlener in."
	expectError(t, b, "zv_naam", naamLeeg)
	browsertest.Eval[bool](b, `document.getElementById('zv_naam').focus(), true`)
	leave(b, "zv_naam")
	expectError(t, b, "zv_naam", naamLeeg)
	set(t, b, "zv_naam", "P. Jansen")
	expectNoError(t, b, "zv_naam", true)
	set(t, b, "zv_bsn", "161803398") // 111222333 is the budgethouder herself
	set(t, b, "zv_huisnummer", "3")
	set(t, b, "zv_woonplaats", "Amstelveen")
	press(t, b, "Volgende stap")
	if !strings.Contains(b.Location(), "/stap/2") {
		t.Fatalf("not on step 2 but %s (%s)", b.Location(), bodyText(b))
	}

	// Step 2: hours, amounts and the wage helper.
	browsertest.Eval[bool](b, `window.__marker = 42, true`)
	set(t, b, "ingangsdatum", "1-13-2026")
	expectError(t, b, "ingangsdatum", "Vul een geldige datum in, bijvoorbeeld 31-12-2026")
	set(t, b, "uren", "10,125")
	expectError(t, b, "uren", "Vul maximaal 2 cijfers achter de komma in, bijvoorbeeld 12,25")
	set(t, b, "uren", "0")
	expectError(t, b, "uren", "Vul het aantal uren in.")
	set(t, b, "uren", "10")
	expectNoError(t, b, "uren", true)
	choose(t, b, "uren_per", "week")
	choose(t, b, "betaling", "maandloon")
	set(t, b, "maandbedrag", "1.000,001")
	expectError(t, b, "maandbedrag", "Vul maximaal 2 cijfers achter de komma in, bijvoorbeeld 1.234,56")
	set(t, b, "maandbedrag", "1.000,00")
	expectNoError(t, b, "maandbedrag", true)
	helper := func(id string) string {
		return browsertest.Eval[string](b, `(() => { const p = document.getElementById(`+jsString(id+"-omrekening")+`);
			return p && p.getAttribute('aria-live') === 'polite' ? p.textContent : 'no aria-live helper'; })()`)
	}
	if got := helper("maandbedrag"); got != "Dat is ongeveer € 23,08 per uur" {
		t.Errorf("wage helper %q, want %q", got, "Dat is ongeveer € 23,08 per uur")
	}
	choose(t, b, "uren_per", "maand") // 10 per maand is 2,31 per week (× 12 / 52)
	if got := helper("maandbedrag"); got != "Dat is ongeveer € 99,90 per uur" {
		t.Errorf("wage helper per maand %q, want %q", got, "Dat is ongeveer € 99,90 per uur")
	}
	choose(t, b, "uren_per", "week")
	tick(t, b, "functie_persoonlijke_verzorging")
	set(t, b, "tarief_persoonlijke_verzorging", "20,00")
	if got := helper("tarief_persoonlijke_verzorging"); got != "Dat is ongeveer € 866,67 per maand" {
		t.Errorf("hourly-rate helper %q, want %q", got, "Dat is ongeveer € 866,67 per maand")
	}
	set(t, b, "tarief_persoonlijke_verzorging", "20.5")
	expectError(t, b, "tarief_persoonlijke_verzorging", "Gebruik een komma voor de centen, bijvoorbeeld 12,50")
	if got := helper("tarief_persoonlijke_verzorging"); got != "" {
		t.Errorf("helper %q for a wrong amount, want none", got)
	}
	expectSamePage(t, b)
	b.AssertNoAxeViolations()

	set(t, b, "tarief_persoonlijke_verzorging", "20,00")
	set(t, b, "ingangsdatum", civil.Today(time.Now()).AddMonths(1).FirstOfMonth().String())
	choose(t, b, "looptijd", "onbepaald")
	choose(t, b, "rooster", "onregelmatig")
	choose(t, b, "reiskosten", "nee")
	press(t, b, "Volgende stap")
	m := idInPath.FindStringSubmatch(b.Location())
	if m == nil || !strings.Contains(b.Location(), "/stap/3") {
		t.Fatalf("not on step 3 but %s (%s)", b.Location(), bodyText(b))
	}

	// Step 3: a text that must be filled in.
	set(t, b, "zorgbehoefte", "Hulp")
	set(t, b, "zorgbehoefte", "")
	expectError(t, b, "zorgbehoefte", "Beschrijf welke zorg u nodig heeft.")
	set(t, b, "zorgbehoefte", "Hulp bij wassen en aankleden.")
	expectNoError(t, b, "zorgbehoefte", false)
	set(t, b, "welke_zorg", "Persoonlijke verzorging in de ochtend.")
	set(t, b, "waarom_zorg", "Door een beperking lukt dit niet zelfstandig.")
	tick(t, b, "standaard_afspraken")
	press(t, b, "Volgende stap")
	press(t, b, "Delen met zorgverlener")
	expectText(t, b, "gedeeld")
	logout(t, b)

	// The zorgverlener's "Aanpassen": the helper shows the saved values at
	// once, and the IBAN is checked.
	loginWithBSN(t, b, "161803398")
	completeProfile(t, b, true)
	b.Navigate("/zorgovereenkomsten/" + m[1] + "/aanpassen")
	b.WaitVisible("h1")
	browsertest.Eval[bool](b, `window.__marker = 42, true`)
	if got := helper("maandbedrag"); got != "Dat is ongeveer € 23,08 per uur" {
		t.Errorf("wage helper on Aanpassen %q, want %q", got, "Dat is ongeveer € 23,08 per uur")
	}
	set(t, b, "zv_iban", "NL91 ABNA 0417 1643 01")
	expectError(t, b, "zv_iban", "Vul een geldig IBAN in, bijvoorbeeld NL91 ABNA 0417 1643 00")
	b.AssertNoAxeViolations()
	set(t, b, "zv_iban", "nl91abna0417164300")
	expectNoError(t, b, "zv_iban", true)
	expectSamePage(t, b)
}
