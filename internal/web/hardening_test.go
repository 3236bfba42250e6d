package web_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"pgbportaal/internal/config"
	"pgbportaal/internal/testutil"
	"pgbportaal/internal/testutil/apptest"
)

// The session cookie the real login sets: HttpOnly, SameSite=Lax, the whole
// site, no domain, a fresh value; and the session ends after 12 hours however
// active it is.
func TestSessionCookieAndAbsoluteTimeout(t *testing.T) {
	t.Parallel()
	clk := testutil.NewClock(time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC))
	app := startWithDemo(t, apptest.WithNow(clk.Now))
	c := newClient(t, app.URL)
	var setCookies []string
	c.http.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if req.Response != nil {
			setCookies = append(setCookies, req.Response.Header.Values("Set-Cookie")...)
		}
		return nil
	}
	c.login("digid", "Budgethouder")
	var session string
	for _, sc := range setCookies {
		if strings.HasPrefix(sc, "pgb_session=") && !strings.Contains(sc, "Max-Age=0") {
			session = sc
		}
	}
	if session == "" {
		t.Fatalf("no session cookie set at login: %q", setCookies)
	}
	for _, want := range []string{"HttpOnly", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(session, want) {
			t.Errorf("session cookie lacks %s: %s", want, session)
		}
	}
	if strings.Contains(strings.ToLower(session), "domain=") {
		t.Errorf("session cookie is sent to other hosts: %s", session)
	}

	// Active every 10 minutes: still logged in after 11h50, out at 12h.
	for elapsed := 10 * time.Minute; elapsed < 12*time.Hour; elapsed += 10 * time.Minute {
		clk.Add(10 * time.Minute)
		resp, _ := c.do("GET", "/berichten", nil)
		if resp.Request.URL.Path != "/berichten" {
			t.Fatalf("logged out after %v of activity", elapsed)
		}
	}
	clk.Add(10 * time.Minute)
	resp, _ := c.do("GET", "/berichten", nil)
	if resp.Request.URL.Path != "/inloggen" {
		t.Fatalf("session alive after 12 hours: %s", resp.Request.URL)
	}
}

func TestSecurityTxt(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	app := apptest.StartApp(t, apptest.WithNow(func() time.Time { return now }))
	resp, err := http.Get(app.URL + "/.well-known/security.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	body := string(b)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("security.txt: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	fields := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(body), "\n") {
		k, v, _ := strings.Cut(line, ": ")
		fields[k] = v
	}
	if !strings.HasPrefix(fields["Contact"], app.URL) && !strings.HasPrefix(fields["Contact"], "mailto:") && !strings.HasPrefix(fields["Contact"], "https://") {
		t.Errorf("Contact: %q", fields["Contact"])
	}
	exp, err := time.Parse(time.RFC3339, fields["Expires"])
	if err != nil || !exp.After(now) || exp.After(now.AddDate(1, 0, 1)) {
		t.Errorf("Expires %q must be a date within a year (RFC 9116)", fields["Expires"])
	}
	if !strings.Contains(fields["Preferred-Languages"], "nl") {
		t.Errorf("Preferred-Languages: %q", fields["Preferred-Languages"])
	}
}

// Login attempts are limited per client address and per identifier; the
// answer is 429 in Dutch with Retry-After, and the counters live in the
// database, so a second instance on the same database counts along.
func TestLoginRateLimit(t *testing.T) {
	t.Parallel()
	clk := testutil.NewClock(time.Date(2026, 11, 23, 8, 3, 0, 0, time.UTC))
	limits := apptest.WithConfig(func(c *config.Config) { c.LoginPerClient = 4; c.LoginPerID = 2 })
	app := startWithDemo(t, apptest.WithNow(clk.Now), limits)

	// Per identifier: the third login of the same BSN within the window.
	for i := 1; i <= 2; i++ {
		c := newClient(t, app.URL)
		if resp, _ := c.login("digid", "Budgethouder"); resp.StatusCode != 200 {
			t.Fatalf("login %d: %d", i, resp.StatusCode)
		}
	}
	c := newClient(t, app.URL)
	resp, doc := c.login("digid", "Budgethouder")
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(doc.Text(), "te vaak geprobeerd in te loggen") {
		t.Fatalf("third login of one BSN: %d %q", resp.StatusCode, doc.Find("h1").Text())
	}
	if resp, _ := c.do("GET", "/berichten", nil); resp.Request.URL.Path != "/inloggen" {
		t.Fatal("a refused login left the person logged in")
	}
	// Another person from the same client is still let in...
	if resp, _ := newClient(t, app.URL).login("digid", "Wettelijk vertegenwoordiger"); resp.StatusCode != 200 && resp.Request.URL.Path != "/kies-rol" {
		t.Fatalf("other BSN: %d", resp.StatusCode)
	}
	// ... but that was the fourth attempt from this address: the fifth is refused
	// before it reaches the identity provider.
	resp, doc = newClient(t, app.URL).do("GET", "/inloggen/eherkenning", nil)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" || !strings.Contains(doc.Find("h1").Text(), "Te veel pogingen") {
		t.Fatalf("fifth attempt from one client: %d %q", resp.StatusCode, doc.Find("h1").Text())
	}

	// A second instance on the same database refuses too.
	second := apptest.StartApp(t, apptest.WithNow(clk.Now), limits, apptest.WithDatabaseURL(app.Config.DatabaseURL))
	if resp, _ := newClient(t, second.URL).do("GET", "/inloggen/digid", nil); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("second instance: %d, want 429", resp.StatusCode)
	}
	var n int
	if err := app.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE action = 'inloggen' AND object_type = 'limiet' AND outcome = 'geweigerd'`).Scan(&n); err != nil || n != 3 {
		t.Fatalf("refusals in the audit trail: %d (%v)", n, err)
	}

	// The next window lets the client in again.
	clk.Add(15 * time.Minute)
	if resp, _ := newClient(t, app.URL).login("digid", "Budgethouder"); resp.StatusCode != 200 {
		t.Fatalf("next window: %d", resp.StatusCode)
	}
}

// Pages are never compressed (BREACH: a page holding personal data next to
// text the visitor controls would leak that data through its compressed
// length); the static assets are.
func TestPagesAreNotCompressed(t *testing.T) {
	t.Parallel()
	app := startWithDemo(t)
	c := newClient(t, app.URL)
	c.login("digid", "Budgethouder")
	get := func(path string) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest("GET", app.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		// Set by hand, so the client hands over the body as it came.
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := c.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, string(body)
	}
	var stylesheet string
	for _, path := range []string{"/", "/berichten?zoek=abc", "/zorgovereenkomsten", "/bestaat-niet"} {
		resp, body := get(path)
		if enc := resp.Header.Get("Content-Encoding"); enc != "" {
			t.Errorf("%s: page sent with Content-Encoding %q", path, enc)
		}
		if !strings.Contains(body, "</html>") {
			t.Errorf("%s: not a readable page", path)
		}
		if i := strings.Index(body, `rel="stylesheet" href="`); i >= 0 && stylesheet == "" {
			rest := body[i+len(`rel="stylesheet" href="`):]
			stylesheet = rest[:strings.Index(rest, `"`)]
		}
	}
	if stylesheet == "" {
		t.Fatal("no stylesheet link found on the pages")
	}
	resp, _ := get(stylesheet)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("%s: status %d, Content-Encoding %q; want 200 gzip", stylesheet, resp.StatusCode, resp.Header.Get("Content-Encoding"))
	}
}
