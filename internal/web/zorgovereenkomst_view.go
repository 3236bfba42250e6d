package web

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/money"
	"pgbportaal/internal/nlid"
	zov "pgbportaal/internal/zorgovereenkomst"
	"pgbportaal/web/components"
	"pgbportaal/web/layout"
	"pgbportaal/web/pages"
)

// zovPage is s.page with the agreement pages' own stylesheet and script.
func (s *Server) zovPage(r *http.Request, title string) layout.Page {
	p := s.page(r, title)
	p.Styles = append(p.Styles, "css/zorgovereenkomst.css")
	p.Scripts = append(p.Scripts, "js/zorgovereenkomst.js", "js/validatie.js")
	return p
}

// foutTitel prefixes a title with "Fout: " when the page shows errors.
func foutTitel(title string, errs map[string]string) string {
	if len(errs) > 0 {
		return "Fout: " + title
	}
	return title
}

// zovID reads the {id} of the route; a malformed id is a page that does not exist.
func zovID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	return id, err == nil && id > 0
}

func zovURL(id int64, rest string) string {
	return "/zorgovereenkomsten/" + strconv.FormatInt(id, 10) + rest
}

// summary lists errs for the error summary in the order of the fields on
// the page, then any others in a fixed order.
func summary(errs map[string]string, order ...[]string) []components.FieldError {
	var out []components.FieldError
	seen := map[string]bool{}
	for _, o := range order {
		for _, f := range o {
			if m, ok := errs[f]; ok && !seen[f] {
				out = append(out, components.FieldError{FieldID: f, Message: m})
				seen[f] = true
			}
		}
	}
	var rest []string
	for f := range errs {
		if !seen[f] {
			rest = append(rest, f)
		}
	}
	sort.Strings(rest)
	for _, f := range rest {
		out = append(out, components.FieldError{FieldID: f, Message: errs[f]})
	}
	return out
}

// stapVanVeld is the wizard step a field id belongs to.
func stapVanVeld(f string) int {
	switch {
	case slices.Contains(partijenVelden, f):
		return 1
	case slices.Contains(werkafsprakenVelden, f):
		return 2
	case slices.Contains(algemeenVelden, f):
		return 3
	}
	return 1
}

// eersteStapMetFout is the first step that holds one of errs (0 when none).
func eersteStapMetFout(errs map[string]string) int {
	first := 0
	for f := range errs {
		if n := stapVanVeld(f); first == 0 || n < first {
			first = n
		}
	}
	return first
}

// statusTone is the colour of a status badge.
func statusTone(st zov.Status) string {
	switch st {
	case zov.Gedeeld, zov.OndertekendZorgverlener, zov.TerBeoordeling:
		return "info"
	case zov.Goedgekeurd:
		return "success"
	case zov.Afgekeurd:
		return "error"
	case zov.AanvullingGevraagd:
		return "warning"
	}
	return ""
}

// volgendeStap says who does what next, from the viewer's side.
func volgendeStap(st zov.Status, a auth.Actor) string {
	zv := a.Role == auth.RoleZorgverlener
	switch st {
	case zov.Concept:
		if zv {
			return "De budgethouder maakt de zorgovereenkomst af."
		}
		return "Maak de zorgovereenkomst af en deel haar met de zorgverlener."
	case zov.Gedeeld:
		if zv {
			return "U controleert de zorgovereenkomst, past haar zo nodig aan en ondertekent."
		}
		return "De zorgverlener controleert en ondertekent."
	case zov.OndertekendZorgverlener:
		if a.ActsForBudgethouder() && !a.ReadOnly {
			return "U controleert de wijzigingen van de zorgverlener en ondertekent."
		}
		return "De budgethouder controleert en ondertekent."
	case zov.TerBeoordeling:
		return "Het zorgkantoor beoordeelt de zorgovereenkomst, binnen een week."
	case zov.Goedgekeurd:
		return "Geen: de zorgovereenkomst is goedgekeurd."
	case zov.Afgekeurd:
		return "Geen: de zorgovereenkomst is afgekeurd. Stel zo nodig een nieuwe zorgovereenkomst op."
	case zov.AanvullingGevraagd:
		if zv {
			return "De budgethouder vult de zorgovereenkomst aan en deelt haar opnieuw."
		}
		return "Vul de zorgovereenkomst aan zoals het zorgkantoor vraagt en deel haar opnieuw."
	}
	return ""
}

