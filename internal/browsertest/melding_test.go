package browsertest_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"pgbportaal/internal/browsertest"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/demo"
	"pgbportaal/internal/testutil/apptest"
	zov "pgbportaal/internal/zorgovereenkomst"
)

// TestZiekEnBetermeldingJourney: the budgethouder reports her employee sick
// and later better, confirming each; the zorgverlener sees both, and the SVB
// finds the melding in its loondoorbetaling queue and marks it handled.
func TestZiekEnBetermeldingJourney(t *testing.T) {
	app := apptest.StartApp(t)
	ctx := context.Background()
	if err := demo.Load(ctx, app.Pool); err != nil {
		t.Fatal(err)
	}
	today := civil.Today(time.Now())
	in := zov.Inhoud{Soort: zov.SoortDienst, BudgethouderNaam: "J. de Vries", Zorgverlener: zov.Zorgverlener{Naam: "H. de Boer", BSN: "135792460"},
		Ingangsdatum: today.FirstOfMonth().AddMonths(-1), Onbepaald: true, Uren: 1000, UrenPer: "week"}
	doc, _ := json.Marshal(in)
	if _, err := app.Pool.Exec(ctx, `INSERT INTO zorgovereenkomsten (budgethouder_id, zorgverlener_id, status, inhoud, ingediend_op, beoordeeld_op)
		SELECT b.id, z.id, 'goedgekeurd', $1, now(), now() FROM budgethouders b, zorgverleners z JOIN personen p ON p.id = z.persoon_id
		WHERE b.relatienummer = 'PGB1000001' AND p.bsn = '135792460'`, doc); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Pool.Exec(ctx, `INSERT INTO profielen (persoon_id, straat, huisnummer, postcode, woonplaats, email, iban)
		SELECT id, 'Dorpsstraat', '1', '1234 AB', 'Amstelveen', 'demo@voorbeeld.nl', CASE WHEN bsn = '135792460' THEN 'NL91ABNA0417164300' ELSE '' END
		FROM personen WHERE bsn IN ('111222333', '135792460')`); err != nil {
		t.Fatal(err)
	}
	eerste, laatste := today.AddDays(-3), today.AddDays(-1)
	b := browsertest.New(t)
	b.BaseURL = app.URL

	// The budgethouder: from the start page to a confirmed ziekmelding.
	loginAs(t, b, "digid", "Budgethouder")
	press(t, b, "Ziek- en zwangerschapsmeldingen")
	expectText(t, b, "Is uw zorgverlener ziek?")
	b.AssertNoAxeViolations()
	press(t, b, "Ziekmelding doen")
	b.AssertNoAxeViolations()
	set(t, b, "zorgovereenkomst", browsertest.Eval[string](b, `document.querySelector('#zorgovereenkomst option:nth-child(2)').value`))
	set(t, b, "begindatum", "31-02-"+time.Now().Format("2006"))
	press(t, b, "Volgende")
	expectText(t, b, "Deze datum bestaat niet")
	b.AssertNoAxeViolations()
	set(t, b, "begindatum", eerste.String())
	press(t, b, "Volgende")
	expectText(t, b, "Controleer uw ziekmelding")
	b.AssertNoAxeViolations()
	press(t, b, "Bevestigen")
	expectText(t, b, "Uw melding is verstuurd")
	expectText(t, b, "Vervangende zorg regelen")
	b.AssertNoAxeViolations()
	b.Screenshot("melding-ziek-1280")
	b.SetViewport(320, 640)
	if b.HasHorizontalScroll() {
		t.Errorf("melding page scrolls horizontally at 320 px: %s", overflowing(b))
	}
	b.SetViewport(1280, 800)

	// ... and later the betermelding.
	press(t, b, "Beter melden")
	b.AssertNoAxeViolations()
	set(t, b, "einddatum", laatste.String())
	press(t, b, "Volgende")
	expectText(t, b, "Controleer uw betermelding")
	press(t, b, "Bevestigen")
	expectText(t, b, "Uw betermelding is verstuurd")
	if got := ddText(b, "Laatste ziektedag"); got != laatste.String() {
		t.Errorf("laatste ziektedag %q", got)
	}
	logout(t, b)

	// The zorgverlener sees the ziekmelding and the betermelding.
	loginAs(t, b, "digid", "Zorgverlener (informeel)")
	press(t, b, "Ziek- en zwangerschapsmeldingen")
	expectText(t, b, "J. de Vries")
	expectText(t, b, "Beter gemeld")
	b.AssertNoAxeViolations()
	b.Navigate(browsertest.Eval[string](b, `document.querySelector('main table a').getAttribute('href')`))
	b.WaitVisible("h1")
	if got := ddText(b, "Eerste ziektedag") + " " + ddText(b, "Laatste ziektedag"); got != eerste.String()+" "+laatste.String() {
		t.Errorf("zorgverlener sees %q", got)
	}
	b.AssertNoAxeViolations()
	logout(t, b)

	// The SVB: the melding in the work queue; marked handled.
	loginAs(t, b, "eherkenning", "Medewerker SVB")
	press(t, b, "Ziek- en zwangerschapsmeldingen")
	expectText(t, b, "Werklijst loondoorbetaling")
	expectText(t, b, "J. de Vries (PGB1000001)")
	b.AssertNoAxeViolations()
	b.Screenshot("meldingen-svb-werklijst-1280")
	b.Navigate(browsertest.Eval[string](b, `document.querySelector('main table a').getAttribute('href')`))
	b.WaitVisible("h1")
	if got := ddText(b, "Laatste ziektedag"); got != laatste.String() {
		t.Errorf("SVB sees laatste ziektedag %q", got)
	}
	b.AssertNoAxeViolations()
	press(t, b, "Markeren als verwerkt")
	expectText(t, b, "De melding is gemarkeerd als verwerkt")
	if got := ddText(b, "Loondoorbetaling"); got != "Verwerkt door de SVB" {
		t.Errorf("loondoorbetaling %q", got)
	}
	b.Navigate("/meldingen")
	b.WaitVisible("h1")
	expectText(t, b, "Er wachten geen meldingen.")
}
