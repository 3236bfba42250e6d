package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/civil"
	zov "pgbportaal/internal/zorgovereenkomst"
	"pgbportaal/web/pages"
)

// maxNotitie bounds a note to the other party.
const maxNotitie = 2000

func (s *Server) controleView(r *http.Request, o zov.Overeenkomst, notitie string, errs map[string]string) (pages.ZovControleView, error) {
	m, have, err := s.maximaVoor(r, o.Inhoud)
	if err != nil {
		return pages.ZovControleView{}, err
	}
	v := pages.ZovControleView{
		ID: o.ID, Versie: strconv.Itoa(o.Versie), Groepen: inhoudGroepen(o.ID, o.Inhoud, m, have, true, nil),
		ZorgverlenerNaam: o.Inhoud.Zorgverlener.Naam, Notitie: notitie, Errors: errs, Summary: summary(errs, []string{"notitie"}),
		KanDelen: o.Status == zov.Concept, Status: o.Status,
	}
	if o.Wijziging != nil {
		if v.Wijziging, err = s.versiebeheer(r, o); err != nil {
			return v, err
		}
	}
	return v, nil
}

// zovControle is step 4: the whole agreement read-only, before sharing.
func (s *Server) zovControle(w http.ResponseWriter, r *http.Request) {
	o, ok := s.zovVoorWijzigen(w, r)
	if !ok {
		return
	}
	id := o.ID
	if !o.Status.Editable() {
		http.Redirect(w, r, zovURL(id, ""), http.StatusSeeOther)
		return
	}
	v, err := s.controleView(r, o, o.Notitie, map[string]string{})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, pages.ZovControle(s.zovPage(r, pages.ZovStapTitel(4, "Controle")), v))
}

// zovDelen is "Delen met zorgverlener". Everything is checked first; a step
// with errors is opened with its errors shown.
func (s *Server) zovDelen(w http.ResponseWriter, r *http.Request) {
	id, ok := zovID(r)
	if !ok {
		s.renderError(w, r, errNotFound)
		return
	}
	if _, ok := s.mayWrite(w, r); !ok || !s.parseForm(w, r) {
		return
	}
	o, err := s.zov.Get(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	notitie := strings.TrimSpace(r.PostForm.Get("notitie"))
	if len([]rune(notitie)) > maxNotitie {
		errs := map[string]string{"notitie": teLang(maxNotitie)}
		v, err := s.controleView(r, o, r.PostForm.Get("notitie"), errs)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, pages.ZovControle(s.zovPage(r, "Fout: "+pages.ZovStapTitel(4, "Controle")), v))
		return
	}
	if o.Status == zov.Concept {
		m, have, err := s.maximaVoor(r, o.Inhoud)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if errs := zov.ValidateAll(o.Inhoud, civil.Today(s.now()), m, have); len(errs) > 0 {
			http.Redirect(w, r, zovURL(id, "/stap/"+strconv.Itoa(eersteStapMetFout(errs))+"?controleer=1"), http.StatusSeeOther)
			return
		}
	}
	err = s.zov.Delen(r.Context(), id, zovVersie(r), notitie)
	switch {
	case err == nil:
		http.Redirect(w, r, zovURL(id, "/gedeeld"), http.StatusSeeOther)
	case errors.Is(err, zov.ErrOnvolledig):
		http.Redirect(w, r, zovURL(id, "/stap/1?controleer=1"), http.StatusSeeOther)
	case errors.Is(err, zov.ErrStale):
		_, msg := apperr.Classify(err)
		v, verr := s.controleView(r, o, notitie, map[string]string{})
		if verr != nil {
			s.renderError(w, r, verr)
			return
		}
		v.Melding = msg
		s.render(w, r, http.StatusConflict, pages.ZovControle(s.zovPage(r, pages.ZovStapTitel(4, "Controle")), v))
	default:
		s.renderError(w, r, err)
	}
}

// zovGedeeld is step 5: the confirmation, with the status panel.
func (s *Server) zovGedeeld(w http.ResponseWriter, r *http.Request) {
	o, ok := s.zovLezen(w, r)
	if !ok {
		return
	}
	id := o.ID
	if o.Status == zov.Concept {
		http.Redirect(w, r, zovURL(id, "/controle"), http.StatusSeeOther)
		return
	}
	a, _ := auth.ActorFrom(r.Context())
	s.render(w, r, http.StatusOK, pages.ZovGedeeld(s.zovPage(r, pages.ZovStapTitel(5, "Gedeeld")),
		pages.ZovGedeeldView{ID: id, Status: statusPanel(o, a)}))
}
