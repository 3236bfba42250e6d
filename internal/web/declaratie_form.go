package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"pgbportaal/internal/civil"
	"pgbportaal/internal/declaratie"
	"pgbportaal/internal/money"
	zov "pgbportaal/internal/zorgovereenkomst"
)

// dclInput is what a declaratie form shows: the input as typed by field id,
// and the errors by field id.
type dclInput struct {
	Values map[string]string
	Errors map[string]string
}

func newDclInput() dclInput {
	return dclInput{Values: map[string]string{}, Errors: map[string]string{}}
}

// maxMeerdaags bounds the rates over several days one declaratie holds (a
// month has at most 31 days, so 16 non-overlapping weekends is plenty).
const maxMeerdaags = 16

// dclKolommen are the columns of the day grid: the agreed tarieven, in the
// order the portal lists zorgfuncties.
func dclKolommen(in zov.Inhoud) []zov.Tarief {
	var out []zov.Tarief
	for _, z := range zov.Zorgfuncties {
		if t, ok := in.Tarief(z); ok {
			out = append(out, t)
		}
	}
	return out
}

// dclMeerdaagsFuncties are the agreed zorgfuncties that may be declared
// over several days: those with a rate per etmaal or per dagdeel.
func dclMeerdaagsFuncties(in zov.Inhoud) []zov.Tarief {
	var out []zov.Tarief
	for _, t := range dclKolommen(in) {
		if t.Eenheid == zov.PerEtmaal || t.Eenheid == zov.PerDagdeel {
			out = append(out, t)
		}
	}
	return out
}

// dclWeken splits the month of periode into weeks from Monday to Sunday;
// the first and last may be shorter.
func dclWeken(periode civil.Date) [][]civil.Date {
	var out [][]civil.Date
	for d := periode.FirstOfMonth(); d.Month == periode.Month; d = d.AddDays(1) {
		if len(out) == 0 || d.Weekday() == time.Monday {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], d)
	}
	return out
}

// parseAantal reads a number of units as typed: hours and kilometres with
// up to two decimals ("7,5"), dagdelen and etmalen whole. It returns
// hundredths or a Dutch message.
func parseAantal(raw string, e zov.Eenheid) (int64, string) {
	a, msg := parseUren(raw)
	if msg != "" {
		switch e {
		case declaratie.PerKm:
			return 0, "Vul het aantal kilometers in als getal, bijvoorbeeld 12,5"
		case zov.PerDagdeel, zov.PerEtmaal:
			return 0, "Vul een heel aantal " + declaratie.EenheidMeervoud(e) + " in, bijvoorbeeld 2"
		}
		return 0, msg
	}
	if (e == zov.PerDagdeel || e == zov.PerEtmaal) && a%100 != 0 {
		return 0, "Vul een heel aantal " + declaratie.EenheidMeervoud(e) + " in, bijvoorbeeld 2"
	}
	return a, ""
}

// formatAantal writes hundredths back as typed: "7,5", "2".
func formatAantal(a int64) string { return formatUren(a) }

