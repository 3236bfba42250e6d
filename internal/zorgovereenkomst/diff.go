package zorgovereenkomst

import (
	"reflect"
	"slices"
	"strconv"
	"strings"

	"pgbportaal/internal/civil"
	"pgbportaal/internal/money"
)

// Wijziging is one difference between two versions of an agreement, as the
// budgethouder reviews the zorgverlener's changes ("field by field") and as
// step 4 of a wijziging shows them. Veld is the wizard's form field id, Label
// its Dutch label, Oud and Nieuw the values as a person reads them: money
// "€ 24,44 per uur", dates "01-03-2024", hours "12,5 uur per week", yes/no
// "ja"/"nee". A value that is not filled in is "".
type Wijziging struct {
	Veld, Label, Oud, Nieuw string
}

// dagen are the weekdays of the weekrooster, Monday first.
var dagen = [7]string{"maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"}

// Verschillen lists the differences from oud to nieuw in the order of the
// wizard. Hours and their unit (per week/maand) are one entry ("uren"); a
// rate and its unit are one entry per zorgfunctie ("tarief_<zorgfunctie>"),
// preceded by "functies" when zorgfuncties were added or removed. The
// order of the rates in Tarieven does not matter. Identical contents give
// none.
func Verschillen(oud, nieuw Inhoud) []Wijziging {
	var w []Wijziging
	add := func(veld, label, o, n string) {
		if o != n {
			w = append(w, Wijziging{Veld: veld, Label: label, Oud: o, Nieuw: n})
		}
	}
	zo, zn := oud.Zorgverlener, nieuw.Zorgverlener

	// Stap 1: Partijen.
	add("budgethouder_naam", "Naam budgethouder", oud.BudgethouderNaam, nieuw.BudgethouderNaam)
	add("vertegenwoordiger_naam", "Naam vertegenwoordiger", oud.VertegenwoordigerNaam, nieuw.VertegenwoordigerNaam)
	add("soort", "Soort zorgovereenkomst", soortTekst(oud.Soort), soortTekst(nieuw.Soort))
	add("zv_naam", "Naam zorgverlener", zo.Naam, zn.Naam)
	add("zv_agb", "AGB-code", zo.AGB, zn.AGB)
	add("zv_kvk", "Ingeschreven bij de KvK", jaNee(zo.KvK), jaNee(zn.KvK))
	add("zv_big", "BIG-geregistreerd", jaNee(zo.BIG), jaNee(zn.BIG))
	add("zv_bsn", "BSN", zo.BSN, zn.BSN)
	add("zv_geboortedatum", "Geboortedatum", datum(zo.Geboortedatum), datum(zn.Geboortedatum))
	add("zv_straat", "Straat", zo.Adres.Straat, zn.Adres.Straat)
	add("zv_huisnummer", "Huisnummer", zo.Adres.Huisnummer, zn.Adres.Huisnummer)
	add("zv_postcode", "Postcode", zo.Adres.Postcode, zn.Adres.Postcode)
	add("zv_woonplaats", "Woonplaats", zo.Adres.Woonplaats, zn.Adres.Woonplaats)
	add("zv_telefoon", "Telefoonnummer zorgverlener", zo.Telefoon, zn.Telefoon)
	add("zv_iban", "Rekeningnummer (IBAN) zorgverlener", zo.IBAN, zn.IBAN)
	if zo.ID != zn.ID {
		add("zv_id", "Zorgverlener", zorgverlenerID(zo.ID), zorgverlenerID(zn.ID))
	}

	// Stap 2: Werkafspraken.
	add("ingangsdatum", "Ingangsdatum", datum(oud.Ingangsdatum), datum(nieuw.Ingangsdatum))
	add("looptijd", "Looptijd", looptijd(oud.Onbepaald), looptijd(nieuw.Onbepaald))
	add("einddatum", "Einddatum", datum(oud.Einddatum), datum(nieuw.Einddatum))
	add("proeftijd", "Proeftijd", oud.Proeftijd, nieuw.Proeftijd)
	add("uren", "Aantal uren", urenTekst(oud.Uren, oud.UrenPer), urenTekst(nieuw.Uren, nieuw.UrenPer))
	add("rooster", "Vaste of onregelmatige uren", roosterTekst(oud.Vast), roosterTekst(nieuw.Vast))
	for i := range dagen {
		add("rooster_"+strconv.Itoa(i+1), "Weekrooster "+dagen[i], dagUren(oud.Weekrooster[i]), dagUren(nieuw.Weekrooster[i]))
	}
	add("betaling", "Betaling", betaling(oud.Maandloon), betaling(nieuw.Maandloon))
	add("maandbedrag", "Bruto maandbedrag", bedrag(oud.MaandBedrag), bedrag(nieuw.MaandBedrag))
	add("functies", "Zorgfuncties", functies(oud), functies(nieuw))
	for _, z := range alleFuncties(oud, nieuw) {
		to, _ := oud.Tarief(z)
		tn, _ := nieuw.Tarief(z)
		add("tarief_"+string(z), "Tarief "+strings.ToLower(z.Label()), tariefTekst(to), tariefTekst(tn))
	}
	add("etmalen", "Etmalen logeeropvang per jaar", aantal(oud.Etmalen), aantal(nieuw.Etmalen))
	add("andere_vergoedingen", "Andere vergoedingen", oud.AndereVergoedingen, nieuw.AndereVergoedingen)
	add("reiskosten", "Reiskosten", jaNee(oud.Reiskosten), jaNee(nieuw.Reiskosten))
	add("reiskosten_per_km", "Reiskosten per km", perKm(oud.ReiskostenPerKm), perKm(nieuw.ReiskostenPerKm))
	add("dagen_per_week", "Dagen per week", aantal(oud.DagenPerWeek), aantal(nieuw.DagenPerWeek))

	// Stap 3: Algemene afspraken.
	add("salarisadministratie", "Salarisadministratie door de SVB", jaNee(oud.Salarisadministratie), jaNee(nieuw.Salarisadministratie))
	add("zorgbehoefte", "Welke zorg heeft u nodig", oud.Zorgbehoefte, nieuw.Zorgbehoefte)
	add("welke_zorg", "Welke zorg geeft de zorgverlener", oud.WelkeZorg, nieuw.WelkeZorg)
	add("waarom_zorg", "Waarom deze zorg van deze zorgverlener", oud.WaaromZorg, nieuw.WaaromZorg)
	add("standaard_afspraken", "Akkoord met de standaard afspraken", jaNee(oud.StandaardAfspraken), jaNee(nieuw.StandaardAfspraken))
	add("overige_afspraken", "Overige afspraken", oud.OverigeAfspraken, nieuw.OverigeAfspraken)
	add("hoger_tarief", "Toestemming zorgkantoor voor hoger tarief", jaNee(oud.HogerTarief), jaNee(nieuw.HogerTarief))
	return w
}