// statusPanel builds the status panel of an agreement for the viewer.
func statusPanel(o zov.Overeenkomst, a auth.Actor) pages.ZovStatusPanel {
	p := pages.ZovStatusPanel{Status: o.Status, Tone: statusTone(o.Status), VolgendeStap: volgendeStap(o.Status, a)}
	switch a.Role {
	case auth.RoleZorgverlener:
		p.TegenpartijLabel, p.TegenpartijNaam = "Budgethouder", o.Inhoud.BudgethouderNaam
	default:
		p.TegenpartijLabel, p.TegenpartijNaam = "Zorgverlener", o.Inhoud.Zorgverlener.Naam
	}
	if o.IngediendOp != nil {
		p.IngediendOp = pages.Datum(*o.IngediendOp)
	}
	return p
}

func handtekeningen(o zov.Overeenkomst) []pages.ZovHandtekening {
	var out []pages.ZovHandtekening
	for _, h := range o.Handtekeningen {
		partij := "Budgethouder"
		if h.Partij == zov.PartijZorgverlener {
			partij = "Zorgverlener"
		}
		hash := h.Hash
		if len(hash) > 12 {
			hash = hash[:12]
		}
		out = append(out, pages.ZovHandtekening{Partij: partij, Wie: h.Wie, Means: auth.Means(h.Means).Label(),
			Op: pages.DatumTijd(h.Op), Hash: hash, Geldig: h.Geldig})
	}
	return out
}

func tijdlijn(o zov.Overeenkomst) []pages.ZovGebeurtenis {
	var out []pages.ZovGebeurtenis
	for _, g := range o.Tijdlijn {
		out = append(out, pages.ZovGebeurtenis{Op: pages.DatumTijd(g.Op), Wie: g.Wie, Wat: g.Wat, Toelichting: g.Toelichting})
	}
	return out
}

// periode is "01-03-2026 t/m 31-12-2026", or "vanaf 01-03-2026, onbepaalde tijd".
func periode(ingang, eind civil.Date, onbepaald bool) string {
	switch {
	case ingang.IsZero():
		return "Nog niet ingevuld"
	case onbepaald:
		return "vanaf " + ingang.String() + ", onbepaalde tijd"
	case eind.IsZero():
		return "vanaf " + ingang.String()
	}
	return ingang.String() + " t/m " + eind.String()
}

func soortLabel(s zov.Soort) string {
	if s == "" {
		return "Nog niet gekozen"
	}
	return s.Label()
}

func euro(c int64) string { return money.Cents(c).String() }

// maximumZin is the sentence with the maximumtarieven of the year that
// applies to in, for step 2.
func maximumZin(in zov.Inhoud, m zov.Maxima, have bool) string {
	if !have {
		return fmt.Sprintf("Voor %d zijn nog geen maximumtarieven vastgesteld.", m.Jaar)
	}
	soort := "het informele"
	if in.Professioneel() {
		soort = "het professionele"
	}
	return fmt.Sprintf("Maximumtarieven %d: informeel %s per uur, professioneel %s per uur, begeleiding groep %s per dagdeel, reiskosten %s per km. Voor deze zorgverlener geldt %s uurtarief.",
		m.Jaar, euro(m.Informeel), euro(m.Professioneel), euro(m.Dagdeel), euro(m.PerKm), soort)
}

// uurTarief is the agreed rate per hour, if exactly one rate is per hour or
// all per-hour rates are equal.
func uurTarief(in zov.Inhoud) (int64, bool) {
	var t int64
	for _, tr := range in.Tarieven {
		if tr.Eenheid != zov.PerUur || tr.Bedrag <= 0 {
			continue
		}
		if t != 0 && t != tr.Bedrag {
			return 0, false
		}
		t = tr.Bedrag
	}
	return t, t > 0
}

// loonHulp is the wage helper: with a maandloon the hourly wage it comes to,
// without one the monthly amount an hourly rate comes to.
func loonHulp(in zov.Inhoud) string {
	uren := zov.UrenPerWeek(in)
	if uren <= 0 {
		return ""
	}
	if in.Maandloon {
		if in.MaandBedrag <= 0 {
			return ""
		}
		return fmt.Sprintf("Een maandloon van %s bij %s uur per week komt neer op %s per uur (maandloon × 12 / 52 / uren per week).",
			euro(in.MaandBedrag), urenTekst(uren), euro(zov.Uurloon(in.MaandBedrag, uren)))
	}
	t, ok := uurTarief(in)
	if !ok {
		return ""
	}
	return fmt.Sprintf("Een uurtarief van %s bij %s uur per week komt neer op %s per maand (uurloon × uren per week × 52 / 12).",
		euro(t), urenTekst(uren), euro(zov.Maandloon(t, uren)))
}

