package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"pgbportaal/internal/civil"
	"pgbportaal/internal/declaratie"
	"pgbportaal/internal/testutil/apptest"
	zov "pgbportaal/internal/zorgovereenkomst"
)

var dclPath = regexp.MustCompile(`^/declaraties/(\d+)`)

// dclWereld is the demo with an approved agreement between mevrouw De Vries
// and H. de Boer from three months back (stored directly: a draft may start
// at most two months back), and a budget for last month's year.
type dclWereld struct {
	app    *apptest.App
	zovID  int64
	vorige civil.Date // last month
	today  civil.Date
}

func newDclWereld(t *testing.T) *dclWereld {
	t.Helper()
	app := startWithDemo(t)
	today := civil.Today(time.Now())
	w := &dclWereld{app: app, today: today, vorige: today.FirstOfMonth().AddMonths(-1)}
	in := zov.Inhoud{
		Soort: zov.SoortFamilie, BudgethouderNaam: "J. de Vries",
		Zorgverlener: zov.Zorgverlener{Naam: "H. de Boer", BSN: "135792460", IBAN: "NL91ABNA0417164300"},
		Ingangsdatum: today.FirstOfMonth().AddMonths(-3), Onbepaald: true, Uren: 1000, UrenPer: "week",
		Tarieven: []zov.Tarief{
			{Zorgfunctie: zov.PersoonlijkeVerzorging, Eenheid: zov.PerUur, Bedrag: 2000},
			{Zorgfunctie: zov.Logeeropvang, Eenheid: zov.PerEtmaal, Bedrag: 15000},
		},
		Etmalen: 20, Reiskosten: true, ReiskostenPerKm: 19, StandaardAfspraken: true,
	}
	ctx := context.Background()
	var zv int64
	if err := app.Pool.QueryRow(ctx, `SELECT z.id FROM zorgverleners z JOIN personen p ON p.id = z.persoon_id WHERE p.bsn = '135792460'`).Scan(&zv); err != nil {
		t.Fatal(err)
	}
	in.Zorgverlener.ID = zv
	doc, _ := json.Marshal(in)
	if err := app.Pool.QueryRow(ctx, `INSERT INTO zorgovereenkomsten (budgethouder_id, zorgverlener_id, status, inhoud, ingediend_op, beoordeeld_op)
		SELECT b.id, $1, 'goedgekeurd', $2, now(), now() FROM budgethouders b WHERE b.relatienummer = 'PGB1000001' RETURNING id`, zv, doc).Scan(&w.zovID); err != nil {
		t.Fatal(err)
	}
	// Both have completed their profile at an earlier login.
	if _, err := app.Pool.Exec(ctx, `INSERT INTO profielen (persoon_id, straat, huisnummer, postcode, woonplaats, email, iban)
		SELECT id, 'Dorpsstraat', '1', '1234 AB', 'Amstelveen', 'demo@voorbeeld.nl', CASE WHEN bsn = '135792460' THEN 'NL91ABNA0417164300' ELSE '' END
		FROM personen WHERE bsn IN ('111222333', '135792460')`); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Pool.Exec(ctx, `INSERT INTO toekenningen (budgethouder_id, jaar, bedrag, ingangsdatum, zorgprofiel)
		SELECT b.id, $1, 4500000, make_date($1, 1, 1), '5VV' FROM budgethouders b WHERE b.relatienummer = 'PGB1000001'
		ON CONFLICT (budgethouder_id, jaar) DO NOTHING`, w.vorige.Year); err != nil {
		t.Fatal(err)
	}
	return w
}

// dag is day d of last month.
func (w *dclWereld) dag(d int) civil.Date {
	return civil.Date{Year: w.vorige.Year, Month: w.vorige.Month, Day: d}
}

