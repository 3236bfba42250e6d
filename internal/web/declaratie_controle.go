package web

import (
	"context"
	"net/http"
	"strconv"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/declaratie"
	zov "pgbportaal/internal/zorgovereenkomst"
	"pgbportaal/web/pages"
)

// samenvatting is declaratie x read-only, with totals per zorgfunctie
// (and reiskosten) and every entry, from the viewer's side.
func samenvatting(a auth.Actor, x declaratie.Declaratie) pages.DclSamenvatting {
	label, naam := dclTegenpartij(a, x)
	s := pages.DclSamenvatting{SoortLabel: x.Soort.Label(), Maand: x.Maand(), TegenpartijLabel: label, TegenpartijNaam: naam, Totaal: x.Totaal}
	if x.Soort != declaratie.SoortZorg {
		s.Omschrijving = x.Omschrijving
		if !x.Soort.MetZorgovereenkomst() && a.Role != auth.RoleZorgverlener {
			s.Rekening = x.IBAN
		}
		return s
	}
	type sleutel struct {
		wat    string
		e      zov.Eenheid
		tarief int64
	}
	idx := map[sleutel]int{}
	type som struct {
		aantal int64
		e      zov.Eenheid
	}
	var sommen []som // per line: the units declared
	for _, r := range x.Regels {
		wat := r.Zorgfunctie.Label()
		if r.Reiskosten() {
			wat = "Reiskosten"
		}
		k := sleutel{wat, r.Eenheid, r.Tarief}
		i, ok := idx[k]
		if !ok {
			i = len(s.Regels)
			idx[k] = i
			s.Regels = append(s.Regels, pages.DclRegel{Wat: wat, Tarief: tariefTekst(r.Tarief, r.Eenheid)})
			sommen = append(sommen, som{e: r.Eenheid})
		}
		s.Regels[i].Bedrag += r.Bedrag
		sommen[i].aantal += r.Aantal
		datum := declaratie.Weekdag(r.Datum) + " " + r.Datum.String()
		if r.Meerdaags() {
			datum = r.Datum.String() + " t/m " + r.EindDatum.String()
		}
		s.Dagen = append(s.Dagen, pages.DclDagRegel{Datum: datum, Wat: wat, Aantal: aantalTekst(r.Aantal, r.Eenheid), Bedrag: r.Bedrag})
	}
	for i, t := range sommen {
		s.Regels[i].Aantal = aantalTekst(t.aantal, t.e)
	}
	return s
}

// controleView builds step 2 of x for the viewer.
func (d *declaratieWeb) controleView(r *http.Request, x declaratie.Declaratie) pages.DclControleView {
	a, _ := auth.ActorFrom(r.Context())
	v := pages.DclControleView{ID: x.ID, Versie: strconv.Itoa(x.Versie), Zorgverlener: a.Role == auth.RoleZorgverlener,
		S: samenvatting(a, x), Errors: map[string]string{}, Jaar: x.Periode.Year}
	if a.ActsForBudgethouder() {
		if rest, ok, err := d.dcl.Resterend(r.Context(), x.Periode.Year); err == nil && ok {
			v.BudgetBekend, v.Resterend = true, rest
		}
	}
	return v
}

// controle is step 2, Controle: only for a declaratie the viewer may still
// change and that keeps the rules; otherwise back to the form with its errors.
func (d *declaratieWeb) controle(w http.ResponseWriter, r *http.Request) {
	id, ok := dclID(r)
	if !ok {
		d.renderError(w, r, errNotFound)
		return
	}
	x, errs, err := d.dcl.Controleer(r.Context(), id)
	if err != nil {
		d.renderError(w, r, err)
		return
	}
	a, _ := auth.ActorFrom(r.Context())
	switch {
	case !magInvullen(a, x):
		http.Redirect(w, r, dclURL(id, ""), http.StatusSeeOther)
		return
	case len(errs) > 0:
		http.Redirect(w, r, dclURL(id, "?controleer=1"), http.StatusSeeOther)
		return
	}
	v := d.controleView(r, x)
	d.render(w, r, http.StatusOK, pages.DclControle(d.dclPage(r, pages.DclStapTitel(v.Zorgverlener, 2, "Controle")), v))
}

// indienen is "Indienen declaratie" (the budget side).
func (d *declaratieWeb) indienen(w http.ResponseWriter, r *http.Request) {
	d.submit(w, r, d.dcl.Indienen)
}

// versturen is "Versturen naar budgethouder" (the zorgverlener).
func (d *declaratieWeb) versturen(w http.ResponseWriter, r *http.Request) {
	d.submit(w, r, d.dcl.Versturen)
}