// zovRij is a summary line; velden are the field ids whose change marks it.
type zovRij struct {
	rij    pages.ZovRij
	velden []string
}

func rij(veld, label, waarde string, extra ...string) zovRij {
	r := zovRij{rij: pages.ZovRij{Veld: veld, Label: label, Waarde: waarde}, velden: []string{veld}}
	if len(extra) > 0 {
		r.rij.Extra = extra[0]
	}
	return r
}

func (r zovRij) ook(velden ...string) zovRij {
	r.velden = append(r.velden, velden...)
	return r
}

func jaNeeTekst(b bool) string {
	if b {
		return "Ja"
	}
	return "Nee"
}

// inhoudGroepen is the read-only summary of an agreement, one group per step.
// wijzig gives the groups "Wijzigen" links to the wizard; gewijzigd holds the
// field ids the zorgverlener changed, which are marked.
func inhoudGroepen(id int64, in zov.Inhoud, m zov.Maxima, have bool, wijzig bool, gewijzigd map[string]bool) []pages.ZovGroep {
	zv := in.Zorgverlener
	persoon := in.Soort != zov.SoortInstelling && !(in.Soort == zov.SoortOpdracht && zv.AGB != "")

	partijen := []zovRij{rij("budgethouder_naam", "Budgethouder", in.BudgethouderNaam)}
	if in.VertegenwoordigerNaam != "" {
		partijen = append(partijen, rij("vertegenwoordiger_naam", "Vertegenwoordiger", in.VertegenwoordigerNaam))
	}
	partijen = append(partijen, rij("soort", "Soort zorgovereenkomst", soortLabel(in.Soort)), rij("zv_naam", "Naam zorgverlener", zv.Naam))
	if in.Soort == zov.SoortInstelling || in.Soort == zov.SoortOpdracht {
		partijen = append(partijen, rij("zv_agb", "AGB-code", zv.AGB))
	}
	if in.Soort == zov.SoortOpdracht {
		partijen = append(partijen, rij("zv_kvk", "Ingeschreven bij de KvK", jaNeeTekst(zv.KvK)))
	}
	if in.Soort == zov.SoortOpdracht || in.Soort == zov.SoortDienst {
		partijen = append(partijen, rij("zv_big", "BIG-geregistreerd", jaNeeTekst(zv.BIG)))
	}
	if persoon {
		adres := strings.TrimSpace(strings.Join([]string{zv.Adres.Straat, zv.Adres.Huisnummer}, " "))
		if pw := strings.TrimSpace(zv.Adres.Postcode + " " + zv.Adres.Woonplaats); pw != "" {
			if adres != "" {
				adres += ", "
			}
			adres += pw
		}
		partijen = append(partijen,
			rij("zv_bsn", "BSN", zv.BSN),
			rij("zv_geboortedatum", "Geboortedatum", zv.Geboortedatum.String()),
			rij("zv_adres", "Adres", adres).ook("zv_straat", "zv_huisnummer", "zv_postcode", "zv_woonplaats"))
	}
	if zv.Telefoon != "" || gewijzigd["zv_telefoon"] {
		partijen = append(partijen, rij("zv_telefoon", "Telefoonnummer zorgverlener", zv.Telefoon))
	}
	if zv.IBAN != "" || gewijzigd["zv_iban"] {
		partijen = append(partijen, rij("zv_iban", "Rekeningnummer (IBAN) zorgverlener", formatIBAN(zv.IBAN)))
	}

	werk := []zovRij{rij("ingangsdatum", "Ingangsdatum", in.Ingangsdatum.String())}
	looptijd := ""
	switch {
	case in.Onbepaald:
		looptijd = "Onbepaalde tijd"
	case !in.Einddatum.IsZero():
		looptijd = "Bepaalde tijd, tot en met " + in.Einddatum.String()
	case werkafsprakenBeantwoord(in):
		looptijd = "Bepaalde tijd"
	}
	werk = append(werk, rij("looptijd", "Looptijd", looptijd).ook("einddatum"))
	if in.Soort == zov.SoortDienst {
		werk = append(werk, rij("proeftijd", "Proeftijd", in.Proeftijd))
	}
	uren := ""
	if in.Uren > 0 {
		uren = urenTekst(in.Uren) + " uur"
		if in.UrenPer != "" {
			uren += " per " + in.UrenPer
		}
	}
	werk = append(werk, rij("uren", "Aantal uren", uren))
	if werkafsprakenBeantwoord(in) {
		if in.Vast {
			var rooster, velden []string
			for d, h := range in.Weekrooster {
				velden = append(velden, roosterVeld(d+1))
				if h > 0 {
					rooster = append(rooster, strings.ToLower(dagen[d])+" "+urenTekst(h)+" uur")
				}
			}
			werk = append(werk, rij("rooster", "Uren", "Vaste uren"), rij("weekrooster", "Vast weekrooster", strings.Join(rooster, ", ")).ook(velden...))
		} else {
			werk = append(werk, rij("rooster", "Uren", "Onregelmatige uren"))
		}
	}
	if in.Soort == zov.SoortDienst {
		d := wholeValue(in.DagenPerWeek)
		if d == "" && in.Vast {
			n := 0
			for _, h := range in.Weekrooster {
				if h > 0 {
					n++
				}
			}
			d = strconv.Itoa(n) + " (volgens het weekrooster)"
		}
		werk = append(werk, rij("dagen_per_week", "Dagen per week", d))
	}
	if werkafsprakenBeantwoord(in) {
		if in.Maandloon {
			werk = append(werk, rij("betaling", "Betaling", "Vast bedrag per maand (maandloon)"))
			mb := ""
			if in.MaandBedrag > 0 {
				mb = euro(in.MaandBedrag) + " bruto per maand"
			}
			werk = append(werk, rij("maandbedrag", "Maandbedrag", mb, loonHulp(in)))
			werk = append(werk, rij("andere_vergoedingen", "Andere vergoedingen", in.AndereVergoedingen))
		} else {
			werk = append(werk, rij("betaling", "Betaling", "Achteraf declareren"))
		}
	}
	var functies []string
	for _, z := range zov.Zorgfuncties {
		if _, ok := in.Tarief(z); ok {
			functies = append(functies, z.Label())
		}
	}
	werk = append(werk, rij("functies", "Werkzaamheden", strings.Join(functies, ", ")))
	for _, z := range zov.Zorgfuncties {
		t, ok := in.Tarief(z)
		if !ok {
			continue
		}
		waarde := ""
		if t.Bedrag > 0 {
			waarde = euro(t.Bedrag) + " bruto per " + string(t.Eenheid)
		}
		var extra []string
		if have {
			if mt, ok := zov.MaximumTarief(in, t, m); ok {
				extra = append(extra, fmt.Sprintf("Maximumtarief %d: %s per %s", m.Jaar, euro(mt), t.Eenheid))
			}
		}
		if !in.Maandloon && t.Eenheid == zov.PerUur && t.Bedrag > 0 && zov.UrenPerWeek(in) > 0 {
			extra = append(extra, fmt.Sprintf("bij %s uur per week ongeveer %s per maand", urenTekst(zov.UrenPerWeek(in)), euro(zov.Maandloon(t.Bedrag, zov.UrenPerWeek(in)))))
		}
		werk = append(werk, rij("tarief_"+string(z), "Tarief "+strings.ToLower(z.Label()), waarde, strings.Join(extra, "; ")).ook("eenheid_"+string(z)))
	}
	if _, ok := in.Tarief(zov.Logeeropvang); ok {
		werk = append(werk, rij("etmalen", "Etmalen logeeropvang per jaar", wholeValue(in.Etmalen)))
	}
	if werkafsprakenBeantwoord(in) {
		werk = append(werk, rij("reiskosten", "Reiskosten", jaNeeTekst(in.Reiskosten)))
		if in.Reiskosten {
			extra := ""
			if have && m.PerKm > 0 {
				extra = fmt.Sprintf("Maximum %d: %s per km", m.Jaar, euro(m.PerKm))
			}
			per := ""
			if in.ReiskostenPerKm > 0 {
				per = euro(in.ReiskostenPerKm) + " per km"
			}
			werk = append(werk, rij("reiskosten_per_km", "Vergoeding per kilometer", per, extra))
		}
	}

	var alg []zovRij
	if in.Soort == zov.SoortDienst {
		s := ""
		if algemeenBeantwoord(in) {
			s = jaNeeTekst(in.Salarisadministratie)
		}
		alg = append(alg, rij("salarisadministratie", "Salarisadministratie door de SVB", s))
	}
	standaard := "Nog niet akkoord"
	if in.StandaardAfspraken {
		standaard = "Akkoord (geheimhouding, opzegtermijn, derdenbeding)"
	}
	alg = append(alg,
		rij("zorgbehoefte", "Welke zorg heeft de budgethouder nodig", in.Zorgbehoefte),
		rij("welke_zorg", "Welke zorg geeft de zorgverlener", in.WelkeZorg),
		rij("waarom_zorg", "Waarom deze zorg van deze zorgverlener", in.WaaromZorg),
		rij("standaard_afspraken", "Standaard afspraken", standaard),
		rij("overige_afspraken", "Overige afspraken", in.OverigeAfspraken))
	if in.Professioneel() {
		alg = append(alg, rij("hoger_tarief", "Toestemming zorgkantoor voor hoger tarief", jaNeeTekst(in.HogerTarief)))
	}

	groep := func(titel string, stap int, rijen []zovRij) pages.ZovGroep {
		g := pages.ZovGroep{Titel: titel}
		if wijzig {
			g.WijzigURL = zovURL(id, "/stap/"+strconv.Itoa(stap))
		}
		for _, r := range rijen {
			for _, v := range r.velden {
				if gewijzigd[v] {
					r.rij.Gewijzigd = true
				}
			}
			g.Rijen = append(g.Rijen, r.rij)
		}
		return g
	}
	return []pages.ZovGroep{groep("Partijen", 1, partijen), groep("Werkafspraken", 2, werk), groep("Algemene afspraken", 3, alg)}
}

