package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/melding"
	"pgbportaal/web/components"
	"pgbportaal/web/pages"
)

// meldingWeb is the Server with the melding service beside it; the pages of
// "Ziek- en zwangerschapsmeldingen" are its methods.
type meldingWeb struct {
	*Server
	svc *melding.Service
}

// meldingRoutes mounts the ziek- en zwangerschapsmeldingen. The budget side
// reports and reports better; the zorgverlener concerned and the SVB look;
// the SVB marks an employee's melding handled. The zorgkantoor never
// reaches them; which meldingen exist for a party is decided below that, by
// the service and row-level security.
func (s *Server) meldingRoutes(r chi.Router) {
	m := &meldingWeb{Server: s, svc: &melding.Service{Pool: s.pool, Now: s.now}}
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(auth.RoleBudgethouder, auth.RoleVertegenwoordiger, auth.RoleZorgverlener, auth.RoleSVB), s.refuseWritesWhenReadOnly)
		r.Get("/meldingen", m.overzicht)
		r.Get("/meldingen/{id}", m.openen)
	})
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(auth.RoleBudgethouder, auth.RoleVertegenwoordiger), s.refuseWritesWhenReadOnly)
		r.Get("/meldingen/nieuw", m.nieuwForm)
		r.Post("/meldingen/nieuw", m.nieuwVersturen)
		r.Get("/meldingen/{id}/beter", m.beterForm)
		r.Post("/meldingen/{id}/beter", m.beterVersturen)
	})
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(auth.RoleSVB), s.refuseWritesWhenReadOnly)
		r.Post("/meldingen/{id}/verwerkt", m.verwerkt)
	})
}

// meldingTiles are the start page's tiles of the meldingen.
func meldingTiles(a auth.Actor) []pages.Tile {
	switch a.Role {
	case auth.RoleBudgethouder, auth.RoleVertegenwoordiger:
		return []pages.Tile{{Title: "Ziek- en zwangerschapsmeldingen", Href: "/meldingen",
			Description: "Is uw zorgverlener ziek? Dan kunt u dat hier aangeven. U kunt vervolgens vervangende zorg regelen."}}
	case auth.RoleZorgverlener:
		return []pages.Tile{{Title: "Ziek- en zwangerschapsmeldingen", Href: "/meldingen",
			Description: "De ziek-, beter- en zwangerschapsmeldingen die budgethouders over u hebben gedaan."}}
	case auth.RoleSVB:
		return []pages.Tile{{Title: "Ziek- en zwangerschapsmeldingen", Href: "/meldingen",
			Description: "Werklijst loondoorbetaling: meldingen over zorgverleners in dienst van een budgethouder, de oudste eerst."}}
	}
	return nil
}

// meldingGedaan are the confirmations a redirect may ask for.
var meldingGedaan = map[string]string{
	"gemeld":   "Uw melding is verstuurd. U en de zorgverlener krijgen een bericht.",
	"beter":    "Uw betermelding is verstuurd. U en de zorgverlener krijgen een bericht.",
	"verwerkt": "De melding is gemarkeerd als verwerkt. De budgethouder en de zorgverlener krijgen een bericht.",
}

var meldingVelden = []string{melding.VeldSoort, melding.VeldZorgovereenkomst, melding.VeldBegindatum, melding.VeldEinddatum}

func meldingID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	return id, err == nil && id > 0
}

func meldingURL(id int64) string { return "/meldingen/" + strconv.FormatInt(id, 10) }

func meldingFouten(err error) (melding.FieldErrors, bool) {
	f, ok := ongeldigeVelden(err)
	return melding.FieldErrors(f), ok
}

func eindTekst(m melding.Melding) string {
	if m.Open() {
		return "Nog ziek"
	}
	return m.Einddatum.Date.String()
}

// laatstGemeld is when the budget side last reported on m: the betermelding,
// or else the melding itself.
func laatstGemeld(m melding.Melding) time.Time {
	if m.BeterGemeldOp != nil {
		return *m.BeterGemeldOp
	}
	return m.GemeldOp
}

func meldingRij(m melding.Melding, today civil.Date) pages.MeldingRij {
	bh := m.BudgethouderNaam
	if m.Relatienummer != "" {
		bh += " (" + m.Relatienummer + ")"
	}
	return pages.MeldingRij{ID: m.ID, Kenmerk: m.Kenmerk(), Soort: m.Soort.Label(), Budgethouder: bh, Zorgverlener: m.ZorgverlenerNaam,
		Van: m.Begindatum.String(), Tot: eindTekst(m), Status: m.Status(today), Gemeld: pages.DatumTijd(laatstGemeld(m))}
}

