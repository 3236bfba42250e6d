package web_test

import (
	"context"
	"mime"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"pgbportaal/internal/betaalrun"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/testutil"
	"pgbportaal/internal/testutil/apptest"
)

// pdf downloads path and returns its text; it fails unless the answer is a
// PDF attachment that is not stored, with a filename matching name.
func (c *client) pdf(path string, name *regexp.Regexp) string {
	c.t.Helper()
	resp, body := c.raw(path)
	if resp.StatusCode != http.StatusOK {
		c.t.Fatalf("GET %s: %d", path, resp.StatusCode)
	}
	_, params, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition"))
	if resp.Header.Get("Content-Type") != "application/pdf" || err != nil ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") || !name.MatchString(params["filename"]) ||
		resp.Header.Get("Cache-Control") != "no-store" {
		c.t.Fatalf("GET %s: Content-Type %q, Content-Disposition %q, Cache-Control %q", path, resp.Header.Get("Content-Type"),
			resp.Header.Get("Content-Disposition"), resp.Header.Get("Cache-Control"))
	}
	return testutil.PDFText(c.t, body)
}

// notFound asserts that path is "not found" for c and gives away nothing.
func (c *client) notFound(who, path string, secrets ...string) {
	c.t.Helper()
	resp, body := c.raw(path)
	if resp.StatusCode != http.StatusNotFound || resp.Header.Get("Content-Type") == "application/pdf" {
		c.t.Errorf("%s GET %s: %d %s, want 404", who, path, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, s := range secrets {
		if strings.Contains(string(body), s) {
			c.t.Errorf("%s GET %s shows %q", who, path, s)
		}
	}
}

func wantLines(t *testing.T, what, text string, want ...string) {
	t.Helper()
	lines := strings.Split(text, "\n")
	for _, w := range want {
		found := false
		for _, l := range lines {
			if strings.Contains(l, w) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("%s: no line with %q in\n%s", what, w, text)
		}
	}
}

func (c *client) profielInvullen(straat, postcode, plaats string) {
	c.t.Helper()
	_, doc := c.do("GET", "/profiel", nil)
	resp, _ := c.do("POST", "/profiel", values("versie", versie(c.t, doc), "straat", straat, "huisnummer", "12", "postcode", postcode,
		"woonplaats", plaats, "email", "test@example.nl", "telefoon", "0201234567", "voorkeur", "post"))
	if resp.StatusCode != http.StatusOK {
		c.t.Fatalf("profiel: %d", resp.StatusCode)
	}
}

func auditCount(t *testing.T, app *apptest.App, objectType, outcome string) int {
	t.Helper()
	var n int
	if err := app.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE action = 'downloaden'
		AND object_type = $1 AND outcome = $2`, objectType, outcome).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestBerichtAlsPDF(t *testing.T) {
	t.Parallel()
	app := startWithDemo(t)
	budgetPlan(t, app, 1_234_56)
	if _, err := betaalrun.Run(context.Background(), app.Pool, time.Now(), 0); err != nil {
		t.Fatal(err)
	}
	var id, kenmerk string
	var op time.Time
	if err := app.Pool.QueryRow(context.Background(), `SELECT m.id::text, m.kenmerk, m.aangemaakt_op FROM berichten m
		JOIN budgethouders b ON b.id = m.budgethouder_id WHERE b.relatienummer = 'PGB1000001' AND m.inhoud LIKE '%1.234,56%'`).
		Scan(&id, &kenmerk, &op); err != nil {
		t.Fatal(err)
	}
	path := "/berichten/" + id + "/pdf"

	owner := newClient(t, app.URL)
	owner.login("digid", "Budgethouder")
	owner.profielInvullen("Kerkstraat", "1234 AB", "Ĳsselstein")
	_, doc := owner.do("GET", "/berichten/"+id, nil)
	if doc.Find(`main a[href="`+path+`"]`).Length() != 1 || !strings.Contains(text(doc.Find(`main a[href="`+path+`"]`)), "Download") {
		t.Errorf("bericht page has no Download link to %s", path)
	}
	pdf := owner.pdf(path, regexp.MustCompile(`^bericht-`+id+`\.pdf$`))
	wantLines(t, "bericht", pdf,
		"Mevrouw J. de Vries", "Kerkstraat 12", "1234 AB Ĳsselstein",
		"Datum "+civil.Today(op).String(), "Kenmerk "+kenmerk, "Onderwerp Declaratie uitbetaald",
		"Geachte mevrouw J. de Vries,", "€ 1.234,56", "Thuiszorg De Linde")

	// The zorgverlener paid gets its own letter about the same payment.
	zv := newClient(t, app.URL)
	zv.login("vecozo", "Zorgverlener (formeel)")
	var zvID string
	if err := app.Pool.QueryRow(context.Background(), `SELECT m.id::text FROM berichten m JOIN zorgverleners z ON z.id = m.zorgverlener_id
		WHERE z.agb_code = '75012345' AND m.kenmerk = $1`, kenmerk).Scan(&zvID); err != nil {
		t.Fatal(err)
	}
	wantLines(t, "bericht zorgverlener", zv.pdf("/berichten/"+zvID+"/pdf", regexp.MustCompile(`^bericht-\d+\.pdf$`)),
		"Thuiszorg De Linde", "Kenmerk "+kenmerk, "De SVB heeft € 1.234,56 aan u overgemaakt")

	// A vertegenwoordiger gets the letter in their own name, about whom it is.
	var bakker string
	if err := app.Pool.QueryRow(context.Background(), `SELECT m.id::text FROM berichten m JOIN budgethouders b ON b.id = m.budgethouder_id
		JOIN personen p ON p.id = b.persoon_id WHERE p.bsn = '123456782' LIMIT 1`).Scan(&bakker); err != nil {
		t.Fatal(err)
	}
	vt := newClient(t, app.URL)
	vt.login("digid", "Wettelijk vertegenwoordiger")
	wantLines(t, "bericht vertegenwoordiger", vt.pdf("/berichten/"+bakker+"/pdf", regexp.MustCompile(`^bericht-\d+\.pdf$`)),
		"Mevrouw S. Bakker", "Inzake P. Bakker")

	// Every other party: not found, and nothing of the letter.
	geweigerd := auditCount(t, app, "bericht", "geweigerd")
	for _, who := range []struct{ means, persona string }{
		{"vecozo", "Zorgverlener (formeel)"},
		{"digid", "Zorgverlener (informeel)"},
		{"eherkenning", "Beoordelaar zorgkantoor"},
		{"eherkenning", "Medewerker SVB"},
		{"digid", "Budgethouder met gevolmachtigde"},
		{"digid", "Wettelijk vertegenwoordiger"},
	} {
		c := newClient(t, app.URL)
		c.login(who.means, who.persona)
		c.notFound(who.persona, path, "1.234,56", "J. de Vries")
	}
	if anon := newClient(t, app.URL); true {
		resp, _ := anon.do("GET", path, nil)
		if resp.Request.URL.Path != "/inloggen" {
			t.Errorf("anonymous reached %s: %s", path, resp.Request.URL)
		}
	}
	owner.notFound("owner", "/berichten/999999999/pdf")
	owner.notFound("owner", "/berichten/abc/pdf")
	if auditCount(t, app, "bericht", "ok") < 3 || auditCount(t, app, "bericht", "geweigerd") < geweigerd+6 {
		t.Errorf("downloads not audited: ok %d, geweigerd %d", auditCount(t, app, "bericht", "ok"), auditCount(t, app, "bericht", "geweigerd"))
	}
}

func TestZorgovereenkomstAlsPDF(t *testing.T) {
	t.Parallel()
	app := startWithDemo(t)
	today := civil.Today(time.Now())
	bh := newClient(t, app.URL)
	bh.login("digid", "Budgethouder")
	id := deelConcept(t, bh)
	path := "/zorgovereenkomsten/" + id + "/pdf"

	zv := newClient(t, app.URL)
	zv.login("digid", "Zorgverlener (informeel)")
	_, doc := zv.do("GET", "/zorgovereenkomsten/"+id, nil)
	if doc.Find(`main a[href="`+path+`"]`).Length() != 1 {
		t.Errorf("agreement page has no PDF link")
	}
	_, doc = zv.do("GET", "/zorgovereenkomsten/"+id+"/aanpassen", nil)
	_, doc = zv.do("POST", "/zorgovereenkomsten/"+id+"/aanpassen", with(stap2(today, "20,00"), "versie", versie(t, doc), "zv_iban", "NL91ABNA0417164300"))
	if resp, _ := zv.do("POST", "/zorgovereenkomsten/"+id+"/ondertekenen", values("versie", versie(t, doc))); resp.StatusCode != 200 {
		t.Fatalf("zorgverlener signs: %d", resp.StatusCode)
	}
	_, doc = bh.do("GET", "/zorgovereenkomsten/"+id, nil)
	if resp, _ := bh.do("POST", "/zorgovereenkomsten/"+id+"/ondertekenen", values("versie", versie(t, doc))); resp.StatusCode != 200 {
		t.Fatalf("budgethouder signs: %d", resp.StatusCode)
	}
	var hash string
	var getekend time.Time
	if err := app.Pool.QueryRow(context.Background(), `SELECT min(inhoud_hash), min(getekend_op) FROM handtekeningen
		WHERE zorgovereenkomst_id = $1::bigint HAVING count(DISTINCT inhoud_hash) = 1 AND count(*) = 2`, id).Scan(&hash, &getekend); err != nil {
		t.Fatalf("two signatures on one content: %v", err)
	}
	kenmerk := regexp.MustCompile(`^zorgovereenkomst-ZO-\d{6}\.pdf$`)

	// Both parties and the zorgkantoor assessing it get the same document.
	for _, c := range []struct {
		who    string
		client *client
		aan    string
	}{{"budgethouder", bh, "Mevrouw J. de Vries"}, {"zorgverlener", zv, "H. de Boer"}} {
		pdf := c.client.pdf(path, kenmerk)
		wantLines(t, c.who, pdf, c.aan, "Datum "+today.String(), "Onderwerp Zorgovereenkomst H. de Boer",
			"Status ter beoordeling", "Budgethouder J. de Vries", "Zorgverlener H. de Boer",
			"Ingangsdatum "+today.String(), "€ 20,00 bruto per uur",
			"Budgethouder J. de Vries, ondertekend op "+getekend.In(civil.Amsterdam()).Format("02-01-2006"),
			"Zorgverlener H. de Boer, ondertekend op", "met DigiD")
		flat := strings.ReplaceAll(pdf, "\n", "")
		if strings.Count(flat, hash) != 3 {
			t.Errorf("%s: content hash %s printed %d times, want 3 (content and both signatures):\n%s", c.who, hash, strings.Count(flat, hash), pdf)
		}
	}
	zk := newClient(t, app.URL)
	zk.login("eherkenning", "Beoordelaar zorgkantoor")
	_, doc = zk.do("GET", "/beoordelen/"+id, nil)
	if doc.Find(`main a[href="`+path+`"]`).Length() != 1 {
		t.Errorf("assessment page has no PDF link")
	}
	wantLines(t, "zorgkantoor", zk.pdf(path, kenmerk), "Zorgkantoor Amstelland", "Budgethouder J. de Vries", "€ 20,00 bruto per uur")

	for _, who := range []struct{ means, persona string }{
		{"digid", "Wettelijk vertegenwoordiger"},
		{"vecozo", "Zorgverlener (formeel)"},
		{"digid", "Budgethouder met gevolmachtigde"},
		{"eherkenning", "Beoordelaar ander zorgkantoor"},
		{"eherkenning", "Medewerker SVB"}, // not approved yet: nothing to pay on
	} {
		c := newClient(t, app.URL)
		c.login(who.means, who.persona)
		c.notFound(who.persona, path, "H. de Boer", "135792460")
	}
	if auditCount(t, app, "zorgovereenkomst", "ok") != 3 || auditCount(t, app, "zorgovereenkomst", "geweigerd") != 5 {
		t.Errorf("downloads not audited: ok %d, geweigerd %d", auditCount(t, app, "zorgovereenkomst", "ok"), auditCount(t, app, "zorgovereenkomst", "geweigerd"))
	}
}

func TestBudgetoverzichtAlsPDF(t *testing.T) {
	t.Parallel()
	app := startWithDemo(t)
	budgetPlan(t, app, 1_234_56, 100_00)
	if _, err := betaalrun.Run(context.Background(), app.Pool, time.Now(), 0); err != nil {
		t.Fatal(err)
	}
	budgetPlan(t, app, 50_00) // planned, not paid: not in the list of payments
	today := civil.Today(time.Now())
	jaar := strconv.Itoa(today.Year)
	var toekenning string
	if err := app.Pool.QueryRow(context.Background(), `SELECT t.id::text FROM toekenningen t JOIN budgethouders b ON b.id = t.budgethouder_id
		WHERE b.relatienummer = 'PGB1000001' AND t.jaar = $1`, today.Year).Scan(&toekenning); err != nil {
		t.Fatal(err)
	}
	eigen := "/budget/" + jaar + "/pdf"
	vanZK := "/toekenningen/" + toekenning + "/pdf"
	regels := []string{
		"Onderwerp Budgetoverzicht " + jaar, "Budgethouder J. de Vries", "Relatienummer PGB1000001", "Zorgkantoor Zorgkantoor Amstelland",
		"Uitbetaald € 1.334,56", "Ingepland, nog niet uitbetaald € 50,00",
		"Uitbetaald op Kenmerk Omschrijving Betaald aan Bedrag",
		today.String() + " BET-", "Thuiszorg De Linde € 1.234,56", "Thuiszorg De Linde € 100,00",
		"Totaal uitbetaald € 1.334,56",
	}

	bh := newClient(t, app.URL)
	bh.login("digid", "Budgethouder")
	_, doc := bh.do("GET", "/budget", nil)
	if doc.Find(`main a[href="`+eigen+`"]`).Length() != 1 {
		t.Errorf("budget page has no link to %s", eigen)
	}
	pdf := bh.pdf(eigen, regexp.MustCompile(`^budgetoverzicht-`+jaar+`\.pdf$`))
	wantLines(t, "budgethouder", pdf, append(regels, "Mevrouw J. de Vries", "Datum "+today.String())...)
	if strings.Contains(pdf, "€ 50,00 ") || strings.Count(pdf, "BET-") != 2 {
		t.Errorf("budgethouder: the planned payment is listed as paid:\n%s", pdf)
	}

	zk := newClient(t, app.URL)
	zk.login("eherkenning", "Beoordelaar zorgkantoor")
	_, doc = zk.do("GET", "/toekenningen", nil)
	if doc.Find(`main a[href="`+vanZK+`"]`).Length() != 1 {
		t.Errorf("toekenningen page has no link to %s", vanZK)
	}
	wantLines(t, "zorgkantoor", zk.pdf(vanZK, regexp.MustCompile(`^budgetoverzicht-`+jaar+`-TK-\d{6}\.pdf$`)),
		append(regels, "Zorgkantoor Amstelland", "Inzake J. de Vries (relatienummer PGB1000001)")...)

	for _, who := range []struct {
		means, persona string
		paths          []string
	}{
		{"eherkenning", "Beoordelaar ander zorgkantoor", []string{vanZK, eigen}},
		{"eherkenning", "Medewerker SVB", []string{vanZK, eigen}},
		{"vecozo", "Zorgverlener (formeel)", []string{vanZK, eigen}},
		{"digid", "Zorgverlener (informeel)", []string{vanZK, eigen}},
	} {
		c := newClient(t, app.URL)
		c.login(who.means, who.persona)
		for _, p := range who.paths {
			c.notFound(who.persona, p, "1.234,56", "PGB1000001")
		}
	}
	// The budgethouder: not through the zorgkantoor's route, not for a year without budget.
	for _, p := range []string{vanZK, "/budget/2001/pdf", "/budget/20260/pdf"} {
		bh.notFound("budgethouder", p, "1.234,56")
	}
	// Another budgethouder gets their own overzicht, never this one.
	visser := newClient(t, app.URL)
	visser.login("digid", "Budgethouder met gevolmachtigde")
	if resp, body := visser.raw(eigen); resp.StatusCode == http.StatusOK {
		if txt := testutil.PDFText(t, body); strings.Contains(txt, "PGB1000001") || strings.Contains(txt, "1.234,56") {
			t.Errorf("another budgethouder sees this budget:\n%s", txt)
		}
	}
	if auditCount(t, app, "budgetoverzicht", "ok") < 2 || auditCount(t, app, "budgetoverzicht", "geweigerd") < 9 {
		t.Errorf("downloads not audited: ok %d, geweigerd %d", auditCount(t, app, "budgetoverzicht", "ok"), auditCount(t, app, "budgetoverzicht", "geweigerd"))
	}
}
