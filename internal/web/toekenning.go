package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/budget"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/money"
	"pgbportaal/web/components"
	"pgbportaal/web/pages"
)

var toekenningVelden = []string{"relatienummer", "jaar", "bedrag", "ingangsdatum", "zorgprofiel"}

func toekenningProfielen() []components.Option {
	opts := []components.Option{{Value: "", Label: "Maak een keuze"}}
	for _, z := range budget.Zorgprofielen {
		opts = append(opts, components.Option{Value: z.Code, Label: z.Label()})
	}
	return opts
}

func (s *Server) renderToekenningForm(w http.ResponseWriter, r *http.Request, status int, values, errs map[string]string) {
	var sum []components.FieldError
	for _, f := range toekenningVelden {
		if m, ok := errs[f]; ok {
			sum = append(sum, components.FieldError{FieldID: f, Message: m})
		}
	}
	title := "Toekenning registreren"
	if len(sum) > 0 {
		title = "Fout: " + title
	}
	s.render(w, r, status, pages.ToekenningNieuw(s.page(r, title), pages.ToekenningFormView{
		Values: values, Errors: errs, Summary: sum, Zorgprofiel: toekenningProfielen(),
	}))
}

// toekenningForm is the empty "Toekenning registreren" form.
func (s *Server) toekenningForm(w http.ResponseWriter, r *http.Request) {
	s.renderToekenningForm(w, r, http.StatusOK, map[string]string{"jaar": strconv.Itoa(civil.Today(s.now()).Year)}, nil)
}

// toekenningDecode reads the form into a Toekenning; errs holds the fields
// that could not be read.
func toekenningDecode(get func(string) string) (budget.Toekenning, map[string]string, map[string]string) {
	values := map[string]string{}
	for _, f := range toekenningVelden {
		values[f] = get(f)
	}
	errs := map[string]string{}
	t := budget.Toekenning{BudgethouderRelatienummer: strings.TrimSpace(values["relatienummer"]), Zorgprofiel: values["zorgprofiel"]}
	if j := strings.TrimSpace(values["jaar"]); j != "" {
		n, err := strconv.Atoi(j)
		if err != nil || len(j) != 4 {
			errs["jaar"] = "Vul een jaar in van 4 cijfers, bijvoorbeeld 2026."
		} else {
			t.Jaar = n
		}
	}
	if b := values["bedrag"]; strings.TrimSpace(b) != "" {
		c, err := money.Parse(b)
		if err != nil {
			errs["bedrag"] = err.Error()
		} else {
			t.Bedrag = int64(c)
		}
	}
	if d := values["ingangsdatum"]; strings.TrimSpace(d) != "" {
		date, err := civil.Parse(d)
		if err != nil {
			errs["ingangsdatum"] = err.Error()
		} else {
			t.Ingangsdatum = date
		}
	}
	return t, values, errs
}

// toekenningRegistreren registers the toekenning, or shows the form again
// with the errors by field.
func (s *Server) toekenningRegistreren(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, apperr.WithCode(http.StatusBadRequest, "", err))
		return
	}
	t, values, errs := toekenningDecode(r.PostForm.Get)
	for f, m := range t.Valideer(civil.Today(s.now())) {
		if _, ok := errs[f]; !ok {
			errs[f] = m
		}
	}
	if len(errs) > 0 {
		s.renderToekenningForm(w, r, http.StatusUnprocessableEntity, values, errs)
		return
	}
	id, err := s.budget.Registreer(r.Context(), t)
	var ong apperr.Fields
	_, msg := apperr.Classify(err)
	switch {
	case err == nil:
		http.Redirect(w, r, "/toekenningen?geregistreerd="+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return
	case errors.As(err, &ong):
		errs = ong
	case errors.Is(err, budget.ErrBudgethouderOnbekend):
		errs["relatienummer"] = msg
	case errors.Is(err, budget.ErrAlToegekend):
		errs["jaar"] = msg
	default:
		s.renderError(w, r, err)
		return
	}
	s.renderToekenningForm(w, r, http.StatusUnprocessableEntity, values, errs)
}

// toekenningenLijst lists the region's toekenningen; ?geregistreerd=<id>
// confirms a registration just done.
func (s *Server) toekenningenLijst(w http.ResponseWriter, r *http.Request) {
	items, err := s.budget.Toekenningen(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := pages.ToekenningenView{Items: items}
	if id, err := strconv.ParseInt(r.URL.Query().Get("geregistreerd"), 10, 64); err == nil {
		for _, t := range items {
			if t.ID == id {
				v.Melding = "De toekenning van " + t.BudgethouderNaam + " (" + t.BudgethouderRelatienummer + ") voor " + strconv.Itoa(t.Jaar) +
					" is geregistreerd. De budgethouder heeft hierover een bericht gekregen en kan het PGB Portaal nu gebruiken."
			}
		}
	}
	s.render(w, r, http.StatusOK, pages.Toekenningen(s.page(r, "Toekenningen"), v))
}
