package zorgovereenkomst

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"pgbportaal/internal/civil"
	"pgbportaal/internal/money"
	"pgbportaal/internal/nlid"
)

// FieldErrors maps a wizard form field id (such as "zv_bsn", "ingangsdatum"
// or "tarief_persoonlijke_verzorging") to a Dutch message for that field. An
// empty map means the content passes.
type FieldErrors map[string]string

// add records msg for field unless the field already has a message: the first
// problem found for a field is the one the user is shown.
func (e FieldErrors) add(field, msg string) {
	if _, ok := e[field]; !ok {
		e[field] = msg
	}
}

// merge adds the messages of o for fields that have none yet.
func (e FieldErrors) merge(o FieldErrors) {
	for k, v := range o {
		e.add(k, v)
	}
}

// Maxima are the maximumtarieven of one calendar year, in cents, as the
// zorgkantoor maintains them: Informeel and Professioneel per uur, Dagdeel
// per dagdeel of begeleiding groep (dagbesteding), PerKm the highest
// reiskostenvergoeding per kilometre. A zero amount means "not known".
type Maxima struct {
	Jaar          int
	Informeel     int64
	Professioneel int64
	Dagdeel       int64
	PerKm         int64
}

// MaxEtmalenPerJaar is the largest number of etmalen logeeropvang a
// budgethouder may have per calendar year.
const MaxEtmalenPerJaar = 156

// MaxTerugwerkendeMaanden is how many calendar months before today an
// agreement may start (met terugwerkende kracht).
const MaxTerugwerkendeMaanden = 2

// Limits that DOMAIN.md leaves open, chosen as a careful service would.
const (
	maxVooruitMaanden = 12     // an ingangsdatum at most a year ahead
	maxUrenPerWeek    = 168_00 // hundredths: 7 × 24 hours
	maxUrenPerMaand   = 730_00 // hundredths: 168 × 52 / 12, rounded up
	maxUrenPerDag     = 24_00  // hundredths
	maxLeeftijd       = 120    // years
	maxTekst          = 4000   // characters in a free-text field
	maxNaam           = 200
	maxStraat         = 100
	maxHuisnummer     = 12
	maxWoonplaats     = 80
)

// Proeftijd values for an arbeidsovereenkomst.
const (
	proeftijdGeen     = "geen"
	proeftijdEenMaand = "1 maand"
	proeftijdTweeMnd  = "2 maanden"
)

// The values of UrenPer.
const (
	urenPerWeek  = "week"
	urenPerMaand = "maand"
)

// ValidatePartijen checks step 1 (Partijen): the soort and the zorgverlener's
// details that fit it. An instelling is identified by naam and AGB-code; a
// zorgverlener in opdracht either by AGB-code (zzp'er) or, if not a zzp'er,
// like an employee or family member by BSN, geboortedatum and adres.
//
// Whether the geboortedatum lies in the past is judged against today's date
// in the Netherlands; ValidateAll takes today as a parameter instead.
func ValidatePartijen(in Inhoud) FieldErrors {
	return validatePartijen(in, civil.Today(time.Now()))
}

