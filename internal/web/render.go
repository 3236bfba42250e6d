package web

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5/middleware"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/db"
	"pgbportaal/web/layout"
	"pgbportaal/web/pages"
)

// render writes a component as an HTML page with the given status.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if err := c.Render(r.Context(), w); err != nil {
		s.log.Error("render", "request_id", middleware.GetReqID(r.Context()), "err", err)
	}
}

// renderError logs err (the internal part) and shows its safe Dutch part.
// When the database cannot be reached (also when it went away in the middle
// of the request) the answer is 503, "Tijdelijk niet beschikbaar".
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := apperr.Classify(err)
	if db.Unavailable(err) {
		code, msg = http.StatusServiceUnavailable, databaseAway(r)
	}
	level := slog.LevelInfo
	if code >= 500 {
		level = slog.LevelError
	}
	s.log.Log(r.Context(), level, "request failed", "request_id", middleware.GetReqID(r.Context()),
		"status", code, "err", err)
	s.renderStatus(w, r, code, msg)
}

// databaseAway is what a person reads when the database cannot be reached.
func databaseAway(r *http.Request) string {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return "Het PGB Portaal is even niet bereikbaar. Probeer het over enkele minuten opnieuw."
	}
	return "Het PGB Portaal is even niet bereikbaar. Wat u net verstuurde is misschien niet verwerkt: kijk dat na als het portaal weer bereikbaar is, over enkele minuten."
}

// renderStatus shows the Dutch error page for a status.
func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, code int, msg string) {
	if msg == "" {
		msg = apperr.DefaultMessage(code)
	}
	heading := apperr.Heading(code)
	reqID := ""
	if code >= 500 {
		reqID = middleware.GetReqID(r.Context())
	}
	p := s.page(r, heading)
	// An error page names no one: it is the page that gets screenshotted
	// and sent to a helpdesk.
	if a, ok := auth.ActorFrom(r.Context()); ok && a.Role == auth.RoleVertegenwoordiger {
		p.Banner = pages.ActingBanner("", a.Options > 1)
	}
	s.render(w, r, code, pages.ErrorPage(p, heading, msg, reqID))
}

// page builds the frame's view model for the current request.
func (s *Server) page(r *http.Request, title string) layout.Page {
	p := layout.Page{Title: title}
	if s.decoratePage != nil {
		s.decoratePage(r, &p)
	}
	return p
}

var errNotFound = apperr.WithCode(http.StatusNotFound, "", errors.New("route not found"))
