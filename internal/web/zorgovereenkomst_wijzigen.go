package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/civil"
	zov "pgbportaal/internal/zorgovereenkomst"
	"pgbportaal/web/components"
	"pgbportaal/web/pages"
)

// zovWijzigenRoutes are Wijzigen, Verlengen and Beëindigen of an approved
// agreement, the zorgverlener's disagreement with a beëindiging, and the
// versions of an agreement.
func (s *Server) zovWijzigenRoutes(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(auth.RoleBudgethouder, auth.RoleVertegenwoordiger), s.refuseWritesWhenReadOnly)
		r.Get("/zorgovereenkomsten/{id}/wijzigen", s.zovWijzigenForm)
		r.Post("/zorgovereenkomsten/{id}/wijzigen", s.zovWijzigen)
		r.Get("/zorgovereenkomsten/{id}/verlengen", s.zovVerlengenForm)
		r.Post("/zorgovereenkomsten/{id}/verlengen", s.zovVerlengen)
		r.Get("/zorgovereenkomsten/{id}/beeindigen", s.zovBeeindigenForm)
		r.Post("/zorgovereenkomsten/{id}/beeindigen", s.zovBeeindigen)
	})
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(auth.RoleZorgverlener), s.refuseWritesWhenReadOnly)
		r.Post("/zorgovereenkomsten/{id}/niet-akkoord", s.zovNietAkkoord)
	})
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(auth.RoleBudgethouder, auth.RoleVertegenwoordiger, auth.RoleZorgverlener))
		r.Get("/zorgovereenkomsten/{id}/versies/{n}", s.zovVersie)
	})
}

var wijzigenMeldingen = map[string]string{
	"verlengen":    "De verlenging is naar de zorgverlener gestuurd. Na de handtekeningen van u beiden gaat zij in.",
	"beeindigen":   "De beëindiging is naar de zorgverlener gestuurd. U krijgt bericht als de zorgverlener heeft gereageerd.",
	"niet_akkoord": "U bent niet akkoord gegaan met de beëindiging. Het zorgkantoor beslist; de budgethouder en de SVB hebben bericht gekregen.",
}

// ondertekendMelding is the confirmation after a signature on a change of
// an approved agreement, which depends on what the change is and where it
// stands: only a change that needs the zorgkantoor goes there; a verlenging,
// an agreed beëindiging or a change of the overige afspraken takes effect
// after both signatures. "" when gedaan is no signature or o no change;
// once the change has moved on, just that it was signed.
func ondertekendMelding(gedaan string, o zov.Overeenkomst, vb *pages.ZovVersiebeheerView) string {
	if o.Wijziging == nil || vb == nil || !vb.IsWijziging {
		return ""
	}
	soort := strings.ToLower(o.Wijziging.Soort.Label())
	per := datumVoluit(o.Wijziging.Per)
	eind := datumVoluit(o.Inhoud.Einddatum)
	switch gedaan {
	case "ondertekend_zv":
		switch {
		case o.Status != zov.OndertekendZorgverlener:
			return "U heeft de " + soort + " ondertekend."
		case o.Wijziging.Soort == zov.SoortBeeindigen:
			return "U heeft de beëindiging ondertekend en gaat daarmee akkoord. Zodra de budgethouder ook heeft ondertekend, eindigt de zorgovereenkomst op " + eind + "."
		case vb.ZorgkantoorNodig:
			return "U heeft de wijziging ondertekend. De budgethouder ondertekent nu; daarna beoordeelt het zorgkantoor de wijziging. Tot de goedkeuring blijven de huidige afspraken gelden."
		}
		return "U heeft de " + soort + " ondertekend. De budgethouder ondertekent nu; daarna gaat de " + soort + " in op " + per + ", zonder beoordeling door het zorgkantoor."
	case "ondertekend_bh":
		switch o.Status {
		case zov.TerBeoordeling:
			return "U heeft de " + soort + " ondertekend. Zij is ingediend bij het zorgkantoor; tot de goedkeuring blijven de huidige afspraken gelden. U krijgt bericht zodra zij is beoordeeld."
		case zov.Doorgevoerd:
			switch o.Wijziging.Soort {
			case zov.SoortVerlengen:
				tot := "tot en met " + eind
				if o.Inhoud.Onbepaald {
					tot = "voor onbepaalde tijd"
				}
				return "U heeft de verlenging ondertekend. Zij is doorgevoerd, zonder beoordeling door het zorgkantoor: de zorgovereenkomst loopt nu " + tot + "."
			case zov.SoortBeeindigen:
				return "U heeft de beëindiging ondertekend. Zij is doorgevoerd: de zorgovereenkomst eindigt op " + eind + "."
			}
			return "U heeft de wijziging ondertekend. Zij is doorgevoerd, zonder beoordeling door het zorgkantoor, en gaat in op " + per + "."
		}
		return "U heeft de " + soort + " ondertekend."
	}
	return ""
}

