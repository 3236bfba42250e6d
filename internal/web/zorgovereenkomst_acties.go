package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/civil"
	zov "pgbportaal/internal/zorgovereenkomst"
	"pgbportaal/web/pages"
)

// zovActieMislukt shows the agreement again with why an action failed
// (incomplete, changed in between, no longer allowed), when the failure is
// one the person can act on; other errors get the error page.
func (s *Server) zovActieMislukt(w http.ResponseWriter, r *http.Request, id int64, err error) {
	code, msg := apperr.Classify(err)
	if code != http.StatusConflict && code != http.StatusUnprocessableEntity {
		s.renderError(w, r, err)
		return
	}
	s.log.Info("zorgovereenkomst action refused", "status", code, "err", err)
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
	v.Fout = msg
	s.render(w, r, code, pages.ZovDetail(s.zovPage(r, "Fout: "+v.Titel), v))
}

// zovOndertekenen is "Onderteken": the zorgverlener's signature in state
// gedeeld, the budgethouder's after that. Which one follows from who is
// logged in.
func (s *Server) zovOndertekenen(w http.ResponseWriter, r *http.Request) {
	id, ok := zovID(r)
	if !ok {
		s.renderError(w, r, errNotFound)
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	a, _ := auth.ActorFrom(r.Context())
	versie := zovVersie(r)
	var err error
	gedaan := "ondertekend_bh"
	switch {
	case a.Role == auth.RoleZorgverlener:
		err, gedaan = s.zov.OndertekenenZV(r.Context(), id, versie), "ondertekend_zv"
	case budgethouderActor(a):
		err = s.zov.OndertekenenBH(r.Context(), id, versie)
	default:
		err = apperr.ErrForbidden
	}
	if err != nil {
		s.zovActieMislukt(w, r, id, err)
		return
	}
	http.Redirect(w, r, zovURL(id, "?gedaan="+gedaan), http.StatusSeeOther)
}

// zovTerugsturen is "Terugsturen naar zorgverlener", with a required note.
func (s *Server) zovTerugsturen(w http.ResponseWriter, r *http.Request) {
	id, ok := zovID(r)
	if !ok {
		s.renderError(w, r, errNotFound)
		return
	}
	if _, ok := s.mayWrite(w, r); !ok || !s.parseForm(w, r) {
		return
	}
	raw := r.PostForm.Get("notitie")
	notitie := strings.TrimSpace(raw)
	msg := ""
	switch {
	case notitie == "":
		msg = "Schrijf de zorgverlener waarom u de zorgovereenkomst terugstuurt"
	case len([]rune(notitie)) > maxNotitie:
		msg = teLang(maxNotitie)
	}
	if msg != "" {
		o, err := s.zov.Get(r.Context(), id)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		v, err := s.zovDetailView(r, o)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		v.Errors = map[string]string{"terug_notitie": msg}
		v.Summary = summary(v.Errors)
		v.TerugWaarde = raw
		s.render(w, r, http.StatusUnprocessableEntity, pages.ZovDetail(s.zovPage(r, "Fout: "+v.Titel), v))
		return
	}
	if err := s.zov.Terugsturen(r.Context(), id, zovVersie(r), notitie); err != nil {
		s.zovActieMislukt(w, r, id, err)
		return
	}
	http.Redirect(w, r, zovURL(id, "?gedaan=teruggestuurd"), http.StatusSeeOther)
}

// zovVerwijderenForm asks to confirm deleting a draft.
func (s *Server) zovVerwijderenForm(w http.ResponseWriter, r *http.Request) {
	o, ok := s.zovVoorWijzigen(w, r)
	if !ok {
		return
	}
	id := o.ID
	if !zov.Allowed(o.Status, zov.Verwijderen, zov.PartijBudgethouder) {
		http.Redirect(w, r, zovURL(id, ""), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, pages.ZovVerwijderen(s.zovPage(r, "Concept zorgovereenkomst verwijderen"),
		pages.ZovVerwijderenView{ID: id, Versie: strconv.Itoa(o.Versie), Naam: o.Inhoud.Zorgverlener.Naam}))
}

// zovVerwijderen deletes a draft.
func (s *Server) zovVerwijderen(w http.ResponseWriter, r *http.Request) {
	id, ok := zovID(r)
	if !ok {
		s.renderError(w, r, errNotFound)
		return
	}
	if _, ok := s.mayWrite(w, r); !ok || !s.parseForm(w, r) {
		return
	}
	if err := s.zov.Verwijderen(r.Context(), id, zovVersie(r)); err != nil {
		s.zovActieMislukt(w, r, id, err)
		return
	}
	http.Redirect(w, r, "/zorgovereenkomsten?gedaan=verwijderd", http.StatusSeeOther)
}

func (s *Server) aanpassenView(r *http.Request, o zov.Overeenkomst, in zov.Inhoud, values, errs map[string]string) (pages.ZovFormView, error) {
	m, have, err := s.maximaVoor(r, in)
	if err != nil {
		return pages.ZovFormView{}, err
	}
	v := pages.ZovFormView{
		ID: o.ID, Action: zovURL(o.ID, "/aanpassen"), Versie: strconv.Itoa(o.Versie), Values: values, Errors: errs,
		Summary: summary(errs, zvEigenVelden, werkafsprakenVelden), Soort: in.Soort, Professioneel: in.Professioneel(),
		Maximum: maximumZin(in, m, have), LoonHulp: loonHulp(in), Aanpassen: true, BudgethouderVoor: in.BudgethouderNaam,
	}
	if o.Wijziging != nil {
		// The budgethouder chose when the change takes effect.
		v.PerVast, v.Values["ingangsdatum"] = datumVoluit(o.Wijziging.Per), o.Inhoud.Ingangsdatum.String()
	}
	v.WerkafsprakenVast = werkafsprakenVast(o)
	return v, nil
}

// werkafsprakenVast is, for a verlenging or beëindiging, why the
// zorgverlener's Aanpassen offers only their own gegevens: the einddatum is
// the subject, the werkafspraken stay as they are. "" for anything else.
func werkafsprakenVast(o zov.Overeenkomst) string {
	w := o.Wijziging
	if w == nil || w.Soort == zov.SoortWijzigen {
		return ""
	}
	eind := "loopt de zorgovereenkomst voor onbepaalde tijd"
	if !o.Inhoud.Onbepaald {
		eind = "loopt de zorgovereenkomst tot en met " + datumVoluit(o.Inhoud.Einddatum)
	}
	txt := "Dit is een " + strings.ToLower(w.Soort.Label()) + ": daarna " + eind + ". Het gaat alleen om de einddatum; " +
		"de werkafspraken blijven zoals ze zijn. Hier vult u alleen uw eigen gegevens aan."
	if w.Soort == zov.SoortBeeindigen {
		txt += " Bent u het niet eens met de beëindiging, kies dan op de pagina van de zorgovereenkomst voor \"Niet akkoord met beëindiging\"."
	}
	return txt
}

// werkafsprakenGestuurd reports whether form f holds any field of the
// werkafspraken.
func werkafsprakenGestuurd(f url.Values) bool {
	for _, k := range werkafsprakenVelden {
		if _, ok := f[k]; ok {
			return true
		}
	}
	return false
}

// zovAanpassenForm lets the zorgverlener change the werkafspraken and their
// own telefoon and IBAN while the agreement is shared with them.
func (s *Server) zovAanpassenForm(w http.ResponseWriter, r *http.Request) {
	o, ok := s.zovLezen(w, r)
	if !ok {
		return
	}
	id := o.ID
	if o.Status != zov.Gedeeld {
		http.Redirect(w, r, zovURL(id, ""), http.StatusSeeOther)
		return
	}
	v, err := s.aanpassenView(r, o, o.Inhoud, aanpassenValues(o.Inhoud), map[string]string{})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, pages.ZovAanpassen(s.zovPage(r, "Zorgovereenkomst aanpassen"), v))
}

// zovAanpassen saves the zorgverlener's changes; they must be complete,
// because the next step is their signature.
func (s *Server) zovAanpassen(w http.ResponseWriter, r *http.Request) {
	id, ok := zovID(r)
	if !ok {
		s.renderError(w, r, errNotFound)
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	o, err := s.zov.Get(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var in zov.Inhoud
	var si stapInput
	vast := werkafsprakenVast(o) != ""
	if vast {
		// A verlenging or beëindiging: only the zorgverlener's own gegevens.
		if werkafsprakenGestuurd(r.PostForm) {
			s.zovActieMislukt(w, r, id, zov.ErrWerkafsprakenVast(o.Wijziging.Soort))
			return
		}
		in, si = decodeEigenGegevens(r.PostForm, o.Inhoud)
	} else {
		in, si = decodeAanpassen(r.PostForm, o.Inhoud)
	}
	errs := si.Errors
	if len(errs) == 0 && !vast {
		m, have, err := s.maximaVoor(r, in)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		errs = zov.ValidateWerkafspraken(in, civil.Today(s.now()), m, have)
	}
	status := http.StatusUnprocessableEntity
	melding := ""
	if len(errs) == 0 {
		_, err := s.zov.Aanpassen(r.Context(), id, zovVersie(r), in)
		if err == nil {
			http.Redirect(w, r, zovURL(id, "?gedaan=aangepast"), http.StatusSeeOther)
			return
		}
		if !errors.Is(err, zov.ErrStale) {
			s.zovActieMislukt(w, r, id, err)
			return
		}
		status, melding = http.StatusConflict, "Iemand anders heeft deze zorgovereenkomst intussen gewijzigd. Controleer de gegevens en sla opnieuw op."
	}
	v, err := s.aanpassenView(r, o, in, si.Values, errs)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v.Melding = melding
	s.render(w, r, status, pages.ZovAanpassen(s.zovPage(r, foutTitel("Zorgovereenkomst aanpassen", errs)), v))
}