func formatIBAN(s string) string {
	if s == "" {
		return ""
	}
	return nlid.FormatIBAN(s)
}

// maximaVoor returns the maximumtarieven of the year in starts in (this
// year while the ingangsdatum is empty).
func (s *Server) maximaVoor(r *http.Request, in zov.Inhoud) (zov.Maxima, bool, error) {
	jaar := in.Ingangsdatum.Year
	if in.Ingangsdatum.IsZero() {
		jaar = civil.Today(s.now()).Year
	}
	m, have, err := s.zov.Maxima(r.Context(), jaar)
	m.Jaar = jaar
	return m, have, err
}

// zovVersie reads the hidden versie field.
func zovVersie(r *http.Request) int {
	v, _ := strconv.Atoi(r.PostForm.Get("versie"))
	return v
}

// parseForm parses a POSTed form, answering 400 when it cannot.
func (s *Server) parseForm(w http.ResponseWriter, r *http.Request) bool {
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, apperr.WithCode(http.StatusBadRequest, "", err))
		return false
	}
	return true
}

// budgethouderActor reports whether the actor writes for a budgethouder's
// pgb (not read-only).
func budgethouderActor(a auth.Actor) bool {
	return (a.Role == auth.RoleBudgethouder || a.Role == auth.RoleVertegenwoordiger) && !a.ReadOnly
}

