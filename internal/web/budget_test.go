package web_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5"

	"pgbportaal/internal/betaalrun"
	"pgbportaal/internal/budget"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/db"
	"pgbportaal/internal/testutil/apptest"
)

func budgetText(s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), " ") }

// budgetDL reads a description list as "term value; term value".
func budgetDL(s *goquery.Selection) string {
	var parts []string
	s.Find("dt").Each(func(_ int, dt *goquery.Selection) {
		parts = append(parts, budgetText(dt)+" "+budgetText(dt.NextFiltered("dd")))
	})
	return strings.Join(parts, "; ")
}

// budgetPlan books payments for De Vries (PGB1000001) as the portal does.
func budgetPlan(t *testing.T, app *apptest.App, bedragen ...int64) {
	t.Helper()
	ctx := context.Background()
	err := db.TxAs(ctx, app.Pool, db.System, func(tx pgx.Tx) error {
		var bh, zv int64
		if err := tx.QueryRow(ctx, `SELECT id FROM budgethouders WHERE relatienummer = 'PGB1000001'`).Scan(&bh); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT id FROM zorgverleners WHERE agb_code = '75012345'`).Scan(&zv); err != nil {
			return err
		}
		for _, b := range bedragen {
			if _, err := budget.Inplannen(ctx, tx, budget.Boeking{BudgethouderID: bh, ZorgverlenerID: zv, Soort: budget.SoortDeclaratie,
				Periode: civil.Today(time.Now()).FirstOfMonth(), Omschrijving: "Declaratie thuiszorg", Bedrag: b,
				IBAN: "NL91ABNA0417164300", Naam: "Thuiszorg De Linde"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestBudgetOverzichtPage(t *testing.T) {
	app := startWithDemo(t)
	budgetPlan(t, app, 1_000_00, 234_56)
	if _, err := betaalrun.Run(context.Background(), app.Pool, time.Now(), 0); err != nil {
		t.Fatal(err)
	}
	budgetPlan(t, app, 99_99)
	jaar := strconv.Itoa(civil.Today(time.Now()).Year)

	c := newClient(t, app.URL)
	c.login("digid", "Budgethouder")
	resp, doc := c.do("GET", "/budget", nil)
	if resp.StatusCode != http.StatusOK || budgetText(doc.Find("h1")) != "Overzicht budget "+jaar {
		t.Fatalf("GET /budget: %d %q", resp.StatusCode, budgetText(doc.Find("h1")))
	}
	cur := doc.Find(`nav a[aria-current="page"]`)
	if cur.Length() != 1 || budgetText(cur) != "Totaalbudget" {
		t.Fatalf("current tab %q", budgetText(cur))
	}
	dl := budgetDL(doc.Find("main dl"))
	for _, want := range []string{"Toegekend budget € 45.000,00", "Uitbetaald € 1.234,56", "Ingepland € 99,99", "Resterend budget € 43.665,45", "Zorgprofiel 5VV"} {
		if !strings.Contains(dl, want) {
			t.Errorf("totaal lacks %q: %s", want, dl)
		}
	}
	if doc.Find("select#jaar").Length() != 0 {
		t.Error("year choice with only one year")
	}

	_, doc = c.do("GET", "/budget?tab=uitbetalingen", nil)
	if budgetText(doc.Find(`nav a[aria-current="page"]`)) != "Uitbetalingen" || doc.Find("tbody tr").Length() != 2 {
		t.Fatalf("uitbetalingen: %s", budgetText(doc.Find("main")))
	}
	if row := budgetText(doc.Find("tbody tr").First()); !strings.Contains(row, "Thuiszorg De Linde") || !strings.Contains(row, "BET-") {
		t.Errorf("uitbetaling row %q", row)
	}
	_, doc = c.do("GET", "/budget?tab=ingepland", nil)
	if budgetText(doc.Find(`nav a[aria-current="page"]`)) != "Ingeplande uitbetalingen" || doc.Find("tbody tr").Length() != 1 ||
		!strings.Contains(budgetText(doc.Find("tbody")), "€ 99,99") {
		t.Fatalf("ingepland: %s", budgetText(doc.Find("main")))
	}
	if resp, _ := c.do("GET", "/budget?tab=geheim", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown tab: %d", resp.StatusCode)
	}

	// A second year: the year choice appears and works.
	if _, err := app.Pool.Exec(context.Background(), `INSERT INTO toekenningen (budgethouder_id, jaar, bedrag, ingangsdatum, zorgprofiel)
		SELECT id, $1, 4600000, make_date($1, 1, 1), '5VV' FROM budgethouders WHERE relatienummer = 'PGB1000001'`, civil.Today(time.Now()).Year+1); err != nil {
		t.Fatal(err)
	}
	volgend := strconv.Itoa(civil.Today(time.Now()).Year + 1)
	_, doc = c.do("GET", "/budget?tab=uitbetalingen", nil)
	if doc.Find("select#jaar option").Length() != 2 {
		t.Fatalf("no year choice: %s", budgetText(doc.Find("main")))
	}
	resp, doc = c.do("GET", "/budget?tab=totaal&jaar="+volgend, nil)
	if resp.StatusCode != 200 || !strings.Contains(budgetDL(doc.Find("main dl")), "Toegekend budget € 46.000,00") {
		t.Fatalf("next year: %d %s", resp.StatusCode, budgetText(doc.Find("main")))
	}
	if resp, _ := c.do("GET", "/budget?jaar=2001", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("year without toekenning: %d", resp.StatusCode)
	}

	// The read-only budgethouder may look.
	ro := newClient(t, app.URL)
	ro.login("digid", "Budgethouder met gevolmachtigde")
	if resp, doc := ro.do("GET", "/budget", nil); resp.StatusCode != 200 || !strings.Contains(budgetDL(doc.Find("main dl")), "€ 45.000,00") {
		t.Fatalf("read-only: %d", resp.StatusCode)
	}
	// The home page offers the tile.
	_, doc = ro.do("GET", "/", nil)
	if doc.Find(`a[href="/budget"]`).Length() == 0 {
		t.Error("no Overzicht budget tile")
	}
}

func TestBudgetPagesRefuseOtherParties(t *testing.T) {
	app := startWithDemo(t)
	budgetPlan(t, app, 100_00)
	res, err := betaalrun.Run(context.Background(), app.Pool, time.Now(), 0)
	if err != nil {
		t.Fatal(err)
	}
	bestand := "/betaalrun/" + strconv.FormatInt(res.RunID, 10) + "/pain001.xml"
	cases := []struct {
		means, persona string
		refused        []string // GET paths that must answer 403 or 404
		posts          []string
	}{
		{"digid", "Zorgverlener (informeel)", []string{"/budget", "/toekenningen", "/toekenningen/nieuw", "/betaalrun", bestand}, []string{"/toekenningen/nieuw", "/betaalrun"}},
		{"vecozo", "Zorgverlener (formeel)", []string{"/budget", "/toekenningen", "/betaalrun", bestand}, []string{"/betaalrun"}},
		{"digid", "Budgethouder", []string{"/toekenningen", "/toekenningen/nieuw", "/betaalrun", bestand}, []string{"/toekenningen/nieuw", "/betaalrun"}},
		{"eherkenning", "Beoordelaar zorgkantoor", []string{"/budget", "/betaalrun", bestand}, []string{"/betaalrun"}},
		{"eherkenning", "Medewerker SVB", []string{"/budget", "/toekenningen", "/toekenningen/nieuw"}, []string{"/toekenningen/nieuw"}},
	}
	for _, cs := range cases {
		c := newClient(t, app.URL)
		c.login(cs.means, cs.persona)
		for _, p := range cs.refused {
			resp, _ := c.do("GET", p, nil)
			if resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s GET %s: %d", cs.persona, p, resp.StatusCode)
			}
		}
		for _, p := range cs.posts {
			resp, _ := c.do("POST", p, url.Values{"relatienummer": {"PGB1000008"}})
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s POST %s: %d", cs.persona, p, resp.StatusCode)
			}
		}
	}
	var n int
	if err := app.Pool.QueryRow(context.Background(), `SELECT count(*) FROM betaalruns`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("betaalruns %d %v", n, err)
	}
	// Anonymous visitors go to the login page.
	anon := newClient(t, app.URL)
	if resp, _ := anon.do("GET", "/budget", nil); resp.Request.URL.Path != "/inloggen" {
		t.Errorf("anonymous reached /budget: %s", resp.Request.URL)
	}
}

func TestToekenningRegistrerenPage(t *testing.T) {
	app := startWithDemo(t)
	jaar := strconv.Itoa(civil.Today(time.Now()).Year)
	zk := newClient(t, app.URL)
	zk.login("eherkenning", "Beoordelaar zorgkantoor")
	_, home := zk.do("GET", "/", nil)
	if home.Find(`a[href="/toekenningen/nieuw"]`).Length() == 0 {
		t.Error("no Toekenning registreren tile")
	}
	resp, doc := zk.do("GET", "/toekenningen/nieuw", nil)
	if resp.StatusCode != 200 || budgetText(doc.Find("h1")) != "Toekenning registreren" {
		t.Fatalf("form: %d %q", resp.StatusCode, budgetText(doc.Find("h1")))
	}
	if doc.Find(`select#zorgprofiel option[value="5VV"]`).Length() != 1 || doc.Find(`select#zorgprofiel option[value="9B VV"]`).Length() != 0 {
		t.Error("zorgprofiel choice wrong")
	}
	if v, _ := doc.Find("input#jaar").Attr("value"); v != jaar {
		t.Errorf("jaar default %q", v)
	}
	geldig := url.Values{"relatienummer": {"PGB1000008"}, "jaar": {jaar}, "bedrag": {"36.000,00"}, "ingangsdatum": {"1-2-" + jaar}, "zorgprofiel": {"4VG"}}
	with := func(k, v string) url.Values {
		f := url.Values{}
		for key, vals := range geldig {
			f[key] = vals
		}
		f.Set(k, v)
		return f
	}

	// Errors come back by field, with the input kept.
	resp, doc = zk.do("POST", "/toekenningen/nieuw", url.Values{"relatienummer": {"PGB1000008"}, "jaar": {jaar}, "bedrag": {"1,234"}, "ingangsdatum": {"31-02-" + jaar}, "zorgprofiel": {"9B VV"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid: %d", resp.StatusCode)
	}
	summary := budgetText(doc.Find(".pgb-error-summary"))
	for _, want := range []string{"2 cijfers achter de komma", "Deze datum bestaat niet", "pgb niet mogelijk"} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q: %s", want, summary)
		}
	}
	if doc.Find(`.pgb-error-summary a[href="#bedrag"]`).Length() != 1 || doc.Find(`#bedrag[aria-invalid="true"]`).Length() != 1 {
		t.Error("error not tied to the bedrag field")
	}
	if v, _ := doc.Find("input#relatienummer").Attr("value"); v != "PGB1000008" {
		t.Errorf("input lost: %q", v)
	}

	// Another region's zorgkantoor does not find this budgethouder.
	ander := newClient(t, app.URL)
	ander.login("eherkenning", "Beoordelaar ander zorgkantoor")
	resp, doc = ander.do("POST", "/toekenningen/nieuw", geldig)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(budgetText(doc.Find("#relatienummer-error")), "Wij vinden geen budgethouder") {
		t.Fatalf("other region: %d %s", resp.StatusCode, budgetText(doc.Find("main")))
	}

	// Registered: redirected to the list with a confirmation.
	resp, doc = zk.do("POST", "/toekenningen/nieuw", geldig)
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/toekenningen" {
		t.Fatalf("register: %d %s %s", resp.StatusCode, resp.Request.URL, budgetText(doc.Find("main")))
	}
	if !strings.Contains(budgetText(doc.Find(".pgb-notification")), "R. Mulder (PGB1000008) voor "+jaar+" is geregistreerd") {
		t.Errorf("notification: %s", budgetText(doc.Find(".pgb-notification")))
	}
	if row := budgetText(doc.Find("tbody tr:contains('PGB1000008')")); !strings.Contains(row, "€ 36.000,00") || !strings.Contains(row, "4VG") {
		t.Errorf("row %q", row)
	}
	// A second one for the year is refused on the jaar field.
	resp, doc = zk.do("POST", "/toekenningen/nieuw", with("bedrag", "1,00"))
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(budgetText(doc.Find("#jaar-error")), "al een toekenning") {
		t.Fatalf("duplicate: %d %s", resp.StatusCode, budgetText(doc.Find("main")))
	}
	// Mulder can now log in and see his budget.
	m := newClient(t, app.URL)
	m.login("digid", "Budgethouder zonder toekenning")
	if resp, doc := m.do("GET", "/budget", nil); resp.StatusCode != 200 || !strings.Contains(budgetDL(doc.Find("main dl")), "€ 36.000,00") {
		t.Fatalf("Mulder's budget: %d %s", resp.StatusCode, budgetText(doc.Find("main")))
	}
}

