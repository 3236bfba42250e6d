package web

import (
	"github.com/go-chi/chi/v5"

	"pgbportaal/internal/auth"
)

// zorgovereenkomstRoutes mounts the agreement pages of every party. Each
// group names the parties that may reach it; which agreements a party sees
// is decided below that, by the service and row-level security.
func (s *Server) zorgovereenkomstRoutes(r chi.Router) {
	// The budgethouder (or whoever acts for them): drafting, sharing,
	// sending back and deleting.
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(auth.RoleBudgethouder, auth.RoleVertegenwoordiger), s.refuseWritesWhenReadOnly)
		r.Get("/zorgovereenkomsten/nieuw", s.zovNieuwForm)
		r.Post("/zorgovereenkomsten/nieuw", s.zovNieuwOpslaan)
		r.Get("/zorgovereenkomsten/{id}/verder", s.zovVerder)
		r.Get("/zorgovereenkomsten/{id}/stap/{n}", s.zovStapForm)
		r.Post("/zorgovereenkomsten/{id}/stap/{n}", s.zovStapOpslaan)
		r.Get("/zorgovereenkomsten/{id}/controle", s.zovControle)
		r.Post("/zorgovereenkomsten/{id}/delen", s.zovDelen)
		r.Get("/zorgovereenkomsten/{id}/gedeeld", s.zovGedeeld)
		r.Post("/zorgovereenkomsten/{id}/terugsturen", s.zovTerugsturen)
		r.Get("/zorgovereenkomsten/{id}/verwijderen", s.zovVerwijderenForm)
		r.Post("/zorgovereenkomsten/{id}/verwijderen", s.zovVerwijderen)
	})

	// Both parties of an agreement: the overview, one agreement, signing.
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(auth.RoleBudgethouder, auth.RoleVertegenwoordiger, auth.RoleZorgverlener), s.refuseWritesWhenReadOnly)
		r.Get("/zorgovereenkomsten", s.zovOverzicht)
		r.Get("/zorgovereenkomsten/{id}", s.zovDetail)
		r.Post("/zorgovereenkomsten/{id}/ondertekenen", s.zovOndertekenen)
	})

	// Wijzigen, verlengen, beëindigen; versions.
	s.zovWijzigenRoutes(r)

	// The zorgverlener: adjusting a shared agreement.
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(auth.RoleZorgverlener), s.refuseWritesWhenReadOnly)
		r.Get("/zorgovereenkomsten/{id}/aanpassen", s.zovAanpassenForm)
		r.Post("/zorgovereenkomsten/{id}/aanpassen", s.zovAanpassen)
	})

	// The zorgkantoor: assessing agreements and keeping the maximumtarieven.
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(auth.RoleZorgkantoor), s.refuseWritesWhenReadOnly)
		r.Get("/beoordelen", s.beoordelenWachtrij)
		r.Get("/beoordelen/{id}", s.beoordelenForm)
		r.Post("/beoordelen/{id}", s.beoordelenOpslaan)
		r.Get("/maximumtarieven", s.maximumtarieven)
		r.Post("/maximumtarieven", s.maximumtarievenOpslaan)
	})
}
