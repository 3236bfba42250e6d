package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/declaratie"
	"pgbportaal/internal/money"
	zov "pgbportaal/internal/zorgovereenkomst"
	"pgbportaal/web/components"
	"pgbportaal/web/pages"
)

// eenheidKop is the unit as a column heading: "uren", "etmalen", "km".
func eenheidKop(e zov.Eenheid) string {
	if e == declaratie.PerKm {
		return "km"
	}
	return declaratie.EenheidMeervoud(e)
}

// aantalTekst is an amount of units: "7,5 uur", "1 etmaal", "2 dagdelen", "12,5 km".
func aantalTekst(a int64, e zov.Eenheid) string {
	n := declaratie.UrenTekst(a)
	switch e {
	case zov.PerUur:
		return n + " uur"
	case declaratie.PerKm:
		return n + " km"
	}
	if a == 100 {
		return n + " " + string(e)
	}
	return n + " " + declaratie.EenheidMeervoud(e)
}

// tariefTekst is a rate: "€ 20,00 per uur".
func tariefTekst(bedrag int64, e zov.Eenheid) string {
	return money.Cents(bedrag).String() + " per " + string(e)
}

// dclTegenpartij is who the declaratie concerns, from the viewer's side.
func dclTegenpartij(a auth.Actor, x declaratie.Declaratie) (string, string) {
	switch {
	case a.Role == auth.RoleZorgverlener:
		return "Budgethouder", x.BudgethouderNaam
	case a.IsStaff():
		return "Budgethouder", x.BudgethouderNaam
	case x.ZorgverlenerNaam != "":
		return "Zorgverlener", x.ZorgverlenerNaam
	}
	return "Betalen aan", "Uw eigen rekening"
}

// formView builds the entry form of x with values and errs.
func (d *declaratieWeb) formView(r *http.Request, x declaratie.Declaratie, values, errs map[string]string) (pages.DclFormView, error) {
	a, _ := auth.ActorFrom(r.Context())
	v := pages.DclFormView{ID: x.ID, Versie: strconv.Itoa(x.Versie), Zorgverlener: a.Role == auth.RoleZorgverlener,
		Values: values, Errors: errs, Zorg: x.Soort == declaratie.SoortZorg}
	if x.Status == declaratie.Afgekeurd {
		v.Notitie = x.Notitie
	}
	label, naam := dclTegenpartij(a, x)
	v.Info = pages.DclInfo{Kenmerk: x.Kenmerk(), SoortLabel: x.Soort.Label(), Maand: x.Maand(), TegenpartijLabel: label, TegenpartijNaam: naam}
	var order []string
	if maand := x.MaandAfspraak(); v.Zorg && maand != nil {
		// The rates and hours of the version in force in the month declared.
		in := *maand
		v.Info.Versie = dclVersieTekst(x)
		kolommen := dclKolommen(in)
		for _, t := range kolommen {
			v.Info.Tarieven = append(v.Info.Tarieven, pages.DclTarief{Label: t.Zorgfunctie.Label(), Tekst: tariefTekst(t.Bedrag, t.Eenheid)})
			v.Kolommen = append(v.Kolommen, pages.DclKolom{Label: t.Zorgfunctie.Label(), Eenheid: eenheidKop(t.Eenheid)})
		}
		if in.Reiskosten {
			v.Info.Tarieven = append(v.Info.Tarieven, pages.DclTarief{Label: "Reiskosten", Tekst: tariefTekst(in.ReiskostenPerKm, "km")})
			v.Kolommen = append(v.Kolommen, pages.DclKolom{Label: "Reiskosten", Eenheid: "km"})
		}
		per := "week"
		if in.UrenPer == "maand" {
			per = "maand"
		}
		if in.Uren > 0 {
			v.Info.Uren = declaratie.UrenTekst(in.Uren) + " uur per " + per + ": in " + x.Maand() + " hoogstens " +
				declaratie.UrenTekst(declaratie.UrenToegestaan(in, x.Periode)) + " uur"
		}
		v.Breedte = len(v.Kolommen) + 1
		order = append(order, declaratie.VeldRegels)
		weken := dclWeken(x.Periode)
		for i, week := range weken {
			pw := pages.DclWeek{Nummer: i + 1, Van: week[0].String(), Tot: week[len(week)-1].String(), Kopieer: i+1 < len(weken)}
			for _, dag := range week {
				pd := pages.DclDag{Datum: dag.String(), Weekdag: declaratie.Weekdag(dag), Binnen: declaratie.BinnenOvereenkomst(dag, in),
					Weekend: dag.Weekday() == 0 || dag.Weekday() == 6}
				if pd.Binnen {
					cel := func(id, functie string, e zov.Eenheid) pages.DclCel {
						order = append(order, id)
						return pages.DclCel{ID: id, Value: values[id], Error: errs[id],
							Label: functie + ", " + declaratie.Weekdag(dag) + " " + dag.String() + ", " + declaratie.EenheidMeervoud(e),
							Kort:  functie + " (" + eenheidKop(e) + ")"}
					}
					for _, t := range kolommen {
						pd.Cellen = append(pd.Cellen, cel(declaratie.VeldAantal(dag, t.Zorgfunctie), t.Zorgfunctie.Label(), t.Eenheid))
					}
					if in.Reiskosten {
						pd.Cellen = append(pd.Cellen, cel(declaratie.VeldKm(dag), "Reiskosten", declaratie.PerKm))
					}
				}
				pw.Dagen = append(pw.Dagen, pd)
			}
			v.Weken = append(v.Weken, pw)
		}
		if md := dclMeerdaagsFuncties(in); len(md) > 0 {
			v.MeerdaagsOpties = []components.Option{{Value: "", Label: "Maak een keuze"}}
			for _, t := range md {
				v.MeerdaagsOpties = append(v.MeerdaagsOpties, components.Option{Value: string(t.Zorgfunctie),
					Label: t.Zorgfunctie.Label() + " (per " + string(t.Eenheid) + ")"})
			}
			n := meerdaagsRijen(values)
			for i := 0; i <= n && i < maxMeerdaags; i++ {
				v.Meerdaags = append(v.Meerdaags, i)
				for _, p := range []string{"begin", "eind", "functie", "aantal"} {
					order = append(order, declaratie.VeldMeerdaags(i, p))
				}
			}
		}
	} else {
		v.EigenRekening = !x.Soort.MetZorgovereenkomst()
		order = append(order, declaratie.VeldOmschrijving, declaratie.VeldBedrag, declaratie.VeldIBAN)
		if x.Soort == declaratie.SoortVVB && a.ActsForBudgethouder() {
			ruimte, err := d.dcl.VVBRuimte(r.Context(), x.Periode.Year, x.ID)
			if err != nil {
				return v, err
			}
			v.VVB = &pages.DclVVB{Jaar: ruimte.Jaar, Maximum: ruimte.Maximum, Gedeclareerd: ruimte.Gedeclareerd,
				Beschikbaar: ruimte.Beschikbaar(), ZorgBetaald: ruimte.ZorgBetaald}
		}
	}
	v.Summary = dclSummary(errs, order)
	return v, nil
}

