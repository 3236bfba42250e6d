package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/audit"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/onderhoud"
	"pgbportaal/web/components"
	"pgbportaal/web/pages"
)

type onderhoudKey struct{}

// vensterCache keeps the announced maintenance windows for a short while, so
// that pages do not ask the database on every request. Whether a window runs
// is decided per request by the clock, so a window starts and lifts exactly
// on time; only a new announcement by another instance takes up to
// vensterTTL to show here (this instance's own changes clear the cache).
type vensterCache struct {
	mu      sync.Mutex
	list    []onderhoud.Venster
	fetched time.Time // wall clock
	valid   bool
}

const vensterTTL = 20 * time.Second

func (c *vensterCache) get(r *http.Request, s *Server, now time.Time) []onderhoud.Venster {
	if s.pool == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.valid && time.Since(c.fetched) < vensterTTL {
		return c.list
	}
	// Windows that end after now by the portal's clock; Bepaal ignores those
	// that have ended by the time of a later request.
	vs, err := onderhoud.Actueel(r.Context(), s.pool, now)
	if err != nil {
		s.log.Error("maintenance windows unreadable", "request_id", middleware.GetReqID(r.Context()), "err", err)
		return c.list
	}
	c.list, c.fetched, c.valid = vs, time.Now(), true
	return vs
}

func (c *vensterCache) clear() {
	c.mu.Lock()
	c.valid = false
	c.mu.Unlock()
}

// configVenster is the maintenance window from the configuration, if any.
func (s *Server) configVenster() *onderhoud.Venster {
	c := s.cfg.Onderhoud
	if c.Tot.IsZero() {
		return nil
	}
	return &onderhoud.Venster{Van: c.Van, Tot: c.Tot, Tekst: c.Tekst}
}

// onderhoudStand is the maintenance state of this request (set by maintenance).
func onderhoudStand(ctx context.Context) onderhoud.Stand {
	st, _ := ctx.Value(onderhoudKey{}).(onderhoud.Stand)
	return st
}

// maintenance decides per request, by the server's clock, whether a
// maintenance window is announced or running. While one runs nobody logs in
// and no logged-in party changes anything (logging out still works, and so
// does the SVB's page to end the maintenance early); it lifts by itself when
// the window ends.
func (s *Server) maintenance(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := s.now()
		vs := s.vensters.get(r, s, now)
		if c := s.configVenster(); c != nil {
			vs = append(vs, *c)
		}
		st := onderhoud.Bepaal(vs, now)
		r = r.WithContext(context.WithValue(r.Context(), onderhoudKey{}, st))
		if st.Actief == nil {
			next.ServeHTTP(w, r)
			return
		}
		a, loggedIn := auth.ActorFrom(r.Context())
		path := r.URL.Path
		switch {
		case !loggedIn && (path == "/inloggen" || strings.HasPrefix(path, "/inloggen/") || path == "/kies-rol"):
			audit.Record(r.Context(), s.pool, audit.Entry{Actor: &auth.Actor{}, Action: "inloggen", ObjectID: "onderhoud", Outcome: audit.Refused})
			s.render(w, r, http.StatusServiceUnavailable, pages.OnderhoudGeenToegang(s.page(r, "Inloggen kan nu niet"), true, *st.Actief))
			return
		case loggedIn && r.Method != http.MethodGet && r.Method != http.MethodHead && path != "/uitloggen" &&
			!(a.Role == auth.RoleSVB && strings.HasPrefix(path, "/onderhoud")):
			s.render(w, r, http.StatusServiceUnavailable, pages.OnderhoudGeenToegang(s.page(r, "Wijzigen kan nu niet"), false, *st.Actief))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// onderhoudRoutes: the SVB announces and withdraws maintenance windows.
func (s *Server) onderhoudRoutes(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(auth.RoleSVB))
		r.Get("/onderhoud", s.onderhoudBeheer)
		r.Post("/onderhoud", s.onderhoudAankondigen)
		r.Post("/onderhoud/{id}/intrekken", s.onderhoudIntrekken)
	})
}

// onderhoudTiles: the SVB announces maintenance.
func onderhoudTiles(a auth.Actor) []pages.Tile {
	if a.Role != auth.RoleSVB {
		return nil
	}
	return []pages.Tile{{Title: "Onderhoud", Href: "/onderhoud", Description: "Onderhoud van het portaal aankondigen of intrekken."}}
}

func (s *Server) onderhoudView(r *http.Request, v pages.OnderhoudView) (pages.OnderhoudView, error) {
	vs, err := onderhoud.Actueel(r.Context(), s.pool, s.now())
	if err != nil {
		return v, err
	}
	v.Vensters = vs
	if c := s.configVenster(); c != nil && c.Tot.After(s.now()) {
		v.Config = c
	}
	return v, nil
}

func (s *Server) onderhoudBeheer(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v, err := s.onderhoudView(r, pages.OnderhoudView{Saved: q.Get("aangekondigd") != "", Withdrawn: q.Get("ingetrokken") != ""})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, pages.Onderhoud(s.page(r, "Onderhoud"), v))
}

func (s *Server) onderhoudAankondigen(w http.ResponseWriter, r *http.Request) {
	a, _ := auth.ActorFrom(r.Context())
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, apperr.WithCode(http.StatusBadRequest, "", err))
		return
	}
	in := onderhoud.Invoer{VanDatum: r.PostForm.Get("van-datum"), VanTijd: r.PostForm.Get("van-tijd"),
		TotDatum: r.PostForm.Get("tot-datum"), TotTijd: r.PostForm.Get("tot-tijd"), Tekst: r.PostForm.Get("tekst")}
	venster, errs := onderhoud.Valideer(&in, s.now())
	if len(errs) == 0 {
		id, err := onderhoud.Aankondigen(r.Context(), s.pool, a.MedewerkerID, venster)
		s.vensters.clear()
		audit.Object(r.Context(), s.pool, "onderhoud", "aankondigen", id, 0, err)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		http.Redirect(w, r, "/onderhoud?aangekondigd=1", http.StatusSeeOther)
		return
	}
	var summary []components.FieldError
	for _, f := range []string{"van-datum", "van-tijd", "tot-datum", "tot-tijd", "tekst"} {
		if m, ok := errs[f]; ok {
			summary = append(summary, components.FieldError{FieldID: f, Message: m})
		}
	}
	v, err := s.onderhoudView(r, pages.OnderhoudView{Errors: errs, Summary: summary, Values: map[string]string{
		"van-datum": in.VanDatum, "van-tijd": in.VanTijd, "tot-datum": in.TotDatum, "tot-tijd": in.TotTijd, "tekst": in.Tekst}})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, pages.Onderhoud(s.page(r, "Fout: Onderhoud"), v))
}

func (s *Server) onderhoudIntrekken(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		s.renderError(w, r, apperr.ErrNotFound)
		return
	}
	err = onderhoud.Intrekken(r.Context(), s.pool, id, s.now())
	s.vensters.clear()
	audit.Object(r.Context(), s.pool, "onderhoud", "intrekken", id, 0, err)
	if err != nil && !errors.Is(err, apperr.ErrConflict) {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/onderhoud?ingetrokken=1", http.StatusSeeOther)
}

// onderhoudBanner is the maintenance banner for this request, nil when no
// window is announced or running.
func onderhoudBanner(r *http.Request) templ.Component {
	st := onderhoudStand(r.Context())
	if st.Actief == nil && st.Gepland == nil {
		return nil
	}
	return pages.OnderhoudBanner(st)
}