func validatePartijen(in Inhoud, today civil.Date) FieldErrors {
	e := FieldErrors{}
	zv := in.Zorgverlener
	switch in.Soort {
	case SoortInstelling, SoortOpdracht, SoortDienst, SoortFamilie:
	case "":
		e.add("soort", "Kies de soort zorgovereenkomst.")
	default:
		e.add("soort", "Kies een van de vier soorten zorgovereenkomst.")
	}

	naam := strings.TrimSpace(zv.Naam)
	switch {
	case naam == "" && in.Soort == SoortInstelling:
		e.add("zv_naam", "Vul de naam van de zorginstelling in.")
	case naam == "":
		e.add("zv_naam", "Vul de naam van de zorgverlener in.")
	case utf8.RuneCountInString(naam) > maxNaam:
		e.add("zv_naam", fmt.Sprintf("Een naam is hoogstens %d tekens.", maxNaam))
	}

	var persoon bool // identified by BSN, geboortedatum and adres
	switch in.Soort {
	case SoortInstelling:
		checkAGB(e, zv.AGB, "Vul de AGB-code van de zorginstelling in.")
		if zv.BSN != "" {
			e.add("zv_bsn", "Een zorginstelling heeft geen BSN. Laat dit veld leeg.")
		}
	case SoortOpdracht:
		if zv.AGB != "" {
			checkAGB(e, zv.AGB, "")
			if zv.BSN != "" {
				e.add("zv_bsn", "Een zzp'er met een AGB-code vult geen BSN in. Laat dit veld leeg.")
			}
		} else {
			persoon = true
		}
	case SoortDienst, SoortFamilie:
		if zv.AGB != "" {
			e.add("zv_agb", "Een AGB-code hoort alleen bij een zorginstelling of een zzp'er die in opdracht werkt. Laat dit veld leeg.")
		}
		persoon = true
	}
	if !persoon {
		return e
	}

	switch {
	case zv.BSN == "" && in.Soort == SoortOpdracht:
		e.add("zv_bsn", "Vul het BSN van de zorgverlener in. Is de zorgverlener een zzp'er? Vul dan de AGB-code in.")
	case zv.BSN == "":
		e.add("zv_bsn", "Vul het BSN van de zorgverlener in.")
	case !nlid.ValidBSN(zv.BSN):
		e.add("zv_bsn", "Dit BSN klopt niet. Een BSN heeft 8 of 9 cijfers; controleer het nummer.")
	}

	gd := zv.Geboortedatum
	switch {
	case gd.IsZero():
		e.add("zv_geboortedatum", "Vul de geboortedatum van de zorgverlener in.")
	case !gd.IsValid():
		e.add("zv_geboortedatum", "Vul een bestaande datum in, bijvoorbeeld 17-03-1980.")
	case !gd.Before(today):
		e.add("zv_geboortedatum", "De geboortedatum moet in het verleden liggen.")
	case gd.Before(today.AddMonths(-12 * maxLeeftijd)):
		e.add("zv_geboortedatum", fmt.Sprintf("Controleer de geboortedatum: de zorgverlener zou dan ouder zijn dan %d jaar.", maxLeeftijd))
	}

	a := zv.Adres
	switch straat := strings.TrimSpace(a.Straat); {
	case straat == "":
		e.add("zv_straat", "Vul de straat van de zorgverlener in.")
	case utf8.RuneCountInString(straat) > maxStraat:
		e.add("zv_straat", fmt.Sprintf("Een straatnaam is hoogstens %d tekens.", maxStraat))
	}
	switch hn := strings.TrimSpace(a.Huisnummer); {
	case hn == "":
		e.add("zv_huisnummer", "Vul het huisnummer in, eventueel met toevoeging, bijvoorbeeld 12A.")
	case len(hn) > maxHuisnummer || hn[0] < '1' || hn[0] > '9':
		e.add("zv_huisnummer", "Vul een geldig huisnummer in, bijvoorbeeld 12 of 12A.")
	}
	if _, ok := nlid.NormalizePostcode(a.Postcode); !ok {
		if strings.TrimSpace(a.Postcode) == "" {
			e.add("zv_postcode", "Vul de postcode in, bijvoorbeeld 1234 AB.")
		} else {
			e.add("zv_postcode", "Vul een geldige postcode in: 4 cijfers en 2 letters, bijvoorbeeld 1234 AB.")
		}
	}
	switch wp := strings.TrimSpace(a.Woonplaats); {
	case wp == "":
		e.add("zv_woonplaats", "Vul de woonplaats van de zorgverlener in.")
	case utf8.RuneCountInString(wp) > maxWoonplaats:
		e.add("zv_woonplaats", fmt.Sprintf("Een woonplaats is hoogstens %d tekens.", maxWoonplaats))
	}
	return e
}

// checkAGB requires a well-formed AGB-code; missing is the message when empty.
func checkAGB(e FieldErrors, agb, missing string) {
	switch {
	case agb == "" && missing != "":
		e.add("zv_agb", missing)
	case agb == "":
		e.add("zv_agb", "Vul de AGB-code in.")
	case !nlid.ValidAGB(agb):
		e.add("zv_agb", "Deze AGB-code klopt niet. Een AGB-code heeft 8 cijfers, bijvoorbeeld 12345678.")
	}
}

