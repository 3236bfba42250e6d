package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"pgbportaal/internal/civil"
	"pgbportaal/internal/testutil/apptest"
	zov "pgbportaal/internal/zorgovereenkomst"
)

// prognoseOvereenkomst stores an approved agreement of De Vries (PGB1000001)
// with Thuiszorg De Linde: a maandloon of maandbedrag from 1 January.
func prognoseOvereenkomst(t *testing.T, app *apptest.App, jaar int, maandbedrag int64) {
	t.Helper()
	in := zov.Inhoud{Soort: zov.SoortInstelling, BudgethouderNaam: "J. de Vries",
		Zorgverlener: zov.Zorgverlener{Naam: "Thuiszorg De Linde", AGB: "75012345", IBAN: "NL91ABNA0417164300"},
		Ingangsdatum: civil.Date{Year: jaar, Month: time.January, Day: 1}, Onbepaald: true, Uren: 20_00, UrenPer: "week", Vast: true,
		Maandloon: true, MaandBedrag: maandbedrag,
		Tarieven: []zov.Tarief{{Zorgfunctie: zov.Verpleging, Eenheid: zov.PerUur, Bedrag: 50_00}}, StandaardAfspraken: true}
	doc, _ := json.Marshal(in)
	if _, err := app.Pool.Exec(context.Background(), `INSERT INTO zorgovereenkomsten (budgethouder_id, zorgverlener_id, status, inhoud, ingediend_op, beoordeeld_op)
		SELECT b.id, z.id, 'goedgekeurd', $1, now(), now() FROM budgethouders b, zorgverleners z
		WHERE b.relatienummer = 'PGB1000001' AND z.agb_code = '75012345'`, doc); err != nil {
		t.Fatal(err)
	}
}

// TestBudgetPrognosePage: on 15 March, with a maandloon of € 4.000,00 from
// January and nothing booked, February..December are expected:
// 11 × 4.000 = 44.000, so of the € 45.000,00 budget € 1.000,00 is left.
// The page says so in one sentence, explains it, and draws it with a text
// alternative and a table of the same figures. Other parties see none of it.
func TestBudgetPrognosePage(t *testing.T) {
	jaar := civil.Today(time.Now()).Year
	now := time.Date(jaar, time.March, 15, 10, 0, 0, 0, time.UTC)
	app := startWithDemo(t, apptest.WithNow(func() time.Time { return now }))
	prognoseOvereenkomst(t, app, jaar, 4_000_00)

	c := newClient(t, app.URL)
	c.login("digid", "Budgethouder")
	resp, doc := c.do("GET", "/budget", nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /budget: %d", resp.StatusCode)
	}
	if got := budgetText(doc.Find("#prognose-zin")); got != "Als u zo doorgaat, houdt u op 31 december naar verwachting € 1.000,00 over." {
		t.Fatalf("zin %q", got)
	}
	details := doc.Find("details")
	if budgetText(details.Find("summary")) != "Hoe berekenen we dit?" {
		t.Fatalf("no disclosure: %s", budgetText(doc.Find("main")))
	}
	uitleg := budgetText(details)
	if got := rijTekst(details.Find("tbody tr")); got != "Thuiszorg De Linde; Vast maandbedrag; 11; € 44.000,00" {
		t.Errorf("uitleg per overeenkomst %q", got)
	}
	for _, want := range []string{"februari " + strconv.Itoa(jaar) + " tot en met december",
		"Toegekend € 45.000,00 min uitbetaald € 0,00 min ingepland € 0,00 min verwacht € 44.000,00 is € 1.000,00."} {
		if !strings.Contains(uitleg, want) {
			t.Errorf("uitleg lacks %q: %s", want, uitleg)
		}
	}

	svg := doc.Find(`svg[role="img"]`)
	if svg.Length() != 1 || svg.AttrOr("aria-labelledby", "") != "grafiek-titel grafiek-beschrijving" ||
		!strings.HasPrefix(svg.AttrOr("viewBox", ""), "0 0 ") {
		t.Fatalf("chart: %d %v", svg.Length(), svg.AttrOr("aria-labelledby", ""))
	}
	if budgetText(svg.Find("title#grafiek-titel")) != "Uitgaven uit uw budget "+strconv.Itoa(jaar)+", per maand opgeteld" ||
		!strings.Contains(budgetText(svg.Find("desc#grafiek-beschrijving")), "verwacht tot 31 december € 44.000,00") {
		t.Fatalf("text alternative: %q / %q", budgetText(svg.Find("title")), budgetText(svg.Find("desc")))
	}
	// Eleven expected bars (February..December), none for January.
	if n := svg.Find("rect.pgb-grafiek__verwacht").Length(); n != 11+1 { // + the legend
		t.Errorf("%d expected bars", n)
	}
	var maandRijen []string
	doc.Find("table").Each(func(_ int, tb *goquery.Selection) {
		if strings.HasPrefix(budgetText(tb.Find("caption")), "Uitgaven per maand") {
			tb.Find("tbody tr").Each(func(_ int, tr *goquery.Selection) { maandRijen = append(maandRijen, rijTekst(tr)) })
		}
	})
	if len(maandRijen) != 12 || maandRijen[0] != "januari "+strconv.Itoa(jaar)+"; € 0,00; € 0,00; € 0,00; € 0,00" ||
		maandRijen[11] != "december "+strconv.Itoa(jaar)+"; € 0,00; € 0,00; € 4.000,00; € 44.000,00" {
		t.Fatalf("table rows %q", maandRijen)
	}

	// Another budget's holder sees only their own budget; the zorgverlener
	// and the zorgkantoor no budget page at all.
	ander := newClient(t, app.URL)
	ander.login("digid", "Budgethouder met gevolmachtigde")
	if resp, doc := ander.do("GET", "/budget", nil); resp.StatusCode == http.StatusOK && strings.Contains(budgetText(doc.Find("main")), "Thuiszorg De Linde") {
		t.Error("another budgethouder's forecast shows De Vries' agreement")
	}
	for _, p := range []struct{ means, persona string }{{"vecozo", "Zorgverlener (formeel)"}, {"eherkenning", "Beoordelaar zorgkantoor"}} {
		o := newClient(t, app.URL)
		o.login(p.means, p.persona)
		if resp, _ := o.do("GET", "/budget?jaar="+strconv.Itoa(jaar), nil); resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", p.persona, resp.StatusCode)
		}
	}
}