// overzicht is "Ziek- en zwangerschapsmeldingen": the party's own, current
// and past; for the SVB its work queue first.
func (m *meldingWeb) overzicht(w http.ResponseWriter, r *http.Request) {
	a, _ := auth.ActorFrom(r.Context())
	lijst, err := m.svc.Lijst(r.Context())
	if err != nil {
		m.renderError(w, r, err)
		return
	}
	today := civil.Today(m.now())
	p, _ := melding.PartijVan(a)
	v := pages.MeldingenView{Partij: string(p), Melden: budgethouderActor(a)}
	for _, x := range lijst {
		rij := meldingRij(x, today)
		switch {
		case p == melding.PartijSVB && x.SVBStatus == melding.SVBTeBehandelen:
			v.Werklijst = append(v.Werklijst, rij)
		case p == melding.PartijSVB:
			v.Overig = append(v.Overig, rij)
		case x.Lopend(today):
			v.Lopend = append(v.Lopend, rij)
		default:
			v.Eerder = append(v.Eerder, rij)
		}
	}
	m.render(w, r, http.StatusOK, pages.Meldingen(m.page(r, "Ziek- en zwangerschapsmeldingen"), v))
}

func meldingSoort(s string) melding.Soort {
	if melding.Soort(s) == melding.Zwanger {
		return melding.Zwanger
	}
	return melding.Ziek
}

func (m *meldingWeb) toonForm(w http.ResponseWriter, r *http.Request, status int, soort melding.Soort, values, errs map[string]string) {
	afspraken, err := m.svc.Afspraken(r.Context())
	if err != nil {
		m.renderError(w, r, err)
		return
	}
	v := pages.MeldingFormView{Soort: string(soort), Titel: soort.Label(), BeginLabel: melding.BeginLabel(soort), EindLabel: melding.EindLabel(soort),
		Values: values, Errors: errs, Summary: summary(errs, meldingVelden)}
	v.Afspraken = []components.Option{{Value: "", Label: "Maak een keuze"}}
	for _, af := range afspraken {
		label := af.ZorgverlenerNaam
		if af.Arbeidsovereenkomst {
			label += " (in dienst)"
		}
		v.Afspraken = append(v.Afspraken, components.Option{Value: strconv.FormatInt(af.ID, 10), Label: label})
	}
	m.render(w, r, status, pages.MeldingForm(m.page(r, foutTitel(v.Titel, errs)), v))
}

func (m *meldingWeb) magMelden(w http.ResponseWriter, r *http.Request) bool {
	a, _ := auth.ActorFrom(r.Context())
	if !budgethouderActor(a) {
		m.renderError(w, r, apperr.WithCode(http.StatusForbidden, "U kunt uw pgb alleen bekijken. Uw gevolmachtigde doet de meldingen.", apperr.ErrForbidden))
		return false
	}
	return true
}

// nieuwForm is a new ziekmelding (?soort=ziek) or zwangerschapsmelding.
func (m *meldingWeb) nieuwForm(w http.ResponseWriter, r *http.Request) {
	if !m.magMelden(w, r) {
		return
	}
	soort := meldingSoort(r.URL.Query().Get("soort"))
	values := map[string]string{}
	if soort == melding.Ziek {
		values[melding.VeldBegindatum] = civil.Today(m.now()).String()
	}
	m.toonForm(w, r, http.StatusOK, soort, values, map[string]string{})
}

// nieuwVersturen checks the melding and shows it for confirmation
// (actie=controleren), sends it (bevestigen) or shows the form again
// (wijzigen).
func (m *meldingWeb) nieuwVersturen(w http.ResponseWriter, r *http.Request) {
	if !m.parseForm(w, r) || !m.magMelden(w, r) {
		return
	}
	f := r.PostForm
	soort := meldingSoort(f.Get(melding.VeldSoort))
	values := map[string]string{}
	for _, k := range meldingVelden {
		values[k] = f.Get(k)
	}
	values[melding.VeldSoort] = string(soort)
	in := melding.Invoer{Soort: soort, ZorgovereenkomstID: parseID(values[melding.VeldZorgovereenkomst]),
		Begindatum: values[melding.VeldBegindatum], Einddatum: values[melding.VeldEinddatum]}
	var err error
	switch f.Get("actie") {
	case "wijzigen":
		m.toonForm(w, r, http.StatusOK, soort, values, map[string]string{})
		return
	case "bevestigen":
		var id int64
		if id, err = m.svc.Melden(r.Context(), in); err == nil {
			http.Redirect(w, r, meldingURL(id)+"?gedaan=gemeld", http.StatusSeeOther)
			return
		}
	default:
		var g melding.Gecontroleerd
		if g, err = m.svc.Controleer(r.Context(), in); err == nil {
			v := pages.MeldingControleView{Titel: "Controleer uw " + lower(soort.Label()), Action: "/meldingen/nieuw",
				Regels: []pages.MeldingRegel{{Label: "Soort melding", Waarde: soort.Label()}, {Label: "Zorgverlener", Waarde: g.Afspraak.ZorgverlenerNaam},
					{Label: melding.BeginLabel(soort), Waarde: g.Begindatum.String()}}}
			if g.Einddatum.Valid {
				v.Regels = append(v.Regels, pages.MeldingRegel{Label: melding.EindLabel(soort), Waarde: g.Einddatum.Date.String()})
			}
			if g.Afspraak.Arbeidsovereenkomst {
				v.Uitleg = "Deze zorgverlener is bij u in dienst. De SVB krijgt de melding en regelt de loondoorbetaling."
			}
			for _, k := range meldingVelden {
				v.Verborgen = append(v.Verborgen, pages.MeldingRegel{Label: k, Waarde: values[k]})
			}
			m.render(w, r, http.StatusOK, pages.MeldingControle(m.page(r, v.Titel), v))
			return
		}
	}
	errs, ok := meldingFouten(err)
	if !ok {
		m.renderError(w, r, err)
		return
	}
	m.toonForm(w, r, http.StatusUnprocessableEntity, soort, values, errs)
}