// ValidateWerkafspraken checks step 2 (Werkafspraken) on day today. max must
// be the maximumtarieven of the year of the ingangsdatum and haveMax whether
// the zorgkantoor has set them; without them no tariff can be accepted and
// the ingangsdatum gets the message that they are not known yet.
func ValidateWerkafspraken(in Inhoud, today civil.Date, max Maxima, haveMax bool) FieldErrors {
	e := FieldErrors{}
	dienst := in.Soort == SoortDienst

	// Ingangsdatum and looptijd.
	ing := in.Ingangsdatum
	ingOK := false
	switch {
	case ing.IsZero():
		e.add("ingangsdatum", "Vul de ingangsdatum in.")
	case !ing.IsValid():
		e.add("ingangsdatum", "Vul een bestaande datum in, bijvoorbeeld 01-03-2024.")
	case ing.Before(today.AddMonths(-MaxTerugwerkendeMaanden)):
		e.add("ingangsdatum", "De ingangsdatum mag hoogstens 2 maanden in het verleden liggen.")
	case ing.After(today.AddMonths(maxVooruitMaanden)):
		e.add("ingangsdatum", "De ingangsdatum mag hoogstens 1 jaar in de toekomst liggen.")
	default:
		ingOK = true
	}
	haveMax = haveMax && ingOK && max.Jaar == ing.Year
	if ingOK && !haveMax {
		e.add("ingangsdatum", "Voor dit jaar zijn nog geen maximumtarieven vastgesteld.")
	}

	eind := in.Einddatum
	if in.Onbepaald {
		if !eind.IsZero() {
			e.add("einddatum", "Bij een overeenkomst voor onbepaalde tijd vult u geen einddatum in.")
		}
	} else {
		switch {
		case eind.IsZero():
			e.add("einddatum", "Vul de einddatum in, of kies voor onbepaalde tijd.")
		case !eind.IsValid():
			e.add("einddatum", "Vul een bestaande datum in, bijvoorbeeld 31-12-2024.")
		case ing.IsValid() && !eind.After(ing):
			e.add("einddatum", "De einddatum moet na de ingangsdatum liggen.")
		}
	}

	// Proeftijd: only in an arbeidsovereenkomst, and within art. 7:652 BW:
	// none for a contract of 6 months or shorter, at most 1 month for a
	// contract shorter than 2 years, at most 2 months otherwise.
	if dienst {
		switch in.Proeftijd {
		case "":
			e.add("proeftijd", "Kies of er een proeftijd is.")
		case proeftijdGeen:
		case proeftijdEenMaand, proeftijdTweeMnd:
			if !in.Onbepaald && ing.IsValid() && eind.IsValid() && eind.After(ing) {
				eindExcl := eind.AddDays(1)
				switch {
				case !eindExcl.After(ing.AddMonths(6)):
					e.add("proeftijd", "Bij een arbeidsovereenkomst van 6 maanden of korter is geen proeftijd toegestaan.")
				case in.Proeftijd == proeftijdTweeMnd && eindExcl.Before(ing.AddMonths(24)):
					e.add("proeftijd", "Bij een arbeidsovereenkomst korter dan 2 jaar is de proeftijd hoogstens 1 maand.")
				}
			}
		default:
			e.add("proeftijd", "Kies geen proeftijd, 1 maand of 2 maanden.")
		}
	} else if in.Proeftijd != "" {
		e.add("proeftijd", "Een proeftijd kan alleen als de zorgverlener bij u in dienst is. Laat dit veld leeg.")
	}

	// Uren.
	switch in.UrenPer {
	case urenPerWeek, urenPerMaand:
	default:
		e.add("uren_per", "Kies of het aantal uren per week of per maand is.")
	}
	switch {
	case in.Uren <= 0:
		e.add("uren", "Vul het aantal uren in.")
	case in.UrenPer == urenPerMaand && in.Uren > maxUrenPerMaand:
		e.add("uren", fmt.Sprintf("Een maand heeft hoogstens %s uur.", formatUren(maxUrenPerMaand)))
	case in.UrenPer != urenPerMaand && in.Uren > maxUrenPerWeek:
		e.add("uren", fmt.Sprintf("Een week heeft hoogstens %s uur.", formatUren(maxUrenPerWeek)))
	}

	// Rooster.
	if in.Vast {
		var som int64
		for i, h := range in.Weekrooster {
			f := "rooster_" + strconv.Itoa(i+1)
			switch {
			case h < 0:
				e.add(f, "Vul een aantal uren van 0 of meer in.")
			case h > maxUrenPerDag:
				e.add(f, "Een dag heeft hoogstens 24 uur.")
			}
			som += h
		}
		switch {
		case som <= 0:
			e.add("rooster", "Vul in het weekrooster in op welke dagen de zorgverlener hoeveel uur werkt.")
		case in.UrenPer == urenPerWeek && in.Uren > 0 && som != in.Uren:
			e.add("rooster", fmt.Sprintf("De uren in het weekrooster (samen %s uur) zijn niet gelijk aan de %s uur per week die u hierboven invulde.",
				formatUren(som), formatUren(in.Uren)))
		}
	} else if in.Weekrooster != [7]int64{} {
		e.add("rooster", "Een weekrooster vult u alleen in bij vaste uren. Maak het weekrooster leeg of kies voor vaste uren.")
	}

	// Betaling.
	if in.Maandloon {
		if in.MaandBedrag <= 0 {
			e.add("maandbedrag", "Vul het bruto maandbedrag in.")
		} else if haveMax {
			uren := UrenPerWeek(in)
			m, ok := MaximumTarief(in, Tarief{Eenheid: PerUur}, max)
			if uren > 0 && ok && !hogerToegestaan(in) {
				if u := Uurloon(in.MaandBedrag, uren); u > m {
					e.add("maandbedrag", fmt.Sprintf("Het maandbedrag komt neer op %s per uur. Dat is hoger dan het maximumtarief van %s per uur voor %d.",
						money.Cents(u), money.Cents(m), max.Jaar))
				}
			}
		}
		if utf8.RuneCountInString(in.AndereVergoedingen) > maxTekst {
			e.add("andere_vergoedingen", fmt.Sprintf("Gebruik hoogstens %d tekens.", maxTekst))
		}
	} else {
		if in.MaandBedrag != 0 {
			e.add("maandbedrag", "Een maandbedrag vult u alleen in bij een vast maandbedrag. Laat dit veld leeg.")
		}
		if strings.TrimSpace(in.AndereVergoedingen) != "" {
			e.add("andere_vergoedingen", "Andere vergoedingen kunnen alleen bij een vast maandbedrag. Laat dit veld leeg.")
		}
	}

	// Zorgfuncties and tarieven.
	if len(in.Tarieven) == 0 {
		e.add("functies", "Kies ten minste één zorgfunctie en vul het tarief in.")
	}
	gezien := map[Zorgfunctie]bool{}
	logeer := false
	for _, t := range in.Tarieven {
		if !bekendeFunctie(t.Zorgfunctie) {
			e.add("functies", "Kies alleen zorgfuncties uit de lijst.")
			continue
		}
		if gezien[t.Zorgfunctie] {
			e.add("functies", fmt.Sprintf("De zorgfunctie %s staat er meer dan één keer in.", strings.ToLower(t.Zorgfunctie.Label())))
			continue
		}
		gezien[t.Zorgfunctie] = true
		logeer = logeer || t.Zorgfunctie == Logeeropvang
		tf, ef := "tarief_"+string(t.Zorgfunctie), "eenheid_"+string(t.Zorgfunctie)

		eenheidOK := true
		switch t.Eenheid {
		case PerUur:
		case PerDagdeel:
			if t.Zorgfunctie != BegeleidingGroep {
				e.add(ef, "Een tarief per dagdeel kan alleen bij begeleiding groep (dagbesteding). Kies per uur.")
				eenheidOK = false
			}
		case PerEtmaal:
			if t.Zorgfunctie != Logeeropvang {
				e.add(ef, "Een tarief per etmaal kan alleen bij logeeropvang. Kies per uur.")
				eenheidOK = false
			}
		case "":
			e.add(ef, "Kies de eenheid van het tarief.")
			eenheidOK = false
		default:
			e.add(ef, "Kies een eenheid uit de lijst.")
			eenheidOK = false
		}

		if t.Bedrag <= 0 {
			e.add(tf, "Vul het brutotarief in.")
			continue
		}
		if !eenheidOK || !haveMax {
			continue
		}
		if m, ok := MaximumTarief(in, t, max); ok && t.Bedrag > m && !hogerToegestaan(in) {
			msg := fmt.Sprintf("Het tarief is hoger dan het maximumtarief van %s per %s voor %d.", money.Cents(m), t.Eenheid, max.Jaar)
			if in.Professioneel() {
				msg += " Een hoger tarief kan alleen met toestemming van het zorgkantoor."
			}
			e.add(tf, msg)
		}
	}

	// Logeeropvang: etmalen per calendar year.
	if logeer {
		switch {
		case in.Etmalen <= 0:
			e.add("etmalen", "Vul in hoeveel etmalen logeeropvang per jaar u afspreekt.")
		case in.Etmalen > MaxEtmalenPerJaar:
			e.add("etmalen", fmt.Sprintf("Logeeropvang is hoogstens %d etmalen per kalenderjaar.", MaxEtmalenPerJaar))
		}
	} else if in.Etmalen != 0 {
		e.add("etmalen", "Etmalen vult u alleen in bij logeeropvang. Laat dit veld leeg.")
	}

	// Reiskosten.
	if in.Reiskosten {
		switch {
		case in.ReiskostenPerKm <= 0:
			e.add("reiskosten_per_km", "Vul de vergoeding per kilometer in.")
		case haveMax && max.PerKm > 0 && in.ReiskostenPerKm > max.PerKm:
			e.add("reiskosten_per_km", fmt.Sprintf("De reiskostenvergoeding is hoger dan het maximum van %s per km voor %d.",
				money.Cents(max.PerKm), max.Jaar))
		}
	} else if in.ReiskostenPerKm != 0 {
		e.add("reiskosten_per_km", "Een vergoeding per kilometer vult u alleen in als u reiskosten vergoedt. Laat dit veld leeg.")
	}

	// Dagen per week: asked of an employee with irregular hours; with a
	// vast weekrooster it follows from the rooster.
	switch {
	case !dienst:
		if in.DagenPerWeek != 0 {
			e.add("dagen_per_week", "Het aantal dagen per week vult u alleen in als de zorgverlener bij u in dienst is. Laat dit veld leeg.")
		}
	case in.Vast:
		if d := roosterDagen(in); in.DagenPerWeek != 0 && in.DagenPerWeek != d {
			e.add("dagen_per_week", fmt.Sprintf("Volgens het weekrooster werkt de zorgverlener %d dagen per week.", d))
		}
	case in.DagenPerWeek < 1 || in.DagenPerWeek > 7:
		e.add("dagen_per_week", "Vul in op hoeveel dagen per week de zorgverlener werkt: 1 tot en met 7.")
	}
	return e
}

