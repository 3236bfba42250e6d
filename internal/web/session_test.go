package web_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"pgbportaal/internal/demo"
	"pgbportaal/internal/testutil"
	"pgbportaal/internal/testutil/apptest"
)

// client is a browser-like HTTP client: cookies, redirects, same-origin POSTs.
type client struct {
	t    *testing.T
	base string
	http *http.Client
}

func newClient(t *testing.T, base string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: base, http: &http.Client{Jar: jar, Timeout: 10 * time.Second}}
}

func (c *client) do(method, path string, form url.Values) (*http.Response, *goquery.Document) {
	c.t.Helper()
	u := path
	if strings.HasPrefix(path, "/") {
		u = c.base + path
	}
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", c.base)
	}
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

// login goes through the real flow: portal → test provider page → persona → portal.
func (c *client) login(means, persona string) (*http.Response, *goquery.Document) {
	c.t.Helper()
	resp, doc := c.do("GET", "/inloggen/"+means, nil)
	if !strings.Contains(resp.Request.URL.Path, "/stub/"+means) {
		c.t.Fatalf("not at the provider: %s", resp.Request.URL)
	}
	var form url.Values
	var action string
	doc.Find("form").Each(func(_ int, f *goquery.Selection) {
		if strings.TrimSpace(f.Find("button").Text()) == "Inloggen als "+persona {
			form = url.Values{}
			action, _ = f.Attr("action")
			f.Find("input[type=hidden]").Each(func(_ int, in *goquery.Selection) {
				n, _ := in.Attr("name")
				v, _ := in.Attr("value")
				form.Add(n, v)
			})
		}
	})
	if form == nil {
		c.t.Fatalf("persona %q not offered", persona)
	}
	if strings.HasPrefix(action, "/") {
		action = c.base + action
	} else if !strings.HasPrefix(action, "http") {
		action = resp.Request.URL.ResolveReference(&url.URL{Path: action}).String()
	}
	return c.do("POST", action, form)
}

func (c *client) sessionCookie() string {
	u, _ := url.Parse(c.base)
	for _, ck := range c.http.Jar.Cookies(u) {
		if strings.Contains(ck.Name, "pgb_session") {
			return ck.Value
		}
	}
	return ""
}

func startWithDemo(t *testing.T, opts ...apptest.AppOption) *apptest.App {
	app := apptest.StartApp(t, opts...)
	if err := demo.Load(context.Background(), app.Pool); err != nil {
		t.Fatal(err)
	}
	return app
}

func TestSessionLifecycle(t *testing.T) {
	clk := testutil.NewClock(time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC))
	app := startWithDemo(t, apptest.WithNow(clk.Now))
	c := newClient(t, app.URL)

	c.do("GET", "/inloggen/digid", nil) // a pre-login session exists now
	before := c.sessionCookie()
	if before == "" {
		t.Fatal("no pre-login session cookie")
	}
	resp, doc := c.login("digid", "Budgethouder met gevolmachtigde")
	if resp.StatusCode != 200 || !strings.Contains(doc.Find("h1").Text(), "E. Visser") {
		t.Fatalf("login failed: %d %q", resp.StatusCode, doc.Find("h1").Text())
	}
	after := c.sessionCookie()
	if after == "" || after == before {
		t.Fatal("session id not rotated at login")
	}

	// Read-only: no write action, every write refused with 403.
	if doc.Find("form[action='/profiel'] button").Length() != 0 {
		t.Error("read-only budgethouder is offered a save button")
	}
	resp, _ = c.do("POST", "/profiel", url.Values{"straat": {"X"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("read-only write: status %d, want 403", resp.StatusCode)
	}

	// 14 minutes idle: still in. Then 16 minutes idle: gone.
	clk.Add(14 * time.Minute)
	resp, doc = c.do("GET", "/berichten", nil)
	if resp.Request.URL.Path != "/berichten" || !strings.Contains(doc.Find("h1").Text(), "Overzicht berichten") {
		t.Fatalf("session lost after 14 idle minutes: %s", resp.Request.URL)
	}
	clk.Add(16 * time.Minute)
	resp, _ = c.do("GET", "/berichten", nil)
	if resp.Request.URL.Path != "/inloggen" {
		t.Fatalf("session alive after 16 idle minutes: landed on %s", resp.Request.URL)
	}
}

func TestLogoutKillsSessionServerSide(t *testing.T) {
	app := startWithDemo(t)
	c := newClient(t, app.URL)
	c.login("eherkenning", "Medewerker SVB")
	cookie := c.sessionCookie()
	resp, doc := c.do("POST", "/uitloggen", url.Values{})
	if resp.Request.URL.Path != "/uitgelogd" || !strings.Contains(doc.Find("h1").Text(), "U bent uitgelogd") {
		t.Fatalf("logout: %s %q", resp.Request.URL, doc.Find("h1").Text())
	}
	// Replay the old cookie in a fresh client.
	replay := newClient(t, app.URL)
	u, _ := url.Parse(app.URL)
	name := "pgb_session"
	replay.http.Jar.SetCookies(u, []*http.Cookie{{Name: name, Value: cookie, Path: "/"}})
	resp, _ = replay.do("GET", "/berichten", nil)
	if resp.Request.URL.Path != "/inloggen" {
		t.Fatalf("replayed cookie still logged in: %s", resp.Request.URL)
	}
}

func TestNeedToKnowBerichten(t *testing.T) {
	app := startWithDemo(t)
	// The id of a bericht of mevrouw De Vries.
	var id string
	if err := app.Pool.QueryRow(context.Background(), `SELECT m.id::text FROM berichten m JOIN budgethouders b ON b.id = m.budgethouder_id
		WHERE b.relatienummer = 'PGB1000001'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	owner := newClient(t, app.URL)
	owner.login("digid", "Budgethouder")
	for _, who := range []struct{ means, persona string }{
		{"digid", "Zorgverlener (informeel)"},
		{"eherkenning", "Beoordelaar zorgkantoor"},
		{"eherkenning", "Medewerker SVB"},
		{"digid", "Budgethouder met gevolmachtigde"},
	} {
		c := newClient(t, app.URL)
		c.login(who.means, who.persona)
		resp, _ := c.do("GET", "/berichten/"+id, nil)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s opened another party's bericht: status %d", who.persona, resp.StatusCode)
		}
	}
	anon := newClient(t, app.URL)
	resp, _ := anon.do("GET", "/berichten/"+id, nil)
	if resp.Request.URL.Path != "/inloggen" {
		t.Errorf("anonymous reached a bericht: %s", resp.Request.URL)
	}
	// The owner can (after completing the profile the portal asks for first).
	resp, _ = owner.do("GET", "/berichten/"+id, nil)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("owner: status %d", resp.StatusCode)
	}
	var read bool
	if err := app.Pool.QueryRow(context.Background(), `SELECT gelezen_op IS NOT NULL FROM berichten WHERE id = $1::bigint`, id).Scan(&read); err != nil || !read {
		t.Errorf("opening did not mark the bericht read (%v)", err)
	}
}