// dclVersieTekst says, for an agreement that was changed, which version's
// afspraken the form shows: "Versie 1 van de zorgovereenkomst, geldig van
// 01-01-2026 tot en met 31-03-2026"; "" for an agreement with one version.
func dclVersieTekst(x declaratie.Declaratie) string {
	v, ok := x.MaandVersie()
	if !ok || len(x.Versies) < 2 {
		return ""
	}
	txt := "Versie " + strconv.Itoa(v.Nummer) + " van de zorgovereenkomst, "
	var volgende *zov.Versie
	for i := range x.Versies {
		if w := x.Versies[i]; w.Vanaf.After(v.Vanaf) && (volgende == nil || w.Vanaf.Before(volgende.Vanaf)) {
			volgende = &x.Versies[i]
		}
	}
	vanaf := v.Vanaf
	if vanaf.Before(x.Afspraak.Ingangsdatum) {
		vanaf = x.Afspraak.Ingangsdatum
	}
	if volgende == nil {
		return txt + "geldig vanaf " + vanaf.String()
	}
	return txt + "geldig van " + vanaf.String() + " tot en met " + volgende.Vanaf.AddDays(-1).String()
}

// dclSummary lists errs in page order; an error of a field that is not on
// the page (the agreement, the month) is listed without a link.
func dclSummary(errs map[string]string, order []string) []components.FieldError {
	out := summary(errs, order)
	op := map[string]bool{}
	for _, f := range order {
		op[f] = true
	}
	for i := range out {
		if !op[out[i].FieldID] {
			out[i].FieldID = ""
		}
	}
	return out
}

func (d *declaratieWeb) toonFormulier(w http.ResponseWriter, r *http.Request, status int, x declaratie.Declaratie, values, errs map[string]string, melding, fout string) {
	v, err := d.formView(r, x, values, errs)
	if err != nil {
		d.renderError(w, r, err)
		return
	}
	v.Melding, v.Fout = melding, fout
	title := pages.DclStapTitel(v.Zorgverlener, 1, "Declaratie")
	if len(errs) > 0 {
		title = "Fout: " + title
	}
	d.render(w, r, status, pages.DclInvullen(d.dclPage(r, title), v))
}

func savedValues(x declaratie.Declaratie) map[string]string {
	if x.Soort == declaratie.SoortZorg {
		return regelValues(x)
	}
	return bedragValues(x)
}

