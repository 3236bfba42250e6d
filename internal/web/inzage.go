package web

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"pgbportaal/internal/audit"
	"pgbportaal/internal/auth"
	"pgbportaal/web/pages"
)

// inzageRoutes mounts "Wie heeft mijn gegevens bekeken" for the budget side
// (a read-only budgethouder too: it only reads).
func (s *Server) inzageRoutes(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(auth.RoleBudgethouder, auth.RoleVertegenwoordiger), s.refuseWritesWhenReadOnly)
		r.Get("/gegevens-bekeken", s.inzage)
	})
}

func (s *Server) inzage(w http.ResponseWriter, r *http.Request) {
	page, err := strconv.Atoi(r.URL.Query().Get("pagina"))
	if err != nil || page < 1 {
		page = 1
	}
	items, total, err := audit.Inzagen(r.Context(), s.pool, page)
	audit.Record(r.Context(), s.pool, audit.Entry{Action: "lezen", ObjectType: "inzage", Outcome: audit.OutcomeOf(err)})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	totalPages := max(1, (total+audit.InzagePageSize-1)/audit.InzagePageSize)
	s.render(w, r, http.StatusOK, pages.Inzage(s.page(r, "Wie heeft mijn gegevens bekeken"),
		pages.InzageView{Items: items, Page: page, TotalPages: totalPages, Total: total}))
}

// inzageTiles is the start page tile, for group "Overig".
func inzageTiles(a auth.Actor) []pages.Tile {
	if a.Role != auth.RoleBudgethouder && a.Role != auth.RoleVertegenwoordiger {
		return nil
	}
	return []pages.Tile{{Title: "Wie heeft mijn gegevens bekeken", Href: "/gegevens-bekeken",
		Description: "Welke organisaties en rollen uw gegevens bekeken of wijzigden, en wanneer."}}
}
