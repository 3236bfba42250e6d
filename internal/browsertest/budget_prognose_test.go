package browsertest_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"pgbportaal/internal/browsertest"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/demo"
	"pgbportaal/internal/testutil/apptest"
	zov "pgbportaal/internal/zorgovereenkomst"
)

// TestBudgetPrognose: the budgethouder reads the forecast sentence on
// Overzicht budget, opens "Hoe berekenen we dit?", and a screen reader
// finds the chart's text alternative; axe finds nothing and the page fits
// 320 px.
func TestBudgetPrognose(t *testing.T) {
	app := apptest.StartApp(t)
	ctx := context.Background()
	if err := demo.Load(ctx, app.Pool); err != nil {
		t.Fatal(err)
	}
	jaar := civil.Today(time.Now()).Year
	in := zov.Inhoud{Soort: zov.SoortInstelling, BudgethouderNaam: "J. de Vries",
		Zorgverlener: zov.Zorgverlener{Naam: "Thuiszorg De Linde", AGB: "75012345", IBAN: "NL91ABNA0417164300"},
		Ingangsdatum: civil.Date{Year: jaar, Month: time.January, Day: 1}, Onbepaald: true, Uren: 20_00, UrenPer: "week", Vast: true,
		Maandloon: true, MaandBedrag: 3_000_00, StandaardAfspraken: true,
		Tarieven: []zov.Tarief{{Zorgfunctie: zov.Verpleging, Eenheid: zov.PerUur, Bedrag: 50_00}}}
	doc, _ := json.Marshal(in)
	if _, err := app.Pool.Exec(ctx, `INSERT INTO zorgovereenkomsten (budgethouder_id, zorgverlener_id, status, inhoud, ingediend_op, beoordeeld_op)
		SELECT b.id, z.id, 'goedgekeurd', $1, now(), now() FROM budgethouders b, zorgverleners z
		WHERE b.relatienummer = 'PGB1000001' AND z.agb_code = '75012345'`, doc); err != nil {
		t.Fatal(err)
	}

	b := browsertest.New(t)
	b.BaseURL = app.URL
	loginAs(t, b, "digid", "Budgethouder")
	completeProfile(t, b, false)
	b.Navigate("/budget")
	b.WaitVisible("#prognose-zin")
	zin := strings.ReplaceAll(b.Text("#prognose-zin"), "\u00a0", " ")
	if !strings.HasPrefix(zin, "Als u zo doorgaat, ") || !(strings.Contains(zin, "houdt u op 31 december naar verwachting €") || strings.Contains(zin, "is uw budget op")) {
		t.Fatalf("forecast sentence %q", zin)
	}
	// The chart's accessible name and description, as the browser computes
	// them from aria-labelledby.
	alt := browsertest.Eval[string](b, `(() => { const s = document.querySelector('svg[role="img"]'); if (!s) return "";
		return s.getAttribute("aria-labelledby").split(" ").map(id => document.getElementById(id).textContent.trim()).join(" | "); })()`)
	if !strings.HasPrefix(alt, "Uitgaven uit uw budget ") || !strings.Contains(alt, zin) {
		t.Fatalf("chart text alternative %q", alt)
	}
	if !b.Exists("table caption") || !strings.Contains(bodyText(b), "Opgeteld sinds januari") {
		t.Fatal("no table with the chart's figures")
	}
	b.Click("details > summary")
	expectText(t, b, "Vast maandbedrag")
	b.AssertNoAxeViolations()

	b.SetViewport(320, 800)
	b.Navigate("/budget")
	b.WaitVisible("#prognose-zin")
	if b.HasHorizontalScroll() {
		t.Fatalf("horizontal scroll at 320 px: %s", overflowing(b))
	}
	if w := browsertest.Eval[float64](b, `document.querySelector('svg[role="img"]').getBoundingClientRect().width`); w <= 0 || w > 320 {
		t.Fatalf("chart width at 320 px: %v", w)
	}
	b.AssertNoAxeViolations()
	b.Screenshot("budget-prognose-320")
}