// versiebeheer builds the versions-and-changes part of an agreement's page.
func (s *Server) versiebeheer(r *http.Request, o zov.Overeenkomst) (*pages.ZovVersiebeheerView, error) {
	a, _ := auth.ActorFrom(r.Context())
	today := civil.Today(s.now())
	v := &pages.ZovVersiebeheerView{ID: o.ID, Versie: strconv.Itoa(o.Versie)}
	if w := o.Wijziging; w != nil {
		orig, err := s.zov.Get(r.Context(), w.Van)
		if err != nil {
			return nil, err
		}
		oud := orig.Inhoud
		if o.Status == zov.Doorgevoerd {
			// Compare with the version this change replaced.
			if h, err := s.zov.Historie(r.Context(), w.Van); err == nil {
				for i, ver := range h.Versies {
					if ver.WijzigingID == o.ID && i > 0 {
						oud = h.Versies[i-1].Inhoud
					}
				}
			}
		}
		nieuw := o.Inhoud
		nieuw.Ingangsdatum = oud.Ingangsdatum
		v.IsWijziging, v.Soort, v.Per = true, w.Soort.Label(), w.Per.String()
		v.VanHref, v.Van = zovURL(w.Van, ""), "ZO-"+padID(w.Van)
		v.ZorgkantoorNodig = zov.ZorgkantoorNodig(oud, o.Inhoud)
		v.Verschillen = zov.Verschillen(oud, nieuw)
		v.Onenigheid = w.Onenigheid
		v.Einddatum = o.Inhoud.Einddatum.String()
		v.NietAkkoord = a.Role == auth.RoleZorgverlener && w.Soort == zov.SoortBeeindigen && o.Status == zov.Gedeeld
		return v, nil
	}
	if o.Status != zov.Goedgekeurd {
		return nil, nil
	}
	h, err := s.zov.Historie(r.Context(), o.ID)
	if err != nil {
		return nil, err
	}
	if len(h.Versies) == 0 {
		// Never changed: its content is its only version.
		h.Versies = []zov.Versie{{Nummer: 1, Vanaf: o.Inhoud.Ingangsdatum, Inhoud: o.Inhoud}}
	}
	huidig, _ := zov.InWerking(h.Versies, today)
	for _, ver := range h.Versies {
		rij := pages.ZovVersieRij{Nummer: ver.Nummer, Vanaf: ver.Vanaf.String(), InWerking: ver.Nummer == huidig.Nummer}
		if ver.Nummer > 1 {
			rij.Href = zovURL(o.ID, "/versies/"+strconv.Itoa(ver.Nummer))
		}
		v.Versies = append(v.Versies, rij)
	}
	for _, w := range h.Wijzigingen {
		rij := pages.ZovWijzigingRij{Href: zovURL(w.ID, ""), Soort: w.Soort.Label(), Per: w.Per.String(), Status: w.Status.Label(),
			Onenigheid: w.Onenigheid}
		if w.Lopend() {
			v.Lopend = &rij
		} else {
			v.Eerder = append(v.Eerder, rij)
		}
	}
	v.KanWijzigen = budgethouderActor(a) && !a.ReadOnly && v.Lopend == nil
	return v, nil
}

func padID(id int64) string {
	s := strconv.FormatInt(id, 10)
	for len(s) < 6 {
		s = "0" + s
	}
	return s
}