// openen is GET /declaraties/{id}: the entry form for whoever may still
// change the declaratie (with ?controleer=1 at once with what breaks the
// rules), its page for everyone else.
func (d *declaratieWeb) openen(w http.ResponseWriter, r *http.Request) {
	id, ok := dclID(r)
	if !ok {
		d.renderError(w, r, errNotFound)
		return
	}
	x, err := d.dcl.Get(r.Context(), id)
	if err != nil {
		d.renderError(w, r, err)
		return
	}
	a, _ := auth.ActorFrom(r.Context())
	if !magInvullen(a, x) {
		d.toonDetail(w, r, http.StatusOK, x, dclGedaan[r.URL.Query().Get("gedaan")], "", nil, "")
		return
	}
	errs := map[string]string{}
	status := http.StatusOK
	if r.URL.Query().Get("controleer") != "" {
		var cerr error
		if x, errs, cerr = d.dcl.Controleer(r.Context(), id); cerr != nil {
			d.renderError(w, r, cerr)
			return
		}
		if len(errs) > 0 {
			status = http.StatusUnprocessableEntity
		}
	}
	d.toonFormulier(w, r, status, x, savedValues(x), errs, dclGedaan[r.URL.Query().Get("gedaan")], "")
}

// opslaan is POST /declaraties/{id}: "Tussentijds opslaan", "Volgende
// stap", "Kopieer naar volgende week" (actie=kopieer_N) and removing a rate
// over several days (actie=verwijder_md_N). Malformed input is never saved:
// the form comes back with the input as typed and the errors tied to the
// fields. "Volgende stap" saves and moves on only when the rules hold.
func (d *declaratieWeb) opslaan(w http.ResponseWriter, r *http.Request) {
	id, ok := dclID(r)
	if !ok {
		d.renderError(w, r, errNotFound)
		return
	}
	if !d.parseForm(w, r) {
		return
	}
	x, err := d.dcl.Get(r.Context(), id)
	if err != nil {
		d.renderError(w, r, err)
		return
	}
	a, _ := auth.ActorFrom(r.Context())
	if !magInvullen(a, x) {
		d.renderError(w, r, apperr.WithCode(http.StatusConflict,
			"Deze declaratie kan niet meer worden gewijzigd: zij heeft de status \""+x.Status.Label()+"\".", declaratie.ErrTransition))
		return
	}
	actie := r.PostForm.Get("actie")
	var inv declaratie.Invoer
	var si dclInput
	anker := ""
	if x.Soort == declaratie.SoortZorg {
		inv.Regels, si = decodeRegels(r.PostForm, x)
		switch {
		case strings.HasPrefix(actie, "kopieer_") && len(si.Errors) == 0:
			n, _ := strconv.Atoi(strings.TrimPrefix(actie, "kopieer_"))
			if kopieerWeek(si.Values, x, n) {
				inv.Regels, si = decodeRegels(urlValues(si.Values), x)
				anker = "?gedaan=gekopieerd#week-" + strconv.Itoa(n+1)
			}
		case strings.HasPrefix(actie, "verwijder_md_"):
			i, _ := strconv.Atoi(strings.TrimPrefix(actie, "verwijder_md_"))
			verwijderMeerdaags(si.Values, i)
			inv.Regels, si = decodeRegels(urlValues(si.Values), x)
			anker = "?gedaan=verwijderd#meerdaags"
		}
	} else {
		inv, si = decodeBedrag(r.PostForm, x)
	}
	if len(si.Errors) > 0 {
		d.toonFormulier(w, r, http.StatusUnprocessableEntity, x, si.Values, si.Errors, "", "")
		return
	}
	if _, err := d.dcl.Opslaan(r.Context(), id, dclVersie(r), inv); err != nil {
		if errs, ok := ongeldigeVelden(err); ok {
			d.toonFormulier(w, r, http.StatusUnprocessableEntity, x, si.Values, errs, "", "")
			return
		}
		if errors.Is(err, declaratie.ErrStale) {
			// Show what the person typed, on the current version: saving
			// again is their informed choice.
			_, msg := apperr.Classify(err)
			d.toonFormulier(w, r, http.StatusConflict, x, si.Values, map[string]string{}, "", msg)
			return
		}
		d.renderError(w, r, err)
		return
	}
	switch {
	case actie == "volgende":
		x, errs, err := d.dcl.Controleer(r.Context(), id)
		if err != nil {
			d.renderError(w, r, err)
			return
		}
		if len(errs) > 0 {
			d.toonFormulier(w, r, http.StatusUnprocessableEntity, x, savedValues(x), errs, "", "")
			return
		}
		http.Redirect(w, r, dclURL(id, "/controle"), http.StatusSeeOther)
	case anker != "":
		http.Redirect(w, r, dclURL(id, anker), http.StatusSeeOther)
	default:
		http.Redirect(w, r, dclURL(id, "?gedaan=opgeslagen"), http.StatusSeeOther)
	}
}