// decodeRegels reads the day grid of a declaratie of geleverde zorg: an
// input per day inside the agreement's period and per zorgfunctie agreed in
// the version in force that month (Declaratie.MaandAfspraak)
// (VeldAantal), kilometres per day when reiskosten are agreed (VeldKm), and
// the rates over several days (VeldMeerdaags; empty rows are dropped and
// the rest numbered again). Inputs for days outside the agreement or
// zorgfuncties it lacks are not read. Malformed input is an error of its
// field; whether the regels keep the rules the service decides.
func decodeRegels(f url.Values, x declaratie.Declaratie) ([]declaratie.Regel, dclInput) {
	si := newDclInput()
	var regels []declaratie.Regel
	maand := x.MaandAfspraak()
	if maand == nil {
		return nil, si
	}
	in := *maand
	kolommen := dclKolommen(in)
	for d := x.Periode.FirstOfMonth(); d.Month == x.Periode.Month; d = d.AddDays(1) {
		if !declaratie.BinnenOvereenkomst(d, in) {
			continue
		}
		read := func(id string, e zov.Eenheid) (int64, bool) {
			raw := strings.TrimSpace(f.Get(id))
			si.Values[id] = f.Get(id)
			if raw == "" {
				return 0, false
			}
			a, msg := parseAantal(raw, e)
			if msg != "" {
				si.Errors[id] = msg
				return 0, false
			}
			return a, a > 0
		}
		for _, t := range kolommen {
			if a, ok := read(declaratie.VeldAantal(d, t.Zorgfunctie), t.Eenheid); ok {
				regels = append(regels, declaratie.Regel{Datum: d, Zorgfunctie: t.Zorgfunctie, Eenheid: t.Eenheid, Aantal: a})
			}
		}
		if in.Reiskosten {
			if a, ok := read(declaratie.VeldKm(d), declaratie.PerKm); ok {
				regels = append(regels, declaratie.Regel{Datum: d, Eenheid: declaratie.PerKm, Aantal: a})
			}
		}
	}

	functies := dclMeerdaagsFuncties(in)
	j := 0
	for i := 0; i < maxMeerdaags; i++ {
		get := func(part string) string { return f.Get(declaratie.VeldMeerdaags(i, part)) }
		begin, eind, functie, aantal := get("begin"), get("eind"), get("functie"), get("aantal")
		if strings.TrimSpace(begin+eind+aantal) == "" {
			continue // an empty row; a zorgfunctie alone is the select's default
		}
		veld := func(part string) string { return declaratie.VeldMeerdaags(j, part) }
		si.Values[veld("begin")], si.Values[veld("eind")], si.Values[veld("functie")], si.Values[veld("aantal")] = begin, eind, functie, aantal
		r := declaratie.Regel{}
		ok := true
		date := func(part, raw, leeg string) civil.Date {
			if strings.TrimSpace(raw) == "" {
				si.Errors[veld(part)] = leeg
				ok = false
				return civil.Date{}
			}
			d, err := civil.Parse(raw)
			if err != nil {
				si.Errors[veld(part)] = err.Error()
				ok = false
			}
			return d
		}
		r.Datum = date("begin", begin, "Vul de begindatum in")
		r.EindDatum = date("eind", eind, "Vul de einddatum in")
		idx := slices.IndexFunc(functies, func(t zov.Tarief) bool { return string(t.Zorgfunctie) == functie })
		if idx < 0 {
			si.Errors[veld("functie")] = "Kies de zorgfunctie"
			ok = false
		} else {
			r.Zorgfunctie, r.Eenheid = functies[idx].Zorgfunctie, functies[idx].Eenheid
		}
		switch a, msg := parseAantal(aantal, r.Eenheid); {
		case strings.TrimSpace(aantal) == "":
			si.Errors[veld("aantal")] = "Vul het aantal in"
			ok = false
		case msg != "":
			si.Errors[veld("aantal")] = msg
			ok = false
		default:
			r.Aantal = a
		}
		if ok {
			regels = append(regels, r)
		}
		j++
	}
	return regels, si
}

// regelValues writes saved regels back as the grid's form values.
func regelValues(x declaratie.Declaratie) map[string]string {
	v := map[string]string{}
	md := 0
	for _, r := range x.Regels {
		switch {
		case r.Meerdaags():
			v[declaratie.VeldMeerdaags(md, "begin")] = r.Datum.String()
			v[declaratie.VeldMeerdaags(md, "eind")] = r.EindDatum.String()
			v[declaratie.VeldMeerdaags(md, "functie")] = string(r.Zorgfunctie)
			v[declaratie.VeldMeerdaags(md, "aantal")] = formatAantal(r.Aantal)
			md++
		case r.Reiskosten():
			v[declaratie.VeldKm(r.Datum)] = formatAantal(r.Aantal)
		default:
			v[declaratie.VeldAantal(r.Datum, r.Zorgfunctie)] = formatAantal(r.Aantal)
		}
	}
	return v
}

// meerdaagsRijen is how many rates over several days the values hold.
func meerdaagsRijen(values map[string]string) int {
	n := 0
	for n < maxMeerdaags {
		if _, ok := values[declaratie.VeldMeerdaags(n, "begin")]; !ok {
			break
		}
		n++
	}
	return n
}