// bekendeFunctie reports whether z is one of the Zorgfuncties.
func bekendeFunctie(z Zorgfunctie) bool {
	for _, f := range Zorgfuncties {
		if f == z {
			return true
		}
	}
	return false
}

// hogerToegestaan reports whether rates above the maximum are allowed: only
// for a professional zorgverlener with the zorgkantoor's permission.
func hogerToegestaan(in Inhoud) bool { return in.HogerTarief && in.Professioneel() }

// roosterDagen is the number of days in the weekrooster with hours.
func roosterDagen(in Inhoud) int {
	n := 0
	for _, h := range in.Weekrooster {
		if h > 0 {
			n++
		}
	}
	return n
}

// ValidateAlgemeen checks step 3 (Algemene afspraken): the
// salarisadministratie choice, the zorgbeschrijving, acceptance of the
// standaard afspraken, the overige afspraken and the hoger-tarief permission.
func ValidateAlgemeen(in Inhoud) FieldErrors {
	e := FieldErrors{}
	switch {
	case in.Salarisadministratie && !SalarisadministratieToegestaan(in):
		e.add("salarisadministratie", "Salarisadministratie door de SVB kan alleen als de zorgverlener bij u in dienst is.")
	case !in.Salarisadministratie && SalarisadministratieVerplicht(in):
		e.add("salarisadministratie", "De zorgverlener werkt meer dan 3 dagen per week. Dan is salarisadministratie door de SVB verplicht.")
	}

	tekst := func(field, waarde, missing string, required bool) {
		switch {
		case required && strings.TrimSpace(waarde) == "":
			e.add(field, missing)
		case utf8.RuneCountInString(waarde) > maxTekst:
			e.add(field, fmt.Sprintf("Gebruik hoogstens %d tekens. U gebruikt er nu %d.", maxTekst, utf8.RuneCountInString(waarde)))
		}
	}
	tekst("zorgbehoefte", in.Zorgbehoefte, "Beschrijf welke zorg u nodig heeft.", true)
	tekst("welke_zorg", in.WelkeZorg, "Beschrijf welke zorg deze zorgverlener geeft.", true)
	tekst("waarom_zorg", in.WaaromZorg, "Beschrijf waarom u deze zorg van deze zorgverlener krijgt.", true)
	if !in.StandaardAfspraken {
		e.add("standaard_afspraken", "U moet akkoord gaan met de standaard afspraken.")
	}
	tekst("overige_afspraken", in.OverigeAfspraken, "", false)
	if in.HogerTarief && !in.Professioneel() {
		e.add("hoger_tarief", "Een hoger tarief dan het maximumtarief kan alleen bij een professionele zorgverlener.")
	}
	return e
}

