package declaratie

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"pgbportaal/internal/civil"
	"pgbportaal/internal/money"
	"pgbportaal/internal/nlid"
	zov "pgbportaal/internal/zorgovereenkomst"
)

// Limits of a declaratie. Aantallen are hundredths.
const (
	MaxUrenPerDag     = 24_00 // a day has 24 hours, whatever the zorgfuncties
	MaxDagdelenPerDag = 3_00  // ochtend, middag, avond
	MaxEtmalenPerDag  = 1_00  // an etmaal is 24 hours
	MaxKmPerDag       = 1000_00
	MaxEtmalenPerJaar = zov.MaxEtmalenPerJaar * 100 // logeeropvang per budgethouder per calendar year
	MaxBedrag         = 10_000_000                  // € 100.000 for a declaratie of another soort than zorg
	MaxOmschrijving   = 500
	MaxNotitie        = 2000
	// MaandenTerug is how many months back "Indienen declaratie" offers.
	MaandenTerug = 12
)

// Declarabel says why a declaratie under an agreement in status st with
// content in cannot be made ("" when it can): only an approved agreement
// without a vast maandbedrag is declared; a maandloon is paid every month
// without declaratie.
func Declarabel(st zov.Status, in zov.Inhoud) string {
	switch {
	case st != zov.Goedgekeurd:
		return "U kunt alleen declareren voor een goedgekeurde zorgovereenkomst."
	case in.Maandloon:
		return "Voor deze zorgovereenkomst is een vast maandbedrag afgesproken. Dat wordt elke maand zonder declaratie betaald."
	}
	return ""
}

// AfspraakInMaand is agreement in as it applies to the month of periode:
// the werkafspraken (zorgfuncties and tarieven, uren, reiskosten, etmalen,
// maandloon) of the version in force that month (zov.InMaand; versies are
// the versions that took effect, oldest first), with the agreement's
// looptijd as it stands (from its ingangsdatum to its newest einddatum) and
// its parties. A change waiting for signatures or the zorgkantoor is no
// version yet and does not count. Without versions it is in itself.
func AfspraakInMaand(in zov.Inhoud, versies []zov.Versie, periode civil.Date) zov.Inhoud {
	v, ok := zov.InMaand(versies, periode)
	if !ok {
		return in
	}
	out := zov.MetWerkafspraken(in, v.Inhoud)
	out.Ingangsdatum, out.Onbepaald, out.Einddatum = in.Ingangsdatum, in.Onbepaald, in.Einddatum
	return out
}

// DeclarabeleMaanden are the months of Maanden(today), newest first, that
// agreement in (status st, versions versies as for AfspraakInMaand) may be
// declared over: inside its looptijd, with the version in force that month
// allowing a declaratie (Declarabel). A maandloon agreed from a later month
// leaves the months before it declarable, and the other way round.
func DeclarabeleMaanden(st zov.Status, in zov.Inhoud, versies []zov.Versie, today civil.Date) []civil.Date {
	var out []civil.Date
	for _, m := range Maanden(today) {
		if MaandInOvereenkomst(m, in) && Declarabel(st, AfspraakInMaand(in, versies, m)) == "" {
			out = append(out, m)
		}
	}
	return out
}

// MaandVoorbij reports whether the whole month of periode has passed on
// today (a date in Europe/Amsterdam, see civil.Today): November is declared
// from 1 December.
func MaandVoorbij(periode, today civil.Date) bool {
	return today.After(periode.LastOfMonth())
}

// BinnenOvereenkomst reports whether day d lies inside the agreement's
// period: on or after the ingangsdatum and, unless it runs for an indefinite
// time, on or before the einddatum.
func BinnenOvereenkomst(d civil.Date, in zov.Inhoud) bool {
	if in.Ingangsdatum.IsZero() || d.Before(in.Ingangsdatum) {
		return false
	}
	return in.Onbepaald || in.Einddatum.IsZero() || !d.After(in.Einddatum)
}