// TestBudgetPrognoseRaaktOp: the same agreement and € 1.234,56 paid on top:
// 1.234,56 + 10 × 4.000 = 41.234,56 by the end of November; December's
// 4.000 has 3.765,44 left: ceil(3.765,44 × 31 / 4.000) = ceil(29,18) = 30.
func TestBudgetPrognoseRaaktOp(t *testing.T) {
	jaar := civil.Today(time.Now()).Year
	now := time.Date(jaar, time.March, 15, 10, 0, 0, 0, time.UTC)
	app := startWithDemo(t, apptest.WithNow(func() time.Time { return now }))
	prognoseOvereenkomst(t, app, jaar, 4_000_00)
	budgetPlan(t, app, 1_234_56)

	c := newClient(t, app.URL)
	c.login("digid", "Budgethouder")
	_, doc := c.do("GET", "/budget", nil)
	if got := budgetText(doc.Find("#prognose-zin")); got != "Als u zo doorgaat, is uw budget op 30 december op." {
		t.Fatalf("zin %q", got)
	}
	// A past year has no forecast.
	if _, err := app.Pool.Exec(context.Background(), `INSERT INTO toekenningen (budgethouder_id, jaar, bedrag, ingangsdatum, zorgprofiel)
		SELECT id, $1, 4000000, make_date($1, 1, 1), '5VV' FROM budgethouders WHERE relatienummer = 'PGB1000001'`, jaar-1); err != nil {
		t.Fatal(err)
	}
	_, doc = c.do("GET", "/budget?jaar="+strconv.Itoa(jaar-1), nil)
	if doc.Find("#prognose-zin").Length() != 0 || doc.Find("svg").Length() != 0 {
		t.Error("a past year shows a forecast")
	}
}

// rijTekst is a table row's cells as "a; b; c".
func rijTekst(tr *goquery.Selection) string {
	var cellen []string
	tr.Find("th, td").Each(func(_ int, c *goquery.Selection) { cellen = append(cellen, budgetText(c)) })
	return strings.Join(cellen, "; ")
}