func (w *dclWereld) id(t *testing.T, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := w.app.Pool.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// dclRow is a declaratie's row as the system sees it.
func dclRow(t *testing.T, app *apptest.App, id string) string {
	t.Helper()
	var row string
	if err := app.Pool.QueryRow(context.Background(), `SELECT concat_ws('|', status, versie, regels::text, totaal, notitie,
		omschrijving, gewijzigd_op, (SELECT count(*) FROM betalingen b WHERE b.declaratie_id = d.id))
		FROM declaraties d WHERE id = $1::bigint`, id).Scan(&row); err != nil {
		t.Fatal(err)
	}
	return row
}

func dclID(t *testing.T, resp *http.Response) string {
	t.Helper()
	m := dclPath.FindStringSubmatch(resp.Request.URL.Path)
	if m == nil {
		t.Fatalf("not on a declaratie: %s", resp.Request.URL)
	}
	return m[1]
}

// rijen is a table's rows, one a line, cells separated by " | ".
func rijen(table *goquery.Selection) string {
	var out []string
	table.Find("tr").Each(func(_ int, tr *goquery.Selection) {
		var cells []string
		tr.Find("th, td").Each(func(_ int, c *goquery.Selection) { cells = append(cells, text(c)) })
		out = append(out, strings.Join(cells, " | "))
	})
	return strings.Join(out, "\n")
}

// ddNa is the text of the dd after the dt labelled label.
func ddNa(doc *goquery.Document, label string) string {
	var out string
	doc.Find("dt").Each(func(_ int, s *goquery.Selection) {
		if text(s) == label {
			out = text(s.Next())
		}
	})
	return out
}

func TestDeclaratieZelfIndienenViaDePaginas(t *testing.T) {
	w := newDclWereld(t)
	app := w.app
	bh := newClient(t, app.URL)
	_, doc := bh.login("digid", "Budgethouder")
	if h := text(doc.Find("main h2").First()); h != "Declaratie" {
		t.Errorf("first tile group %q", h)
	}
	for _, href := range []string{"/declaraties/nieuw", "/declaraties"} {
		if doc.Find(`.pgb-tile a[href="`+href+`"]`).Length() != 1 {
			t.Errorf("no tile to %s", href)
		}
	}
	_, doc = bh.do("GET", "/budget", nil)
	resterendVoor := ddNa(doc, "Resterend budget")

	resp, doc := bh.do("GET", "/declaraties/nieuw", nil)
	if resp.StatusCode != 200 || doc.Find("title").Text() != "Stap 1 van 3: Declaratie – Indienen declaratie – PGB Portaal" ||
		text(doc.Find("[aria-current=step]")) != "Declaratie" {
		t.Fatalf("step 1: %d %q", resp.StatusCode, doc.Find("title").Text())
	}
	zovID := strconv.FormatInt(w.zovID, 10)
	if doc.Find(`#zorgovereenkomst option[value="`+zovID+`"]`).Length() != 1 {
		t.Fatalf("agreement not offered: %q", text(doc.Find("#zorgovereenkomst")))
	}
	if v, _ := doc.Find("#periode option[selected]").Attr("value"); v != w.vorige.ISO()[:7] {
		t.Errorf("month preselected %q", v)
	}
	// This month is not over.
	resp, doc = bh.do("POST", "/declaraties/nieuw", values("soort", "zorg", "zorgovereenkomst", zovID, "periode", w.today.ISO()[:7]))
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(doc.Find("#periode-error")), "als de maand voorbij is") {
		t.Fatalf("this month: %d %q", resp.StatusCode, text(doc.Find(".pgb-error-summary")))
	}
	resp, doc = bh.do("POST", "/declaraties/nieuw", values("soort", "zorg", "zorgovereenkomst", zovID, "periode", w.vorige.ISO()[:7]))
	id := dclID(t, resp)
	if resp.StatusCode != 200 || !strings.Contains(text(doc.Find(".dcl-info")), "€ 20,00 per uur") || !strings.Contains(text(doc.Find(".dcl-info")), "H. de Boer") {
		t.Fatalf("grid page: %d %q", resp.StatusCode, text(doc.Find("main")))
	}
	base := "/declaraties/" + id
	// Every input is labelled per cell.
	d3 := w.dag(3)
	cel := declaratie.VeldAantal(d3, zov.PersoonlijkeVerzorging)
	want := "Persoonlijke verzorging, " + declaratie.Weekdag(d3) + " " + d3.String() + ", uren"
	if got := text(doc.Find(`label[for="` + cel + `"] .pgb-visually-hidden`)); got != want {
		t.Errorf("label of %s: %q, want %q", cel, got, want)
	}

	// The second week (Monday to Sunday) is filled in and copied to the third, server-side.
	var week2 []civil.Date
	for d := w.vorige; d.Month == w.vorige.Month; d = d.AddDays(1) {
		if d.Weekday() == time.Monday && len(week2) == 0 && d.Day > 1 {
			for i := 0; i < 7; i++ {
				week2 = append(week2, d.AddDays(i))
			}
		}
	}
	wk := "2"
	if w.vorige.Weekday() == time.Monday {
		wk = "1" // the month starts on a Monday: week 1 is whole
	}
	form := values("versie", versie(t, doc), "actie", "kopieer_"+wk)
	form.Set(declaratie.VeldAantal(week2[0], zov.PersoonlijkeVerzorging), "2,5")
	form.Set(declaratie.VeldAantal(week2[2], zov.PersoonlijkeVerzorging), "3")
	form.Set(declaratie.VeldKm(week2[0]), "10")
	resp, doc = bh.do("POST", base, form)
	if resp.StatusCode != 200 || !strings.Contains(text(doc.Find(".pgb-notification")), "gekopieerd") {
		t.Fatalf("kopieer: %d %s %q", resp.StatusCode, resp.Request.URL, text(doc.Find("main")))
	}
	if v, _ := doc.Find("#" + declaratie.VeldAantal(week2[0].AddDays(7), zov.PersoonlijkeVerzorging)).Attr("value"); v != "2,5" {
		t.Errorf("copied value %q", v)
	}
	if v, _ := doc.Find("#" + declaratie.VeldKm(week2[0].AddDays(7))).Attr("value"); v != "10" {
		t.Errorf("copied km %q", v)
	}

	// Malformed input: 422, kept as typed, tied to its field.
	bad := declaratie.VeldAantal(week2[1], zov.PersoonlijkeVerzorging)
	resp, doc = bh.do("POST", base, with(url.Values{}, "versie", versie(t, doc), "actie", "opslaan", bad, "zeven",
		declaratie.VeldAantal(week2[0], zov.PersoonlijkeVerzorging), "2,5"))
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.HasPrefix(doc.Find("title").Text(), "Fout: ") {
		t.Fatalf("malformed: %d", resp.StatusCode)
	}
	in := doc.Find("#" + bad)
	if v, _ := in.Attr("value"); v != "zeven" {
		t.Errorf("typed input lost: %q", v)
	}
	if inv, _ := in.Attr("aria-invalid"); inv != "true" || doc.Find(`.pgb-error-summary a[href="#`+bad+`"]`).Length() != 1 {
		t.Error("error not tied to its field")
	}
	// Well-formed but against the rules: saved, then the step again with the rule's error.
	resp, doc = bh.do("POST", base, values("versie", versie(t, doc), "actie", "volgende", bad, "25"))
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(doc.Find("#"+bad+"-error")), "24 uur") {
		t.Fatalf("25 hours: %d %q", resp.StatusCode, text(doc.Find(".pgb-error-summary")))
	}
	// A weekend logeeropvang over several days, and the week's hours.
	form = values("versie", versie(t, doc), "actie", "volgende",
		declaratie.VeldAantal(week2[0], zov.PersoonlijkeVerzorging), "2,5",
		declaratie.VeldAantal(week2[2], zov.PersoonlijkeVerzorging), "3",
		declaratie.VeldKm(week2[0]), "10",
		"md_0_begin", week2[4].String(), "md_0_eind", week2[6].String(), "md_0_functie", "logeeropvang", "md_0_aantal", "2")
	resp, doc = bh.do("POST", base, form)
	if resp.Request.URL.Path != base+"/controle" {
		t.Fatalf("volgende → %d %s %q", resp.StatusCode, resp.Request.URL, text(doc.Find(".pgb-error-summary")))
	}
	// 5,5 hours × € 20,00 + 10 km × € 0,19 + 2 etmalen × € 150,00 = € 411,90.
	main := text(doc.Find("main"))
	for _, want := range []string{"Stap 2 van 3", "Ik verklaar dat ik alles naar waarheid heb ingevuld", "Resterend budget"} {
		if !strings.Contains(main, want) {
			t.Errorf("controle lacks %q: %s", want, main)
		}
	}
	totalen := rijen(doc.Find("table").First())
	for _, want := range []string{"Persoonlijke verzorging | 5,5 uur | € 20,00 per uur | € 110,00", "Reiskosten | 10 km | € 0,19 per km | € 1,90",
		"Logeeropvang | 2 etmalen | € 150,00 per etmaal | € 300,00", "Totaal | € 411,90"} {
		if !strings.Contains(totalen, want) {
			t.Errorf("totals lack %q: %s", want, totalen)
		}
	}
	resp, doc = bh.do("POST", base+"/indienen", values("versie", versie(t, doc)))
	if resp.StatusCode != http.StatusUnprocessableEntity || doc.Find("#naar_waarheid-error").Length() != 1 ||
		doc.Find(`.pgb-error-summary a[href="#naar_waarheid"]`).Length() != 1 {
		t.Fatalf("without naar waarheid: %d", resp.StatusCode)
	}
	resp, doc = bh.do("POST", base+"/indienen", values("versie", versie(t, doc), "naar_waarheid", "ja"))
	if resp.Request.URL.Path != base+"/ingediend" || !strings.Contains(text(doc.Find("main")), "ingepland") ||
		text(doc.Find("[aria-current=step]")) != "Ingediend" {
		t.Fatalf("indienen → %d %s %q", resp.StatusCode, resp.Request.URL, text(doc.Find("main")))
	}
	_, doc = bh.do("GET", "/budget", nil)
	if ddNa(doc, "Ingepland") != "€ 411,90" || ddNa(doc, "Resterend budget") == resterendVoor {
		t.Errorf("budget: ingepland %q, resterend %q (was %q)", ddNa(doc, "Ingepland"), ddNa(doc, "Resterend budget"), resterendVoor)
	}
	_, doc = bh.do("GET", "/declaraties", nil)
	if row := text(doc.Find("tbody tr").First()); !strings.Contains(row, "€ 411,90") || !strings.Contains(row, "ingepland") || !strings.Contains(row, "H. de Boer") {
		t.Errorf("overview row %q", row)
	}
	if !strings.Contains(text(doc.Find("tfoot")), "€ 411,90") {
		t.Errorf("overview total %q", text(doc.Find("tfoot")))
	}
	// One per agreement per month.
	resp, doc = bh.do("POST", "/declaraties/nieuw", values("soort", "zorg", "zorgovereenkomst", zovID, "periode", w.vorige.ISO()[:7]))
	if resp.StatusCode != http.StatusConflict || !strings.Contains(text(doc.Find(".pgb-error-summary")),
		"Voor deze zorgovereenkomst is over "+declaratie.MaandNaam(w.vorige)+" al een declaratie ingediend.") {
		t.Fatalf("second: %d %q", resp.StatusCode, text(doc.Find(".pgb-error-summary")))
	}

	// Intrekken, and the SVB grants it.
	_, doc = bh.do("GET", base, nil)
	resp, doc = bh.do("POST", base+"/intrekken", values("versie", versie(t, doc)))
	if resp.StatusCode != 200 || !strings.Contains(text(doc.Find(".dcl-status")), "intrekking aangevraagd") {
		t.Fatalf("intrekken: %d %q", resp.StatusCode, text(doc.Find("main")))
	}
	svb := newClient(t, app.URL)
	_, doc = svb.login("eherkenning", "Medewerker SVB")
	if doc.Find(`.pgb-tile a[href="/intrekkingen"]`).Length() != 1 {
		t.Error("no Intrekkingen tile for the SVB")
	}
	_, doc = svb.do("GET", "/intrekkingen", nil)
	f := doc.Find(`form[action="/intrekkingen/` + id + `"]`)
	v, _ := f.Find("input[name=versie]").Attr("value")
	if f.Length() != 1 || !strings.Contains(text(doc.Find("tbody")), "J. de Vries") {
		t.Fatalf("queue: %q", text(doc.Find("main")))
	}
	resp, doc = svb.do("POST", "/intrekkingen/"+id, values("versie", v, "besluit", "toekennen"))
	if resp.Request.URL.Path != "/intrekkingen" || !strings.Contains(text(doc.Find(".pgb-notification")), "toegekend") || doc.Find("tbody tr").Length() != 0 {
		t.Fatalf("toekennen: %d %q", resp.StatusCode, text(doc.Find("main")))
	}
	_, doc = bh.do("GET", base, nil)
	if !strings.Contains(text(doc.Find(".dcl-status")), "ingetrokken") {
		t.Errorf("after withdrawal: %q", text(doc.Find(".dcl-status")))
	}
	_, doc = bh.do("GET", "/budget", nil)
	if ddNa(doc, "Resterend budget") != resterendVoor {
		t.Errorf("budget not restored: %q, was %q", ddNa(doc, "Resterend budget"), resterendVoor)
	}
}

