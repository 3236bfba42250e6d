package web

import (
	"fmt"
	"net/http"
	"strconv"

	"pgbportaal/internal/auth"
	"pgbportaal/internal/bericht"
	"pgbportaal/internal/budget"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/money"
	"pgbportaal/internal/pdfbrief"
	zov "pgbportaal/internal/zorgovereenkomst"
	"pgbportaal/web/pages"
)

// berichtBrief is a bericht as the letter that would go by post.
func (s *Server) berichtBrief(r *http.Request, b bericht.Bericht) pdfbrief.Brief {
	aan, aanhef := s.geadresseerde(r)
	return pdfbrief.Brief{
		Afzender:  afzender,
		Ontvanger: aan,
		Datum:     civil.Today(b.Aangemaakt),
		Kenmerk:   b.Kenmerk,
		Inzake:    inzake(r),
		Onderwerp: b.Onderwerp,
		Blokken: []pdfbrief.Blok{
			pdfbrief.Alinea(aanhef),
			pdfbrief.Alinea(b.Inhoud),
			pdfbrief.Alinea("Met vriendelijke groet,\n\nPGB Portaal"),
			pdfbrief.Alinea("Dit bericht staat ook in het PGB Portaal onder Overzicht berichten (" + s.cfg.BaseURL + "/berichten)."),
		},
	}
}

// zovBrief is an agreement as a document: its content as both parties see
// it, the content hash, every signature and what happened to it.
func (s *Server) zovBrief(r *http.Request, o zov.Overeenkomst, m zov.Maxima, have bool) pdfbrief.Brief {
	aan, _ := s.geadresseerde(r)
	hash := o.Inhoud.Hash()
	kop := pdfbrief.Gegevens{
		{Label: "Status", Waarde: o.Status.Label()},
		{Label: "Soort", Waarde: soortLabel(o.Inhoud.Soort)},
		{Label: "Budgethouder", Waarde: o.Inhoud.BudgethouderNaam},
		{Label: "Zorgverlener", Waarde: o.Inhoud.Zorgverlener.Naam},
		{Label: "Periode", Waarde: periode(o.Inhoud.Ingangsdatum, o.Inhoud.Einddatum, o.Inhoud.Onbepaald)},
	}
	if o.IngediendOp != nil {
		kop = append(kop, pdfbrief.Gegeven{Label: "Ingediend bij het zorgkantoor", Waarde: pages.DatumTijd(*o.IngediendOp)})
	}
	kop = append(kop, pdfbrief.Gegeven{Label: "Inhoud-hash (SHA-256)", Waarde: hash,
		Toelichting: "Deze hash legt de inhoud van deze versie vast; een handtekening hoort bij de inhoud met dezelfde hash."})
	blokken := []pdfbrief.Blok{kop}
	for _, g := range inhoudGroepen(o.ID, o.Inhoud, m, have, false, nil) {
		var gg pdfbrief.Gegevens
		for _, rij := range g.Rijen {
			gg = append(gg, pdfbrief.Gegeven{Label: rij.Label, Waarde: rij.Waarde, Toelichting: rij.Extra})
		}
		blokken = append(blokken, pdfbrief.Kop(g.Titel), gg)
	}
	blokken = append(blokken, pdfbrief.Kop("Handtekeningen"))
	if len(o.Handtekeningen) == 0 {
		blokken = append(blokken, pdfbrief.Alinea("Deze zorgovereenkomst is nog door niemand ondertekend."))
	} else {
		var hh pdfbrief.Gegevens
		for _, h := range o.Handtekeningen {
			partij := "Budgethouder"
			if h.Partij == zov.PartijZorgverlener {
				partij = "Zorgverlener"
			}
			geldig := "Geldig: ondertekend op deze inhoud."
			switch {
			case !h.Geldig:
				geldig = "Vervallen: de inhoud is na deze handtekening gewijzigd."
			case h.Hash != hash:
				geldig = "Ondertekend op een eerdere inhoud."
			}
			hh = append(hh, pdfbrief.Gegeven{Label: partij,
				Waarde:      fmt.Sprintf("%s, ondertekend op %s met %s", h.Wie, pages.DatumTijd(h.Op), auth.Means(h.Means).Label()),
				Toelichting: "Inhoud-hash " + h.Hash + ". " + geldig})
		}
		blokken = append(blokken, hh)
	}
	if o.Beoordeling != "" {
		blokken = append(blokken, pdfbrief.Kop("Beoordeling door het zorgkantoor"), pdfbrief.Alinea(o.Beoordeling))
	}
	if len(o.Tijdlijn) > 0 {
		t := pdfbrief.Tabel{Kolommen: []pdfbrief.Kolom{{Titel: "Wanneer", Breedte: 0.24}, {Titel: "Wie", Breedte: 0.26}, {Titel: "Wat", Breedte: 0.5}}}
		for _, g := range o.Tijdlijn {
			wat := g.Wat
			if g.Toelichting != "" {
				wat += ": " + g.Toelichting
			}
			t.Rijen = append(t.Rijen, []string{pages.DatumTijd(g.Op), g.Wie, wat})
		}
		blokken = append(blokken, pdfbrief.Kop("Verloop"), t)
	}
	return pdfbrief.Brief{
		Afzender:  afzender,
		Ontvanger: aan,
		Datum:     civil.Today(s.now()),
		Kenmerk:   zov.Kenmerk(o.ID),
		Inzake:    inzake(r),
		Onderwerp: "Zorgovereenkomst " + o.Inhoud.Zorgverlener.Naam,
		Blokken:   blokken,
	}
}