func lower(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}

// meldingRegels is the summary of melding x for party p.
func meldingRegels(x melding.Melding, p melding.Partij, today civil.Date) []pages.MeldingRegel {
	var out []pages.MeldingRegel
	if p != melding.PartijZorgverlener {
		out = append(out, pages.MeldingRegel{Label: "Zorgverlener", Waarde: x.ZorgverlenerNaam})
	}
	if p != melding.PartijBudgethouder {
		bh := x.BudgethouderNaam
		if x.Relatienummer != "" {
			bh += " (" + x.Relatienummer + ")"
		}
		out = append(out, pages.MeldingRegel{Label: "Budgethouder", Waarde: bh})
	}
	soort := "Zorgovereenkomst zonder arbeidsovereenkomst"
	if x.Arbeidsovereenkomst {
		soort = "Arbeidsovereenkomst (zorgverlener in dienst)"
	}
	out = append(out, pages.MeldingRegel{Label: "Soort zorgovereenkomst", Waarde: soort},
		pages.MeldingRegel{Label: x.BeginLabel(), Waarde: x.Begindatum.String()},
		pages.MeldingRegel{Label: x.EindLabel(), Waarde: eindTekst(x)},
		pages.MeldingRegel{Label: "Status", Waarde: x.Status(today)},
		pages.MeldingRegel{Label: "Gemeld op", Waarde: pages.DatumTijd(x.GemeldOp)})
	if x.BeterGemeldOp != nil {
		out = append(out, pages.MeldingRegel{Label: "Beter gemeld op", Waarde: pages.DatumTijd(*x.BeterGemeldOp)})
	}
	if x.Arbeidsovereenkomst {
		out = append(out, pages.MeldingRegel{Label: "Loondoorbetaling", Waarde: x.SVBStatus.Label()})
	}
	return out
}

func (m *meldingWeb) toonMelding(w http.ResponseWriter, r *http.Request, status int, id int64, gedaan, fout string) {
	a, _ := auth.ActorFrom(r.Context())
	x, err := m.svc.Get(r.Context(), id)
	if err != nil {
		m.renderError(w, r, err)
		return
	}
	today := civil.Today(m.now())
	p, _ := melding.PartijVan(a)
	v := pages.MeldingView{ID: x.ID, Titel: x.Soort.Label() + " " + x.Kenmerk(), Melding: meldingGedaan[gedaan], Fout: fout,
		Regels: meldingRegels(x, p, today), Versie: x.Versie,
		BeterMelden: budgethouderActor(a) && x.Open(),
		Vervanging:  budgethouderActor(a) && x.Lopend(today),
		Verwerken:   p == melding.PartijSVB && x.SVBStatus == melding.SVBTeBehandelen}
	title := v.Titel
	if fout != "" {
		title = "Fout: " + title
	}
	m.render(w, r, status, pages.Melding(m.page(r, title), v))
}

// openen shows one melding to a party that may see it.
func (m *meldingWeb) openen(w http.ResponseWriter, r *http.Request) {
	id, ok := meldingID(r)
	if !ok {
		m.renderError(w, r, errNotFound)
		return
	}
	m.toonMelding(w, r, http.StatusOK, id, r.URL.Query().Get("gedaan"), "")
}

