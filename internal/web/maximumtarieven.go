package web

import (
	"net/http"
	"strconv"
	"strings"

	"pgbportaal/internal/money"
	zov "pgbportaal/internal/zorgovereenkomst"
	"pgbportaal/web/pages"
)

var maximaVelden = []string{"jaar", "informeel", "professioneel", "dagdeel", "per_km"}

func maximaValues(m zov.Maxima) map[string]string {
	return map[string]string{"jaar": strconv.Itoa(m.Jaar), "informeel": money.Cents(m.Informeel).Plain(),
		"professioneel": money.Cents(m.Professioneel).Plain(), "dagdeel": money.Cents(m.Dagdeel).Plain(), "per_km": money.Cents(m.PerKm).Plain()}
}

// maximumtarieven shows the maximumtarieven per year and the form to add or
// change a year (?jaar= fills it with that year's figures).
func (s *Server) maximumtarieven(w http.ResponseWriter, r *http.Request) {
	lijst, err := s.zov.MaximaLijst(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := pages.MaximumtarievenView{Jaren: lijst, Values: map[string]string{}, Errors: map[string]string{}}
	q := r.URL.Query()
	for _, m := range lijst {
		if j := strconv.Itoa(m.Jaar); j == q.Get("jaar") {
			v.Values, v.Wijzig = maximaValues(m), true
		}
		if j := strconv.Itoa(m.Jaar); j == q.Get("opgeslagen") {
			v.Melding = "De maximumtarieven van " + j + " zijn opgeslagen."
		}
	}
	s.render(w, r, http.StatusOK, pages.Maximumtarieven(s.zovPage(r, "Maximumtarieven"), v))
}

// decodeMaxima reads the maximumtarieven form.
func decodeMaxima(f map[string][]string) (zov.Maxima, map[string]string, map[string]string) {
	get := func(k string) string {
		if v := f[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	values := map[string]string{}
	errs := map[string]string{}
	var m zov.Maxima
	jaar := strings.TrimSpace(get("jaar"))
	values["jaar"] = get("jaar")
	switch n, err := strconv.Atoi(jaar); {
	case jaar == "":
		errs["jaar"] = "Vul het jaar in, bijvoorbeeld 2026"
	case err != nil || len(jaar) != 4 || n < 2000 || n > 2100:
		errs["jaar"] = "Vul een jaar in van 4 cijfers tussen 2000 en 2100, bijvoorbeeld 2026"
	default:
		m.Jaar = n
	}
	bedrag := func(id, wat string) int64 {
		raw := get(id)
		values[id] = raw
		if strings.TrimSpace(raw) == "" {
			errs[id] = "Vul het maximumtarief " + wat + " in"
			return 0
		}
		c, err := money.Parse(raw)
		switch {
		case err != nil:
			errs[id] = err.Error()
		case c <= 0:
			errs[id] = "Vul een bedrag in dat groter is dan 0"
		case c > 100_000:
			errs[id] = "Vul een bedrag in van hoogstens € 1.000,00"
		}
		return int64(c)
	}
	m.Informeel = bedrag("informeel", "informeel per uur")
	m.Professioneel = bedrag("professioneel", "professioneel per uur")
	m.Dagdeel = bedrag("dagdeel", "begeleiding groep per dagdeel")
	m.PerKm = bedrag("per_km", "reiskosten per km")
	if errs["informeel"] == "" && errs["professioneel"] == "" && m.Professioneel < m.Informeel {
		errs["professioneel"] = "Het professionele tarief kan niet lager zijn dan het informele tarief"
	}
	return m, values, errs
}

// maximumtarievenOpslaan adds or changes the maximumtarieven of a year.
func (s *Server) maximumtarievenOpslaan(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	m, values, errs := decodeMaxima(r.PostForm)
	if len(errs) == 0 {
		if err := s.zov.MaximaOpslaan(r.Context(), m); err != nil {
			s.renderError(w, r, err)
			return
		}
		http.Redirect(w, r, "/maximumtarieven?opgeslagen="+strconv.Itoa(m.Jaar), http.StatusSeeOther)
		return
	}
	lijst, err := s.zov.MaximaLijst(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := pages.MaximumtarievenView{Jaren: lijst, Values: values, Errors: errs, Summary: summary(errs, maximaVelden)}
	s.render(w, r, http.StatusUnprocessableEntity, pages.Maximumtarieven(s.zovPage(r, "Fout: Maximumtarieven"), v))
}
