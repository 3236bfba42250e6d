// Package apptest runs the whole portal on a real TCP port for end-to-end and
// browser tests, on a fresh migrated database of the test's own.
//
// It lives apart from package testutil because it imports internal/web, whose
// own tests import testutil: keeping StartApp there would be an import cycle.
// Only tests may import it.
package apptest

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/config"
	"pgbportaal/internal/db"
	"pgbportaal/internal/logscan"
	"pgbportaal/internal/testutil"
	"pgbportaal/internal/web"
)

// App is a running portal.
type App struct {
	// URL is the portal's base URL without a trailing slash,
	// "http://127.0.0.1:<port>"; it is also Config.BaseURL.
	URL string
	// Pool is the portal's database, for fixtures and assertions.
	Pool *pgxpool.Pool
	// Config is the configuration the portal runs with.
	Config config.Config

	logs    *syncBuffer
	traffic *logscan.Traffic
}

// Logs returns everything the portal logged so far, as JSON lines (slog's
// JSON handler, level debug and up).
func (a *App) Logs() string { return a.logs.String() }

// Traffic returns what the portal served so far: every request's method,
// URL and status, and the body of every answer of 400 or more (see
// logscan.Traffic).
func (a *App) Traffic() string { return a.traffic.String() }

// AppOption changes how StartApp builds the portal.
type AppOption func(*appOptions)

type appOptions struct {
	now        func() time.Time
	configs    []func(*config.Config)
	dbURL      string
	statements *testutil.Statements
}

// WithDatabaseURL makes the portal use an existing database (another App's
// Config.DatabaseURL) instead of a fresh one: two instances on one database.
func WithDatabaseURL(url string) AppOption {
	return func(o *appOptions) { o.dbURL = url }
}

// WithStatements records every SQL statement the portal sends for a
// request in s (query discipline tests count and explain them).
func WithStatements(s *testutil.Statements) AppOption {
	return func(o *appOptions) { o.statements = s }
}

// WithNow makes the portal read the time from now instead of time.Now.
func WithNow(now func() time.Time) AppOption {
	return func(o *appOptions) { o.now = now }
}

// WithConfig lets f change the configuration after StartApp has filled it in
// (BaseURL, DatabaseURL and the development defaults) and before the portal
// is built. Several WithConfig options apply in order.
func WithConfig(f func(*config.Config)) AppOption {
	return func(o *appOptions) { o.configs = append(o.configs, f) }
}

// StartApp starts the portal on 127.0.0.1 with a fresh migrated database and
// development defaults (the environment is ignored, so a developer's PGB_*
// variables cannot change a test). The server is shut down when the test ends.
func StartApp(t testing.TB, opts ...AppOption) *App {
	t.Helper()
	var o appOptions
	for _, opt := range opts {
		opt(&o)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("apptest: listen: %v", err)
	}
	baseURL := "http://127.0.0.1:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	dbURL := o.dbURL
	if dbURL == "" {
		dbURL = testutil.DatabaseURL(t)
	}

	env := map[string]string{
		"PGB_ENV":       string(config.Development),
		"PGB_ADDR":      ln.Addr().String(),
		"PGB_BASE_URL":  baseURL,
		"DATABASE_URL":  dbURL,
		"PGB_LOG_LEVEL": "debug",
	}
	cfg, err := config.Load(func(name string) string { return env[name] })
	if err != nil {
		_ = ln.Close()
		t.Fatalf("apptest: config: %v", err)
	}
	for _, f := range o.configs {
		f(&cfg)
	}

	var poolOpts []func(*pgxpool.Config)
	if o.statements != nil {
		poolOpts = append(poolOpts, o.statements.Install)
	}
	pool, err := db.Open(context.Background(), dbURL, poolOpts...)
	if err != nil {
		_ = ln.Close()
		t.Fatalf("apptest: open database: %v", err)
	}

	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	handler, err := web.New(web.Deps{Config: cfg, Pool: pool, Log: log, Now: o.now})
	if err != nil {
		_ = ln.Close()
		pool.Close()
		t.Fatalf("apptest: web.New: %v", err)
	}

	// Every URL the portal is asked for and every error page it answers
	// with is recorded, for the same scan as the log.
	traffic := &logscan.Traffic{}
	srv := &http.Server{
		Handler:           traffic.Handler(handler),
		ReadHeaderTimeout: 5 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	// Cleanups run last-in first-out: the server stops before the pool closes
	// and before testutil drops the database; its logs and traffic are saved
	// last, for the scan for personal data at the end of the test run.
	t.Cleanup(func() {
		name := t.Name() + "-" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
		if err := logscan.Save(name, logs.String()); err != nil {
			t.Errorf("apptest: save logs: %v", err)
		}
		if err := traffic.Save("http", name); err != nil {
			t.Errorf("apptest: save traffic: %v", err)
		}
	})
	t.Cleanup(pool.Close)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			_ = srv.Close()
		}
		if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("apptest: serve: %v", err)
		}
	})

	return &App{URL: baseURL, Pool: pool, Config: cfg, logs: logs, traffic: traffic}
}

// syncBuffer is a bytes.Buffer that the server's goroutines and the test can
// use at the same time.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