func (m *meldingWeb) toonBeter(w http.ResponseWriter, r *http.Request, status int, x melding.Melding, values, errs map[string]string) {
	v := pages.BetermeldingView{ID: x.ID, Versie: x.Versie, Values: values, Errors: errs, Summary: summary(errs, []string{melding.VeldEinddatum}),
		Regels: []pages.MeldingRegel{{Label: "Zorgverlener", Waarde: x.ZorgverlenerNaam}, {Label: "Eerste ziektedag", Waarde: x.Begindatum.String()}}}
	m.render(w, r, status, pages.Betermelding(m.page(r, foutTitel("Betermelding", errs)), v))
}

// beterForm asks for the laatste ziektedag of an open ziekmelding.
func (m *meldingWeb) beterForm(w http.ResponseWriter, r *http.Request) {
	id, ok := meldingID(r)
	if !ok {
		m.renderError(w, r, errNotFound)
		return
	}
	if !m.magMelden(w, r) {
		return
	}
	x, err := m.svc.Get(r.Context(), id)
	if err != nil {
		m.renderError(w, r, err)
		return
	}
	if !x.Open() {
		http.Redirect(w, r, meldingURL(id), http.StatusSeeOther)
		return
	}
	m.toonBeter(w, r, http.StatusOK, x, map[string]string{melding.VeldEinddatum: ""}, map[string]string{})
}

// beterVersturen checks the betermelding and shows it for confirmation
// (actie=controleren), sends it (bevestigen) or shows the form again
// (wijzigen).
func (m *meldingWeb) beterVersturen(w http.ResponseWriter, r *http.Request) {
	id, ok := meldingID(r)
	if !ok {
		m.renderError(w, r, errNotFound)
		return
	}
	if !m.parseForm(w, r) || !m.magMelden(w, r) {
		return
	}
	f := r.PostForm
	values := map[string]string{melding.VeldEinddatum: f.Get(melding.VeldEinddatum)}
	versie, _ := strconv.Atoi(f.Get("versie"))
	var err error
	switch f.Get("actie") {
	case "wijzigen":
		x, err := m.svc.Get(r.Context(), id)
		if err != nil {
			m.renderError(w, r, err)
			return
		}
		m.toonBeter(w, r, http.StatusOK, x, values, map[string]string{})
		return
	case "bevestigen":
		if err = m.svc.Betermelden(r.Context(), id, versie, values[melding.VeldEinddatum]); err == nil {
			http.Redirect(w, r, meldingURL(id)+"?gedaan=beter", http.StatusSeeOther)
			return
		}
	default:
		x, d, cerr := m.svc.ControleerBeter(r.Context(), id, values[melding.VeldEinddatum])
		if err = cerr; err == nil {
			v := pages.MeldingControleView{Titel: "Controleer uw betermelding", Action: meldingURL(id) + "/beter",
				Regels: []pages.MeldingRegel{{Label: "Zorgverlener", Waarde: x.ZorgverlenerNaam}, {Label: "Eerste ziektedag", Waarde: x.Begindatum.String()},
					{Label: "Laatste ziektedag", Waarde: d.String()}},
				Verborgen: []pages.MeldingRegel{{Label: "versie", Waarde: strconv.Itoa(versie)}, {Label: melding.VeldEinddatum, Waarde: values[melding.VeldEinddatum]}}}
			if x.Arbeidsovereenkomst {
				v.Uitleg = "Deze zorgverlener is bij u in dienst. De SVB krijgt de betermelding en stopt de loondoorbetaling."
			}
			m.render(w, r, http.StatusOK, pages.MeldingControle(m.page(r, v.Titel), v))
			return
		}
	}
	if errs, ok := meldingFouten(err); ok {
		x, gerr := m.svc.Get(r.Context(), id)
		if gerr != nil {
			m.renderError(w, r, gerr)
			return
		}
		m.toonBeter(w, r, http.StatusUnprocessableEntity, x, values, errs)
		return
	}
	if code, msg := apperr.Classify(err); code == http.StatusConflict {
		m.toonMelding(w, r, code, id, "", msg)
		return
	}
	m.renderError(w, r, err)
}

// verwerkt is the SVB marking an employee's melding handled.
func (m *meldingWeb) verwerkt(w http.ResponseWriter, r *http.Request) {
	id, ok := meldingID(r)
	if !ok {
		m.renderError(w, r, errNotFound)
		return
	}
	if !m.parseForm(w, r) {
		return
	}
	versie, _ := strconv.Atoi(r.PostForm.Get("versie"))
	err := m.svc.Afhandelen(r.Context(), id, versie)
	if err == nil {
		http.Redirect(w, r, meldingURL(id)+"?gedaan=verwerkt", http.StatusSeeOther)
		return
	}
	if code, msg := apperr.Classify(err); code == http.StatusConflict {
		m.toonMelding(w, r, code, id, "", msg)
		return
	}
	m.renderError(w, r, err)
}
