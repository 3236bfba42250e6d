package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/audit"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/klacht"
	"pgbportaal/web/components"
	"pgbportaal/web/pages"
)

// klachtRoutes: "Suggestie of klacht" for every logged-in party (also one who
// may only look at their pgb: feedback changes nothing of it), and the queue
// of the zorgkantoor and the SVB.
func (s *Server) klachtRoutes(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireLogin)
		r.Get("/suggestie-of-klacht", s.klachtForm)
		r.Post("/suggestie-of-klacht", s.klachtIndienen)
		r.Get("/suggestie-of-klacht/verzonden", s.klachtVerzonden)
	})
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(auth.RoleZorgkantoor, auth.RoleSVB))
		r.Get("/klachten", s.klachtenWachtrij)
		r.Get("/klachten/{id}", s.klachtBehandelen)
		r.Post("/klachten/{id}", s.klachtBeantwoorden)
	})
}

func (s *Server) klachtForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, pages.KlachtForm(s.page(r, "Suggestie of klacht"), pages.KlachtView{}))
}

func (s *Server) klachtIndienen(w http.ResponseWriter, r *http.Request) {
	a, _ := auth.ActorFrom(r.Context())
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, apperr.WithCode(http.StatusBadRequest, "", err))
		return
	}
	in := klacht.Invoer{Soort: r.PostForm.Get("soort"), Onderwerp: r.PostForm.Get("onderwerp"), Toelichting: r.PostForm.Get("toelichting")}
	errs := klacht.Valideer(&in)
	if len(errs) == 0 {
		id, err := klacht.Indienen(r.Context(), s.pool, a, in)
		audit.Object(r.Context(), s.pool, "klacht", "indienen", id, a.BudgethouderID, err)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		http.Redirect(w, r, "/suggestie-of-klacht/verzonden?kenmerk="+klacht.Kenmerk(id), http.StatusSeeOther)
		return
	}
	var summary []components.FieldError
	for _, f := range []string{"soort", "onderwerp", "toelichting"} {
		if m, ok := errs[f]; ok {
			summary = append(summary, components.FieldError{FieldID: f, Message: m})
		}
	}
	s.render(w, r, http.StatusUnprocessableEntity, pages.KlachtForm(s.page(r, "Fout: Suggestie of klacht"), pages.KlachtView{
		Values: map[string]string{"soort": in.Soort, "onderwerp": in.Onderwerp, "toelichting": in.Toelichting},
		Errors: errs, Summary: summary,
	}))
}

func (s *Server) klachtVerzonden(w http.ResponseWriter, r *http.Request) {
	kenmerk := r.URL.Query().Get("kenmerk")
	if len(kenmerk) < 2 || len(kenmerk) > 12 || kenmerk[0] != 'K' {
		http.Redirect(w, r, "/suggestie-of-klacht", http.StatusSeeOther)
		return
	}
	if _, err := strconv.ParseUint(kenmerk[1:], 10, 64); err != nil {
		http.Redirect(w, r, "/suggestie-of-klacht", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, pages.KlachtVerzonden(s.page(r, "Suggestie of klacht verzonden"), kenmerk))
}

func (s *Server) klachtenWachtrij(w http.ResponseWriter, r *http.Request) {
	a, _ := auth.ActorFrom(r.Context())
	items, err := klacht.Wachtrij(r.Context(), s.pool, a)
	audit.Object(r.Context(), s.pool, "klachten", "lezen", 0, 0, err)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, pages.KlachtenWachtrij(s.page(r, "Suggesties en klachten"), items))
}

func klachtID(r *http.Request) int64 {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}

func (s *Server) klachtBehandelen(w http.ResponseWriter, r *http.Request) {
	a, _ := auth.ActorFrom(r.Context())
	id := klachtID(r)
	k, err := klacht.Get(r.Context(), s.pool, a, id)
	audit.Object(r.Context(), s.pool, "klacht", "lezen", id, k.BudgethouderID, err)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, pages.KlachtBehandelen(s.page(r, k.SoortLabel()+": "+k.Onderwerp),
		pages.KlachtAntwoordView{Klacht: k, Saved: r.URL.Query().Get("beantwoord") != ""}))
}

func (s *Server) klachtBeantwoorden(w http.ResponseWriter, r *http.Request) {
	a, _ := auth.ActorFrom(r.Context())
	id := klachtID(r)
	k, err := klacht.Get(r.Context(), s.pool, a, id)
	if err != nil {
		audit.Object(r.Context(), s.pool, "klacht", "beantwoorden", id, 0, err)
		s.renderError(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, apperr.WithCode(http.StatusBadRequest, "", err))
		return
	}
	antwoord := r.PostForm.Get("antwoord")
	if errs := klacht.ValideerAntwoord(&antwoord); len(errs) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, pages.KlachtBehandelen(s.page(r, "Fout: "+k.SoortLabel()+": "+k.Onderwerp),
			pages.KlachtAntwoordView{Klacht: k, Antwoord: antwoord, Error: errs["antwoord"]}))
		return
	}
	_, err = klacht.Beantwoorden(r.Context(), s.pool, a, id, antwoord, s.now())
	audit.Object(r.Context(), s.pool, "klacht", "beantwoorden", id, k.BudgethouderID, err)
	if errors.Is(err, apperr.ErrConflict) {
		cur, gerr := klacht.Get(r.Context(), s.pool, a, id)
		if gerr != nil {
			s.renderError(w, r, gerr)
			return
		}
		_, msg := apperr.Classify(err)
		s.render(w, r, http.StatusConflict, pages.KlachtBehandelen(s.page(r, cur.SoortLabel()+": "+cur.Onderwerp),
			pages.KlachtAntwoordView{Klacht: cur, Notice: msg}))
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/klachten/"+strconv.FormatInt(id, 10)+"?beantwoord=1", http.StatusSeeOther)
}

// klachtTiles: the zorgkantoor and the SVB handle suggesties and klachten.
func klachtTiles(a auth.Actor) []pages.Tile {
	if !a.IsStaff() {
		return nil
	}
	return []pages.Tile{{Title: "Suggesties en klachten", Href: "/klachten", Description: "Suggesties en klachten die uw organisatie behandelt: lezen en beantwoorden."}}
}
