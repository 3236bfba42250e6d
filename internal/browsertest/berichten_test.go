package browsertest_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"pgbportaal/internal/browsertest"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/demo"
	"pgbportaal/internal/testutil"
	"pgbportaal/internal/testutil/apptest"
)

// TestBerichtenKlachtOnderhoudPages walks the new pages once, with axe on
// each: the berichten filter with the unread count in the header, the
// "Suggestie of klacht" form with errors and its confirmation, the staff's
// queue and answer page, and the SVB's maintenance page with its banner.
func TestBerichtenKlachtOnderhoudPages(t *testing.T) {
	start := time.Now().In(civil.Amsterdam())
	clock := testutil.NewClock(start)
	app := apptest.StartApp(t, apptest.WithNow(clock.Now))
	if err := demo.Load(context.Background(), app.Pool); err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t)
	b.BaseURL = app.URL

	loginAs(t, b, "digid", "Budgethouder")
	completeProfile(t, b, false)
	b.Navigate("/berichten?status=ongelezen")
	b.WaitVisible("h1")
	if nav := b.Text("header nav"); !strings.Contains(nav, "ongelezen)") {
		t.Errorf("header %q has no unread count", nav)
	}
	b.AssertNoAxeViolations()

	b.Navigate("/suggestie-of-klacht")
	b.WaitVisible("h1")
	press(t, b, "Versturen")
	expectText(t, b, "Kies of het een suggestie of een klacht is.")
	b.AssertNoAxeViolations()
	choose(t, b, "soort", "suggestie")
	set(t, b, "onderwerp", "Filter op datum")
	set(t, b, "toelichting", "Graag een filter op datum.")
	press(t, b, "Versturen")
	expectText(t, b, "Wij hebben uw suggestie of klacht ontvangen")
	b.AssertNoAxeViolations()

	staff := browsertest.New(t)
	staff.BaseURL = app.URL
	loginAs(t, staff, "eherkenning", "Beoordelaar zorgkantoor")
	staff.Navigate("/klachten")
	staff.WaitVisible("h1")
	staff.AssertNoAxeViolations()
	press(t, staff, "Filter op datum")
	press(t, staff, "Antwoord versturen")
	expectText(t, staff, "Schrijf een antwoord.")
	if id := browsertest.Eval[string](staff, `document.activeElement ? document.activeElement.id + "|" + document.activeElement.tagName + "|" + location.href : ""`); !strings.HasPrefix(id, "foutmeldingen|") {
		t.Errorf("after a validation error the focus is on %q, not on the error summary", id)
	}
	staff.AssertNoAxeViolations()
	set(t, staff, "antwoord", "Dank u, wij nemen het mee.")
	press(t, staff, "Antwoord versturen")
	expectText(t, staff, "Uw antwoord is verstuurd")

	svb := browsertest.New(t)
	svb.BaseURL = app.URL
	loginAs(t, svb, "eherkenning", "Medewerker SVB")
	svb.Navigate("/onderhoud")
	svb.WaitVisible("h1")
	van, tot := start.Add(24*time.Hour), start.Add(26*time.Hour)
	set(t, svb, "van-datum", van.Format("02-01-2006"))
	set(t, svb, "van-tijd", van.Format("15:04"))
	set(t, svb, "tot-datum", tot.Format("02-01-2006"))
	set(t, svb, "tot-tijd", tot.Format("15:04"))
	press(t, svb, "Onderhoud aankondigen")
	expectText(t, svb, "Gepland onderhoud")
	svb.AssertNoAxeViolations()

	b.Navigate("/berichten")
	b.WaitVisible("h1")
	expectText(t, b, "Antwoord op uw suggestie")
	expectText(t, b, "Gepland onderhoud")
	b.AssertNoAxeViolations()
	b.SetViewport(320, 640)
	if b.HasHorizontalScroll() {
		b.Screenshot("berichten-320-overflow")
		t.Error("the berichten overview scrolls horizontally at 320 px wide")
	}
}
