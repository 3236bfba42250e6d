package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"pgbportaal/internal/civil"
	"pgbportaal/internal/testutil/apptest"
	zov "pgbportaal/internal/zorgovereenkomst"
)

var meldingPath = regexp.MustCompile(`^/meldingen/(\d+)$`)

// meldingApp is the demo with mevrouw De Vries employing H. de Boer
// (arbeidsovereenkomst, approved, from the first of last month); both have
// completed their profile.
func meldingApp(t *testing.T) (*apptest.App, int64) {
	t.Helper()
	app := startWithDemo(t)
	ctx := context.Background()
	today := civil.Today(time.Now())
	in := zov.Inhoud{Soort: zov.SoortDienst, BudgethouderNaam: "J. de Vries", Zorgverlener: zov.Zorgverlener{Naam: "H. de Boer", BSN: "135792460"},
		Ingangsdatum: today.FirstOfMonth().AddMonths(-1), Onbepaald: true, Uren: 1000, UrenPer: "week"}
	var zovID int64
	doc, _ := json.Marshal(in)
	if err := app.Pool.QueryRow(ctx, `INSERT INTO zorgovereenkomsten (budgethouder_id, zorgverlener_id, status, inhoud, ingediend_op, beoordeeld_op)
		SELECT b.id, z.id, 'goedgekeurd', $1, now(), now() FROM budgethouders b, zorgverleners z JOIN personen p ON p.id = z.persoon_id
		WHERE b.relatienummer = 'PGB1000001' AND p.bsn = '135792460' RETURNING id`, doc).Scan(&zovID); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Pool.Exec(ctx, `INSERT INTO profielen (persoon_id, straat, huisnummer, postcode, woonplaats, email, iban)
		SELECT id, 'Dorpsstraat', '1', '1234 AB', 'Amstelveen', 'demo@voorbeeld.nl', CASE WHEN bsn = '135792460' THEN 'NL91ABNA0417164300' ELSE '' END
		FROM personen WHERE bsn IN ('111222333', '135792460')`); err != nil {
		t.Fatal(err)
	}
	return app, zovID
}