func TestBetaalrunPage(t *testing.T) {
	app := startWithDemo(t)
	budgetPlan(t, app, 10_00, 20_00, 30_05)
	svb := newClient(t, app.URL)
	svb.login("eherkenning", "Medewerker SVB")
	_, home := svb.do("GET", "/", nil)
	if home.Find(`a[href="/betaalrun"]`).Length() == 0 {
		t.Error("no Betaalrun tile")
	}
	resp, doc := svb.do("GET", "/betaalrun", nil)
	if resp.StatusCode != 200 || budgetText(doc.Find("h1")) != "Betaalrun" {
		t.Fatalf("GET: %d", resp.StatusCode)
	}
	if dl := budgetDL(doc.Find("main dl")); !strings.Contains(dl, "Ingeplande betalingen 3") || !strings.Contains(dl, "€ 60,05") {
		t.Errorf("stand: %s", dl)
	}
	if p := budgetText(doc.Find("#betaalrun-bevestiging")); !strings.Contains(p, "alle 3 ingeplande betalingen") || !strings.Contains(p, "niet ongedaan") {
		t.Errorf("confirmation text: %q", p)
	}
	if doc.Find(`form[action="/betaalrun"] button`).Length() != 1 {
		t.Fatal("no run button")
	}

	resp, doc = svb.do("POST", "/betaalrun", url.Values{})
	if resp.StatusCode != 200 || resp.Request.URL.Query().Get("uitgevoerd") == "" {
		t.Fatalf("POST: %d %s", resp.StatusCode, resp.Request.URL)
	}
	if n := budgetText(doc.Find(".pgb-notification")); !strings.Contains(n, "is uitgevoerd: 3 betalingen, samen € 60,05") {
		t.Errorf("notification %q", n)
	}
	if doc.Find(`form[action="/betaalrun"] button`).Length() != 0 {
		t.Error("run button while nothing is planned")
	}
	link, ok := doc.Find(`a[href$="/pain001.xml"]`).First().Attr("href")
	if !ok {
		t.Fatal("no download link")
	}
	// Nothing left: a second click reports that.
	resp, doc = svb.do("POST", "/betaalrun", url.Values{})
	if !strings.Contains(budgetText(doc.Find(".pgb-notification")), "geen ingeplande betalingen") || resp.Request.URL.Query().Get("leeg") == "" {
		t.Errorf("empty run: %s", resp.Request.URL)
	}

	// The download.
	req, _ := http.NewRequest("GET", app.URL+link, nil)
	dl, err := svb.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(dl.Body)
	dl.Body.Close()
	if dl.StatusCode != 200 || !strings.HasPrefix(dl.Header.Get("Content-Disposition"), "attachment; filename=") ||
		!strings.Contains(dl.Header.Get("Content-Type"), "xml") {
		t.Fatalf("download: %d %v", dl.StatusCode, dl.Header)
	}
	var file betaalrun.Document
	if err := xml.Unmarshal(body, &file); err != nil || file.CstmrCdtTrfInitn.GrpHdr.NbOfTxs != "3" || file.CstmrCdtTrfInitn.GrpHdr.CtrlSum != "60.05" {
		t.Fatalf("file: %v %+v", err, file.CstmrCdtTrfInitn.GrpHdr)
	}
	if dl.Header.Get("Content-Length") != strconv.Itoa(len(body)) {
		t.Errorf("Content-Length %q for %d bytes", dl.Header.Get("Content-Length"), len(body))
	}
	for _, p := range []string{"/betaalrun/999999/pain001.xml", link + "?bestand=2", link + "?bestand=0", link + "?bestand=x"} {
		if resp, _ := svb.do("GET", p, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, resp.StatusCode)
		}
	}
}

