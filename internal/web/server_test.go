package web

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"pgbportaal/internal/config"
	"pgbportaal/internal/db"
	"pgbportaal/internal/testutil"
	webassets "pgbportaal/web"
)

func testConfig(t *testing.T) config.Config {
	t.Helper()
	cfg, err := config.Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func newTestServer(t *testing.T) (*Server, *chi.Mux) {
	t.Helper()
	s, err := newServer(Deps{Config: testConfig(t), Pool: testutil.NewPool(t), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	mux := s.routes().(*chi.Mux)
	mux.Get("/test/panic", func(http.ResponseWriter, *http.Request) { panic("boom") })
	return s, mux
}

func TestSecurityHeadersOnEveryKindOfResponse(t *testing.T) {
	_, h := newTestServer(t)
	cssURL := webassets.Asset("css/app.css")
	cases := []struct {
		name, path string
		status     int
	}{
		{"page", "/", 200},
		{"not found", "/bestaat-niet", 404},
		{"panic", "/test/panic", 500},
		{"static", cssURL, 200},
		{"health", "/healthz", 200},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", c.path, nil))
			if rec.Code != c.status {
				t.Fatalf("status %d, want %d", rec.Code, c.status)
			}
			hd := rec.Header()
			csp := hd.Get("Content-Security-Policy")
			for _, want := range []string{"object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "script-src 'self'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("CSP lacks %q: %q", want, csp)
				}
			}
			if strings.Contains(csp, "unsafe-inline") {
				t.Errorf("CSP allows inline: %q", csp)
			}
			if hd.Get("X-Content-Type-Options") != "nosniff" || hd.Get("Referrer-Policy") == "" {
				t.Errorf("missing nosniff or Referrer-Policy: %v", hd)
			}
			if c.name == "static" {
				if !strings.Contains(hd.Get("Cache-Control"), "immutable") {
					t.Errorf("static not cached long: %q", hd.Get("Cache-Control"))
				}
			} else if hd.Get("Cache-Control") != "no-store" {
				t.Errorf("page cacheable: %q", hd.Get("Cache-Control"))
			}
			if c.status >= 400 && !strings.Contains(rec.Body.String(), `lang="nl"`) {
				t.Errorf("error page not in the Dutch layout: %s", rec.Body.String())
			}
		})
	}
}

func TestHSTSOnlyOverHTTPS(t *testing.T) {
	s, h := newTestServer(t)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Header().Get("Strict-Transport-Security") != "" {
		t.Fatal("HSTS over plain http")
	}
	s.cfg.BaseURL = "https://pgb.example.nl"
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if !strings.Contains(rec.Header().Get("Strict-Transport-Security"), "max-age=") {
		t.Fatal("no HSTS over https")
	}
}

func TestErrorPagesAreDutch(t *testing.T) {
	_, h := newTestServer(t)
	for path, want := range map[string]string{"/nergens": "Pagina niet gevonden", "/test/panic": "Er is iets misgegaan"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("%s: body lacks %q", path, want)
		}
	}
}

func TestCrossSitePostRefused(t *testing.T) {
	_, h := newTestServer(t)
	h.Post("/test/post", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })

	req := httptest.NewRequest("POST", "/test/post", strings.NewReader("a=b"))
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Fatalf("cross-site POST: status %d, want 403", rec.Code)
	}
	if rec.Header().Get("Content-Security-Policy") == "" {
		t.Error("403 without security headers")
	}

	req = httptest.NewRequest("POST", "http://example.test/test/post", strings.NewReader("a=b"))
	req.Header.Set("Origin", "https://evil.example")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Fatalf("foreign Origin POST: status %d, want 403", rec.Code)
	}

	req = httptest.NewRequest("POST", "/test/post", strings.NewReader("a=b"))
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNoContent {
		t.Fatalf("same-origin POST: status %d, want 204", rec.Code)
	}
}

func TestReadyzFollowsTheDatabase(t *testing.T) {
	ctx := context.Background()
	url := testutil.DatabaseURL(t)
	pool, err := db.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	s, err := newServer(Deps{Config: testConfig(t), Pool: pool, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	h := s.routes()
	status := func() int {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
		return rec.Code
	}
	if got := status(); got != 200 {
		t.Fatalf("readyz %d with database up", got)
	}
	// Take the database away (as if the server stopped), then bring it back.
	admin, err := pgx.Connect(ctx, testutil.AdminURL())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	name := url[strings.LastIndex(url, "/")+1 : strings.Index(url, "?")]
	if _, err := admin.Exec(ctx, "ALTER DATABASE "+name+" WITH ALLOW_CONNECTIONS false"); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname=$1", name); err != nil {
		t.Fatal(err)
	}
	if got := status(); got != http.StatusServiceUnavailable {
		t.Fatalf("readyz %d with database down, want 503", got)
	}
	if _, err := admin.Exec(ctx, "ALTER DATABASE "+name+" WITH ALLOW_CONNECTIONS true"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for status() != 200 {
		if time.Now().After(deadline) {
			t.Fatal("readyz did not recover")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// SIGTERM arrives while a request is in its handler, and the handler goes on
// only once the shutdown has begun and the listener no longer takes
// connections: the request still gets its whole answer, and Serve returns.
// (internal/faults TestSIGTERMDuringARequest does the same with the portal
// binary and a request waiting for the database.)
func TestSIGTERMLetsSlowRequestFinish(t *testing.T) {
	cfg := testConfig(t)
	cfg.Addr = "127.0.0.1:0"
	cfg.ShutdownTimeout = 10 * time.Second
	shuttingDown := make(chan struct{})
	log := slog.New(onMessage{"shutting down, finishing in-flight requests", shuttingDown})
	addrc := make(chan string, 2) // one for the test, one for the handler
	started := make(chan struct{})
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		select {
		case <-shuttingDown:
		case <-time.After(10 * time.Second):
			_, _ = io.WriteString(w, "no shutdown began while the request was in flight")
			return
		}
		addr := <-addrc
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				break
			}
			conn.Close()
			if time.Now().After(deadline) {
				_, _ = io.WriteString(w, "the listener still takes connections during the shutdown")
				return
			}
		}
		time.Sleep(200 * time.Millisecond)
		_, _ = io.WriteString(w, "klaar")
	})
	done := make(chan error, 1)
	go func() {
		done <- Serve(context.Background(), cfg, slow, log, func(a string) { addrc <- a; addrc <- a })
	}()
	addr := <-addrc
	type result struct {
		body string
		err  error
	}
	resc := make(chan result, 1)
	go func() {
		resp, err := http.Get("http://" + addr + "/")
		if err != nil {
			resc <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		resc <- result{string(b), err}
	}()
	<-started
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	res := <-resc
	if res.err != nil || res.body != "klaar" {
		t.Fatalf("in-flight request: %q %v", res.body, res.err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("server did not stop after SIGTERM")
	}
	if _, err := http.Get("http://" + addr + "/"); err == nil {
		t.Fatal("server still accepts connections after shutdown")
	}
}

// onMessage is a slog handler that closes a channel when a record with
// the message msg is logged, and drops everything.
type onMessage struct {
	msg  string
	seen chan struct{}
}

func (h onMessage) Enabled(context.Context, slog.Level) bool { return true }

func (h onMessage) Handle(_ context.Context, r slog.Record) error {
	if r.Message == h.msg {
		close(h.seen)
	}
	return nil
}

func (h onMessage) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h onMessage) WithGroup(string) slog.Handler      { return h }
