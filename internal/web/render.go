package web

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"sync"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5/middleware"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/db"
	"pgbportaal/web/layout"
	"pgbportaal/web/pages"
)

// pageBuffers hold pages while they are rendered.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render writes a component as an HTML page with the given status. The page
// is rendered whole before anything is sent: it goes out in one write with its
// length, and a component that fails halfway leaves no half page behind but
// the error page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	buf := pageBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= 1<<20 {
			pageBuffers.Put(buf)
		}
	}()
	if err := c.Render(r.Context(), buf); err != nil {
		s.log.Error("render", "request_id", middleware.GetReqID(r.Context()), "err", err)
		if status < http.StatusInternalServerError {
			s.renderStatus(w, r, http.StatusInternalServerError, "")
			return
		}
		http.Error(w, "Er is iets misgegaan.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	if _, err := w.Write(buf.Bytes()); err != nil {
		s.log.Debug("render: write", "request_id", middleware.GetReqID(r.Context()), "err", err)
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
