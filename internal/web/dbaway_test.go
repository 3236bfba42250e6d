package web_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"pgbportaal/internal/testutil"
)

// The database goes away while someone is logged in: the portal answers with
// its Dutch error page (no technical details), and once the database is back
// the same session simply continues.
func TestDatabaseAwayAndBack(t *testing.T) {
	t.Parallel()
	app := startWithDemo(t)
	c := newClient(t, app.URL)
	c.login("digid", "Budgethouder met gevolmachtigde")

	ctx := context.Background()
	admin, err := pgx.Connect(ctx, testutil.AdminURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close(ctx) })
	u := app.Config.DatabaseURL
	name := u[strings.LastIndex(u, "/")+1:]
	if i := strings.Index(name, "?"); i >= 0 {
		name = name[:i]
	}
	allow := func(on bool) {
		t.Helper()
		v := "false"
		if on {
			v = "true"
		}
		if _, err := admin.Exec(ctx, "ALTER DATABASE "+pgx.Identifier{name}.Sanitize()+" WITH ALLOW_CONNECTIONS "+v); err != nil {
			t.Fatal(err)
		}
		if !on {
			if _, err := admin.Exec(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", name); err != nil {
				t.Fatal(err)
			}
		}
	}
	allow(false)
	restored := false
	t.Cleanup(func() {
		if !restored {
			allow(true)
		}
	})

	req, _ := http.NewRequest("GET", app.URL+"/berichten", nil)
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	body := string(b)
	if resp.StatusCode < 500 || !strings.Contains(body, `lang="nl"`) ||
		!(strings.Contains(body, "Tijdelijk niet beschikbaar") || strings.Contains(body, "Er is iets misgegaan")) {
		t.Fatalf("database away: %d at %s\n%s", resp.StatusCode, resp.Request.URL, body)
	}
	for _, leak := range []string{"SQLSTATE", "pgx", "dial tcp", "connection refused", "goroutine"} {
		if strings.Contains(body, leak) {
			t.Errorf("error page shows technical detail %q", leak)
		}
	}

	allow(true)
	restored = true
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, doc := c.do("GET", "/berichten", nil)
		if resp.StatusCode == 200 {
			if resp.Request.URL.Path != "/berichten" || !strings.Contains(doc.Find("h1").Text(), "Overzicht berichten") {
				t.Fatalf("after the database returned: at %s (%q), want the same session on /berichten", resp.Request.URL, doc.Find("h1").Text())
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("portal did not recover: %d", resp.StatusCode)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// An error page names no one, also for a vertegenwoordiger, whose pages say
// whose pgb they show: it is the page that gets screenshotted and sent to a
// helpdesk. (The scan at the end of the test run checks every error page the
// tests saw; this one looks at the banner itself.)
func TestErrorPageNamesNoOne(t *testing.T) {
	t.Parallel()
	app := startWithDemo(t)
	c := newClient(t, app.URL)
	c.login("digid", "Wettelijk vertegenwoordiger")
	resp, doc := c.do("GET", "/", nil)
	if banner := doc.Find(".pgb-banner").Text(); resp.StatusCode != 200 || !strings.Contains(banner, "P. Bakker") {
		t.Fatalf("start page: %d, banner %q", resp.StatusCode, banner)
	}
	resp, doc = c.do("GET", "/bestaat-niet", nil)
	banner := strings.Join(strings.Fields(doc.Find(".pgb-banner").Text()), " ")
	if resp.StatusCode != 404 || banner != "U bekijkt de site namens een budgethouder." {
		t.Errorf("error page: %d, banner %q", resp.StatusCode, banner)
	}
	if html, _ := doc.Html(); strings.Contains(html, "Bakker") {
		t.Errorf("the error page names someone:\n%s", html)
	}
}