// MaandInOvereenkomst reports whether any day of periode's month lies inside
// the agreement's period.
func MaandInOvereenkomst(periode civil.Date, in zov.Inhoud) bool {
	if in.Ingangsdatum.IsZero() || periode.LastOfMonth().Before(in.Ingangsdatum) {
		return false
	}
	return in.Onbepaald || in.Einddatum.IsZero() || !periode.FirstOfMonth().After(in.Einddatum)
}

// Maanden are the months "Indienen declaratie" offers: the current month
// and the MaandenTerug months before it, newest first. Which of them a
// soort or agreement allows, ControleerPeriode says.
func Maanden(today civil.Date) []civil.Date {
	out := make([]civil.Date, 0, MaandenTerug+1)
	for i := 0; i <= MaandenTerug; i++ {
		out = append(out, today.FirstOfMonth().AddMonths(-i))
	}
	return out
}

// ControleerPeriode says why periode is not allowed for a declaratie of
// soort (under agreement in, nil for none) on today, or "". Geleverde zorg is
// declared once the month has fully passed and only for a month inside the
// agreement's period; the other soorten for a month that has begun.
func ControleerPeriode(soort Soort, periode civil.Date, in *zov.Inhoud, today civil.Date) string {
	switch {
	case periode.IsZero():
		return "Kies de maand waarover u declareert."
	case !periode.IsValid() || periode.Day != 1:
		return "Kies een maand uit de lijst."
	case periode.Before(today.FirstOfMonth().AddMonths(-MaandenTerug)):
		return fmt.Sprintf("U kunt declareren over hoogstens %d maanden terug.", MaandenTerug)
	case soort == SoortZorg && !MaandVoorbij(periode, today):
		return fmt.Sprintf("U kunt over %s declareren vanaf %s, als de maand voorbij is.", MaandNaam(periode), periode.AddMonths(1))
	case periode.After(today):
		return "Kies een maand die al is begonnen."
	case in != nil && !MaandInOvereenkomst(periode, *in):
		return fmt.Sprintf("%s valt buiten de looptijd van de zorgovereenkomst.", hoofdletter(MaandNaam(periode)))
	}
	return ""
}