// ValidateAll is the union of the three steps on day today: everything that
// must hold before "Delen met zorgverlener" and before each signature.
func ValidateAll(in Inhoud, today civil.Date, max Maxima, haveMax bool) FieldErrors {
	e := validatePartijen(in, today)
	e.merge(ValidateWerkafspraken(in, today, max, haveMax))
	e.merge(ValidateAlgemeen(in))
	return e
}

// MaximumTarief returns the maximumtarief of max that applies to rate t in
// agreement in: per uur the professional or informal maximum (see
// Inhoud.Professioneel), per dagdeel the dagbesteding maximum. It returns
// false when no maximum is known for that unit (per etmaal, or a zero
// amount in max).
func MaximumTarief(in Inhoud, t Tarief, max Maxima) (int64, bool) {
	var m int64
	switch t.Eenheid {
	case PerUur:
		m = max.Informeel
		if in.Professioneel() {
			m = max.Professioneel
		}
	case PerDagdeel:
		m = max.Dagdeel
	}
	return m, m > 0
}

// SalarisadministratieToegestaan reports whether salarisadministratie by the
// SVB may be chosen: only in an arbeidsovereenkomst (soort dienst), never for
// an instelling, a zorgverlener in opdracht or partner and family.
func SalarisadministratieToegestaan(in Inhoud) bool { return in.Soort == SoortDienst }

