package web

import (
	"net/http"
	"strconv"

	"pgbportaal/internal/apperr"
	"pgbportaal/web/pages"
)

var budgetTabs = []struct{ key, label string }{
	{"totaal", "Totaalbudget"}, {"uitbetalingen", "Uitbetalingen"}, {"ingepland", "Ingeplande uitbetalingen"},
}

// budgetOverzicht is "Overzicht budget": ?tab=totaal|uitbetalingen|ingepland
// and ?jaar= (default: this year).
func (s *Server) budgetOverzicht(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	jaar := 0
	if j := q.Get("jaar"); j != "" {
		n, err := strconv.Atoi(j)
		if err != nil || n < 2000 || n > 2100 {
			s.renderError(w, r, apperr.ErrNotFound)
			return
		}
		jaar = n
	}
	tab := q.Get("tab")
	switch tab {
	case "totaal", "uitbetalingen", "ingepland":
	case "":
		tab = "totaal"
	default:
		s.renderError(w, r, apperr.ErrNotFound)
		return
	}
	o, err := s.budget.Overzicht(r.Context(), jaar)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := pages.BudgetView{O: o, Tab: tab}
	jaarQ := "jaar=" + strconv.Itoa(o.Jaar)
	for _, t := range budgetTabs {
		v.Tabs = append(v.Tabs, pages.BudgetLink{Label: t.label, Href: "/budget?tab=" + t.key + "&" + jaarQ, Current: t.key == tab})
	}
	for _, j := range o.Jaren {
		js := strconv.Itoa(j)
		v.Jaren = append(v.Jaren, pages.BudgetLink{Label: js, Value: js, Href: "/budget?tab=" + tab + "&jaar=" + js, Current: j == o.Jaar})
	}
	title := "Overzicht budget"
	for _, t := range budgetTabs {
		if t.key == tab && tab != "totaal" {
			title = t.label + " – " + title
		}
	}
	p := s.page(r, title)
	p.Styles = append(p.Styles, "css/budget.css")
	s.render(w, r, http.StatusOK, pages.BudgetOverzicht(p, v))
}