func TestDeclaratieViaDeZorgverlenerAfgekeurdEnGoedgekeurd(t *testing.T) {
	w := newDclWereld(t)
	app := w.app
	zovID := strconv.FormatInt(w.zovID, 10)
	zv := newClient(t, app.URL)
	_, doc := zv.login("digid", "Zorgverlener (informeel)")
	if doc.Find(`.pgb-tile a[href="/declaraties/nieuw"]`).Length() != 1 || !strings.Contains(text(doc.Find(".pgb-tile")), "Declaratie invoeren") {
		t.Errorf("zorgverlener's tiles: %q", text(doc.Find("main")))
	}
	resp, doc := zv.do("GET", "/declaraties/nieuw", nil)
	if resp.StatusCode != 200 || doc.Find("[name=soort][type=radio]").Length() != 0 || doc.Find(`#zorgovereenkomst option[value="`+zovID+`"]`).Length() != 1 ||
		!strings.Contains(text(doc.Find("#zorgovereenkomst")), "J. de Vries") {
		t.Fatalf("zorgverlener's step 1: %d %q", resp.StatusCode, text(doc.Find("form")))
	}
	if doc.Find(`#periode option[value="`+w.today.ISO()[:7]+`"]`).Length() != 0 {
		t.Error("the current month offered to the zorgverlener")
	}
	resp, doc = zv.do("POST", "/declaraties/nieuw", values("zorgovereenkomst", zovID, "periode", w.vorige.ISO()[:7]))
	id := dclID(t, resp)
	base := "/declaraties/" + id
	cel := declaratie.VeldAantal(w.dag(2), zov.PersoonlijkeVerzorging)
	resp, doc = zv.do("POST", base, values("versie", versie(t, doc), "actie", "volgende", cel, "6"))
	if resp.Request.URL.Path != base+"/controle" || !strings.Contains(text(doc.Find("main")), "Versturen naar budgethouder") ||
		strings.Contains(text(doc.Find("main")), "Resterend budget") {
		t.Fatalf("zorgverlener's controle: %s %q", resp.Request.URL, text(doc.Find("main")))
	}
	// The zorgverlener cannot submit (plan) it, only send it.
	before := dclRow(t, app, id)
	if resp, _ := zv.do("POST", base+"/indienen", values("versie", versie(t, doc), "naar_waarheid", "ja")); resp.StatusCode != http.StatusForbidden {
		t.Errorf("zorgverlener indienen: %d", resp.StatusCode)
	}
	if resp, _ := zv.do("POST", base+"/goedkeuren", values("versie", versie(t, doc))); resp.StatusCode != http.StatusForbidden {
		t.Errorf("zorgverlener goedkeuren: %d", resp.StatusCode)
	}
	if dclRow(t, app, id) != before {
		t.Fatal("refused requests changed the declaratie")
	}
	resp, doc = zv.do("POST", base+"/versturen", values("versie", versie(t, doc), "naar_waarheid", "ja"))
	if resp.Request.URL.Path != base+"/ingediend" || !strings.Contains(text(doc.Find("main")), "verstuurd") {
		t.Fatalf("versturen → %s %q", resp.Request.URL, text(doc.Find("main")))
	}

	bh := newClient(t, app.URL)
	bh.login("digid", "Budgethouder")
	_, doc = bh.do("GET", "/declaraties", nil)
	if doc.Find(`a[href="`+base+`"]`).Length() != 1 || !strings.Contains(text(doc.Find(`a[href="`+base+`"]`)), "Beoordelen") ||
		!strings.Contains(text(doc.Find(".pgb-notification")), "ter beoordeling") {
		t.Fatalf("budgethouder's overview: %q", text(doc.Find("main")))
	}
	_, doc = bh.do("GET", base, nil)
	resp, doc = bh.do("POST", base+"/afkeuren", values("versie", versie(t, doc), "notitie", "  "))
	if resp.StatusCode != http.StatusUnprocessableEntity || doc.Find("#notitie-error").Length() != 1 {
		t.Fatalf("afkeuren without a note: %d", resp.StatusCode)
	}
	resp, doc = bh.do("POST", base+"/afkeuren", values("versie", versie(t, doc), "notitie", "Op de 2e was u er maar 4 uur."))
	if resp.StatusCode != 200 || !strings.Contains(text(doc.Find(".dcl-status")), "afgekeurd") {
		t.Fatalf("afkeuren: %d %q", resp.StatusCode, text(doc.Find("main")))
	}

	_, doc = zv.do("GET", base, nil)
	if !strings.Contains(text(doc.Find(".pgb-notification")), "Op de 2e was u er maar 4 uur.") || doc.Find("#"+cel).Length() != 1 {
		t.Fatalf("zorgverlener does not see the note or the form: %q", text(doc.Find("main")))
	}
	resp, doc = zv.do("POST", base, values("versie", versie(t, doc), "actie", "volgende", cel, "4"))
	if resp.Request.URL.Path != base+"/controle" {
		t.Fatalf("adjusted → %s", resp.Request.URL)
	}
	zv.do("POST", base+"/versturen", values("versie", versie(t, doc), "naar_waarheid", "ja"))

	_, doc = bh.do("GET", base, nil)
	resp, doc = bh.do("POST", base+"/goedkeuren", values("versie", versie(t, doc)))
	if resp.StatusCode != 200 || !strings.Contains(text(doc.Find(".dcl-status")), "ingepland") || !strings.Contains(text(doc.Find("main")), "€ 80,00") {
		t.Fatalf("goedkeuren: %d %q", resp.StatusCode, text(doc.Find("main")))
	}
	_, doc = zv.do("GET", "/berichten", nil)
	for _, want := range []string{"Declaratie afgekeurd", "Declaratie goedgekeurd"} {
		if !strings.Contains(text(doc.Find("main")), want) {
			t.Errorf("zorgverlener lacks bericht %q", want)
		}
	}
}

