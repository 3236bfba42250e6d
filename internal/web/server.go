// Package web is the portal's HTTP layer: routes, middleware and handlers.
package web

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/auth"
	"pgbportaal/internal/auth/loginlimit"
	"pgbportaal/internal/auth/sessionstore"
	"pgbportaal/internal/budget"
	"pgbportaal/internal/config"
	"pgbportaal/internal/zorgovereenkomst"
	"pgbportaal/web/layout"
)

// Server holds what the handlers need.
type Server struct {
	cfg  config.Config
	pool *pgxpool.Pool
	log  *slog.Logger
	now  func() time.Time

	sessions *sessionstore.Store
	logins   loginlimit.Limiter
	zov      *zorgovereenkomst.Service
	budget   *budget.Service
	rps      map[auth.Means]*auth.RP
	stubs    map[auth.Means]http.Handler

	// vensters caches the announced maintenance windows.
	vensters vensterCache

	// decoratePage fills the frame's logged-in parts.
	decoratePage func(*http.Request, *layout.Page)
}

// Deps are the dependencies of New.
type Deps struct {
	Config config.Config
	Pool   *pgxpool.Pool
	Log    *slog.Logger
	Now    func() time.Time
}

// New builds the portal's HTTP handler.
func New(d Deps) (http.Handler, error) {
	s, err := newServer(d)
	if err != nil {
		return nil, err
	}
	return s.routes(), nil
}

func newServer(d Deps) (*Server, error) {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	s := &Server{cfg: d.Config, pool: d.Pool, log: d.Log, now: d.Now}
	if err := s.wire(); err != nil {
		return nil, err
	}
	return s, nil
}

// Serve runs handler on cfg.Addr until SIGTERM or SIGINT (or ctx ends), then
// lets in-flight requests finish within cfg.ShutdownTimeout.
func Serve(ctx context.Context, cfg config.Config, handler http.Handler, log *slog.Logger, ready func(addr string)) error {
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM, os.Interrupt)
	defer stop()
	srv := &http.Server{
		Addr:              cfg.Addr,
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down, finishing in-flight requests")
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