// goedgekeurdOrigineel reads the approved agreement a change starts from.
func (s *Server) goedgekeurdOrigineel(w http.ResponseWriter, r *http.Request) (zov.Overeenkomst, bool) {
	o, ok := s.zovVoorWijzigen(w, r)
	if !ok {
		return o, false
	}
	if o.Status != zov.Goedgekeurd || o.Wijziging != nil {
		s.renderError(w, r, apperr.WithCode(http.StatusConflict,
			"Alleen een goedgekeurde zorgovereenkomst kan worden gewijzigd, verlengd of beëindigd.", zov.ErrTransition))
		return o, false
	}
	return o, true
}

func (s *Server) wijzigenView(o zov.Overeenkomst, per string, errs map[string]string) pages.ZovWijzigenView {
	v := pages.ZovWijzigenView{ID: o.ID, Versie: strconv.Itoa(o.Versie), Titel: "Zorgovereenkomst wijzigen",
		Errors: errs, Summary: summary(errs, []string{"per"})}
	v.Opties, v.Per = perOpties(zov.PerMogelijk(o.Inhoud, civil.Today(s.now())), per)
	return v
}

var maandNamen = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
	"september", "oktober", "november", "december"}

// datumVoluit is d as Dutch readers say it: "1 januari 2027".
func datumVoluit(d civil.Date) string {
	if d.IsZero() || !d.IsValid() {
		return d.String()
	}
	return strconv.Itoa(d.Day) + " " + maandNamen[d.Month-1] + " " + strconv.Itoa(d.Year)
}

// perOpties are the choices of the date a change takes effect: "Kies een
// datum", then the first days of the months it may take effect on (values
// dd-mm-jjjj, labels "1 januari 2027"), and the value to select for huidig
// (what was sent or saved, written as its option's value). A value that is
// no longer possible (or never was) stays selectable, marked, so that a page
// shown again after an error keeps what was sent; the server's check says
// why it cannot be.
func perOpties(mogelijk []civil.Date, huidig string) ([]components.Option, string) {
	out := []components.Option{{Value: "", Label: "Kies een datum"}}
	huidig = strings.TrimSpace(huidig)
	gekozen, perr := civil.Parse(huidig)
	gevonden := huidig == ""
	for _, d := range mogelijk {
		out = append(out, components.Option{Value: d.String(), Label: datumVoluit(d)})
		if !gevonden && perr == nil && d == gekozen {
			huidig, gevonden = d.String(), true
		}
	}
	if !gevonden {
		label := huidig
		if perr == nil {
			label = datumVoluit(gekozen)
		}
		out = append(out, components.Option{Value: huidig, Label: label + " (niet mogelijk)"})
	}
	return out, huidig
}

// perKeuze is what step 2 of a change asks instead of a free ingangsdatum:
// the first days of the months the change may take effect on, within the
// looptijd of the agreement it changes (v.PerOpties), with v's value of
// ingangsdatum written as its option. Nothing for anything but a Wijzigen.
func (s *Server) perKeuze(r *http.Request, o zov.Overeenkomst, v *pages.ZovFormView) error {
	if o.Wijziging == nil || o.Wijziging.Soort != zov.SoortWijzigen {
		return nil
	}
	orig, err := s.zov.Get(r.Context(), o.Wijziging.Van)
	if err != nil {
		return err
	}
	v.PerOpties, v.Values["ingangsdatum"] = perOpties(zov.PerMogelijk(orig.Inhoud, civil.Today(s.now())), v.Values["ingangsdatum"])
	return nil
}

// zovWijzigenForm is "Wijzigen": when the change takes effect.
func (s *Server) zovWijzigenForm(w http.ResponseWriter, r *http.Request) {
	o, ok := s.goedgekeurdOrigineel(w, r)
	if !ok {
		return
	}
	v := s.wijzigenView(o, "", map[string]string{})
	s.render(w, r, http.StatusOK, pages.ZovWijzigen(s.zovPage(r, v.Titel), v))
}