// submit handles the Controle step's button: done, the confirmation; the
// statement not ticked, the step again with the error at the checkbox; the
// rules broken since, the form with its errors; a refusal the person can
// act on (budget short, changed in between), the step again with why.
func (d *declaratieWeb) submit(w http.ResponseWriter, r *http.Request, do func(ctx context.Context, id int64, versie int, naarWaarheid bool) error) {
	id, ok := dclID(r)
	if !ok {
		d.renderError(w, r, errNotFound)
		return
	}
	if !d.parseForm(w, r) {
		return
	}
	naarWaarheid := r.PostForm.Get(declaratie.VeldNaarWaarheid) != ""
	err := do(r.Context(), id, dclVersie(r), naarWaarheid)
	if err == nil {
		http.Redirect(w, r, dclURL(id, "/ingediend"), http.StatusSeeOther)
		return
	}
	errs, ongeldig := ongeldigeVelden(err)
	if ongeldig && errs[declaratie.VeldNaarWaarheid] == "" {
		http.Redirect(w, r, dclURL(id, "?controleer=1"), http.StatusSeeOther)
		return
	}
	code, msg := apperr.Classify(err)
	if !ongeldig && code != http.StatusConflict && code != http.StatusUnprocessableEntity {
		d.renderError(w, r, err)
		return
	}
	x, _, gerr := d.dcl.Controleer(r.Context(), id)
	if gerr != nil {
		d.renderError(w, r, gerr)
		return
	}
	v := d.controleView(r, x)
	if ongeldig {
		v.Errors = errs
		v.Summary = summary(errs, []string{declaratie.VeldNaarWaarheid})
	} else {
		v.Fout = msg
		if naarWaarheid {
			v.NaarWaarheid = "ja"
		}
	}
	d.render(w, r, code, pages.DclControle(d.dclPage(r, "Fout: "+pages.DclStapTitel(v.Zorgverlener, 2, "Controle")), v))
}

// ingediend is step 3: the confirmation with the status.
func (d *declaratieWeb) ingediend(w http.ResponseWriter, r *http.Request) {
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
	if magInvullen(a, x) {
		http.Redirect(w, r, dclURL(id, ""), http.StatusSeeOther)
		return
	}
	v := pages.DclIngediendView{ID: x.ID, Zorgverlener: a.Role == auth.RoleZorgverlener, Maand: x.Maand(), Totaal: x.Totaal,
		Status: x.Status.Label(), Tone: dclTone(x.Status), Kenmerk: x.Kenmerk(), Betaling: declaratie.BetalingKenmerk(x.BetalingID)}
	title := "Stap 3 van 3: " + pages.DclStappen(v.Zorgverlener)[2].Label + " – " + pages.DclKopTitel(v.Zorgverlener)
	d.render(w, r, http.StatusOK, pages.DclIngediend(d.dclPage(r, title), v))
}

// dclTone is the colour of a status badge.
func dclTone(s declaratie.Status) string {
	switch s {
	case declaratie.TerBeoordeling, declaratie.Ingepland:
		return "info"
	case declaratie.Uitbetaald:
		return "success"
	case declaratie.Afgekeurd:
		return "error"
	case declaratie.IntrekkingAangevraagd:
		return "warning"
	}
	return ""
}

// dclToelichting says who does what next, from the viewer's side.
func dclToelichting(a auth.Actor, x declaratie.Declaratie) string {
	zv := a.Role == auth.RoleZorgverlener
	switch x.Status {
	case declaratie.Concept:
		if x.IngevoerdDoor == declaratie.DoorZorgverlener && !zv {
			return "De zorgverlener vult deze declaratie nog in en verstuurt haar dan naar u."
		}
		return "De declaratie is nog niet ingediend."
	case declaratie.TerBeoordeling:
		if zv {
			return "De budgethouder beoordeelt de declaratie."
		}
		if budgethouderActor(a) {
			return "De zorgverlener heeft deze declaratie ingevoerd. Beoordeel haar hieronder."
		}
		return "De budgethouder beoordeelt de declaratie."
	case declaratie.Afgekeurd:
		return "De zorgverlener past de declaratie aan en verstuurt haar opnieuw."
	case declaratie.Ingepland:
		return "De declaratie is ingepland voor betaling. De SVB betaalt haar uit, meestal dezelfde dag na 17.00 uur."
	case declaratie.IntrekkingAangevraagd:
		return "Er is gevraagd de declaratie in te trekken. De SVB besluit hierover."
	case declaratie.Ingetrokken:
		return "De declaratie is ingetrokken en wordt niet uitbetaald. Er kan een nieuwe declaratie worden opgesteld."
	case declaratie.Uitbetaald:
		return "De declaratie is uitbetaald: het geld staat op de rekening."
	}
	return ""
}