// gedaanMeldingen are the confirmations a redirect may ask for; only these
// fixed texts, so the address bar never carries what a person typed.
var gedaanMeldingen = map[string]string{
	"ondertekend_zv":    "U heeft de zorgovereenkomst ondertekend. De budgethouder ondertekent nu; daarna gaat zij naar het zorgkantoor.",
	"ondertekend_bh":    "U heeft de zorgovereenkomst ondertekend. Zij is ingediend bij het zorgkantoor; u krijgt bericht zodra zij is beoordeeld.",
	"teruggestuurd":     "De zorgovereenkomst is teruggestuurd naar de zorgverlener.",
	"aangepast":         "Uw aanpassingen zijn opgeslagen. Controleer de zorgovereenkomst en onderteken haar.",
	"verwijderd":        "De concept zorgovereenkomst is verwijderd.",
	"goedkeuren":        "De zorgovereenkomst is goedgekeurd. Budgethouder en zorgverlener krijgen bericht.",
	"afkeuren":          "De zorgovereenkomst is afgekeurd. Budgethouder en zorgverlener krijgen bericht.",
	"aanvulling_vragen": "De vraag om aanvulling is verstuurd naar de budgethouder.",
}

// zovLezen reads the agreement in the URL as the acting party may see it; an
// unknown or invisible id is rendered as 404 and ok is false.
func (s *Server) zovLezen(w http.ResponseWriter, r *http.Request) (zov.Overeenkomst, bool) {
	id, ok := zovID(r)
	if !ok {
		s.renderError(w, r, errNotFound)
		return zov.Overeenkomst{}, false
	}
	o, err := s.zov.Get(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return zov.Overeenkomst{}, false
	}
	return o, true
}

// zovVoorWijzigen is zovLezen for a page or action that changes the
// agreement: a party that may not write gets 403 first.
func (s *Server) zovVoorWijzigen(w http.ResponseWriter, r *http.Request) (zov.Overeenkomst, bool) {
	if _, ok := s.mayWrite(w, r); !ok {
		return zov.Overeenkomst{}, false
	}
	return s.zovLezen(w, r)
}