// zovWijzigen starts the change and opens its first step.
func (s *Server) zovWijzigen(w http.ResponseWriter, r *http.Request) {
	o, ok := s.goedgekeurdOrigineel(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	invoer := strings.TrimSpace(r.PostForm.Get("per"))
	per, perr := civil.Parse(invoer)
	var err error
	var cid int64
	if perr != nil || invoer == "" {
		err = apperr.WithCode(http.StatusUnprocessableEntity, "Kies de datum waarop de wijziging ingaat.", apperr.ErrInvalid)
	} else {
		cid, err = s.zov.Wijzigen(r.Context(), o.ID, zovVersie(r), per)
	}
	if err != nil {
		code, msg := apperr.Classify(err)
		if code != http.StatusUnprocessableEntity && code != http.StatusConflict {
			s.renderError(w, r, err)
			return
		}
		v := s.wijzigenView(o, invoer, map[string]string{"per": msg})
		s.render(w, r, code, pages.ZovWijzigen(s.zovPage(r, "Fout: "+v.Titel), v))
		return
	}
	http.Redirect(w, r, zovURL(cid, "/stap/1"), http.StatusSeeOther)
}

func (s *Server) einddatumView(o zov.Overeenkomst, beeindigen bool) pages.ZovEinddatumView {
	v := pages.ZovEinddatumView{ID: o.ID, Versie: strconv.Itoa(o.Versie), Beeindigen: beeindigen,
		Huidig: periode(o.Inhoud.Ingangsdatum, o.Inhoud.Einddatum, o.Inhoud.Onbepaald), Errors: map[string]string{}}
	v.Titel = "Zorgovereenkomst verlengen"
	if beeindigen {
		v.Titel = "Zorgovereenkomst beëindigen"
		v.Vroegst = civil.Today(s.now()).AddMonths(zov.OpzegtermijnMnd).String()
	}
	return v
}

func (s *Server) zovVerlengenForm(w http.ResponseWriter, r *http.Request) {
	if o, ok := s.goedgekeurdOrigineel(w, r); ok {
		v := s.einddatumView(o, false)
		s.render(w, r, http.StatusOK, pages.ZovEinddatum(s.zovPage(r, v.Titel), v))
	}
}

func (s *Server) zovBeeindigenForm(w http.ResponseWriter, r *http.Request) {
	if o, ok := s.goedgekeurdOrigineel(w, r); ok {
		v := s.einddatumView(o, true)
		s.render(w, r, http.StatusOK, pages.ZovEinddatum(s.zovPage(r, v.Titel), v))
	}
}

func (s *Server) zovVerlengen(w http.ResponseWriter, r *http.Request) {
	s.einddatumOpslaan(w, r, false)
}
func (s *Server) zovBeeindigen(w http.ResponseWriter, r *http.Request) {
	s.einddatumOpslaan(w, r, true)
}

// einddatumOpslaan is Verlengen or Beëindigen: the change goes to the
// zorgverlener at once.
func (s *Server) einddatumOpslaan(w http.ResponseWriter, r *http.Request, beeindigen bool) {
	o, ok := s.goedgekeurdOrigineel(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	v := s.einddatumView(o, beeindigen)
	v.Einddatum = strings.TrimSpace(r.PostForm.Get("einddatum"))
	v.Onbepaald = !beeindigen && r.PostForm.Get("onbepaald") != ""
	v.Toelichting = r.PostForm.Get("toelichting")
	var eind civil.Date
	var err error
	if v.Einddatum != "" {
		if eind, err = civil.Parse(v.Einddatum); err != nil {
			err = apperr.WithCode(http.StatusUnprocessableEntity, "Vul de datum in als dd-mm-jjjj, bijvoorbeeld 31-12-2027.", apperr.ErrInvalid)
		}
	}
	var cid int64
	gedaan := "verlengen"
	if err == nil {
		if beeindigen {
			cid, err = s.zov.Beeindigen(r.Context(), o.ID, zovVersie(r), eind, v.Toelichting)
			gedaan = "beeindigen"
		} else {
			cid, err = s.zov.Verlengen(r.Context(), o.ID, zovVersie(r), eind, v.Onbepaald)
		}
	}
	if err != nil {
		code, msg := apperr.Classify(err)
		if code != http.StatusUnprocessableEntity && code != http.StatusConflict {
			s.renderError(w, r, err)
			return
		}
		v.Errors["einddatum"] = msg
		v.Summary = summary(v.Errors, []string{"einddatum"})
		s.render(w, r, code, pages.ZovEinddatum(s.zovPage(r, "Fout: "+v.Titel), v))
		return
	}
	http.Redirect(w, r, zovURL(cid, "?gedaan="+gedaan), http.StatusSeeOther)
}

// zovNietAkkoord is the zorgverlener's disagreement with a beëindiging.
func (s *Server) zovNietAkkoord(w http.ResponseWriter, r *http.Request) {
	id, ok := zovID(r)
	if !ok {
		s.renderError(w, r, errNotFound)
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	toelichting := r.PostForm.Get("toelichting")
	err := s.zov.NietAkkoord(r.Context(), id, zovVersie(r), toelichting)
	if err == nil {
		http.Redirect(w, r, zovURL(id, "?gedaan=niet_akkoord"), http.StatusSeeOther)
		return
	}
	code, msg := apperr.Classify(err)
	if code != http.StatusUnprocessableEntity {
		s.zovActieMislukt(w, r, id, err)
		return
	}
	o, gerr := s.zov.Get(r.Context(), id)
	if gerr != nil {
		s.renderError(w, r, gerr)
		return
	}
	v, verr := s.zovDetailView(r, o)
	if verr != nil {
		s.renderError(w, r, verr)
		return
	}
	if v.Versiebeheer != nil {
		v.Versiebeheer.NietAkkoordFout, v.Versiebeheer.NietAkkoordTekst = msg, toelichting
	}
	v.Summary = []components.FieldError{{FieldID: "onenigheid", Message: msg}}
	s.render(w, r, code, pages.ZovDetail(s.zovPage(r, "Fout: "+v.Titel), v))
}

// zovVersie shows what version n of an agreement changed.
func (s *Server) zovVersie(w http.ResponseWriter, r *http.Request) {
	o, ok := s.zovLezen(w, r)
	if !ok {
		return
	}
	n, err := strconv.Atoi(chi.URLParam(r, "n"))
	if err != nil || o.Wijziging != nil {
		s.renderError(w, r, errNotFound)
		return
	}
	h, err := s.zov.Historie(r.Context(), o.ID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if n < 2 || n > len(h.Versies) {
		s.renderError(w, r, errNotFound)
		return
	}
	oud, nieuw := h.Versies[n-2], h.Versies[n-1]
	in := nieuw.Inhoud
	in.Ingangsdatum = oud.Inhoud.Ingangsdatum
	v := pages.ZovVersieView{ID: o.ID, Nummer: n, Vanaf: nieuw.Vanaf.String(), Verschillen: zov.Verschillen(oud.Inhoud, in)}
	if nieuw.WijzigingID != 0 {
		v.WijzigingHref = zovURL(nieuw.WijzigingID, "")
		if c, err := s.zov.Get(r.Context(), nieuw.WijzigingID); err == nil {
			v.Handtekeningen = handtekeningen(c)
		}
	}
	s.render(w, r, http.StatusOK, pages.ZovVersie(s.zovPage(r, "Versie "+strconv.Itoa(n)+" van de zorgovereenkomst"), v))
}

// wijzigingFouten checks a step of a change against the agreement it
// changes: the date it takes effect (the first of a month) and the same
// zorgverlener and soort. Nothing for a new agreement.
func (s *Server) wijzigingFouten(r *http.Request, o zov.Overeenkomst, in zov.Inhoud) (map[string]string, error) {
	if o.Wijziging == nil || o.Wijziging.Soort != zov.SoortWijzigen {
		return nil, nil
	}
	orig, err := s.zov.Get(r.Context(), o.Wijziging.Van)
	if err != nil {
		return nil, err
	}
	if in.Zorgverlener.ID == 0 {
		in.Zorgverlener.ID = o.Inhoud.Zorgverlener.ID
	}
	return zov.ControleerWijziging(orig.Inhoud, in, civil.Today(s.now())), nil
}