func hoofdletter(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// UrenToegestaan is the most hours (hundredths) a declaratie over periode may
// hold under the agreement: with hours per month, those hours; with hours per
// week, hours × days in the month / 7, rounded up to the hundredth. A month
// the agreement covers only in part gets the same allowance: the agreement
// sets the average, and care may be concentrated in the days it covers.
func UrenToegestaan(in zov.Inhoud, periode civil.Date) int64 {
	if in.UrenPer == "maand" {
		return in.Uren
	}
	dagen := int64(civil.DaysIn(periode.Year, periode.Month))
	return (in.Uren*dagen + 6) / 7
}

// dagenTussen is the number of calendar days from a through b, inclusive.
func dagenTussen(a, b civil.Date) int {
	n := 0
	for d := a; !d.After(b) && n <= 62; d = d.AddDays(1) {
		n++
	}
	return n
}

// veld is the form field a regel's errors belong to; i counts the rates
// over several days.
func veld(r Regel, i int) string {
	switch {
	case r.Meerdaags():
		return VeldMeerdaags(i, "aantal")
	case r.Reiskosten():
		return VeldKm(r.Datum)
	}
	return VeldAantal(r.Datum, r.Zorgfunctie)
}

// velden returns the field of every regel, in order.
func velden(regels []Regel) []string {
	out := make([]string, len(regels))
	md := 0
	for i, r := range regels {
		out[i] = veld(r, md)
		if r.Meerdaags() {
			md++
		}
	}
	return out
}

// Bereken fills in each regel's unit and rate from the agreement and its
// amount, tarief × aantal rounded to the cent half up (money.MulQty), and
// returns them with the total. What a client sent as unit, rate or amount
// does not count. A regel for a zorgfunctie the agreement does not have, in
// another unit than agreed, or kilometres without agreed reiskosten, gets an
// error and no amount. With versies (the agreement's versions that took
// effect, oldest first), each regel is priced by the version in force on its
// day (for a rate over several days: its begin date), so a declaratie over a
// month in which a change took effect is priced per day.
func Bereken(regels []Regel, in zov.Inhoud, versies ...zov.Versie) ([]Regel, int64, FieldErrors) {
	e := FieldErrors{}
	out := make([]Regel, len(regels))
	var totaal int64
	fields := velden(regels)
	for i, r := range regels {
		f := fields[i]
		r.Tarief, r.Bedrag = 0, 0
		in := in
		if v, ok := zov.InWerking(versies, r.Datum); ok {
			in = v.Inhoud
		}
		switch {
		case r.Aantal < 0 || r.Aantal > 100_000_00:
			e.add(f, "Vul een aantal van 0 of meer in.")
		case r.Reiskosten() || (r.Zorgfunctie == "" && r.Eenheid == ""):
			r.Eenheid, r.Zorgfunctie = PerKm, ""
			if !in.Reiskosten || in.ReiskostenPerKm <= 0 {
				e.add(f, "In de zorgovereenkomst zijn geen reiskosten afgesproken.")
				break
			}
			r.Tarief = in.ReiskostenPerKm
		default:
			t, ok := in.Tarief(r.Zorgfunctie)
			if !ok {
				e.add(f, fmt.Sprintf("%s staat niet in de zorgovereenkomst.", hoofdletter(r.Zorgfunctie.Label())))
				break
			}
			if r.Eenheid != "" && r.Eenheid != t.Eenheid {
				e.add(f, fmt.Sprintf("Voor %s is een tarief per %s afgesproken. Declareer per %s.", strings.ToLower(t.Zorgfunctie.Label()), t.Eenheid, t.Eenheid))
				break
			}
			r.Eenheid, r.Tarief = t.Eenheid, t.Bedrag
		}
		if r.Tarief > 0 {
			r.Bedrag = int64(money.MulQty(r.Tarief, r.Aantal))
			totaal += r.Bedrag
		}
		out[i] = r
	}
	return out, totaal, e
}

// Controle is what Valideer checks a declaratie of geleverde zorg against.
type Controle struct {
	Periode        civil.Date
	Regels         []Regel
	Afspraak       zov.Inhoud // the agreement's content as it stands (its newest version)
	AfspraakStatus zov.Status
	Vandaag        civil.Date // in Europe/Amsterdam
	// Versies are the agreement's versions that took effect, oldest first:
	// each day is priced by the version in force that day, and the month's
	// limits (hours, zorgfuncties, etmalen, maandloon) are those of the
	// version in force in the month (AfspraakInMaand).
	Versies []zov.Versie
	// Etmalen logeeropvang (hundredths) in the budgethouder's other
	// declaraties of the same calendar year that count (submitted, not
	// withdrawn or rejected), in total and under this agreement.
	EtmalenJaar, EtmalenOvereenkomst int64
}

// Valideer checks a declaratie of geleverde zorg against every rule: the
// agreement is approved and without maandloon; the month has passed and lies
// in the agreement's period, and so does every day entered; only agreed
// zorgfuncties in their agreed unit; at most 24 hours a day (all zorgfuncties
// together), 3 dagdelen and 1 etmaal a day per zorgfunctie; a rate over
// several days only for a rate per etmaal or dagdeel, inside the month, at
// most one etmaal (or three dagdelen) per day it spans, not overlapping other
// etmalen; the month's hours within UrenToegestaan; logeeropvang at most 156
// etmalen per calendar year (and at most what the agreement sets per year);
// reiskosten only when agreed, at most 1.000 km a day; and something filled
// in. Errors are keyed by the form fields of VeldAantal, VeldKm, VeldMeerdaags
// and the Veld constants.
func Valideer(c Controle) FieldErrors {
	e := FieldErrors{}
	// The limits of the month are those of the version in force in it.
	in := AfspraakInMaand(c.Afspraak, c.Versies, c.Periode)
	if msg := Declarabel(c.AfspraakStatus, in); msg != "" {
		e.add(VeldZorgovereenkomst, msg)
		return e
	}
	if msg := ControleerPeriode(SoortZorg, c.Periode, &in, c.Vandaag); msg != "" {
		e.add(VeldPeriode, msg)
		return e
	}
	regels, totaal, be := Bereken(c.Regels, in, c.Versies...)
	for k, v := range be {
		e.add(k, v)
	}
	fields := velden(regels)

	type dagFunctie struct {
		dag civil.Date
		z   zov.Zorgfunctie
	}
	urenPerDag := map[civil.Date]int64{}
	eersteVeld := map[civil.Date]string{}
	enkel := map[dagFunctie]bool{}
	etmaalDagen := map[dagFunctie]bool{}
	var urenMaand, etmalen int64
	first, last := c.Periode, c.Periode.LastOfMonth()
	inMaand := func(d civil.Date) bool { return d.IsValid() && !d.Before(first) && !d.After(last) }

	for i, r := range regels {
		f := fields[i]
		if _, fout := be[f]; fout {
			continue
		}
		if r.Aantal == 0 {
			continue
		}
		if r.Meerdaags() {
			begin, eind := r.Datum, r.EindDatum
			switch {
			case !inMaand(begin):
				e.add(VeldMeerdaags(mdIndex(regels, i), "begin"), fmt.Sprintf("Kies een begindatum in %s.", MaandNaam(c.Periode)))
				continue
			case !inMaand(eind):
				e.add(VeldMeerdaags(mdIndex(regels, i), "eind"), fmt.Sprintf("Kies een einddatum in %s.", MaandNaam(c.Periode)))
				continue
			case !begin.Before(eind):
				e.add(VeldMeerdaags(mdIndex(regels, i), "eind"), "De einddatum moet na de begindatum liggen.")
				continue
			case r.Eenheid != zov.PerEtmaal && r.Eenheid != zov.PerDagdeel:
				e.add(VeldMeerdaags(mdIndex(regels, i), "functie"), "Een tarief over meerdere dagen kan alleen bij een tarief per etmaal of per dagdeel. Vul uren per dag in.")
				continue
			}
			dagen := int64(dagenTussen(begin, eind))
			for d := begin; !d.After(eind); d = d.AddDays(1) {
				if !BinnenOvereenkomst(d, in) {
					e.add(VeldMeerdaags(mdIndex(regels, i), "begin"), fmt.Sprintf("%s %s valt buiten de looptijd van de zorgovereenkomst.", hoofdletter(Weekdag(d)), d))
					break
				}
			}
			switch {
			case r.Aantal%100 != 0:
				e.add(f, fmt.Sprintf("Vul een heel aantal %s in.", meervoud(r.Eenheid)))
			case r.Eenheid == zov.PerEtmaal && r.Aantal > dagen*MaxEtmalenPerDag:
				e.add(f, fmt.Sprintf("Van %s tot en met %s zijn hoogstens %d etmalen.", begin, eind, dagen))
			case r.Eenheid == zov.PerDagdeel && r.Aantal > dagen*MaxDagdelenPerDag:
				e.add(f, fmt.Sprintf("Van %s tot en met %s zijn hoogstens %d dagdelen.", begin, eind, dagen*3))
			}
			if r.Eenheid == zov.PerEtmaal {
				for d := begin; !d.After(eind); d = d.AddDays(1) {
					k := dagFunctie{d, r.Zorgfunctie}
					if etmaalDagen[k] {
						e.add(f, fmt.Sprintf("Deze periode overlapt met andere etmalen %s (%s).", strings.ToLower(r.Zorgfunctie.Label()), d))
						break
					}
					etmaalDagen[k] = true
				}
			}
		} else {
			d := r.Datum
			switch {
			case !inMaand(d):
				e.add(f, fmt.Sprintf("Vul alleen dagen in %s in.", MaandNaam(c.Periode)))
				continue
			case !BinnenOvereenkomst(d, in):
				e.add(f, fmt.Sprintf("%s %s valt buiten de looptijd van de zorgovereenkomst.", hoofdletter(Weekdag(d)), d))
				continue
			}
			k := dagFunctie{d, r.Zorgfunctie}
			if r.Reiskosten() {
				k.z = "km"
			}
			if enkel[k] {
				e.add(f, "Deze dag staat er meer dan één keer in.")
				continue
			}
			enkel[k] = true
			switch r.Eenheid {
			case PerKm:
				if r.Aantal > MaxKmPerDag {
					e.add(f, "Vul hoogstens 1.000 km per dag in.")
				}
			case zov.PerUur:
				urenPerDag[d] += r.Aantal
				if _, ok := eersteVeld[d]; !ok {
					eersteVeld[d] = f
				}
			case zov.PerDagdeel:
				switch {
				case r.Aantal%100 != 0:
					e.add(f, "Vul een heel aantal dagdelen in.")
				case r.Aantal > MaxDagdelenPerDag:
					e.add(f, "Een dag heeft hoogstens 3 dagdelen.")
				}
			case zov.PerEtmaal:
				switch {
				case r.Aantal%100 != 0:
					e.add(f, "Vul een heel aantal etmalen in.")
				case r.Aantal > MaxEtmalenPerDag:
					e.add(f, "Op een dag is hoogstens 1 etmaal. Gebruik voor meer dagen een tarief over meerdere dagen.")
				case etmaalDagen[k]:
					e.add(f, "Deze dag valt al in een tarief over meerdere dagen.")
				}
				etmaalDagen[k] = true
			}
		}
		if r.Eenheid == zov.PerUur {
			urenMaand += r.Aantal
		}
		if r.Zorgfunctie == zov.Logeeropvang && r.Eenheid == zov.PerEtmaal {
			etmalen += r.Aantal
		}
	}
	for d, u := range urenPerDag {
		if u > MaxUrenPerDag {
			e.add(eersteVeld[d], fmt.Sprintf("Op %s %s staan samen %s uur. Een dag heeft hoogstens 24 uur.", Weekdag(d), d, UrenTekst(u)))
		}
	}
	if max := UrenToegestaan(in, c.Periode); urenMaand > max {
		per := "per week"
		if in.UrenPer == "maand" {
			per = "per maand"
		}
		e.add(VeldRegels, fmt.Sprintf("U vult %s uur in. In de zorgovereenkomst is %s uur %s afgesproken; dat is in %s hoogstens %s uur.",
			UrenTekst(urenMaand), UrenTekst(in.Uren), per, MaandNaam(c.Periode), UrenTekst(max)))
	}
	if etmalen > 0 {
		switch {
		case etmalen+c.EtmalenJaar > MaxEtmalenPerJaar:
			e.add(VeldRegels, fmt.Sprintf("Logeeropvang is hoogstens %d etmalen per kalenderjaar. In %d zijn al %s etmalen gedeclareerd; met deze declaratie worden het er %s.",
				zov.MaxEtmalenPerJaar, c.Periode.Year, UrenTekst(c.EtmalenJaar), UrenTekst(etmalen+c.EtmalenJaar)))
		case in.Etmalen > 0 && etmalen+c.EtmalenOvereenkomst > int64(in.Etmalen)*100:
			e.add(VeldRegels, fmt.Sprintf("In de zorgovereenkomst zijn %d etmalen logeeropvang per jaar afgesproken. In %d zijn al %s etmalen gedeclareerd; met deze declaratie worden het er %s.",
				in.Etmalen, c.Periode.Year, UrenTekst(c.EtmalenOvereenkomst), UrenTekst(etmalen+c.EtmalenOvereenkomst)))
		}
	}
	if totaal <= 0 && len(e) == 0 {
		e.add(VeldRegels, "Vul in op welke dagen de zorgverlener zorg gaf.")
	}
	return e
}

// mdIndex is the position of regels[i] among the rates over several days.
func mdIndex(regels []Regel, i int) int {
	n := 0
	for _, r := range regels[:i] {
		if r.Meerdaags() {
			n++
		}
	}
	return n
}

func meervoud(e zov.Eenheid) string {
	switch e {
	case zov.PerDagdeel:
		return "dagdelen"
	case zov.PerEtmaal:
		return "etmalen"
	case PerKm:
		return "kilometers"
	}
	return "uren"
}

// EenheidMeervoud is the Dutch plural of a unit: "uren", "dagdelen", "etmalen", "kilometers".
func EenheidMeervoud(e zov.Eenheid) string { return meervoud(e) }

// UrenTekst writes hundredths the Dutch way: 1250 → "12,5", 1225 → "12,25", 1200 → "12".
func UrenTekst(h int64) string {
	neg := ""
	if h < 0 {
		neg, h = "-", -h
	}
	s := fmt.Sprintf("%s%d", neg, h/100)
	switch c := h % 100; {
	case c == 0:
	case c%10 == 0:
		s += fmt.Sprintf(",%d", c/10)
	default:
		s += fmt.Sprintf(",%02d", c)
	}
	return s
}

// Etmalen returns the etmalen logeeropvang (hundredths) in regels.
func Etmalen(regels []Regel) int64 {
	var n int64
	for _, r := range regels {
		if r.Zorgfunctie == zov.Logeeropvang && r.Eenheid == zov.PerEtmaal {
			n += r.Aantal
		}
	}
	return n
}

// Bedragcontrole is what ValideerBedrag checks a declaratie of another soort
// than geleverde zorg against.
type Bedragcontrole struct {
	Soort          Soort
	Periode        civil.Date
	Omschrijving   string
	Bedrag         int64
	IBAN           string
	Vandaag        civil.Date
	Afspraak       *zov.Inhoud // the agreement, for soorten paid to a zorgverlener
	AfspraakStatus zov.Status
	VVB            *VVBRuimte // for a verantwoordingsvrij bedrag
}

// ValideerBedrag checks a declaratie of factuur reiskosten budgethouder,
// bijkomende zorgkosten, feestdagenuitkering or verantwoordingsvrij bedrag:
// an approved agreement for the soorten paid to a zorgverlener, a month that
// has begun, an amount above € 0,00 and at most € 100.000 (for the VVB what is
// still available), a description except for the VVB, and a valid IBAN of
// the budgethouder's own account for the soorten paid there.
func ValideerBedrag(c Bedragcontrole) FieldErrors {
	e := FieldErrors{}
	if c.Soort.MetZorgovereenkomst() {
		if c.Afspraak == nil {
			e.add(VeldZorgovereenkomst, "Kies de zorgverlener.")
			return e
		}
		if c.AfspraakStatus != zov.Goedgekeurd {
			e.add(VeldZorgovereenkomst, "U kunt alleen declareren voor een goedgekeurde zorgovereenkomst.")
			return e
		}
	}
	if msg := ControleerPeriode(c.Soort, c.Periode, c.Afspraak, c.Vandaag); msg != "" {
		e.add(VeldPeriode, msg)
	}
	switch {
	case c.Bedrag <= 0:
		e.add(VeldBedrag, "Vul het bedrag in.")
	case c.Bedrag > MaxBedrag:
		e.add(VeldBedrag, "Dit bedrag is te hoog voor één declaratie. Neem contact op met de SVB.")
	case c.Soort == SoortVVB && c.VVB != nil:
		if msg := c.VVB.Controleer(c.Bedrag); msg != "" {
			e.add(VeldBedrag, msg)
		}
	}
	oms := strings.TrimSpace(c.Omschrijving)
	switch {
	case oms == "" && c.Soort != SoortVVB:
		e.add(VeldOmschrijving, "Beschrijf waarvoor u declareert.")
	case utf8.RuneCountInString(oms) > MaxOmschrijving:
		e.add(VeldOmschrijving, fmt.Sprintf("Gebruik hoogstens %d tekens.", MaxOmschrijving))
	}
	if !c.Soort.MetZorgovereenkomst() {
		if strings.TrimSpace(c.IBAN) == "" {
			e.add(VeldIBAN, "Vul het rekeningnummer (IBAN) in waarop u het bedrag ontvangt.")
		} else if _, ok := nlid.NormalizeIBAN(c.IBAN); !ok {
			e.add(VeldIBAN, "Vul een geldig IBAN in, bijvoorbeeld NL91 ABNA 0417 1643 00.")
		}
	}
	return e
}

// PastInBudget reports whether bedrag fits in what remains of the budget
// (granted − paid − planned). The database guarantees it anyway; this lets
// the Controle page warn before submitting.
func PastInBudget(bedrag, resterend int64) bool { return bedrag <= resterend }