// budgetBrief is the year-end budgetoverzicht: the toekenning and every
// payment made from it that year.
func (s *Server) budgetBrief(r *http.Request, j budget.Jaaroverzicht, voor string) pdfbrief.Brief {
	aan, aanhef := s.geadresseerde(r)
	jaar := strconv.Itoa(j.Jaar)
	vandaag := civil.Today(s.now())
	t := pdfbrief.Tabel{Kolommen: []pdfbrief.Kolom{
		{Titel: "Uitbetaald op", Breedte: 0.15}, {Titel: "Kenmerk", Breedte: 0.16}, {Titel: "Omschrijving", Breedte: 0.28},
		{Titel: "Betaald aan", Breedte: 0.24}, {Titel: "Bedrag", Breedte: 0.17, Rechts: true},
	}}
	var totaal int64
	for _, b := range j.Uitbetalingen {
		oms := b.SoortLabel()
		if !b.Periode.IsZero() {
			oms += " " + budget.MaandNaam(b.Periode)
		}
		if b.Omschrijving != "" && b.Omschrijving != b.SoortLabel() {
			oms += "\n" + b.Omschrijving
		}
		t.Rijen = append(t.Rijen, []string{pages.Datum(b.UitbetaaldOp), b.Kenmerk(), oms, b.Naam, money.Cents(b.Bedrag).String()})
		totaal += b.Bedrag
	}
	t.Totaal = []string{"", "", "Totaal uitbetaald", "", money.Cents(totaal).String()}
	tot := "tot en met " + vandaag.String()
	if vandaag.Year > j.Jaar {
		tot = "over het hele jaar"
	}
	blokken := []pdfbrief.Blok{
		pdfbrief.Alinea(aanhef),
		pdfbrief.Alinea(fmt.Sprintf("Hierbij ontvangt u het overzicht van het persoonsgebonden budget over %s: het toegekende budget en alle betalingen "+
			"die de SVB %s uit dit budget heeft gedaan. Het zorgkantoor gebruikt dit overzicht om de subsidie vast te stellen.", jaar, tot)),
		pdfbrief.Kop("Budget " + jaar),
		pdfbrief.Gegevens{
			{Label: "Budgethouder", Waarde: j.BudgethouderNaam},
			{Label: "Relatienummer", Waarde: j.Relatienummer},
			{Label: "Zorgkantoor", Waarde: j.Zorgkantoor},
			{Label: "Zorgprofiel", Waarde: j.Zorgprofiel},
			{Label: "Ingangsdatum", Waarde: j.Ingangsdatum.String()},
			{Label: "Toegekend budget", Waarde: money.Cents(j.Toegekend).String()},
			{Label: "Uitbetaald", Waarde: money.Cents(j.Betaald).String()},
			{Label: "Ingepland, nog niet uitbetaald", Waarde: money.Cents(j.Gepland).String()},
			{Label: "Resterend budget", Waarde: money.Cents(j.Resterend()).String()},
		},
		pdfbrief.Kop("Uitbetalingen " + jaar),
	}
	if len(j.Uitbetalingen) == 0 {
		blokken = append(blokken, pdfbrief.Alinea("In "+jaar+" is uit dit budget nog niets uitbetaald."))
	} else {
		blokken = append(blokken, t)
	}
	blokken = append(blokken, pdfbrief.Alinea("Met vriendelijke groet,\n\nPGB Portaal"))
	return pdfbrief.Brief{
		Afzender:  afzender,
		Ontvanger: aan,
		Datum:     vandaag,
		Kenmerk:   j.Kenmerk(),
		Inzake:    voor,
		Onderwerp: "Budgetoverzicht " + jaar,
		Blokken:   blokken,
	}
}
