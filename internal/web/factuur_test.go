package web_test

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// factuurPDF is a real, minimal one-page PDF.
var factuurPDF = []byte("%PDF-1.4\n" +
	"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
	"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n" +
	"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n" +
	"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \n" +
	"trailer << /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n")

var factuurPath = regexp.MustCompile(`^/facturen/(\d+)$`)

// upload posts the form of "Uploaden factuur" as a browser does, the file
// with the Content-Type a browser would guess from its name.
func (c *client) upload(fields map[string]string, naam string, inhoud []byte) (*http.Response, *goquery.Document) {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, k := range []string{"zorgovereenkomst", "periode"} {
		if v, ok := fields[k]; ok {
			_ = mw.WriteField(k, v)
		}
	}
	fw, err := mw.CreateFormFile("factuur", naam)
	if err != nil {
		c.t.Fatal(err)
	}
	_, _ = fw.Write(inhoud)
	_ = mw.Close()
	req, _ := http.NewRequest("POST", c.base+"/facturen/nieuw", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.base)
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp, doc
}

// raw GETs path and returns the body as is.
func (c *client) raw(path string) (*http.Response, []byte) {
	c.t.Helper()
	resp, err := c.http.Get(c.base + path)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func selected(doc *goquery.Document, id string) string {
	v, _ := doc.Find("#" + id + " option[selected]").Attr("value")
	return v
}

func TestFactuurUploadenEnVerwerkenViaDePaginas(t *testing.T) {
	w := newDclWereld(t)
	app := w.app
	zovID := strconv.FormatInt(w.zovID, 10)
	periode := w.vorige.ISO()[:7]

	bh := newClient(t, app.URL)
	_, doc := bh.login("digid", "Budgethouder")
	if doc.Find(`.pgb-tile a[href="/facturen/nieuw"]`).Length() != 1 {
		t.Fatal("no tile Uploaden factuur")
	}
	resp, doc := bh.do("GET", "/facturen/nieuw", nil)
	if resp.StatusCode != 200 || text(doc.Find(`label[for="factuur"]`)) != "Factuur (PDF, hoogstens 5 MB)" ||
		doc.Find(`form[enctype="multipart/form-data"] input[type="file"][name="factuur"]`).Length() != 1 {
		t.Fatalf("upload form: %d %q", resp.StatusCode, text(doc.Find(`label[for="factuur"]`)))
	}

	// A PNG renamed .pdf: refused next to the field, the form kept, and told to choose the file again.
	form := map[string]string{"zorgovereenkomst": zovID, "periode": periode}
	resp, doc = bh.upload(form, "factuur.pdf", append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 100)...))
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(doc.Find("#factuur-error")), "geen PDF") ||
		!strings.Contains(text(doc.Find("#factuur-hint")), "Kies het bestand opnieuw") ||
		selected(doc, "zorgovereenkomst") != zovID || selected(doc, "periode") != periode ||
		doc.Find(`#foutmeldingen a[href="#factuur"]`).Length() != 1 {
		t.Fatalf("PNG: %d %q %q", resp.StatusCode, text(doc.Find("#factuur-error")), text(doc.Find("#factuur-hint")))
	}
	// Too big: refused with the Dutch message, nothing stored.
	groot := append(append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("0"), 5<<20)...), "\n%%EOF\n"...)
	resp, doc = bh.upload(form, "groot.pdf", groot)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(text(doc.Find("#factuur-error")), "groter dan 5 MB") ||
		selected(doc, "periode") != periode {
		t.Fatalf("too big: %d %q", resp.StatusCode, text(doc.Find("#factuur-error")))
	}
	if n := w.id(t, `SELECT count(*) FROM facturen`); n != 0 {
		t.Fatalf("%d facturen stored after refusals", n)
	}

	resp, doc = bh.upload(form, `C:\fakepath\<script>factuur.pdf`, factuurPDF)
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/facturen" || !strings.Contains(text(doc.Find(".pgb-notification, [role=status], main")), "Uw factuur is ontvangen") {
		t.Fatalf("upload: %d %s", resp.StatusCode, resp.Request.URL)
	}
	link := doc.Find(`main table a[href^="/facturen/"]`)
	href, _ := link.Attr("href")
	m := factuurPath.FindStringSubmatch(href)
	if m == nil || !strings.Contains(rijen(doc.Find("main table")), "_script_factuur.pdf") {
		t.Fatalf("own list: %q\n%s", href, rijen(doc.Find("main table")))
	}
	id := m[1]
	if n := w.id(t, `SELECT count(*) FROM berichten WHERE onderwerp = 'Factuur ontvangen'`); n != 1 {
		t.Fatal("no bericht Factuur ontvangen")
	}
	resp, pdf := bh.raw("/facturen/" + id + "/pdf")
	if resp.StatusCode != 200 || !bytes.Equal(pdf, factuurPDF) {
		t.Fatalf("own pdf: %d", resp.StatusCode)
	}

	// The SVB's queue and the invoice.
	svb := newClient(t, app.URL)
	_, doc = svb.login("eherkenning", "Medewerker SVB")
	if doc.Find(`.pgb-tile a[href="/facturen"]`).Length() != 1 || !strings.Contains(text(doc.Find(".pgb-tile")), "Facturen invoeren") {
		t.Fatal("no tile Facturen invoeren")
	}
	_, doc = svb.do("GET", "/facturen", nil)
	if r := rijen(doc.Find("main table")); !strings.Contains(r, "FA-") || !strings.Contains(r, "J. de Vries (PGB1000001)") ||
		!strings.Contains(r, "H. de Boer") || !strings.Contains(r, "vandaag ontvangen") {
		t.Fatalf("queue:\n%s", r)
	}
	resp, doc = svb.do("GET", "/facturen/"+id, nil)
	if resp.StatusCode != 200 || doc.Find(`a[href="/facturen/`+id+`/pdf"]`).Length() != 1 || ddNa(doc, "Zorgverlener") != "H. de Boer" {
		t.Fatalf("factuur page: %d", resp.StatusCode)
	}
	resp, pdf = svb.raw("/facturen/" + id + "/pdf")
	_, params, _ := mime.ParseMediaType(resp.Header.Get("Content-Disposition"))
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") || !regexp.MustCompile(`^FA-\d{6}-[A-Za-z0-9_-]+\.pdf$`).MatchString(params["filename"]) ||
		resp.Header.Get("X-Content-Type-Options") != "nosniff" || !bytes.Equal(pdf, factuurPDF) {
		t.Fatalf("pdf: %d %v", resp.StatusCode, resp.Header)
	}

	// One cent over the budget: refused next to the amount, in Dutch.
	post := url.Values{"actie": {"verwerken"}, "soort": {"zorg"}, "bedrag": {"45.000,01"}, "omschrijving": {"Zorg volgens factuur"}}
	resp, doc = svb.do("POST", "/facturen/"+id, post)
	want := "Deze factuur is hoger dan het resterende budget voor " + strconv.Itoa(w.vorige.Year) + " (€ 45.000,00)."
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(doc.Find("#bedrag-error")), want) ||
		doc.Find("#bedrag").AttrOr("value", "") != "45.000,01" {
		t.Fatalf("over budget: %d %q", resp.StatusCode, text(doc.Find("#bedrag-error")))
	}
	post.Set("bedrag", "12,3x")
	if resp, doc = svb.do("POST", "/facturen/"+id, post); resp.StatusCode != http.StatusUnprocessableEntity || text(doc.Find("#bedrag-error")) == "" {
		t.Fatalf("bad amount: %d", resp.StatusCode)
	}
	if n := w.id(t, `SELECT count(*) FROM declaraties`); n != 0 {
		t.Fatal("declaratie left after a refusal")
	}
	post.Set("bedrag", "450,00")
	resp, doc = svb.do("POST", "/facturen/"+id, post)
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/facturen" || !strings.Contains(text(doc.Find("main")), "De factuur is verwerkt") {
		t.Fatalf("verwerken: %d %s %s", resp.StatusCode, resp.Request.URL, text(doc.Find(".pgb-error-summary, .pgb-field__error")))
	}
	var door, status string
	var totaal, betaling int64
	if err := app.Pool.QueryRow(context.Background(), `SELECT d.ingevoerd_door, d.status, d.totaal, b.bedrag FROM facturen f
		JOIN declaraties d ON d.id = f.declaratie_id JOIN betalingen b ON b.declaratie_id = d.id WHERE f.id = $1::bigint`, id).
		Scan(&door, &status, &totaal, &betaling); err != nil {
		t.Fatal(err)
	}
	if door != "svb" || status != "ingepland" || totaal != 45000 || betaling != 45000 {
		t.Fatalf("declaratie %s %s %d %d", door, status, totaal, betaling)
	}
	// The budgethouder sees it handled, with its declaratie.
	_, doc = bh.do("GET", "/facturen/"+id, nil)
	if ddNa(doc, "Status") != "verwerkt" || !strings.HasPrefix(ddNa(doc, "Declaratie"), "DC-") {
		t.Fatalf("budgethouder's view: %q %q", ddNa(doc, "Status"), ddNa(doc, "Declaratie"))
	}

	// Afwijzen: the reason is required; the budgethouder gets a letter.
	resp, _ = bh.upload(map[string]string{"periode": periode}, "reiskosten.pdf", factuurPDF)
	if resp.StatusCode != 200 {
		t.Fatalf("second upload %d", resp.StatusCode)
	}
	id2 := strconv.FormatInt(w.id(t, `SELECT max(id) FROM facturen`), 10)
	resp, doc = svb.do("POST", "/facturen/"+id2, url.Values{"actie": {"afwijzen"}, "reden": {" "}})
	if resp.StatusCode != http.StatusUnprocessableEntity || text(doc.Find("#reden-error")) == "" {
		t.Fatalf("afwijzen without reason: %d", resp.StatusCode)
	}
	resp, _ = svb.do("POST", "/facturen/"+id2, url.Values{"actie": {"afwijzen"}, "reden": {"Er staat geen bedrag op de factuur."}})
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/facturen" {
		t.Fatalf("afwijzen: %d %s", resp.StatusCode, resp.Request.URL)
	}
	if n := w.id(t, `SELECT count(*) FROM berichten WHERE onderwerp = 'Factuur afgewezen' AND inhoud LIKE '%geen bedrag%'`); n != 1 {
		t.Fatal("no letter")
	}
	// Handled twice: a clear conflict, nothing changes.
	resp, doc = svb.do("POST", "/facturen/"+id2, url.Values{"actie": {"afwijzen"}, "reden": {"nogmaals"}})
	if resp.StatusCode != http.StatusConflict || !strings.Contains(text(doc.Find("main")), "al afgewezen") {
		t.Fatalf("twice: %d", resp.StatusCode)
	}
}