func TestZiekEnBetermeldingViaDePaginas(t *testing.T) {
	app, zovID := meldingApp(t)
	today := civil.Today(time.Now())
	eerste := today.AddDays(-3)
	if eerste.Before(today.FirstOfMonth().AddMonths(-1)) {
		t.Fatal("test set-up: the first sick day falls before the agreement")
	}
	zovStr := strconv.FormatInt(zovID, 10)

	bh := newClient(t, app.URL)
	_, doc := bh.login("digid", "Budgethouder")
	if doc.Find(`.pgb-tile a[href="/meldingen"]`).Length() != 1 {
		t.Fatal("no tile Ziek- en zwangerschapsmeldingen")
	}
	resp, doc := bh.do("GET", "/meldingen/nieuw?soort=ziek", nil)
	if resp.StatusCode != 200 || text(doc.Find(`label[for="begindatum"]`)) != "Eerste ziektedag" ||
		!strings.Contains(text(doc.Find("#zorgovereenkomst")), "H. de Boer (in dienst)") {
		t.Fatalf("form: %d %q", resp.StatusCode, text(doc.Find("main")))
	}
	// The zwangerschapsmelding asks for the expected end too, not before the start.
	resp, doc = bh.do("GET", "/meldingen/nieuw?soort=zwanger", nil)
	if resp.StatusCode != 200 || text(doc.Find("h1")) != "Zwangerschapsmelding" || text(doc.Find(`label[for="einddatum"]`)) != "Verwachte laatste dag van het verlof" {
		t.Fatalf("zwanger form: %d %q", resp.StatusCode, text(doc.Find(`label[for="einddatum"]`)))
	}
	resp, doc = bh.do("POST", "/meldingen/nieuw", values("soort", "zwanger", "zorgovereenkomst", zovStr, "begindatum", today.AddDays(30).String(),
		"einddatum", today.AddDays(20).String(), "actie", "controleren"))
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(doc.Find("#einddatum-error")), "kan niet vóór de eerste dag van het verlof liggen") ||
		doc.Find(`input[name="soort"]`).AttrOr("value", "") != "zwanger" {
		t.Fatalf("zwanger end before start: %d %q", resp.StatusCode, text(doc.Find("#einddatum-error")))
	}
	// Refused next to the fields and in the summary; the form comes back filled in.
	resp, doc = bh.do("POST", "/meldingen/nieuw", values("soort", "ziek", "zorgovereenkomst", zovStr, "begindatum", "31-02-2026", "actie", "controleren"))
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(doc.Find("#begindatum-error")), "Deze datum bestaat niet") ||
		doc.Find(`#foutmeldingen a[href="#begindatum"]`).Length() != 1 || selected(doc, "zorgovereenkomst") != zovStr ||
		doc.Find("#begindatum").AttrOr("value", "") != "31-02-2026" || !strings.HasPrefix(text(doc.Find("title")), "Fout:") {
		t.Fatalf("bad date: %d %q", resp.StatusCode, text(doc.Find("#begindatum-error")))
	}
	resp, doc = bh.do("POST", "/meldingen/nieuw", values("soort", "ziek", "zorgovereenkomst", zovStr, "begindatum", today.AddDays(1).String(), "actie", "controleren"))
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(doc.Find("#begindatum-error")), "toekomst") {
		t.Fatalf("future: %d", resp.StatusCode)
	}
	// Confirmation first: nothing is stored before Bevestigen.
	form := values("soort", "ziek", "zorgovereenkomst", zovStr, "begindatum", eerste.String(), "actie", "controleren")
	resp, doc = bh.do("POST", "/meldingen/nieuw", form)
	if resp.StatusCode != 200 || text(doc.Find("h1")) != "Controleer uw ziekmelding" || ddNa(doc, "Eerste ziektedag") != eerste.String() ||
		ddNa(doc, "Zorgverlener") != "H. de Boer" || !strings.Contains(text(doc.Find("main")), "De SVB krijgt de melding") {
		t.Fatalf("controle: %d %q", resp.StatusCode, text(doc.Find("main")))
	}
	var n int
	if err := app.Pool.QueryRow(context.Background(), `SELECT count(*) FROM meldingen`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("stored before confirmation: %d %v", n, err)
	}
	form.Set("actie", "wijzigen")
	if _, doc = bh.do("POST", "/meldingen/nieuw", form); doc.Find("#begindatum").AttrOr("value", "") != eerste.String() {
		t.Fatal("Wijzigen lost the answers")
	}
	form.Set("actie", "bevestigen")
	resp, doc = bh.do("POST", "/meldingen/nieuw", form)
	m := meldingPath.FindStringSubmatch(resp.Request.URL.Path)
	if resp.StatusCode != 200 || m == nil || !strings.Contains(text(doc.Find("main")), "Uw melding is verstuurd") ||
		ddNa(doc, "Laatste ziektedag") != "Nog ziek" || ddNa(doc, "Loondoorbetaling") != "Wacht op de SVB" ||
		doc.Find(`main a[href="/zorgovereenkomsten/nieuw"]`).Length() != 1 {
		t.Fatalf("melden: %d %s %q", resp.StatusCode, resp.Request.URL, text(doc.Find("main")))
	}
	id := m[1]
	// A double submit is refused: he is sick already.
	if resp, doc = bh.do("POST", "/meldingen/nieuw", form); resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(text(doc.Find("#zorgovereenkomst-error")), "al ziek gemeld") {
		t.Fatalf("double submit: %d", resp.StatusCode)
	}
	_, doc = bh.do("GET", "/meldingen", nil)
	if r := rijen(doc.Find("main table").First()); !strings.Contains(r, "Ziekmelding | H. de Boer | "+eerste.String()+" | Nog ziek | Ziek") {
		t.Fatalf("overview:\n%s", r)
	}

	// The zorgverlener concerned sees it, read-only.
	zv := newClient(t, app.URL)
	_, doc = zv.login("digid", "Zorgverlener (informeel)")
	if doc.Find(`.pgb-tile a[href="/meldingen"]`).Length() != 1 {
		t.Fatal("no tile for the zorgverlener")
	}
	resp, doc = zv.do("GET", "/meldingen/"+id, nil)
	if resp.StatusCode != 200 || ddNa(doc, "Budgethouder") != "J. de Vries" || doc.Find(`a[href$="/beter"]`).Length() != 0 {
		t.Fatalf("zorgverlener's view: %d", resp.StatusCode)
	}
	if resp, _ = zv.do("POST", "/meldingen/"+id+"/beter", values("versie", "1", "einddatum", today.String(), "actie", "bevestigen")); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("zorgverlener reports better: %d", resp.StatusCode)
	}

	// Betermelding: not before the eerste ziektedag; confirmation first.
	resp, doc = bh.do("GET", "/meldingen/"+id+"/beter", nil)
	if resp.StatusCode != 200 || text(doc.Find(`label[for="einddatum"]`)) != "Laatste ziektedag" {
		t.Fatalf("beter form: %d", resp.StatusCode)
	}
	versie := doc.Find(`input[name="versie"]`).AttrOr("value", "")
	resp, doc = bh.do("POST", "/meldingen/"+id+"/beter", values("versie", versie, "einddatum", eerste.AddDays(-1).String(), "actie", "controleren"))
	if resp.StatusCode != http.StatusUnprocessableEntity || text(doc.Find("#einddatum-error")) != "Fout: De laatste ziektedag kan niet vóór de eerste ziektedag ("+eerste.String()+") liggen." {
		t.Fatalf("beter before ziek: %d %q", resp.StatusCode, text(doc.Find("#einddatum-error")))
	}
	laatste := eerste.AddDays(1).String()
	resp, doc = bh.do("POST", "/meldingen/"+id+"/beter", values("versie", versie, "einddatum", laatste, "actie", "controleren"))
	if resp.StatusCode != 200 || ddNa(doc, "Laatste ziektedag") != laatste {
		t.Fatalf("beter controle: %d", resp.StatusCode)
	}
	resp, doc = bh.do("POST", "/meldingen/"+id+"/beter", values("versie", versie, "einddatum", laatste, "actie", "bevestigen"))
	if resp.StatusCode != 200 || !strings.Contains(text(doc.Find("main")), "Uw betermelding is verstuurd") || ddNa(doc, "Status") != "Beter gemeld" {
		t.Fatalf("betermelden: %d %s", resp.StatusCode, resp.Request.URL)
	}
	if resp, _ = bh.do("POST", "/meldingen/"+id+"/beter", values("versie", versie, "einddatum", laatste, "actie", "bevestigen")); resp.StatusCode != http.StatusConflict {
		t.Fatalf("second betermelding: %d", resp.StatusCode)
	}

	// The SVB: the work queue, and marking handled once.
	svb := newClient(t, app.URL)
	_, doc = svb.login("eherkenning", "Medewerker SVB")
	if doc.Find(`.pgb-tile a[href="/meldingen"]`).Length() != 1 {
		t.Fatal("no tile for the SVB")
	}
	_, doc = svb.do("GET", "/meldingen", nil)
	if r := rijen(doc.Find("main table").First()); !strings.Contains(r, "J. de Vries (PGB1000001) | H. de Boer | "+eerste.String()+" | "+laatste) {
		t.Fatalf("SVB queue:\n%s", r)
	}
	_, doc = svb.do("GET", "/meldingen/"+id, nil)
	versie = doc.Find(`form[action$="/verwerkt"] input[name="versie"]`).AttrOr("value", "")
	resp, doc = svb.do("POST", "/meldingen/"+id+"/verwerkt", values("versie", versie))
	if resp.StatusCode != 200 || ddNa(doc, "Loondoorbetaling") != "Verwerkt door de SVB" {
		t.Fatalf("verwerkt: %d %q", resp.StatusCode, ddNa(doc, "Loondoorbetaling"))
	}
	if resp, _ = svb.do("POST", "/meldingen/"+id+"/verwerkt", values("versie", versie)); resp.StatusCode != http.StatusConflict {
		t.Fatalf("second verwerkt: %d", resp.StatusCode)
	}
	var bhB, zvB int
	if err := app.Pool.QueryRow(context.Background(), `SELECT count(*) FILTER (WHERE budgethouder_id IS NOT NULL), count(*) FILTER (WHERE zorgverlener_id IS NOT NULL)
		FROM berichten WHERE soort = 'melding'`).Scan(&bhB, &zvB); err != nil || bhB != 3 || zvB != 3 {
		t.Fatalf("berichten: %d %d %v", bhB, zvB, err)
	}
}

