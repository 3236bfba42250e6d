package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/auth"
	zov "pgbportaal/internal/zorgovereenkomst"
	"pgbportaal/web/pages"
)

// wachttijdGrens is how many days the zorgkantoor takes at most to assess.
const wachttijdGrens = 7

// beoordelenWachtrij is the zorgkantoor's queue, oldest first, with how long
// each agreement has waited.
// wachtrijGrootte is the number of agreements on one page of the queue.
const wachtrijGrootte = 50

func (s *Server) beoordelenWachtrij(w http.ResponseWriter, r *http.Request) {
	pagina, err := strconv.Atoi(r.URL.Query().Get("pagina"))
	if err != nil || pagina < 1 {
		pagina = 1
	}
	lijst, totaal, err := s.zov.WachtrijPagina(r.Context(), pagina, wachtrijGrootte)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	paginas := (totaal + wachtrijGrootte - 1) / wachtrijGrootte
	if paginas > 0 && pagina > paginas {
		http.Redirect(w, r, "/beoordelen?pagina="+strconv.Itoa(paginas), http.StatusSeeOther)
		return
	}
	now := s.now()
	v := pages.WachtrijView{Melding: gedaanMeldingen[r.URL.Query().Get("gedaan")], Totaal: totaal, Pagina: pagina, Paginas: paginas}
	for _, o := range lijst {
		rij := pages.WachtrijRij{ID: o.ID, Budgethouder: o.BudgethouderNaam, Zorgverlener: o.ZorgverlenerNaam,
			Soort: soortLabel(o.Soort), Periode: periode(o.Ingangsdatum, o.Einddatum, o.Onbepaald),
			Aanvraag: o.Aanvraag(), Wijziging: o.Wijziging != ""}
		if o.IngediendOp != nil {
			rij.IngediendOp = pages.Datum(*o.IngediendOp)
			rij.Dagen = int(now.Sub(*o.IngediendOp).Hours() / 24)
			rij.TeLang = rij.Dagen > wachttijdGrens
		}
		v.Rijen = append(v.Rijen, rij)
	}
	s.render(w, r, http.StatusOK, pages.Wachtrij(s.zovPage(r, "Zorgovereenkomsten beoordelen"), v))
}

// kostenPerJaar estimates what an agreement costs a year: twelve times the
// maandloon, or the hours a year times a single hourly rate.
func kostenPerJaar(in zov.Inhoud) (int64, string) {
	if in.Maandloon && in.MaandBedrag > 0 {
		return in.MaandBedrag * 12, "12 × het maandbedrag"
	}
	uren := zov.UrenPerWeek(in)
	t, ok := uurTarief(in)
	if !ok || uren <= 0 || len(in.Tarieven) != 1 {
		return 0, ""
	}
	return zov.Maandloon(t, uren) * 12, fmt.Sprintf("%s uur per week × 52 weken × %s per uur", urenTekst(uren), euro(t))
}

func (s *Server) beoordelenView(r *http.Request, o zov.Overeenkomst, values, errs map[string]string) (pages.BeoordelenView, error) {
	a, _ := auth.ActorFrom(r.Context())
	m, have, err := s.maximaVoor(r, o.Inhoud)
	if err != nil {
		return pages.BeoordelenView{}, err
	}
	jaar, budget, err := s.zov.Budget(r.Context(), o.ID)
	if err != nil {
		return pages.BeoordelenView{}, err
	}
	kosten, uitleg := kostenPerJaar(o.Inhoud)
	st := statusPanel(o, a)
	wijziging, err := s.beoordelenWijziging(r, o)
	if err != nil {
		return pages.BeoordelenView{}, err
	}
	titel := "Zorgovereenkomst " + o.Inhoud.BudgethouderNaam + " en " + o.Inhoud.Zorgverlener.Naam
	if wijziging != nil {
		titel = wijziging.Soort + " zorgovereenkomst " + o.Inhoud.BudgethouderNaam + " en " + o.Inhoud.Zorgverlener.Naam
	}
	return pages.BeoordelenView{
		ID: o.ID, Versie: strconv.Itoa(o.Versie), Wijziging: wijziging,
		Titel:  titel,
		Status: st, Groepen: inhoudGroepen(o.ID, o.Inhoud, m, have, false, nil),
		Handtekeningen: handtekeningen(o), Tijdlijn: tijdlijn(o),
		BudgetJaar: jaar, Budget: budget, HeeftBudget: budget > 0, KostenPerJaar: kosten, KostenToelichting: uitleg,
		KanBeoordelen: o.Status == zov.TerBeoordeling, Values: values, Errors: errs,
		Summary: summary(errs, []string{"actie", "toelichting"}),
	}, nil
}