func TestDeclaratieNeedToKnowViaHTTP(t *testing.T) {
	w := newDclWereld(t)
	app := w.app
	zovID := strconv.FormatInt(w.zovID, 10)
	bh := newClient(t, app.URL)
	bh.login("digid", "Budgethouder")
	// A planned declaratie and a concept.
	resp, doc := bh.do("POST", "/declaraties/nieuw", values("soort", "zorg", "zorgovereenkomst", zovID, "periode", w.vorige.ISO()[:7]))
	ingepland := dclID(t, resp)
	cel := declaratie.VeldAantal(w.dag(2), zov.PersoonlijkeVerzorging)
	_, doc = bh.do("POST", "/declaraties/"+ingepland, values("versie", versie(t, doc), "actie", "volgende", cel, "3"))
	resp, _ = bh.do("POST", "/declaraties/"+ingepland+"/indienen", values("versie", versie(t, doc), "naar_waarheid", "ja"))
	if resp.Request.URL.Path != "/declaraties/"+ingepland+"/ingediend" {
		t.Fatalf("indienen → %s", resp.Request.URL)
	}
	resp, _ = bh.do("POST", "/declaraties/nieuw", values("soort", "vvb", "periode", w.vorige.ISO()[:7]))
	concept := dclID(t, resp)

	for _, id := range []string{ingepland, concept} {
		before := dclRow(t, app, id)
		v := strings.Split(before, "|")[1]
		base := "/declaraties/" + id
		for _, who := range []struct{ means, persona string }{
			{"digid", "Wettelijk vertegenwoordiger"},
			{"vecozo", "Zorgverlener (formeel)"},
			{"eherkenning", "Beoordelaar ander zorgkantoor"},
			{"digid", "Budgethouder met gevolmachtigde"},
		} {
			c := newClient(t, app.URL)
			c.login(who.means, who.persona)
			for _, p := range []string{base, base + "/controle", base + "/ingediend"} {
				resp, doc := c.do("GET", p, nil)
				if resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusForbidden {
					t.Errorf("%s GET %s: %d", who.persona, p, resp.StatusCode)
				}
				if strings.Contains(doc.Text(), "H. de Boer") || strings.Contains(doc.Text(), "J. de Vries") {
					t.Errorf("%s GET %s shows the declaratie", who.persona, p)
				}
			}
			for _, post := range []struct {
				path string
				form url.Values
			}{
				{base, values("versie", v, "actie", "opslaan", cel, "9", "bedrag", "99")},
				{base, values("versie", v, "actie", "volgende", cel, "9")},
				{base + "/indienen", values("versie", v, "naar_waarheid", "ja")},
				{base + "/versturen", values("versie", v, "naar_waarheid", "ja")},
				{base + "/goedkeuren", values("versie", v)},
				{base + "/afkeuren", values("versie", v, "notitie", "Nee")},
				{base + "/intrekken", values("versie", v)},
				{"/intrekkingen/" + id, values("versie", v, "besluit", "toekennen")},
			} {
				resp, _ := c.do("POST", post.path, post.form)
				if resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusForbidden {
					t.Errorf("%s POST %s: %d (%s)", who.persona, post.path, resp.StatusCode, resp.Request.URL)
				}
			}
			_, doc := c.do("GET", "/declaraties", nil)
			if strings.Contains(doc.Text(), "H. de Boer") || doc.Find(`a[href="`+base+`"]`).Length() != 0 {
				t.Errorf("%s sees the declaratie in an overview", who.persona)
			}
			// Nor can they draft under De Vries' agreement.
			resp, _ := c.do("POST", "/declaraties/nieuw", values("soort", "zorg", "zorgovereenkomst", zovID, "periode", w.vorige.AddMonths(-1).ISO()[:7]))
			if resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusSeeOther {
				t.Errorf("%s drafted under the agreement: %s", who.persona, resp.Request.URL)
			}
		}
		if dclRow(t, app, id) != before {
			t.Errorf("declaratie %s changed", id)
		}
	}
	if n := w.id(t, `SELECT count(*) FROM declaraties`); n != 2 {
		t.Errorf("%d declaraties", n)
	}
	// The region's own zorgkantoor sees the submitted one, not the concept; the SVB likewise.
	for _, who := range []struct{ means, persona string }{{"eherkenning", "Beoordelaar zorgkantoor"}, {"eherkenning", "Medewerker SVB"}} {
		c := newClient(t, app.URL)
		c.login(who.means, who.persona)
		if resp, _ := c.do("GET", "/declaraties/"+ingepland, nil); resp.StatusCode != 200 {
			t.Errorf("%s cannot see the submitted declaratie: %d", who.persona, resp.StatusCode)
		}
		if resp, _ := c.do("GET", "/declaraties/"+concept, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s sees a concept: %d", who.persona, resp.StatusCode)
		}
	}
}

func TestDeclaratieVerantwoordingsvrijBedragPagina(t *testing.T) {
	w := newDclWereld(t)
	bh := newClient(t, w.app.URL)
	bh.login("digid", "Budgethouder")
	resp, doc := bh.do("POST", "/declaraties/nieuw", values("soort", "vvb", "periode", w.today.ISO()[:7]))
	id := dclID(t, resp)
	main := text(doc.Find("main"))
	if ddNa(doc, "U kunt nog declareren") != "€ 675,00" || !strings.Contains(main, "pas declareren") || doc.Find("#iban").Length() != 1 {
		t.Fatalf("VVB form: %q", main)
	}
	resp, doc = bh.do("POST", "/declaraties/"+id, values("versie", versie(t, doc), "actie", "volgende", "bedrag", "675,01", "iban", "NL91 ABNA 0417 1643 00"))
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(doc.Find("#bedrag-error")), "pas declareren") {
		t.Fatalf("VVB before care was paid: %d %q", resp.StatusCode, text(doc.Find(".pgb-error-summary")))
	}
	if v, _ := doc.Find("#bedrag").Attr("value"); v != "675,01" {
		t.Errorf("bedrag shows %q", v)
	}
}
