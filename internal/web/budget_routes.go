package web

import (
	"github.com/go-chi/chi/v5"

	"pgbportaal/internal/auth"
	"pgbportaal/web/pages"
)

// budgetRoutes mounts the budget pages of each party: the budget side reads
// its budget, the zorgkantoor registers toekenningen, the SVB runs payments.
func (s *Server) budgetRoutes(r chi.Router) {
	// Budgethouder or vertegenwoordiger: "Overzicht budget" (only GETs, so
	// the read-only budgethouder may look too).
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(auth.RoleBudgethouder, auth.RoleVertegenwoordiger), s.refuseWritesWhenReadOnly)
		r.Get("/budget", s.budgetOverzicht)
	})

	// Zorgkantoor: toekenningsbeschikkingen of its region.
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(auth.RoleZorgkantoor), s.refuseWritesWhenReadOnly)
		r.Get("/toekenningen", s.toekenningenLijst)
		r.Get("/toekenningen/nieuw", s.toekenningForm)
		r.Post("/toekenningen/nieuw", s.toekenningRegistreren)
	})

	// SVB: the betaalrun and its SEPA files.
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(auth.RoleSVB), s.refuseWritesWhenReadOnly)
		r.Get("/betaalrun", s.betaalrunStand)
		r.Post("/betaalrun", s.betaalrunUitvoeren)
		r.Get("/betaalrun/{id}/pain001.xml", s.betaalrunBestand)
	})
}

// budgetTiles are the start page tiles of the budget pages, for group "Overig".
func budgetTiles(a auth.Actor) []pages.Tile {
	switch a.Role {
	case auth.RoleBudgethouder, auth.RoleVertegenwoordiger:
		return []pages.Tile{{Title: "Overzicht budget", Href: "/budget",
			Description: "Uw budget van dit jaar: wat is uitbetaald, wat is ingepland en wat er nog over is."}}
	case auth.RoleZorgkantoor:
		return []pages.Tile{
			{Title: "Toekenning registreren", Href: "/toekenningen/nieuw", Description: "Een toekenningsbeschikking van een budgethouder in uw regio vastleggen."},
			{Title: "Toekenningen", Href: "/toekenningen", Description: "De geregistreerde toekenningen in uw regio."},
		}
	case auth.RoleSVB:
		return []pages.Tile{{Title: "Betaalrun", Href: "/betaalrun",
			Description: "De ingeplande betalingen, de betaalrun van 17:00 en de SEPA-bestanden."}}
	}
	return nil
}