// kopieerWeek is "Kopieer naar volgende week": the entries of week n
// (1-based, as dclWeken counts) are copied, day by day, to the same weekday
// one week later, as long as that day lies in the month and in the
// agreement's period; what was there is replaced. It reports whether there
// is a next week to copy to.
func kopieerWeek(values map[string]string, x declaratie.Declaratie, n int) bool {
	weken := dclWeken(x.Periode)
	maand := x.MaandAfspraak()
	if maand == nil || n < 1 || n >= len(weken) {
		return false
	}
	in := *maand
	for _, d := range weken[n-1] {
		naar := d.AddDays(7)
		if naar.Month != x.Periode.Month || !declaratie.BinnenOvereenkomst(d, in) || !declaratie.BinnenOvereenkomst(naar, in) {
			continue
		}
		for _, t := range dclKolommen(in) {
			values[declaratie.VeldAantal(naar, t.Zorgfunctie)] = values[declaratie.VeldAantal(d, t.Zorgfunctie)]
		}
		if in.Reiskosten {
			values[declaratie.VeldKm(naar)] = values[declaratie.VeldKm(d)]
		}
	}
	return true
}

// verwijderMeerdaags drops the i-th rate over several days from values and
// numbers the rest again.
func verwijderMeerdaags(values map[string]string, i int) {
	n := meerdaagsRijen(values)
	if i < 0 || i >= n {
		return
	}
	parts := []string{"begin", "eind", "functie", "aantal"}
	for k := i; k < n-1; k++ {
		for _, p := range parts {
			values[declaratie.VeldMeerdaags(k, p)] = values[declaratie.VeldMeerdaags(k+1, p)]
		}
	}
	for _, p := range parts {
		delete(values, declaratie.VeldMeerdaags(n-1, p))
	}
}

func urlValues(m map[string]string) url.Values {
	f := url.Values{}
	for k, v := range m {
		f.Set(k, v)
	}
	return f
}

// decodeBedrag reads the form of the other soorten: a description, the
// amount and, paid to the budgethouder's own account, the IBAN.
func decodeBedrag(f url.Values, x declaratie.Declaratie) (declaratie.Invoer, dclInput) {
	si := newDclInput()
	var inv declaratie.Invoer
	inv.Omschrijving = f.Get(declaratie.VeldOmschrijving)
	si.Values[declaratie.VeldOmschrijving] = inv.Omschrijving
	if len([]rune(strings.TrimSpace(inv.Omschrijving))) > declaratie.MaxOmschrijving {
		si.Errors[declaratie.VeldOmschrijving] = teLang(declaratie.MaxOmschrijving)
	}
	raw := f.Get(declaratie.VeldBedrag)
	si.Values[declaratie.VeldBedrag] = raw
	if strings.TrimSpace(raw) != "" {
		c, err := money.Parse(raw)
		switch {
		case err != nil:
			si.Errors[declaratie.VeldBedrag] = err.Error()
		case int64(c) > declaratie.MaxBedrag:
			si.Errors[declaratie.VeldBedrag] = "Dit bedrag is te hoog voor één declaratie"
		default:
			inv.Bedrag = int64(c)
		}
	}
	if !x.Soort.MetZorgovereenkomst() {
		inv.IBAN = f.Get(declaratie.VeldIBAN)
		si.Values[declaratie.VeldIBAN] = inv.IBAN
		if len(inv.IBAN) > 50 {
			si.Errors[declaratie.VeldIBAN] = msgIBANVorm
		}
	}
	return inv, si
}

// bedragValues writes a saved declaratie of another soort back as form values.
func bedragValues(x declaratie.Declaratie) map[string]string {
	v := map[string]string{declaratie.VeldOmschrijving: x.Omschrijving, declaratie.VeldIBAN: x.IBAN}
	if x.Totaal > 0 {
		v[declaratie.VeldBedrag] = money.Cents(x.Totaal).Plain()
	}
	return v
}

// maandWaarde is a month as a form value: "2025-11".
func maandWaarde(d civil.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.ISO()[:7]
}

// parseMaand reads a month form value; the zero date when it is none.
func parseMaand(s string) civil.Date {
	t, err := time.Parse("2006-01", strings.TrimSpace(s))
	if err != nil {
		return civil.Date{}
	}
	return civil.Date{Year: t.Year(), Month: t.Month(), Day: 1}
}

// parseID reads a positive id form value; 0 when it is none.
func parseID(s string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}
