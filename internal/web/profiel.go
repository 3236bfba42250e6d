package web

import (
	"errors"
	"net/http"
	"strconv"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/audit"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/profiel"
	"pgbportaal/web/components"
	"pgbportaal/web/pages"
)

var profielOrder = []string{"straat", "huisnummer", "postcode", "woonplaats", "email", "telefoon", "iban", "voorkeur"}

func profielValues(p profiel.Profiel) map[string]string {
	return map[string]string{"straat": p.Straat, "huisnummer": p.Huisnummer, "postcode": p.Postcode, "woonplaats": p.Woonplaats,
		"email": p.Email, "telefoon": p.Telefoon, "iban": p.IBAN, "voorkeur": p.Voorkeur}
}

func (s *Server) profielForm(w http.ResponseWriter, r *http.Request) {
	a, _ := auth.ActorFrom(r.Context())
	if !profiel.Needs(a) {
		s.renderError(w, r, apperr.ErrNotFound)
		return
	}
	p, err := profiel.Get(r.Context(), s.pool, a)
	first := errors.Is(err, apperr.ErrNotFound)
	if err != nil && !first {
		s.renderError(w, r, err)
		return
	}
	if first {
		p.Voorkeur = "digitaal"
	}
	audit.Record(r.Context(), s.pool, audit.Entry{Action: "lezen", ObjectType: "profiel", Outcome: audit.OK})
	s.render(w, r, http.StatusOK, pages.Profiel(s.page(r, "Profiel"), pages.ProfielView{
		First: first, Saved: r.URL.Query().Get("opgeslagen") != "", WantIBAN: profiel.WantsIBAN(a), ReadOnly: a.ReadOnly,
		Values: profielValues(p), Versie: strconv.Itoa(p.Versie),
	}))
}

func (s *Server) profielOpslaan(w http.ResponseWriter, r *http.Request) {
	a, _ := auth.ActorFrom(r.Context())
	if !profiel.Needs(a) {
		s.renderError(w, r, apperr.ErrNotFound)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, apperr.WithCode(http.StatusBadRequest, "", err))
		return
	}
	versie, _ := strconv.Atoi(r.PostForm.Get("versie"))
	p := profiel.Profiel{
		Straat: r.PostForm.Get("straat"), Huisnummer: r.PostForm.Get("huisnummer"), Postcode: r.PostForm.Get("postcode"),
		Woonplaats: r.PostForm.Get("woonplaats"), Email: r.PostForm.Get("email"), Telefoon: r.PostForm.Get("telefoon"),
		IBAN: r.PostForm.Get("iban"), Voorkeur: r.PostForm.Get("voorkeur"), Versie: versie,
	}
	errs := profiel.Validate(&p, profiel.WantsIBAN(a))
	notice := ""
	if len(errs) == 0 {
		err := profiel.Save(r.Context(), s.pool, a, p)
		if err == nil {
			audit.Record(r.Context(), s.pool, audit.Entry{Action: "wijzigen", ObjectType: "profiel", Outcome: audit.OK})
			http.Redirect(w, r, "/profiel?opgeslagen=1", http.StatusSeeOther)
			return
		}
		if !errors.Is(err, apperr.ErrConflict) {
			s.renderError(w, r, err)
			return
		}
		// Someone saved in between: show their version's number so the next
		// save is deliberate, and keep this person's input on screen.
		_, msg := apperr.Classify(err)
		notice = msg
		if cur, gerr := profiel.Get(r.Context(), s.pool, a); gerr == nil {
			p.Versie = cur.Versie
		}
	}
	var summary []components.FieldError
	for _, f := range profielOrder {
		if m, ok := errs[f]; ok {
			summary = append(summary, components.FieldError{FieldID: f, Message: m})
		}
	}
	status := http.StatusUnprocessableEntity
	if notice != "" {
		status = http.StatusConflict
	}
	title := "Profiel"
	if len(summary) > 0 {
		title = "Fout: " + title
	}
	s.render(w, r, status, pages.Profiel(s.page(r, title), pages.ProfielView{
		First: versie == 0, WantIBAN: profiel.WantsIBAN(a), Values: profielValues(p), Errors: errs, Summary: summary,
		Versie: strconv.Itoa(p.Versie), Notice: notice,
	}))
}