// A run split into several pain.001 files offers each file for download.
func TestBetaalrunPageOffersEveryFile(t *testing.T) {
	app := startWithDemo(t)
	ctx := context.Background()
	var id int64
	if err := app.Pool.QueryRow(ctx, `INSERT INTO betaalruns (gestart_op, afgerond_op, aantal, totaal, msg_id, bestanden)
		VALUES (now(), now(), 3, 300, 'PGB-BETAALRUN-TEST', 3) RETURNING id`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	for nr := 1; nr <= 3; nr++ {
		for blok, data := range []string{"<kop " + strconv.Itoa(nr) + ">", "<romp/>", "</kop>"} {
			if _, err := app.Pool.Exec(ctx, `INSERT INTO betaalrun_blokken (betaalrun_id, bestand, blok, data) VALUES ($1, $2, $3, $4)`,
				id, nr, blok, []byte(data)); err != nil {
				t.Fatal(err)
			}
		}
	}
	svb := newClient(t, app.URL)
	svb.login("eherkenning", "Medewerker SVB")
	_, doc := svb.do("GET", "/betaalrun", nil)
	base := "/betaalrun/" + strconv.FormatInt(id, 10) + "/pain001.xml"
	for nr := 1; nr <= 3; nr++ {
		link := doc.Find(`a[href="` + base + `?bestand=` + strconv.Itoa(nr) + `"]`)
		if link.Length() != 1 || !strings.Contains(budgetText(link), "deel "+strconv.Itoa(nr)) {
			t.Fatalf("no link to file %d of 3", nr)
		}
		if name, _ := link.Attr("download"); name != fmt.Sprintf("betaalrun-%06d-%03d-pain001.xml", id, nr) {
			t.Errorf("file %d downloads as %q", nr, name)
		}
	}
	req, _ := http.NewRequest("GET", app.URL+base+"?bestand=2", nil)
	dl, err := svb.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(dl.Body)
	dl.Body.Close()
	if dl.StatusCode != 200 || string(body) != "<kop 2><romp/></kop>" || dl.Header.Get("Content-Length") != strconv.Itoa(len(body)) {
		t.Fatalf("file 2: %d %q %v", dl.StatusCode, body, dl.Header)
	}
	if resp, _ := svb.do("GET", base+"?bestand=4", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("file 4 of 3: %d", resp.StatusCode)
	}
}
