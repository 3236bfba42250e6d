package web

import (
	"net/http"
	"strconv"

	"pgbportaal/internal/audit"
	"pgbportaal/internal/auth"
	zov "pgbportaal/internal/zorgovereenkomst"
	"pgbportaal/web/pages"
)

// zovOverzicht is "Overzicht zorgovereenkomsten": a budgethouder's own
// agreements (drafts continue where they were left), or those shared with
// a zorgverlener.
func (s *Server) zovOverzicht(w http.ResponseWriter, r *http.Request) {
	a, _ := auth.ActorFrom(r.Context())
	lijst, err := s.zov.Lijst(r.Context())
	audit.Record(r.Context(), s.pool, audit.Entry{Action: "lezen", ObjectType: "zorgovereenkomsten", Outcome: audit.OutcomeOf(err)})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	zv := a.Role == auth.RoleZorgverlener
	v := pages.ZovOverzichtView{NaamKop: "Zorgverlener", KanOpstellen: budgethouderActor(a), Melding: gedaanMeldingen[r.URL.Query().Get("gedaan")]}
	if zv {
		v.NaamKop = "Budgethouder"
	}
	for _, o := range lijst {
		rij := pages.ZovOverzichtRij{Href: zovURL(o.ID, ""), Naam: o.ZorgverlenerNaam, Soort: soortLabel(o.Soort),
			Periode: periode(o.Ingangsdatum, o.Einddatum, o.Onbepaald), Status: o.Status, Tone: statusTone(o.Status)}
		if zv {
			rij.Naam = o.BudgethouderNaam
		}
		if o.Status == zov.Concept && budgethouderActor(a) {
			rij.Href, rij.Verder = zovURL(o.ID, "/verder"), true
		}
		v.Rijen = append(v.Rijen, rij)
	}
	s.render(w, r, http.StatusOK, pages.ZovOverzicht(s.zovPage(r, "Overzicht zorgovereenkomsten"), v))
}

// zovDetailView builds an agreement's page with the actions that fit its
// state and the viewer's party.
func (s *Server) zovDetailView(r *http.Request, o zov.Overeenkomst) (pages.ZovDetailView, error) {
	a, _ := auth.ActorFrom(r.Context())
	m, have, err := s.maximaVoor(r, o.Inhoud)
	if err != nil {
		return pages.ZovDetailView{}, err
	}
	bh := budgethouderActor(a)
	zv := a.Role == auth.RoleZorgverlener
	v := pages.ZovDetailView{
		ID: o.ID, Versie: strconv.Itoa(o.Versie), Status: statusPanel(o, a),
		Handtekeningen: handtekeningen(o), Tijdlijn: tijdlijn(o),
		Melding: gedaanMeldingen[r.URL.Query().Get("gedaan")], Errors: map[string]string{},
	}
	switch {
	case zv:
		v.Titel = "Zorgovereenkomst met " + o.Inhoud.BudgethouderNaam
	case o.Inhoud.Zorgverlener.Naam != "":
		v.Titel = "Zorgovereenkomst met " + o.Inhoud.Zorgverlener.Naam
	default:
		v.Titel = "Concept zorgovereenkomst"
	}
	switch o.Status {
	case zov.Afgekeurd, zov.AanvullingGevraagd, zov.Goedgekeurd:
		v.Beoordeling = o.Beoordeling
	case zov.Gedeeld:
		v.TerugNotitie = o.TerugNotitie
	}
	gewijzigd := map[string]bool{}
	if bh {
		v.Wijzigen = o.Status.Editable()
		v.Delen = o.Status == zov.Concept
		v.Verwijderen = zov.Allowed(o.Status, zov.Verwijderen, zov.PartijBudgethouder)
		v.OndertekenenBH = o.Status == zov.OndertekendZorgverlener
		v.Terugsturen = v.OndertekenenBH
		if v.OndertekenenBH && o.GedeeldInhoud != nil {
			v.Wijzigingen = zov.Verschillen(*o.GedeeldInhoud, o.Inhoud)
			for _, w := range v.Wijzigingen {
				gewijzigd[w.Veld] = true
			}
		}
	}
	if zv && o.Status == zov.Gedeeld {
		v.Aanpassen, v.OndertekenenZV = true, true
		v.Notitie = o.Notitie
	}
	v.Groepen = inhoudGroepen(o.ID, o.Inhoud, m, have, false, gewijzigd)
	if v.Versiebeheer, err = s.versiebeheer(r, o); err != nil {
		return v, err
	}
	if m := ondertekendMelding(r.URL.Query().Get("gedaan"), o, v.Versiebeheer); m != "" {
		v.Melding = m
	}
	if v.Melding == "" {
		v.Melding = wijzigenMeldingen[r.URL.Query().Get("gedaan")]
	}
	return v, nil
}

// zovDetail is one agreement.
func (s *Server) zovDetail(w http.ResponseWriter, r *http.Request) {
	o, ok := s.zovLezen(w, r)
	if !ok {
		return
	}
	v, err := s.zovDetailView(r, o)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, pages.ZovDetail(s.zovPage(r, v.Titel), v))
}
