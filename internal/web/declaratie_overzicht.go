package web

import (
	"net/http"
	"strconv"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/audit"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/declaratie"
	"pgbportaal/web/components"
	"pgbportaal/web/pages"
)

// dclFilter reads the overview's filter from the query; values that are not
// among the choices do not filter.
func dclFilter(r *http.Request) (declaratie.Filter, map[string]string) {
	q := r.URL.Query()
	f := declaratie.Filter{ZorgverlenerID: parseID(q.Get("zorgverlener")), Periode: parseMaand(q.Get("periode"))}
	if s := q.Get("soort"); s == declaratie.SoortMaandloon || declaratie.Soort(s).Geldig() {
		f.Soort = s
	}
	for _, st := range declaratie.Statussen {
		if string(st) == q.Get("status") {
			f.Status = st
		}
	}
	values := map[string]string{"soort": f.Soort, "status": string(f.Status), "periode": maandWaarde(f.Periode)}
	if f.ZorgverlenerID != 0 {
		values["zorgverlener"] = strconv.FormatInt(f.ZorgverlenerID, 10)
	}
	return f, values
}

// overzicht is "Overzicht declaraties en maandlonen": the budget side's
// declaraties and maandlonen, or the zorgverlener's own, filtered by a GET form.
func (d *declaratieWeb) overzicht(w http.ResponseWriter, r *http.Request) {
	a, _ := auth.ActorFrom(r.Context())
	f, values := dclFilter(r)
	o, err := d.dcl.Lijst(r.Context(), f)
	audit.Record(r.Context(), d.pool, audit.Entry{Action: "lezen", ObjectType: "declaraties", Outcome: audit.OutcomeOf(err)})
	if err != nil {
		d.renderError(w, r, err)
		return
	}
	zv := a.Role == auth.RoleZorgverlener
	v := pages.DclOverzichtView{Totaal: o.Totaal, NaamKop: "Zorgverlener", Filter: values,
		Gefilterd: f != (declaratie.Filter{})}
	switch {
	case zv:
		v.NaamKop, v.Knop = "Budgethouder", "Declaratie invoeren"
	case budgethouderActor(a):
		v.Knop = "Indienen declaratie"
	}
	for _, x := range o.Rijen {
		rij := pages.DclRij{Periode: declaratie.MaandNaam(x.Periode), Soort: x.SoortLabel, Bedrag: x.Bedrag,
			Status: x.Status.Label(), Tone: dclTone(x.Status), Naam: x.ZorgverlenerNaam}
		if zv {
			rij.Naam = x.BudgethouderNaam
		} else if rij.Naam == "" {
			rij.Naam = "Eigen rekening"
		}
		if x.DeclaratieID != 0 {
			rij.Href, rij.Link = dclURL(x.DeclaratieID, ""), "Bekijken"
			door := declaratie.DoorBudgethouder
			partij := declaratie.PartijBudgethouder
			if zv {
				door, partij = declaratie.DoorZorgverlener, declaratie.PartijZorgverlener
			}
			switch {
			case (budgethouderActor(a) || zv) && declaratie.Allowed(x.Status, declaratie.Opslaan, partij, x.IngevoerdDoor) && x.IngevoerdDoor == door:
				rij.Link = "Verder invullen"
			case budgethouderActor(a) && x.Status == declaratie.TerBeoordeling:
				rij.Link = "Beoordelen"
				v.TerBeoordeling++
			}
		}
		v.Rijen = append(v.Rijen, rij)
	}
	if !zv {
		v.Zorgverleners = []components.Option{{Value: "", Label: "Alle zorgverleners"}}
		for _, z := range o.Zorgverleners {
			v.Zorgverleners = append(v.Zorgverleners, components.Option{Value: strconv.FormatInt(z.ID, 10), Label: z.Naam})
		}
	}
	v.Maanden = []components.Option{{Value: "", Label: "Alle maanden"}}
	for _, m := range o.Maanden {
		v.Maanden = append(v.Maanden, components.Option{Value: maandWaarde(m), Label: declaratie.MaandNaam(m)})
	}
	v.Soorten = []components.Option{{Value: "", Label: "Alle soorten"}}
	for _, s := range declaratie.Soorten {
		if zv && s != declaratie.SoortZorg {
			continue
		}
		v.Soorten = append(v.Soorten, components.Option{Value: string(s), Label: s.Label()})
	}
	v.Soorten = append(v.Soorten, components.Option{Value: declaratie.SoortMaandloon, Label: "Maandloon"})
	v.Statussen = []components.Option{{Value: "", Label: "Alle statussen"}}
	for _, s := range declaratie.Statussen {
		v.Statussen = append(v.Statussen, components.Option{Value: string(s), Label: s.Label()})
	}
	d.render(w, r, http.StatusOK, pages.DclOverzicht(d.dclPage(r, "Overzicht declaraties en maandlonen"), v))
}

// intrekkingen is the SVB's queue of requested withdrawals.
func (d *declaratieWeb) intrekkingen(w http.ResponseWriter, r *http.Request) {
	d.toonIntrekkingen(w, r, http.StatusOK, dclGedaan[r.URL.Query().Get("gedaan")], "")
}

func (d *declaratieWeb) toonIntrekkingen(w http.ResponseWriter, r *http.Request, status int, melding, fout string) {
	q, err := d.dcl.Wachtrij(r.Context())
	if err != nil {
		d.renderError(w, r, err)
		return
	}
	v := pages.DclIntrekkingenView{Melding: melding, Fout: fout}
	for _, x := range q {
		v.Rijen = append(v.Rijen, pages.DclIntrekking{ID: x.ID, Versie: strconv.Itoa(x.Versie), Kenmerk: x.Kenmerk(),
			Budgethouder: x.BudgethouderNaam, Periode: x.Maand(), Soort: x.Soort.Label(), Bedrag: x.Totaal, Aangevraagd: pages.Datum(x.Gewijzigd)})
	}
	title := "Intrekkingen van declaraties"
	if fout != "" {
		title = "Fout: " + title
	}
	d.render(w, r, status, pages.DclIntrekkingen(d.dclPage(r, title), v))
}

// intrekkingBesluiten is the SVB's decision: besluit=toekennen or weigeren.
func (d *declaratieWeb) intrekkingBesluiten(w http.ResponseWriter, r *http.Request) {
	id, ok := dclID(r)
	if !ok {
		d.renderError(w, r, errNotFound)
		return
	}
	if !d.parseForm(w, r) {
		return
	}
	besluit := r.PostForm.Get("besluit")
	if besluit != "toekennen" && besluit != "weigeren" {
		d.toonIntrekkingen(w, r, http.StatusUnprocessableEntity, "", "Kies Toekennen of Weigeren.")
		return
	}
	if err := d.dcl.IntrekkingBesluiten(r.Context(), id, dclVersie(r), besluit == "toekennen"); err != nil {
		code, msg := apperr.Classify(err)
		if code != http.StatusConflict && code != http.StatusUnprocessableEntity {
			d.renderError(w, r, err)
			return
		}
		d.toonIntrekkingen(w, r, code, "", msg)
		return
	}
	gedaan := "geweigerd"
	if besluit == "toekennen" {
		gedaan = "toegekend"
	}
	http.Redirect(w, r, "/intrekkingen?gedaan="+gedaan, http.StatusSeeOther)
}