// toonDetail renders declaratie x's page with its actions for the viewer.
func (d *declaratieWeb) toonDetail(w http.ResponseWriter, r *http.Request, status int, x declaratie.Declaratie, melding, fout string, errs map[string]string, notitie string) {
	a, _ := auth.ActorFrom(r.Context())
	v := pages.DclDetailView{ID: x.ID, Versie: strconv.Itoa(x.Versie), Titel: "Declaratie over " + x.Maand(), Status: x.Status.Label(),
		Tone: dclTone(x.Status), S: samenvatting(a, x), Melding: melding, Fout: fout, Toelicht: dclToelichting(a, x),
		Errors: errs, NotitieWaarde: notitie, TerugHref: "/declaraties", TerugTekst: "Terug naar Overzicht declaraties en maandlonen"}
	if errs == nil {
		v.Errors = map[string]string{}
	}
	v.Summary = summary(v.Errors, []string{declaratie.VeldNotitie})
	switch a.Role {
	case auth.RoleSVB:
		v.TerugHref, v.TerugTekst = "/intrekkingen", "Terug naar Intrekkingen"
	case auth.RoleZorgkantoor:
		v.TerugHref, v.TerugTekst = "/", "Terug naar de startpagina"
	}
	if x.Status == declaratie.Afgekeurd {
		v.Notitie = x.Notitie
	}
	v.Gegevens = append(v.Gegevens, pages.DclGegeven{Label: "Kenmerk", Waarde: x.Kenmerk()})
	if a.IsStaff() && x.ZorgverlenerNaam != "" {
		v.Gegevens = append(v.Gegevens, pages.DclGegeven{Label: "Zorgverlener", Waarde: x.ZorgverlenerNaam})
	}
	door := "Budgethouder"
	if x.IngevoerdDoor == declaratie.DoorZorgverlener {
		door = "Zorgverlener"
	}
	v.Gegevens = append(v.Gegevens, pages.DclGegeven{Label: "Ingevoerd door", Waarde: door})
	if x.IngediendOp != nil {
		v.Gegevens = append(v.Gegevens, pages.DclGegeven{Label: "Ingediend op", Waarde: pages.Datum(*x.IngediendOp)})
	}
	if x.BetalingID != 0 {
		v.Gegevens = append(v.Gegevens, pages.DclGegeven{Label: "Betaling", Waarde: declaratie.BetalingKenmerk(x.BetalingID)})
	}
	if x.UitbetaaldOp != nil {
		v.Gegevens = append(v.Gegevens, pages.DclGegeven{Label: "Uitbetaald op", Waarde: pages.Datum(*x.UitbetaaldOp)})
	}
	if budgethouderActor(a) {
		v.Goedkeuren = declaratie.Allowed(x.Status, declaratie.Goedkeuren, declaratie.PartijBudgethouder, x.IngevoerdDoor)
		v.Intrekken = declaratie.Allowed(x.Status, declaratie.IntrekkingAanvragen, declaratie.PartijBudgethouder, x.IngevoerdDoor)
	}
	title := v.Titel
	if len(v.Errors) > 0 || fout != "" {
		title = "Fout: " + title
	}
	d.render(w, r, status, pages.DclDetail(d.dclPage(r, title), v))
}

// actieMislukt shows the declaratie again with why an action failed, when
// the person can act on it; other errors get the error page.
func (d *declaratieWeb) actieMislukt(w http.ResponseWriter, r *http.Request, id int64, err error, notitie string) {
	errs, ongeldig := ongeldigeVelden(err)
	code, msg := apperr.Classify(err)
	if !ongeldig && code != http.StatusConflict && code != http.StatusUnprocessableEntity {
		d.renderError(w, r, err)
		return
	}
	x, gerr := d.dcl.Get(r.Context(), id)
	if gerr != nil {
		d.renderError(w, r, gerr)
		return
	}
	fout := msg
	if ongeldig && errs[declaratie.VeldNotitie] != "" {
		fout = ""
	} else {
		errs = nil
	}
	d.toonDetail(w, r, code, x, "", fout, errs, notitie)
}

// detailActie runs a state change from the detail page on the declaratie in
// the URL, then goes back to it; a refusal shows the page with the message and
// keeps the note that was typed.
func (d *declaratieWeb) detailActie(w http.ResponseWriter, r *http.Request, gedaan string,
	do func(ctx context.Context, id int64, versie int, notitie string) error) {
	id, ok := dclID(r)
	if !ok {
		d.renderError(w, r, errNotFound)
		return
	}
	if !d.parseForm(w, r) {
		return
	}
	notitie := r.PostForm.Get(declaratie.VeldNotitie)
	if err := do(r.Context(), id, dclVersie(r), notitie); err != nil {
		d.actieMislukt(w, r, id, err, notitie)
		return
	}
	http.Redirect(w, r, dclURL(id, "?gedaan="+gedaan), http.StatusSeeOther)
}

// goedkeuren is "Inplannen voor betaling" of the zorgverlener's declaratie.
func (d *declaratieWeb) goedkeuren(w http.ResponseWriter, r *http.Request) {
	d.detailActie(w, r, "goedgekeurd", func(ctx context.Context, id int64, versie int, _ string) error {
		return d.dcl.Goedkeuren(ctx, id, versie)
	})
}

// afkeuren sends the zorgverlener's declaratie back with a note.
func (d *declaratieWeb) afkeuren(w http.ResponseWriter, r *http.Request) {
	d.detailActie(w, r, "afgekeurd", d.dcl.Afkeuren)
}

// intrekken asks the SVB to withdraw a planned declaratie.
func (d *declaratieWeb) intrekken(w http.ResponseWriter, r *http.Request) {
	d.detailActie(w, r, "intrekken", func(ctx context.Context, id int64, versie int, _ string) error {
		return d.dcl.IntrekkingAanvragen(ctx, id, versie)
	})
}