// Need-to-know on the pages: another budgethouder finds no invoice; the
// zorgverlener and the zorgkantoor may not open the pages at all; a
// read-only budgethouder cannot upload; the budget side cannot handle one.
func TestFactuurNeedToKnowViaDePaginas(t *testing.T) {
	w := newDclWereld(t)
	app := w.app
	bh := newClient(t, app.URL)
	bh.login("digid", "Budgethouder")
	resp, _ := bh.upload(map[string]string{"periode": w.vorige.ISO()[:7]}, "f.pdf", factuurPDF)
	if resp.StatusCode != 200 {
		t.Fatalf("upload %d", resp.StatusCode)
	}
	id := strconv.FormatInt(w.id(t, `SELECT max(id) FROM facturen`), 10)
	paths := []string{"/facturen/" + id, "/facturen/" + id + "/pdf"}

	for _, c := range []struct {
		means, persona string
		want           int
	}{
		{"digid", "Wettelijk vertegenwoordiger", http.StatusNotFound},
		{"digid", "Budgethouder met gevolmachtigde", http.StatusNotFound},
		{"digid", "Zorgverlener (informeel)", http.StatusForbidden},
		{"vecozo", "Zorgverlener (formeel)", http.StatusForbidden},
		{"eherkenning", "Beoordelaar zorgkantoor", http.StatusForbidden},
	} {
		cl := newClient(t, app.URL)
		cl.login(c.means, c.persona)
		for _, p := range paths {
			resp, body := cl.raw(p)
			if resp.StatusCode != c.want || bytes.Contains(body, []byte("%PDF")) {
				t.Errorf("%s GET %s: %d, want %d", c.persona, p, resp.StatusCode, c.want)
			}
		}
		resp, doc := cl.do("GET", "/facturen", nil)
		if c.want == http.StatusForbidden && resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s GET /facturen: %d", c.persona, resp.StatusCode)
		}
		if strings.Contains(text(doc.Find("main")), "FA-") {
			t.Errorf("%s sees the invoice in a list", c.persona)
		}
		if resp, _ := cl.do("POST", "/facturen/"+id, url.Values{"actie": {"afwijzen"}, "reden": {"x"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s POST: %d", c.persona, resp.StatusCode)
		}
	}
	ro := newClient(t, app.URL)
	ro.login("digid", "Budgethouder met gevolmachtigde")
	if resp, _ := ro.do("GET", "/facturen/nieuw", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("read-only upload form: %d", resp.StatusCode)
	}
	if resp, _ := ro.upload(map[string]string{"periode": w.vorige.ISO()[:7]}, "f.pdf", factuurPDF); resp.StatusCode != http.StatusForbidden {
		t.Errorf("read-only upload: %d", resp.StatusCode)
	}
	if resp, _ := bh.do("POST", "/facturen/"+id, url.Values{"actie": {"verwerken"}, "soort": {"zorg"}, "bedrag": {"1,00"}, "omschrijving": {"x"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("budgethouder handles own invoice: %d", resp.StatusCode)
	}
	if n := w.id(t, `SELECT count(*) FROM facturen WHERE status = 'ontvangen'`); n != 1 {
		t.Fatal("the invoice was changed")
	}
}
