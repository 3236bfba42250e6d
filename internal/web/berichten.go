package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/audit"
	"pgbportaal/internal/bericht"
	"pgbportaal/web/pages"
)

func (s *Server) berichtenOverzicht(w http.ResponseWriter, r *http.Request) {
	page, err := strconv.Atoi(r.URL.Query().Get("pagina"))
	if err != nil || page < 1 {
		page = 1
	}
	q := r.URL.Query()
	f := bericht.Filter{Status: q.Get("status"), Soort: q.Get("soort")}.Normalize()
	items, total, soorten, err := bericht.Search(r.Context(), s.pool, f, page, bericht.PageSize)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	pagesTotal := (total + bericht.PageSize - 1) / bericht.PageSize
	if pagesTotal == 0 {
		pagesTotal = 1
	}
	audit.Record(r.Context(), s.pool, audit.Entry{Action: "lezen", ObjectType: "berichten", Outcome: audit.OK})
	s.render(w, r, http.StatusOK, pages.Berichten(s.page(r, "Overzicht berichten"),
		pages.BerichtenView{Items: items, Page: page, TotalPages: pagesTotal, Total: total, Filter: f, Soorten: soorten}))
}

func (s *Server) berichtOpenen(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		s.renderError(w, r, apperr.ErrNotFound)
		return
	}
	b, err := bericht.Open(r.Context(), s.pool, id)
	outcome := audit.OK
	if err != nil {
		outcome = audit.Refused
	}
	audit.Record(r.Context(), s.pool, audit.Entry{Action: "lezen", ObjectType: "bericht", ObjectID: strconv.FormatInt(id, 10), Outcome: outcome})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, pages.BerichtDetail(s.page(r, b.Onderwerp), b))
}

// ongelezen counts the logged-in party's unread berichten for the header; a
// failure is logged and shows no count rather than failing the page.
func (s *Server) ongelezen(r *http.Request) int {
	if n, ok := r.Context().Value(ongelezenKey{}).(int); ok {
		return n
	}
	if s.pool == nil {
		return 0
	}
	n, err := bericht.Unread(r.Context(), s.pool)
	if err != nil {
		s.log.Warn("unread count", "request_id", middleware.GetReqID(r.Context()), "err", err)
		return 0
	}
	return n
}

type ongelezenKey struct{}

// withOngelezen hands a handler's own count of unread berichten to the
// header, so the page does not count them a second time.
func withOngelezen(r *http.Request, n int) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), ongelezenKey{}, n))
}