// AlleenVerlengingOfOverige reports whether nieuw differs from oud in
// nothing but the looptijd (Einddatum, Onbepaald) and the
// OverigeAfspraken: such a wijziging takes effect once both parties have
// signed, without the zorgkantoor. It does not judge whether a new einddatum
// is later (a verlenging) or earlier. Identical contents also give true.
func AlleenVerlengingOfOverige(oud, nieuw Inhoud) bool {
	strip := func(in Inhoud) Inhoud {
		in.Einddatum, in.Onbepaald, in.OverigeAfspraken = civil.Date{}, false, ""
		in.Tarieven = slices.Clone(in.Tarieven)
		slices.SortStableFunc(in.Tarieven, func(a, b Tarief) int { return strings.Compare(string(a.Zorgfunctie), string(b.Zorgfunctie)) })
		if len(in.Tarieven) == 0 {
			in.Tarieven = nil
		}
		return in
	}
	return reflect.DeepEqual(strip(oud), strip(nieuw))
}

func jaNee(b bool) string {
	if b {
		return "ja"
	}
	return "nee"
}

func datum(d civil.Date) string { return d.String() }

func soortTekst(s Soort) string {
	if s == "" {
		return ""
	}
	return s.Label()
}

func zorgverlenerID(id int64) string {
	if id == 0 {
		return ""
	}
	return "nummer " + strconv.FormatInt(id, 10)
}

func looptijd(onbepaald bool) string {
	if onbepaald {
		return "onbepaalde tijd"
	}
	return "bepaalde tijd"
}

func urenTekst(h int64, per string) string {
	if h == 0 && per == "" {
		return ""
	}
	s := formatUren(h) + " uur"
	if per != "" {
		s += " per " + per
	}
	return s
}

func roosterTekst(vast bool) string {
	if vast {
		return "vaste uren"
	}
	return "onregelmatige uren"
}

func dagUren(h int64) string {
	if h == 0 {
		return ""
	}
	return formatUren(h) + " uur"
}

func betaling(maandloon bool) string {
	if maandloon {
		return "vast maandbedrag"
	}
	return "achteraf declareren"
}

func bedrag(c int64) string {
	if c == 0 {
		return ""
	}
	return money.Cents(c).String()
}

func perKm(c int64) string {
	if c == 0 {
		return ""
	}
	return money.Cents(c).String() + " per km"
}

func aantal(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// functies lists the labels of the agreed zorgfuncties in display order.
func functies(in Inhoud) string {
	var l []string
	for _, z := range alleFuncties(in) {
		l = append(l, z.Label())
	}
	return strings.Join(l, ", ")
}

// alleFuncties returns the zorgfuncties with a rate in any of ins: the known
// ones in display order, then unknown ones in order of appearance.
func alleFuncties(ins ...Inhoud) []Zorgfunctie {
	has := map[Zorgfunctie]bool{}
	var extra []Zorgfunctie
	for _, in := range ins {
		for _, t := range in.Tarieven {
			if !has[t.Zorgfunctie] && !bekendeFunctie(t.Zorgfunctie) {
				extra = append(extra, t.Zorgfunctie)
			}
			has[t.Zorgfunctie] = true
		}
	}
	var out []Zorgfunctie
	for _, z := range Zorgfuncties {
		if has[z] {
			out = append(out, z)
		}
	}
	return append(out, extra...)
}

func tariefTekst(t Tarief) string {
	if t.Zorgfunctie == "" {
		return ""
	}
	s := money.Cents(t.Bedrag).String()
	if t.Eenheid != "" {
		s += " per " + string(t.Eenheid)
	}
	return s
}
