package web

import (
	"context"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	webassets "pgbportaal/web"
	"pgbportaal/web/pages"
)

// routes is the whole route table of the portal, readable top to bottom.
func (s *Server) routes() http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.RequestID)
	r.Use(s.securityHeaders)
	r.Use(s.accessLog)
	r.Use(s.recoverer)
	// Only the static assets are compressed. Pages are not: a compressed page
	// that holds personal data next to text the visitor controls (a filter, a
	// form value) leaks that data through its length over TLS (BREACH), and
	// compressing was also a fifth of the CPU time of a page.
	r.Use(middleware.Compress(5, "text/css", "application/javascript", "image/svg+xml"))
	r.Use(s.crossOriginProtection)

	// Error pages show the header of whoever is logged in.
	r.NotFound(s.loadSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, errNotFound)
	})).ServeHTTP)
	r.MethodNotAllowed(s.loadSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.renderStatus(w, r, http.StatusMethodNotAllowed, "")
	})).ServeHTTP)

	// No session: probes, static files and the test identity providers never
	// touch the session table.
	r.Get("/healthz", s.healthz)
	r.Get("/readyz", s.readyz)
	r.Get("/.well-known/security.txt", s.securityTxt)
	r.Handle("/static/*", webassets.StaticAssets)
	for means, stub := range s.stubs {
		r.Mount("/stub/"+string(means), stub)
	}

	// Every page: the session tells who is logged in.
	r.Group(func(r chi.Router) {
		r.Use(s.loadSession)
		r.Use(s.maintenance)
		s.pageRoutes(r)
	})
	return r
}

// pageRoutes are the portal's pages, per party.
func (s *Server) pageRoutes(r chi.Router) {
	// Public pages.
	r.Get("/", s.home)
	r.Get("/toegankelijkheid", s.static("Toegankelijkheidsverklaring", pages.Accessibility))
	r.Get("/privacy", s.static("Privacy", pages.Privacy))

	// Logging in and out.
	r.Get("/inloggen", s.loginPage)
	r.Get("/inloggen/{means}", s.loginStart)
	r.Get("/inloggen/{means}/terug", s.loginCallback)
	r.Get("/kies-rol", s.chooseRolePage)
	r.Post("/kies-rol", s.chooseRole)
	r.Post("/uitloggen", s.logout)
	r.Get("/uitgelogd", s.loggedOut)

	// Every logged-in party: profile and berichten.
	r.Group(func(r chi.Router) {
		r.Use(s.requireLogin, s.refuseWritesWhenReadOnly)
		r.Get("/profiel", s.profielForm)
		r.Post("/profiel", s.profielOpslaan)
		r.Get("/berichten", s.berichtenOverzicht)
		r.Get("/berichten/{id}", s.berichtOpenen)
	})

	// Zorgovereenkomsten: budgethouder (or vertegenwoordiger), zorgverlener, zorgkantoor.
	s.zorgovereenkomstRoutes(r)
	s.budgetRoutes(r)
	s.declaratieRoutes(r)
	s.klachtRoutes(r)
	s.onderhoudRoutes(r)
	s.meldingRoutes(r)
	s.pdfRoutes(r)
	s.inzageRoutes(r)
}

func (s *Server) crossOriginProtection(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.log.Warn("cross-origin request refused", "request_id", middleware.GetReqID(r.Context()), "method", r.Method)
		s.renderStatus(w, r, http.StatusForbidden, "Dit verzoek komt niet van het PGB Portaal zelf en is daarom geweigerd.")
	}))
	return cop.Handler(next)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if s.pool == nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database not configured\n"))
		return
	}
	var one int
	if err := s.pool.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil {
		s.log.Warn("readyz: database unreachable", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unreachable\n"))
		return
	}
	_, _ = w.Write([]byte("ok\n"))
}

func (s *Server) securityTxt(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	exp := s.now().AddDate(1, 0, 0).UTC().Format(time.RFC3339)
	_, _ = w.Write([]byte("Contact: " + s.cfg.BaseURL + "/security\nPreferred-Languages: nl, en\nExpires: " + exp + "\n"))
}
