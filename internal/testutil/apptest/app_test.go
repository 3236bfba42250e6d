package apptest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"pgbportaal/internal/config"
	"pgbportaal/internal/testutil/apptest"
)

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func TestStartApp(t *testing.T) {
	now := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	app := apptest.StartApp(t,
		apptest.WithNow(func() time.Time { return now }),
		apptest.WithConfig(func(c *config.Config) { c.SessionIdle = 7 * time.Minute }),
	)
	if !strings.HasPrefix(app.URL, "http://127.0.0.1:") || app.Config.BaseURL != app.URL {
		t.Fatalf("URL %q, BaseURL %q", app.URL, app.Config.BaseURL)
	}
	if app.Config.DigiD.Issuer != app.URL+"/stub/digid" {
		t.Errorf("DigiD issuer %q does not follow the base URL", app.Config.DigiD.Issuer)
	}
	if app.Config.SessionIdle != 7*time.Minute {
		t.Errorf("WithConfig not applied: SessionIdle %v", app.Config.SessionIdle)
	}

	if code, body := get(t, app.URL+"/readyz"); code != 200 {
		t.Fatalf("readyz: %d %s", code, body)
	}
	if _, body := get(t, app.URL+"/.well-known/security.txt"); !strings.Contains(body, "Expires: 2031-01-02T03:04:05Z") {
		t.Errorf("WithNow not applied:\n%s", body)
	}
	var one int
	if err := app.Pool.QueryRow(t.Context(), "SELECT 1").Scan(&one); err != nil {
		t.Fatal(err)
	}

	logs := app.Logs()
	if !strings.Contains(logs, "/readyz") {
		t.Errorf("the access log is not in Logs():\n%s", logs)
	}
	for line := range strings.Lines(logs) {
		if !json.Valid([]byte(line)) {
			t.Errorf("log line is not JSON: %q", line)
		}
	}
}

func TestStartAppIsolatesDatabases(t *testing.T) {
	a, b := apptest.StartApp(t), apptest.StartApp(t)
	if a.URL == b.URL {
		t.Fatal("two apps on one port")
	}
	var da, db string
	if err := a.Pool.QueryRow(t.Context(), "SELECT current_database()").Scan(&da); err != nil {
		t.Fatal(err)
	}
	if err := b.Pool.QueryRow(t.Context(), "SELECT current_database()").Scan(&db); err != nil {
		t.Fatal(err)
	}
	if da == db {
		t.Errorf("both apps use database %s", da)
	}
}