// SalarisadministratieVerplicht reports whether salarisadministratie by the
// SVB is obligatory: in an arbeidsovereenkomst where the zorgverlener works
// more than 3 days a week (DagenPerWeek, or with vaste uren the days of the
// weekrooster that have hours).
func SalarisadministratieVerplicht(in Inhoud) bool {
	if in.Soort != SoortDienst {
		return false
	}
	return in.DagenPerWeek > 3 || (in.Vast && roosterDagen(in) > 3)
}

// Uurloon converts a gross monthly wage to an hourly wage, both in cents:
// maandloon × 12 / 52 / uren per week, rounded half up to a cent. Hours are
// in hundredths; with no hours it returns 0.
func Uurloon(maandloonCents, urenPerWeekHundredths int64) int64 {
	if urenPerWeekHundredths <= 0 {
		return 0
	}
	return mulDivRound(maandloonCents, 12*100, 52*urenPerWeekHundredths)
}

// Maandloon converts an hourly wage to a gross monthly wage, both in cents:
// uurloon × uren per week × 52 / 12, rounded half up to a cent. Hours are in
// hundredths.
func Maandloon(uurloonCents, urenPerWeekHundredths int64) int64 {
	return mulDivRound(uurloonCents*52, urenPerWeekHundredths, 12*100)
}

// UrenPerWeek returns the agreed hours per week in hundredths of an hour,
// converting hours per maand to hours per week (× 12 / 52, rounded half up).
func UrenPerWeek(in Inhoud) int64 {
	if in.UrenPer == urenPerMaand {
		return mulDivRound(in.Uren, 12, 52)
	}
	return in.Uren
}

// mulDivRound returns a × b / d rounded half away from zero, for d > 0,
// without intermediate overflow.
func mulDivRound(a, b, d int64) int64 {
	n := new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
	neg := n.Sign() < 0
	n.Abs(n)
	q, r := new(big.Int).QuoRem(n, big.NewInt(d), new(big.Int))
	if r.Lsh(r, 1).Cmp(big.NewInt(d)) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if neg {
		q.Neg(q)
	}
	return q.Int64()
}

// formatUren writes hundredths of an hour the Dutch way: 1250 → "12,5",
// 1000 → "10", 25 → "0,25".
func formatUren(h int64) string {
	sign := ""
	if h < 0 {
		sign, h = "-", -h
	}
	s := sign + strconv.FormatInt(h/100, 10)
	switch f := h % 100; {
	case f == 0:
	case f%10 == 0:
		s += "," + strconv.FormatInt(f/10, 10)
	default:
		s += fmt.Sprintf(",%02d", f)
	}
	return s
}