// beoordelenWijziging is, for a change of an approved agreement, what it
// changes against the agreement as it is now (the diff its own page shows
// the parties); nil for a new agreement.
func (s *Server) beoordelenWijziging(r *http.Request, o zov.Overeenkomst) (*pages.BeoordelenWijziging, error) {
	if o.Wijziging == nil {
		return nil, nil
	}
	vb, err := s.versiebeheer(r, o)
	if err != nil || vb == nil {
		return nil, err
	}
	return &pages.BeoordelenWijziging{Soort: vb.Soort, Van: vb.Van, VanHref: "/beoordelen/" + strconv.FormatInt(o.Wijziging.Van, 10),
		Per: datumVoluit(o.Wijziging.Per), Verschillen: vb.Verschillen, Onenigheid: vb.Onenigheid}, nil
}

// beoordelenForm shows an agreement to assess with the decision form.
func (s *Server) beoordelenForm(w http.ResponseWriter, r *http.Request) {
	o, ok := s.zovLezen(w, r)
	if !ok {
		return
	}
	v, err := s.beoordelenView(r, o, map[string]string{}, map[string]string{})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, pages.Beoordelen(s.zovPage(r, v.Titel), v))
}

var beslissingen = map[string]zov.Actie{
	"goedkeuren": zov.Goedkeuren, "afkeuren": zov.Afkeuren, "aanvulling_vragen": zov.AanvullingVragen,
}

// beoordelenOpslaan records the zorgkantoor's decision.
func (s *Server) beoordelenOpslaan(w http.ResponseWriter, r *http.Request) {
	id, ok := zovID(r)
	if !ok {
		s.renderError(w, r, errNotFound)
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	// Visible to this zorgkantoor at all? Otherwise it does not exist.
	o, err := s.zov.Get(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	keuze := r.PostForm.Get("actie")
	raw := r.PostForm.Get("toelichting")
	toelichting := strings.TrimSpace(raw)
	values := map[string]string{"actie": keuze, "toelichting": raw}
	errs := map[string]string{}
	actie, known := beslissingen[keuze]
	switch {
	case !known:
		errs["actie"] = "Kies goedkeuren, afkeuren of aanvulling vragen"
		values["actie"] = ""
	case actie == zov.Afkeuren && toelichting == "":
		errs["toelichting"] = "Vul de reden van de afkeuring in"
	case actie == zov.AanvullingVragen && toelichting == "":
		errs["toelichting"] = "Vul in welke aanvulling u vraagt"
	}
	if len([]rune(toelichting)) > maxNotitie {
		errs["toelichting"] = teLang(maxNotitie)
	}
	status := http.StatusUnprocessableEntity
	melding := ""
	if len(errs) == 0 {
		err := s.zov.Beoordelen(r.Context(), id, zovVersie(r), actie, toelichting)
		if err == nil {
			http.Redirect(w, r, "/beoordelen?gedaan="+keuze, http.StatusSeeOther)
			return
		}
		code, msg := apperr.Classify(err)
		if code != http.StatusConflict && !errors.Is(err, apperr.ErrInvalid) {
			s.renderError(w, r, err)
			return
		}
		status, melding = code, msg
		if o, err = s.zov.Get(r.Context(), id); err != nil {
			s.renderError(w, r, err)
			return
		}
	}
	v, err := s.beoordelenView(r, o, values, errs)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v.Melding = melding
	s.render(w, r, status, pages.Beoordelen(s.zovPage(r, foutTitel(v.Titel, errs)), v))
}