func TestMeldingenNeedToKnowViaHTTP(t *testing.T) {
	app, zovID := meldingApp(t)
	today := civil.Today(time.Now())
	bh := newClient(t, app.URL)
	bh.login("digid", "Budgethouder")
	resp, _ := bh.do("POST", "/meldingen/nieuw", values("soort", "ziek", "zorgovereenkomst", strconv.FormatInt(zovID, 10),
		"begindatum", today.String(), "actie", "bevestigen"))
	m := meldingPath.FindStringSubmatch(resp.Request.URL.Path)
	if m == nil {
		t.Fatalf("melden: %d %s", resp.StatusCode, resp.Request.URL)
	}
	base := "/meldingen/" + m[1]
	row := func() string {
		var s string
		if err := app.Pool.QueryRow(context.Background(), `SELECT concat_ws('|', einddatum, svb_status, versie) FROM meldingen WHERE id = $1::bigint`, m[1]).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	before := row()
	posts := []struct {
		path string
		form []string
	}{
		{"/meldingen/nieuw", []string{"soort", "ziek", "zorgovereenkomst", strconv.FormatInt(zovID, 10), "begindatum", today.String(), "actie", "bevestigen"}},
		{base + "/beter", []string{"versie", "1", "einddatum", today.String(), "actie", "bevestigen"}},
		{base + "/verwerkt", []string{"versie", "1"}},
	}
	for _, who := range []struct {
		means, persona string
		lijst          int // status of GET /meldingen
	}{
		{"eherkenning", "Beoordelaar zorgkantoor", http.StatusForbidden},
		{"eherkenning", "Beoordelaar ander zorgkantoor", http.StatusForbidden},
		{"vecozo", "Zorgverlener (formeel)", http.StatusOK},
		{"digid", "Wettelijk vertegenwoordiger", http.StatusOK},
		{"digid", "Budgethouder met gevolmachtigde", http.StatusOK},
	} {
		c := newClient(t, app.URL)
		c.login(who.means, who.persona)
		resp, doc := c.do("GET", "/meldingen", nil)
		if resp.StatusCode != who.lijst || strings.Contains(doc.Text(), "H. de Boer") || doc.Find(`a[href="`+base+`"]`).Length() != 0 {
			t.Errorf("%s GET /meldingen: %d, shows the melding: %v", who.persona, resp.StatusCode, strings.Contains(doc.Text(), "H. de Boer"))
		}
		for _, p := range []string{base, base + "/beter"} {
			resp, doc := c.do("GET", p, nil)
			if resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s GET %s: %d", who.persona, p, resp.StatusCode)
			}
			if strings.Contains(doc.Text(), "H. de Boer") {
				t.Errorf("%s GET %s shows the melding", who.persona, p)
			}
		}
		for _, p := range posts {
			resp, _ := c.do("POST", p.path, values(p.form...))
			if resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s POST %s: %d", who.persona, p.path, resp.StatusCode)
			}
		}
	}
	// The read-only budgethouder may not even open the form.
	ro := newClient(t, app.URL)
	ro.login("digid", "Budgethouder met gevolmachtigde")
	if resp, _ := ro.do("GET", "/meldingen/nieuw", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("read-only form: %d", resp.StatusCode)
	}
	// The zorgverlener concerned and the budget side may not do the SVB's part.
	for _, who := range []struct{ means, persona string }{{"digid", "Zorgverlener (informeel)"}, {"digid", "Budgethouder"}} {
		c := newClient(t, app.URL)
		c.login(who.means, who.persona)
		if resp, _ := c.do("POST", base+"/verwerkt", values("versie", "1")); resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s marks handled: %d", who.persona, resp.StatusCode)
		}
	}
	anon := newClient(t, app.URL)
	if resp, _ := anon.do("GET", base, nil); resp.Request.URL.Path != "/inloggen" {
		t.Errorf("anonymous reached a melding: %s", resp.Request.URL)
	}
	if after := row(); after != before {
		t.Errorf("melding changed: %s → %s", before, after)
	}
	var n int
	if err := app.Pool.QueryRow(context.Background(), `SELECT count(*) FROM meldingen`).Scan(&n); err != nil || n != 1 {
		t.Errorf("%d meldingen (%v)", n, err)
	}
}
