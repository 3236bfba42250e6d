package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/declaratie"
	"pgbportaal/web/components"
	"pgbportaal/web/pages"
)

// dclNieuwVelden are the fields of step 1 in page order.
var dclNieuwVelden = []string{declaratie.VeldSoort, declaratie.VeldZorgovereenkomst, declaratie.VeldPeriode}

var dclSoortHints = map[declaratie.Soort]string{
	declaratie.SoortZorg:                   "Per dag de uren, dagdelen of etmalen die de zorgverlener werkte, en de reiskosten als die zijn afgesproken.",
	declaratie.SoortReiskostenBudgethouder: "Reiskosten die u zelf maakte, bijvoorbeeld naar de dagbesteding. Het bedrag komt op uw eigen rekening.",
	declaratie.SoortBijkomendeKosten:       "Kosten die bij de zorg van een zorgverlener horen, bijvoorbeeld bemiddelingskosten.",
	declaratie.SoortFeestdagen:             "Een feestdagenuitkering voor de zorgverlener.",
	declaratie.SoortVVB:                    "1,5% van uw budget dat u vrij mag besteden: ten minste € 250 en hoogstens € 1.250 per jaar. Het bedrag komt op uw eigen rekening.",
}

// nieuwView builds step 1: the soorten (the budget side), the agreements one
// may declare under, and the months.
func (d *declaratieWeb) nieuwView(r *http.Request, values, errs map[string]string) (pages.DclNieuwView, error) {
	a, _ := auth.ActorFrom(r.Context())
	zv := a.Role == auth.RoleZorgverlener
	v := pages.DclNieuwView{Values: values, Errors: errs, Summary: summary(errs, dclNieuwVelden), Zorgverlener: zv, AfspraakLabel: "Zorgverlener"}
	afspraken, err := d.dcl.Afspraken(r.Context())
	if err != nil {
		return v, err
	}
	if zv {
		v.AfspraakLabel = "Budgethouder"
	}
	v.Afspraken = []components.Option{{Value: "", Label: "Maak een keuze"}}
	for _, af := range afspraken {
		naam := af.Inhoud.Zorgverlener.Naam
		if zv {
			naam = af.Inhoud.BudgethouderNaam
		}
		v.Afspraken = append(v.Afspraken, components.Option{Value: strconv.FormatInt(af.ID, 10), Label: naam})
	}
	if !zv {
		for _, s := range declaratie.Soorten {
			v.Soorten = append(v.Soorten, components.Option{Value: string(s), Label: s.Label(), Hint: dclSoortHints[s]})
		}
	}
	today := civil.Today(d.now())
	v.Maanden = []components.Option{{Value: "", Label: "Maak een keuze"}}
	for _, m := range declaratie.Maanden(today) {
		if zv {
			// The zorgverlener declares geleverde zorg: months that have
			// passed that one of their agreements may be declared over.
			ok := false
			for _, af := range afspraken {
				ok = ok || slices.Contains(af.Maanden, m)
			}
			if !declaratie.MaandVoorbij(m, today) || !ok {
				continue
			}
		}
		label := declaratie.MaandNaam(m)
		if !declaratie.MaandVoorbij(m, today) {
			label += " (lopende maand)"
		}
		v.Maanden = append(v.Maanden, components.Option{Value: maandWaarde(m), Label: label})
	}
	return v, nil
}

// nieuwForm is step 1 of a new declaratie.
func (d *declaratieWeb) nieuwForm(w http.ResponseWriter, r *http.Request) {
	a, _ := auth.ActorFrom(r.Context())
	if !budgethouderActor(a) && a.Role != auth.RoleZorgverlener {
		d.renderError(w, r, apperr.WithCode(http.StatusForbidden, "U kunt uw pgb alleen bekijken. Uw gevolmachtigde dient declaraties in.", apperr.ErrForbidden))
		return
	}
	today := civil.Today(d.now())
	values := map[string]string{declaratie.VeldPeriode: maandWaarde(today.FirstOfMonth().AddMonths(-1))}
	v, err := d.nieuwView(r, values, map[string]string{})
	if err != nil {
		d.renderError(w, r, err)
		return
	}
	if len(v.Afspraken) == 2 {
		values[declaratie.VeldZorgovereenkomst] = v.Afspraken[1].Value
	}
	d.render(w, r, http.StatusOK, pages.DclNieuw(d.dclPage(r, pages.DclStapTitel(v.Zorgverlener, 1, "Declaratie")), v))
}

// nieuwOpslaan starts the declaratie: from here it exists as a concept.
func (d *declaratieWeb) nieuwOpslaan(w http.ResponseWriter, r *http.Request) {
	if !d.parseForm(w, r) {
		return
	}
	a, _ := auth.ActorFrom(r.Context())
	values := map[string]string{}
	for _, f := range dclNieuwVelden {
		values[f] = r.PostForm.Get(f)
	}
	n := declaratie.NieuwInvoer{
		Soort:              declaratie.Soort(values[declaratie.VeldSoort]),
		ZorgovereenkomstID: parseID(values[declaratie.VeldZorgovereenkomst]),
		Periode:            parseMaand(values[declaratie.VeldPeriode]),
	}
	if a.Role == auth.RoleZorgverlener {
		n.Soort = declaratie.SoortZorg
	}
	if !n.Soort.MetZorgovereenkomst() {
		n.ZorgovereenkomstID = 0
	}
	id, err := d.dcl.Nieuw(r.Context(), n)
	if err == nil {
		http.Redirect(w, r, dclURL(id, ""), http.StatusSeeOther)
		return
	}
	errs, ok := ongeldigeVelden(err)
	status := http.StatusUnprocessableEntity
	if !ok {
		if !errors.Is(err, declaratie.ErrDubbel) {
			d.renderError(w, r, err)
			return
		}
		_, msg := apperr.Classify(err)
		errs, status = map[string]string{declaratie.VeldPeriode: msg}, http.StatusConflict
	}
	v, verr := d.nieuwView(r, values, errs)
	if verr != nil {
		d.renderError(w, r, verr)
		return
	}
	d.render(w, r, status, pages.DclNieuw(d.dclPage(r, "Fout: "+pages.DclStapTitel(v.Zorgverlener, 1, "Declaratie")), v))
}
