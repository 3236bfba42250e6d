package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/declaratie"
	"pgbportaal/web/layout"
)

// declaratieWeb is the Server with the declaratie service beside it; the
// declaratie pages are its methods.
type declaratieWeb struct {
	*Server
	dcl *declaratie.Service
}

// declaratieRoutes mounts the declaratie pages of every party. Each group
// names the parties that may reach it; which declaraties exist for a party
// is decided below that, by the service and row-level security.
func (s *Server) declaratieRoutes(r chi.Router) {
	d := &declaratieWeb{Server: s, dcl: &declaratie.Service{Pool: s.pool, Now: s.now}}

	// The budget side and the zorgverlener: drafting, entering, checking,
	// "Overzicht declaraties en maandlonen".
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(auth.RoleBudgethouder, auth.RoleVertegenwoordiger, auth.RoleZorgverlener), s.refuseWritesWhenReadOnly)
		r.Get("/declaraties", d.overzicht)
		r.Get("/declaraties/nieuw", d.nieuwForm)
		r.Post("/declaraties/nieuw", d.nieuwOpslaan)
		r.Post("/declaraties/{id}", d.opslaan)
		r.Get("/declaraties/{id}/controle", d.controle)
		r.Get("/declaraties/{id}/ingediend", d.ingediend)
	})

	// The budget side: submitting its own, assessing the zorgverlener's,
	// asking for a withdrawal.
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(auth.RoleBudgethouder, auth.RoleVertegenwoordiger), s.refuseWritesWhenReadOnly)
		r.Post("/declaraties/{id}/indienen", d.indienen)
		r.Post("/declaraties/{id}/goedkeuren", d.goedkeuren)
		r.Post("/declaraties/{id}/afkeuren", d.afkeuren)
		r.Post("/declaraties/{id}/intrekken", d.intrekken)
	})

	// The zorgverlener: sending to the budgethouder for approval.
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(auth.RoleZorgverlener), s.refuseWritesWhenReadOnly)
		r.Post("/declaraties/{id}/versturen", d.versturen)
	})

	// One declaratie: its entry form for whoever may still change it, its
	// page for everyone else with a part in it (staff included).
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(auth.RoleBudgethouder, auth.RoleVertegenwoordiger, auth.RoleZorgverlener, auth.RoleZorgkantoor, auth.RoleSVB),
			s.refuseWritesWhenReadOnly)
		r.Get("/declaraties/{id}", d.openen)
	})

	// The SVB: requested withdrawals.
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(auth.RoleSVB), s.refuseWritesWhenReadOnly)
		r.Get("/intrekkingen", d.intrekkingen)
		r.Post("/intrekkingen/{id}", d.intrekkingBesluiten)
	})

	// "Uploaden factuur": the budget side uploads (factuur.go) ...
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(auth.RoleBudgethouder, auth.RoleVertegenwoordiger), s.refuseWritesWhenReadOnly)
		r.Get("/facturen/nieuw", d.factuurNieuw)
		r.Post("/facturen/nieuw", d.factuurUpload)
	})
	// ... sees its own invoices, and the SVB its queue and each invoice; the
	// zorgverlener and the zorgkantoor never see an invoice.
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(auth.RoleBudgethouder, auth.RoleVertegenwoordiger, auth.RoleSVB), s.refuseWritesWhenReadOnly)
		r.Get("/facturen", d.facturen)
		r.Get("/facturen/{id}", d.factuur)
		r.Get("/facturen/{id}/pdf", d.factuurPDF)
	})
	// ... and the SVB enters or rejects it.
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(auth.RoleSVB), s.refuseWritesWhenReadOnly)
		r.Post("/facturen/{id}", d.factuurBehandelen)
	})
}

// dclPage is s.page with the declaratie pages' own stylesheet and script.
func (d *declaratieWeb) dclPage(r *http.Request, title string) layout.Page {
	p := d.page(r, title)
	p.Styles = append(p.Styles, "css/declaratie.css")
	p.Scripts = append(p.Scripts, "js/declaratie.js")
	return p
}

// dclID reads the {id} of the route; a malformed id is a page that does not exist.
func dclID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	return id, err == nil && id > 0
}

func dclURL(id int64, rest string) string {
	return "/declaraties/" + strconv.FormatInt(id, 10) + rest
}

// dclVersie reads the optimistic-lock version the page was built with.
func dclVersie(r *http.Request) int {
	v, _ := strconv.Atoi(r.PostForm.Get("versie"))
	return v
}

// ongeldigeVelden returns the messages per field of a refusal by the rules.
func ongeldigeVelden(err error) (map[string]string, bool) {
	var f apperr.Fields
	if errors.As(err, &f) {
		return f, true
	}
	return nil, false
}

// magInvullen reports whether the actor may still change declaratie x:
// the party that entered it, while it is a concept (or, for the zorgverlener,
// rejected), and never a budgethouder who may only look.
func magInvullen(a auth.Actor, x declaratie.Declaratie) bool {
	switch {
	case budgethouderActor(a):
		return declaratie.Allowed(x.Status, declaratie.Opslaan, declaratie.PartijBudgethouder, x.IngevoerdDoor)
	case a.Role == auth.RoleZorgverlener:
		return declaratie.Allowed(x.Status, declaratie.Opslaan, declaratie.PartijZorgverlener, x.IngevoerdDoor)
	}
	return false
}

// dclGedaan are the confirmations a redirect may ask for; only these fixed
// texts, so the address bar never carries what a person typed.
var dclGedaan = map[string]string{
	"opgeslagen":   "Uw declaratie is opgeslagen. U kunt later verder via Overzicht declaraties en maandlonen.",
	"goedgekeurd":  "De declaratie is goedgekeurd en ingepland voor betaling. De zorgverlener krijgt bericht.",
	"afgekeurd":    "De declaratie is afgekeurd en teruggestuurd naar de zorgverlener, met uw notitie.",
	"intrekken":    "U heeft gevraagd de declaratie in te trekken. De SVB besluit hierover; u krijgt bericht.",
	"toegekend":    "De intrekking is toegekend: de declaratie is ingetrokken en het bedrag gaat terug naar het budget.",
	"geweigerd":    "De intrekking is geweigerd: de declaratie blijft ingepland voor betaling.",
	"verwijderd":   "De periode is verwijderd.",
	"gekopieerd":   "De week is gekopieerd naar de volgende week en opgeslagen. Controleer de uren.",
	"nietmogelijk": "Deze declaratie kan niet meer worden gewijzigd.",
}
