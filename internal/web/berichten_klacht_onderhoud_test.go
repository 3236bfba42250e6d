package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"pgbportaal/internal/civil"
	"pgbportaal/internal/config"
	"pgbportaal/internal/testutil"
	"pgbportaal/internal/testutil/apptest"
)

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestBerichtenFiltersAndUnreadCount(t *testing.T) {
	t.Parallel()
	app := startWithDemo(t)
	ctx := context.Background()
	if _, err := app.Pool.Exec(ctx, `INSERT INTO berichten (budgethouder_id, soort, onderwerp, inhoud, gelezen_op)
		SELECT b.id, v.soort, v.onderwerp, 'x', v.gelezen FROM budgethouders b,
		(VALUES ('declaratie', 'Declaratie A', NULL::timestamptz), ('declaratie', 'Declaratie B', now()), ('betaling', 'Betaling C', NULL)) v(soort, onderwerp, gelezen)
		WHERE b.relatienummer = 'PGB1000001'`); err != nil {
		t.Fatal(err)
	}
	var unread int
	if err := app.Pool.QueryRow(ctx, `SELECT count(*) FROM berichten m JOIN budgethouders b ON b.id = m.budgethouder_id
		WHERE b.relatienummer = 'PGB1000001' AND m.gelezen_op IS NULL`).Scan(&unread); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, app.URL)
	c.login("digid", "Budgethouder")

	_, doc := c.do("GET", "/berichten", nil)
	header := squash(doc.Find("header nav").Text())
	if want := "Berichten (" + strconv.Itoa(unread) + " ongelezen)"; !strings.Contains(header, want) {
		t.Fatalf("header %q lacks %q", header, want)
	}
	subjects := func(q string) []string {
		t.Helper()
		resp, doc := c.do("GET", "/berichten"+q, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", q, resp.StatusCode)
		}
		var out []string
		doc.Find("table tbody tr td:nth-child(2)").Each(func(_ int, s *goquery.Selection) { out = append(out, squash(s.Text())) })
		return out
	}
	got := subjects("?status=ongelezen&soort=declaratie")
	if len(got) != 1 || got[0] != "Declaratie A" {
		t.Errorf("ongelezen declaraties: %v", got)
	}
	got = subjects("?status=gelezen")
	if len(got) != 1 || got[0] != "Declaratie B" {
		t.Errorf("gelezen: %v", got)
	}
	got = subjects("?soort=betaling")
	if len(got) != 1 || got[0] != "Betaling C" {
		t.Errorf("betalingen: %v", got)
	}
	if got = subjects("?status=ongelezen"); len(got) != unread {
		t.Errorf("ongelezen: %d rows, want %d", len(got), unread)
	}
	// The filter form keeps its choice and works without JavaScript: a GET form.
	_, doc = c.do("GET", "/berichten?status=ongelezen&soort=declaratie", nil)
	if m, _ := doc.Find("form[role=search]").Attr("method"); m != "get" {
		t.Errorf("filter form method %q", m)
	}
	if v, _ := doc.Find("select#status option[selected]").Attr("value"); v != "ongelezen" {
		t.Errorf("status filter not kept: %q", v)
	}
	// Opening an unread bericht lowers the count.
	var id string
	if err := app.Pool.QueryRow(ctx, `SELECT id::text FROM berichten WHERE onderwerp = 'Declaratie A'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	c.do("GET", "/berichten/"+id, nil)
	_, doc = c.do("GET", "/berichten", nil)
	if want := "Berichten (" + strconv.Itoa(unread-1) + " ongelezen)"; !strings.Contains(squash(doc.Find("header nav").Text()), want) {
		t.Errorf("after reading, header lacks %q", want)
	}
}

func TestKlachtFlow(t *testing.T) {
	t.Parallel()
	app := startWithDemo(t)
	ctx := context.Background()
	bh := newClient(t, app.URL)
	bh.login("digid", "Budgethouder")

	resp, doc := bh.do("POST", "/suggestie-of-klacht", url.Values{"soort": {""}, "onderwerp": {"Knop"}, "toelichting": {""}})
	if resp.StatusCode != http.StatusUnprocessableEntity || doc.Find(".pgb-error-summary, [role=alert]").Length() == 0 {
		t.Fatalf("invalid form: status %d, no error summary", resp.StatusCode)
	}
	if v, _ := doc.Find("#onderwerp").Attr("value"); v != "Knop" {
		t.Errorf("input not kept: %q", v)
	}
	resp, doc = bh.do("POST", "/suggestie-of-klacht", url.Values{"soort": {"klacht"}, "onderwerp": {"Knop werkt niet"},
		"toelichting": {"De knop Opslaan doet niets op mijn telefoon."}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Request.URL.Path, "/verzonden") ||
		!strings.Contains(doc.Text(), "Wij hebben uw suggestie of klacht ontvangen") {
		t.Fatalf("submit: status %d at %s", resp.StatusCode, resp.Request.URL)
	}
	var id, behandelaar string
	if err := app.Pool.QueryRow(ctx, `SELECT k.id::text, o.naam FROM klachten k JOIN organisaties o ON o.id = k.behandelaar_id
		WHERE k.onderwerp = 'Knop werkt niet'`).Scan(&id, &behandelaar); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(behandelaar, "Amstelland") {
		t.Fatalf("handled by %q, want the budgethouder's zorgkantoor", behandelaar)
	}

	// Other parties: the other zorgkantoor and the SVB do not find it; the
	// budget side and zorgverleners have no queue.
	for _, who := range []struct{ means, persona string }{
		{"eherkenning", "Beoordelaar ander zorgkantoor"},
		{"eherkenning", "Medewerker SVB"},
	} {
		c := newClient(t, app.URL)
		c.login(who.means, who.persona)
		if resp, _ := c.do("GET", "/klachten/"+id, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: GET status %d, want 404", who.persona, resp.StatusCode)
		}
		if resp, _ := c.do("POST", "/klachten/"+id, url.Values{"antwoord": {"Nee"}}); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: POST status %d, want 404", who.persona, resp.StatusCode)
		}
		if _, doc := c.do("GET", "/klachten", nil); strings.Contains(doc.Text(), "Knop werkt niet") {
			t.Errorf("%s sees the klacht in the queue", who.persona)
		}
	}
	for _, c := range []*client{bh, func() *client { z := newClient(t, app.URL); z.login("digid", "Zorgverlener (informeel)"); return z }()} {
		if resp, _ := c.do("GET", "/klachten/"+id, nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("non-staff: status %d, want 403", resp.StatusCode)
		}
	}

	zk := newClient(t, app.URL)
	zk.login("eherkenning", "Beoordelaar zorgkantoor")
	if _, doc := zk.do("GET", "/klachten", nil); !strings.Contains(doc.Text(), "Knop werkt niet") {
		t.Fatal("the zorgkantoor's queue lacks the klacht")
	}
	if resp, _ := zk.do("POST", "/klachten/"+id, url.Values{"antwoord": {"  "}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("empty answer: status %d", resp.StatusCode)
	}
	resp, doc = zk.do("POST", "/klachten/"+id, url.Values{"antwoord": {"Wij hebben de knop hersteld."}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(doc.Text(), "Uw antwoord is verstuurd") {
		t.Fatalf("answer: status %d", resp.StatusCode)
	}
	if resp, _ := zk.do("POST", "/klachten/"+id, url.Values{"antwoord": {"Nog een keer"}}); resp.StatusCode != http.StatusConflict {
		t.Errorf("second answer: status %d, want 409", resp.StatusCode)
	}
	_, doc = bh.do("GET", "/berichten?soort=klacht", nil)
	if !strings.Contains(doc.Text(), "Antwoord op uw klacht") {
		t.Fatalf("the answer did not reach the budgethouder: %s", squash(doc.Find("main").Text()))
	}
	var inhoud string
	if err := app.Pool.QueryRow(ctx, `SELECT inhoud FROM berichten WHERE soort = 'klacht'`).Scan(&inhoud); err != nil ||
		!strings.Contains(inhoud, "Wij hebben de knop hersteld.") {
		t.Errorf("answer bericht %q (%v)", inhoud, err)
	}

	// A zorgverlener's suggestion goes to the SVB, and the answer back to them;
	// someone who may only look at their pgb may still send one.
	zv := newClient(t, app.URL)
	zv.login("digid", "Zorgverlener (informeel)")
	zv.do("POST", "/suggestie-of-klacht", url.Values{"soort": {"suggestie"}, "onderwerp": {"Donkere modus"}, "toelichting": {"Graag."}})
	ro := newClient(t, app.URL)
	ro.login("digid", "Budgethouder met gevolmachtigde")
	if resp, _ := ro.do("POST", "/suggestie-of-klacht", url.Values{"soort": {"suggestie"}, "onderwerp": {"Grotere letters"}, "toelichting": {"Graag."}}); resp.StatusCode != http.StatusOK {
		t.Errorf("read-only budgethouder: status %d", resp.StatusCode)
	}
	var zvID string
	if err := app.Pool.QueryRow(ctx, `SELECT k.id::text FROM klachten k JOIN organisaties o ON o.id = k.behandelaar_id
		WHERE k.onderwerp = 'Donkere modus' AND o.soort = 'svb'`).Scan(&zvID); err != nil {
		t.Fatalf("zorgverlener's suggestion not with the SVB: %v", err)
	}
	svb := newClient(t, app.URL)
	svb.login("eherkenning", "Medewerker SVB")
	if resp, _ := svb.do("POST", "/klachten/"+zvID, url.Values{"antwoord": {"Goed idee."}}); resp.StatusCode != http.StatusOK {
		t.Fatalf("SVB answer: status %d", resp.StatusCode)
	}
	if _, doc := zv.do("GET", "/berichten", nil); !strings.Contains(doc.Text(), "Antwoord op uw suggestie") {
		t.Error("the answer did not reach the zorgverlener")
	}
}

func TestMaintenanceWindow(t *testing.T) {
	t.Parallel()
	ams := civil.Amsterdam()
	// Today (the demo budgets are this year's), at a whole minute.
	start := time.Now().In(ams).Truncate(time.Minute)
	clock := testutil.NewClock(start)
	app := startWithDemo(t, apptest.WithNow(clock.Now))
	bh := newClient(t, app.URL)
	bh.login("digid", "Budgethouder")
	bh.do("POST", "/profiel", url.Values{"straat": {"Dorpsstraat"}, "huisnummer": {"1"}, "postcode": {"1234 AB"}, "woonplaats": {"Amsterdam"},
		"email": {"j@voorbeeld.nl"}, "voorkeur": {"digitaal"}, "versie": {"0"}})
	svb := newClient(t, app.URL)
	svb.login("eherkenning", "Medewerker SVB")

	van, tot := start.Add(10*time.Minute), start.Add(3*time.Hour)
	datum := func(t time.Time) string { return t.Format("02-01-2006") }
	tijd := func(t time.Time) string { return t.Format("15:04") }
	resp, _ := svb.do("POST", "/onderhoud", url.Values{"van-datum": {datum(van)}, "van-tijd": {"25:00"}, "tot-datum": {""}, "tot-tijd": {tijd(tot)}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid window: status %d", resp.StatusCode)
	}
	resp, _ = svb.do("POST", "/onderhoud", url.Values{"van-datum": {datum(van)}, "van-tijd": {tijd(van)}, "tot-datum": {datum(tot)},
		"tot-tijd": {tijd(tot)}, "tekst": {"Wij werken het portaal bij."}})
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Query().Get("aangekondigd") == "" {
		t.Fatalf("announce: status %d at %s", resp.StatusCode, resp.Request.URL)
	}

	// Before: a banner on every page, also before login.
	anon := newClient(t, app.URL)
	_, doc := anon.do("GET", "/", nil)
	want := "van " + datum(van) + " " + tijd(van) + " tot " + datum(tot) + " " + tijd(tot)
	if b := squash(doc.Find("[aria-label='Gepland onderhoud']").Text()); !strings.Contains(b, want) {
		t.Fatalf("no announcement on the welcome page: %q, want %q", b, want)
	}
	if _, doc = bh.do("GET", "/berichten", nil); doc.Find("[aria-label='Gepland onderhoud']").Length() == 0 {
		t.Error("no announcement for a logged-in person")
	}

	// During: logging in is refused, the session only looks.
	clock.Add(11 * time.Minute)
	resp, doc = anon.do("GET", "/inloggen/digid", nil)
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(doc.Find("h1").Text(), "Inloggen kan nu niet") ||
		!strings.Contains(doc.Text(), datum(tot)+" "+tijd(tot)) {
		t.Fatalf("login during maintenance: status %d, %q", resp.StatusCode, doc.Find("h1").Text())
	}
	if resp, _ = anon.do("GET", "/inloggen", nil); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("login page during maintenance: status %d", resp.StatusCode)
	}
	resp, doc = bh.do("GET", "/berichten", nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(doc.Find("[aria-label='Onderhoud']").Text(), "alleen gegevens bekijken") {
		t.Errorf("read-only notice missing during maintenance: status %d", resp.StatusCode)
	}
	resp, doc = bh.do("POST", "/suggestie-of-klacht", url.Values{"soort": {"klacht"}, "onderwerp": {"x"}, "toelichting": {"y"}})
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(doc.Find("h1").Text(), "Wijzigen kan nu niet") {
		t.Errorf("write during maintenance: status %d, %q", resp.StatusCode, doc.Find("h1").Text())
	}
	var n int
	if err := app.Pool.QueryRow(context.Background(), `SELECT count(*) FROM klachten`).Scan(&n); err != nil || n != 0 {
		t.Errorf("a write got through during maintenance: %d klachten (%v)", n, err)
	}

	// After: it lifts by itself.
	clock.Add(3 * time.Hour)
	fresh := newClient(t, app.URL)
	resp, _ = fresh.login("digid", "Budgethouder")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("login after maintenance: status %d", resp.StatusCode)
	}
	if _, doc = fresh.do("GET", "/berichten", nil); doc.Find("[aria-label='Onderhoud'], [aria-label='Gepland onderhoud']").Length() != 0 {
		t.Error("banner still shown after the window")
	}
	if resp, _ = fresh.do("POST", "/suggestie-of-klacht", url.Values{"soort": {"klacht"}, "onderwerp": {"x"}, "toelichting": {"y"}}); resp.StatusCode != http.StatusOK {
		t.Errorf("write after maintenance: status %d", resp.StatusCode)
	}
}

func TestMaintenanceWindowFromConfiguration(t *testing.T) {
	t.Parallel()
	ams := civil.Amsterdam()
	clock := testutil.NewClock(time.Date(2030, 2, 1, 23, 0, 0, 0, ams))
	app := apptest.StartApp(t, apptest.WithNow(clock.Now), apptest.WithConfig(func(c *config.Config) {
		c.Onderhoud = config.Onderhoud{Van: time.Date(2030, 2, 1, 22, 0, 0, 0, ams), Tot: time.Date(2030, 2, 2, 2, 0, 0, 0, ams)}
	}))
	c := newClient(t, app.URL)
	if resp, _ := c.do("GET", "/inloggen/digid", nil); resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("configured window: login status %d", resp.StatusCode)
	}
	clock.Add(3 * time.Hour)
	if resp, _ := c.do("GET", "/inloggen/digid", nil); resp.StatusCode != http.StatusOK || !strings.Contains(resp.Request.URL.Path, "/stub/digid") {
		t.Fatalf("after the configured window: status %d at %s", resp.StatusCode, resp.Request.URL)
	}
}
