package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"pgbportaal/internal/civil"
	"pgbportaal/internal/money"
	"pgbportaal/internal/nlid"
	zov "pgbportaal/internal/zorgovereenkomst"
)

// stapInput is what a wizard step shows: the raw input by field id (what the
// person typed, or the saved content written back as text) and the errors by
// field id. On an error the page shows Values as they were typed, never a
// reformatted guess.
type stapInput struct {
	Values map[string]string
	Errors map[string]string
}

func newStapInput() stapInput {
	return stapInput{Values: map[string]string{}, Errors: map[string]string{}}
}

// Field ids of the steps in the order the page shows them; the error summary
// lists errors in this order.
var (
	partijenVelden = []string{"soort", "zv_keuze", "zv_naam", "zv_agb", "zv_kvk", "zv_big", "zv_bsn", "zv_geboortedatum",
		"zv_straat", "zv_huisnummer", "zv_postcode", "zv_woonplaats"}
	werkafsprakenVelden = func() []string {
		v := []string{"ingangsdatum", "looptijd", "einddatum", "proeftijd", "uren", "uren_per", "rooster"}
		for d := 1; d <= 7; d++ {
			v = append(v, roosterVeld(d))
		}
		v = append(v, "dagen_per_week", "betaling", "maandbedrag", "andere_vergoedingen", "functies")
		for _, z := range zov.Zorgfuncties {
			v = append(v, "functie_"+string(z), "tarief_"+string(z), "eenheid_"+string(z))
		}
		return append(v, "etmalen", "reiskosten", "reiskosten_per_km")
	}()
	algemeenVelden = []string{"salarisadministratie", "zorgbehoefte", "welke_zorg", "waarom_zorg", "standaard_afspraken",
		"overige_afspraken", "hoger_tarief"}
	zvEigenVelden = []string{"zv_telefoon", "zv_iban"}
)

// dagen are the days of the weekrooster, Monday first (rooster_1 … rooster_7).
var dagen = []string{"Maandag", "Dinsdag", "Woensdag", "Donderdag", "Vrijdag", "Zaterdag", "Zondag"}

func roosterVeld(dag int) string { return "rooster_" + strconv.Itoa(dag) }

// Limits on free text, so a pasted document does not become an agreement.
const (
	maxKorteTekst = 200
	maxLangeTekst = 4000
)

// Decoding messages (Dutch, said as what to do).
const (
	msgKiesSoort      = "Kies wat voor zorgovereenkomst het is"
	msgKiesZV         = "Kies een zorgverlener of kies voor een nieuwe zorgverlener"
	msgAGBVorm        = "Vul een AGB-code in van 8 cijfers, bijvoorbeeld 75012345"
	msgBSNVorm        = "Vul een burgerservicenummer in van 8 of 9 cijfers"
	msgPostcodeVorm   = "Vul een geldige postcode in, bijvoorbeeld 1234 AB"
	msgKiesLooptijd   = "Kies bepaalde tijd of onbepaalde tijd"
	msgKiesProeftijd  = "Kies geen proeftijd, 1 maand of 2 maanden"
	msgKiesUrenPer    = "Kies per week of per maand"
	msgKiesRooster    = "Kies vaste uren of onregelmatige uren"
	msgKiesBetaling   = "Kies een vast bedrag per maand of achteraf declareren"
	msgKiesEenheid    = "Kies per uur, per dagdeel of per etmaal"
	msgKiesReiskosten = "Kies ja of nee"
	msgKiesSalaris    = "Kies ja of nee"
	msgUrenVorm       = "Vul het aantal uren in als getal, bijvoorbeeld 12,5"
	msgUrenDecimalen  = "Vul maximaal 2 cijfers achter de komma in, bijvoorbeeld 12,25"
	msgUrenDag        = "Vul per dag niet meer dan 24 uur in"
	msgUrenWeek       = "Een week heeft 168 uur. Vul minder uren in"
	msgUrenMaand      = "Een maand heeft hoogstens 744 uur. Vul minder uren in"
	msgEtmalenVorm    = "Vul het aantal etmalen in als heel getal, bijvoorbeeld 20"
	msgDagenVorm      = "Vul een heel aantal dagen in, van 1 tot en met 7"
	msgTeLang         = "Gebruik hoogstens %d tekens"
	msgTelefoonVorm   = "Vul een telefoonnummer in van 10 cijfers, bijvoorbeeld 0612345678"
	msgIBANVorm       = "Vul een geldig IBAN in, bijvoorbeeld NL91 ABNA 0417 1643 00"
)

func teLang(n int) string { return strings.Replace(msgTeLang, "%d", strconv.Itoa(n), 1) }

// textField reads a free-text field: trimmed, at most max characters.
func (si stapInput) text(f url.Values, id string, max int) string {
	raw := f.Get(id)
	si.Values[id] = raw
	t := strings.TrimSpace(raw)
	if len([]rune(t)) > max {
		si.Errors[id] = teLang(max)
	}
	return t
}

// choice reads a radio group or select: "" (not answered) or one of allowed.
func (si stapInput) choice(f url.Values, id, msg string, allowed ...string) string {
	v := strings.TrimSpace(f.Get(id))
	si.Values[id] = v
	if v != "" && !slices.Contains(allowed, v) {
		si.Errors[id] = msg
		return ""
	}
	return v
}

// check reads a checkbox: true when ticked.
func (si stapInput) check(f url.Values, id string) bool {
	v := f.Get(id) != ""
	si.Values[id] = boolValue(v)
	return v
}

// date reads a dd-mm-jjjj date; empty is the zero date (incomplete is allowed).
func (si stapInput) date(f url.Values, id string) civil.Date {
	raw := f.Get(id)
	si.Values[id] = raw
	if strings.TrimSpace(raw) == "" {
		return civil.Date{}
	}
	d, err := civil.Parse(raw)
	if err != nil {
		si.Errors[id] = err.Error()
		return civil.Date{}
	}
	return d
}

// amount reads a euro amount in cents; empty is 0.
func (si stapInput) amount(f url.Values, id string) int64 {
	raw := f.Get(id)
	si.Values[id] = raw
	if strings.TrimSpace(raw) == "" {
		return 0
	}
	c, err := money.Parse(raw)
	if err != nil {
		si.Errors[id] = err.Error()
		return 0
	}
	if c > maxBedrag {
		si.Errors[id] = "Dit bedrag is te groot"
		return 0
	}
	return int64(c)
}

// maxBedrag bounds every amount on an agreement (€ 10 miljoen), so sums and
// products of amounts stay far from overflowing.
const maxBedrag = 1_000_000_000

// hours reads a number of hours with a decimal comma ("12,5") as hundredths
// (1250); empty is 0. limit (in hundredths) is the most that makes sense.
func (si stapInput) hours(f url.Values, id string, limit int64, limitMsg string) int64 {
	raw := f.Get(id)
	si.Values[id] = raw
	h, msg := parseUren(raw)
	if msg == "" && h > limit {
		msg = limitMsg
	}
	if msg != "" {
		si.Errors[id] = msg
		return 0
	}
	return h
}

// whole reads a whole non-negative number; empty is 0.
func (si stapInput) whole(f url.Values, id string, min, max int, msg string) int {
	raw := f.Get(id)
	si.Values[id] = raw
	t := strings.TrimSpace(raw)
	if t == "" {
		return 0
	}
	if len(t) > 4 || !allDigits(t) {
		si.Errors[id] = msg
		return 0
	}
	n, _ := strconv.Atoi(t)
	if n < min || n > max {
		si.Errors[id] = msg
		return 0
	}
	return n
}

// parseUren reads hours as people type them: "12", "12,5", "12,25", also
// "12.5" and ",5". It returns hundredths of an hour, or a Dutch message.
func parseUren(s string) (int64, string) {
	t := strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if t == "" {
		return 0, ""
	}
	whole, frac, hasFrac := strings.Cut(t, ",")
	if !hasFrac {
		whole, frac, hasFrac = strings.Cut(t, ".")
	}
	if whole == "" && hasFrac {
		whole = "0"
	}
	if !allDigits(whole) || len(whole) > 5 || (hasFrac && (frac == "" || !allDigits(frac))) {
		return 0, msgUrenVorm
	}
	if len(frac) > 2 {
		return 0, msgUrenDecimalen
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	var c int64
	switch len(frac) {
	case 1:
		c = int64(frac[0]-'0') * 10
	case 2:
		c = int64(frac[0]-'0')*10 + int64(frac[1]-'0')
	}
	return w*100 + c, ""
}

// formatUren writes hundredths of an hour the Dutch way: 1250 → "12,5",
// 1225 → "12,25", 1200 → "12"; 0 is "".
func formatUren(h int64) string {
	if h == 0 {
		return ""
	}
	return urenTekst(h)
}

// urenTekst is formatUren that writes 0 as "0".
func urenTekst(h int64) string {
	s := strconv.FormatInt(h/100, 10)
	switch c := h % 100; {
	case c == 0:
	case c%10 == 0:
		s += "," + strconv.FormatInt(c/10, 10)
	default:
		s += "," + strconv.FormatInt(c/10, 10) + strconv.FormatInt(c%10, 10)
	}
	return s
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func boolValue(b bool) string {
	if b {
		return "ja"
	}
	return ""
}

func jaNee(b bool) string {
	if b {
		return "ja"
	}
	return "nee"
}

func amountValue(c int64) string {
	if c == 0 {
		return ""
	}
	return money.Cents(c).Plain()
}

func wholeValue(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// digitsOnly drops the spaces and dots people type in numbers ("1234.56.782").
func digitsOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '.' || r == '-' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}

// soortValues are the form values of the four kinds.
func soortValues() []string {
	out := make([]string, len(zov.Soorten))
	for i, s := range zov.Soorten {
		out[i] = string(s)
	}
	return out
}

// agbVoorSoort reports whether the kind identifies the zorgverlener by an
// AGB-code (instelling, zzp'er in opdracht); bsnVoorSoort whether by BSN,
// date of birth and address (everyone except an instelling; in opdracht only
// without an AGB-code).
func agbVoorSoort(s zov.Soort) bool {
	return s == zov.SoortInstelling || s == zov.SoortOpdracht || s == ""
}
func bsnVoorSoort(s zov.Soort) bool { return s != zov.SoortInstelling }

// decodePartijen applies step 1 (Partijen) to in. The zorgverlener's choice
// between an existing one and a new one is in zv_keuze; the handler copies an
// existing one's details. Only the questions that fit soort are read: the
// AGB-code for an instelling or zzp'er, BSN, date of birth and address for
// everyone else, KvK for work in opdracht, BIG for opdracht and dienst.
func decodePartijen(f url.Values, in zov.Inhoud) (zov.Inhoud, stapInput) {
	si := newStapInput()
	in.Soort = zov.Soort(si.choice(f, "soort", msgKiesSoort, soortValues()...))
	keuze := strings.TrimSpace(f.Get("zv_keuze"))
	si.Values["zv_keuze"] = keuze
	if keuze != "" && keuze != "nieuw" {
		if id, err := strconv.ParseInt(keuze, 10, 64); err != nil || id <= 0 {
			si.Errors["zv_keuze"] = msgKiesZV
		}
	}
	zv := in.Zorgverlener
	if keuze == "nieuw" {
		zv.ID = 0
	}
	zv.Naam = si.text(f, "zv_naam", maxKorteTekst)

	agb := digitsOnly(f.Get("zv_agb"))
	si.Values["zv_agb"] = f.Get("zv_agb")
	zv.AGB = ""
	if agbVoorSoort(in.Soort) && agb != "" {
		if !nlid.ValidAGB(agb) {
			si.Errors["zv_agb"] = msgAGBVorm
		} else {
			zv.AGB = agb
		}
	}
	zv.KvK = si.check(f, "zv_kvk") && in.Soort == zov.SoortOpdracht
	zv.BIG = si.check(f, "zv_big") && (in.Soort == zov.SoortOpdracht || in.Soort == zov.SoortDienst)

	// BSN, date of birth and address: not for an instelling, and not for a
	// zzp'er who gave an AGB-code.
	persoon := bsnVoorSoort(in.Soort) && !(in.Soort == zov.SoortOpdracht && agb != "")
	bsn := digitsOnly(f.Get("zv_bsn"))
	si.Values["zv_bsn"] = f.Get("zv_bsn")
	geboren := si.date(f, "zv_geboortedatum")
	adres := zov.Adres{
		Straat:     si.text(f, "zv_straat", maxKorteTekst),
		Huisnummer: si.text(f, "zv_huisnummer", 20),
		Woonplaats: si.text(f, "zv_woonplaats", maxKorteTekst),
	}
	pc := strings.TrimSpace(f.Get("zv_postcode"))
	si.Values["zv_postcode"] = f.Get("zv_postcode")
	if pc != "" {
		if n, ok := nlid.NormalizePostcode(pc); ok {
			adres.Postcode = n
		} else {
			si.Errors["zv_postcode"] = msgPostcodeVorm
		}
	}
	if bsn != "" && (!allDigits(bsn) || len(bsn) < 8 || len(bsn) > 9) {
		si.Errors["zv_bsn"] = msgBSNVorm
		bsn = ""
	}
	if persoon {
		zv.BSN, zv.Geboortedatum, zv.Adres = bsn, geboren, adres
	} else {
		zv.BSN, zv.Geboortedatum, zv.Adres = "", civil.Date{}, zov.Adres{}
		for _, id := range []string{"zv_bsn", "zv_geboortedatum", "zv_straat", "zv_huisnummer", "zv_postcode", "zv_woonplaats"} {
			delete(si.Errors, id) // a question that does not apply cannot be wrong
		}
	}
	if !agbVoorSoort(in.Soort) {
		delete(si.Errors, "zv_agb")
	}
	in.Zorgverlener = zv
	return in, si
}

// partijenValues writes step 1 of in back as form values.
func partijenValues(in zov.Inhoud) map[string]string {
	zv := in.Zorgverlener
	keuze := ""
	switch {
	case zv.ID != 0:
		keuze = strconv.FormatInt(zv.ID, 10)
	case zv.Naam != "" || in.Soort != "":
		keuze = "nieuw"
	}
	return map[string]string{
		"soort": string(in.Soort), "zv_keuze": keuze, "zv_naam": zv.Naam, "zv_agb": zv.AGB,
		"zv_kvk": boolValue(zv.KvK), "zv_big": boolValue(zv.BIG), "zv_bsn": zv.BSN,
		"zv_geboortedatum": zv.Geboortedatum.String(), "zv_straat": zv.Adres.Straat, "zv_huisnummer": zv.Adres.Huisnummer,
		"zv_postcode": zv.Adres.Postcode, "zv_woonplaats": zv.Adres.Woonplaats,
	}
}

// natuurlijkeEenheid is the unit a zorgfunctie is usually paid in.
func natuurlijkeEenheid(z zov.Zorgfunctie) zov.Eenheid {
	switch z {
	case zov.BegeleidingGroep:
		return zov.PerDagdeel
	case zov.Logeeropvang:
		return zov.PerEtmaal
	}
	return zov.PerUur
}

// decodeWerkafspraken applies step 2 (Werkafspraken) to in. Which questions
// apply follows from soort (step 1) and from the answers in the same form:
// proeftijd and dagen per week only for an arbeidsovereenkomst, the
// weekrooster only with vaste uren, maandbedrag and andere vergoedingen only
// with maandloon, etmalen only with logeeropvang, the km allowance only with
// reiskosten. Answers to questions that do not apply are dropped, never
// kept out of sight.
func decodeWerkafspraken(f url.Values, in zov.Inhoud) (zov.Inhoud, stapInput) {
	si := newStapInput()
	in.Ingangsdatum = si.date(f, "ingangsdatum")

	switch si.choice(f, "looptijd", msgKiesLooptijd, "bepaald", "onbepaald") {
	case "onbepaald":
		in.Onbepaald, in.Einddatum = true, civil.Date{}
		si.Values["einddatum"] = f.Get("einddatum")
	case "bepaald":
		in.Onbepaald = false
		in.Einddatum = si.date(f, "einddatum")
	default:
		in.Onbepaald, in.Einddatum = false, civil.Date{}
		si.Values["einddatum"] = f.Get("einddatum")
	}

	in.Proeftijd, in.DagenPerWeek = "", 0
	if in.Soort == zov.SoortDienst {
		in.Proeftijd = si.choice(f, "proeftijd", msgKiesProeftijd, "geen", "1 maand", "2 maanden")
		in.DagenPerWeek = si.whole(f, "dagen_per_week", 1, 7, msgDagenVorm)
	}

	in.UrenPer = si.choice(f, "uren_per", msgKiesUrenPer, "week", "maand")
	limit, limitMsg := int64(744_00), msgUrenMaand
	if in.UrenPer == "week" {
		limit, limitMsg = 168_00, msgUrenWeek
	}
	in.Uren = si.hours(f, "uren", limit, limitMsg)

	in.Weekrooster = [7]int64{}
	switch si.choice(f, "rooster", msgKiesRooster, "vast", "onregelmatig") {
	case "vast":
		in.Vast = true
		for d := 1; d <= 7; d++ {
			in.Weekrooster[d-1] = si.hours(f, roosterVeld(d), 24_00, msgUrenDag)
		}
	default:
		in.Vast = false
		for d := 1; d <= 7; d++ {
			si.Values[roosterVeld(d)] = f.Get(roosterVeld(d))
		}
	}

	in.MaandBedrag, in.AndereVergoedingen = 0, ""
	switch si.choice(f, "betaling", msgKiesBetaling, "maandloon", "achteraf") {
	case "maandloon":
		in.Maandloon = true
		in.MaandBedrag = si.amount(f, "maandbedrag")
		in.AndereVergoedingen = si.text(f, "andere_vergoedingen", maxLangeTekst)
	default:
		in.Maandloon = false
		si.Values["maandbedrag"] = f.Get("maandbedrag")
		si.Values["andere_vergoedingen"] = f.Get("andere_vergoedingen")
	}

	in.Tarieven = nil
	logeer := false
	for _, z := range zov.Zorgfuncties {
		fid, tid, eid := "functie_"+string(z), "tarief_"+string(z), "eenheid_"+string(z)
		gekozen := si.check(f, fid)
		eenheid := zov.Eenheid(si.choice(f, eid, msgKiesEenheid, string(zov.PerUur), string(zov.PerDagdeel), string(zov.PerEtmaal)))
		if !gekozen {
			si.Values[tid] = f.Get(tid)
			delete(si.Errors, eid)
			continue
		}
		if eenheid == "" {
			eenheid = natuurlijkeEenheid(z)
		}
		in.Tarieven = append(in.Tarieven, zov.Tarief{Zorgfunctie: z, Eenheid: eenheid, Bedrag: si.amount(f, tid)})
		logeer = logeer || z == zov.Logeeropvang
	}
	in.Etmalen = 0
	if logeer {
		in.Etmalen = si.whole(f, "etmalen", 0, 366, msgEtmalenVorm)
	} else {
		si.Values["etmalen"] = f.Get("etmalen")
	}

	in.ReiskostenPerKm = 0
	switch si.choice(f, "reiskosten", msgKiesReiskosten, "ja", "nee") {
	case "ja":
		in.Reiskosten = true
		in.ReiskostenPerKm = si.amount(f, "reiskosten_per_km")
	default:
		in.Reiskosten = false
		si.Values["reiskosten_per_km"] = f.Get("reiskosten_per_km")
	}
	return in, si
}

// werkafsprakenBeantwoord reports whether step 2 was ever saved with an
// answer; before that its yes/no radios (stored as booleans) show no choice
// instead of a false "nee".
func werkafsprakenBeantwoord(in zov.Inhoud) bool {
	return !in.Ingangsdatum.IsZero() || in.UrenPer != "" || in.Uren != 0 || len(in.Tarieven) > 0 || in.Onbepaald ||
		!in.Einddatum.IsZero() || in.Vast || in.Maandloon || in.Reiskosten || in.Proeftijd != ""
}

// werkafsprakenValues writes step 2 of in back as form values.
func werkafsprakenValues(in zov.Inhoud) map[string]string {
	v := map[string]string{
		"ingangsdatum": in.Ingangsdatum.String(), "einddatum": in.Einddatum.String(), "proeftijd": in.Proeftijd,
		"uren": formatUren(in.Uren), "uren_per": in.UrenPer, "maandbedrag": amountValue(in.MaandBedrag),
		"andere_vergoedingen": in.AndereVergoedingen, "etmalen": wholeValue(in.Etmalen),
		"reiskosten_per_km": amountValue(in.ReiskostenPerKm), "dagen_per_week": wholeValue(in.DagenPerWeek),
	}
	if werkafsprakenBeantwoord(in) {
		v["looptijd"] = map[bool]string{true: "onbepaald", false: "bepaald"}[in.Onbepaald]
		v["rooster"] = map[bool]string{true: "vast", false: "onregelmatig"}[in.Vast]
		v["betaling"] = map[bool]string{true: "maandloon", false: "achteraf"}[in.Maandloon]
		v["reiskosten"] = jaNee(in.Reiskosten)
	}
	for d := 1; d <= 7; d++ {
		v[roosterVeld(d)] = formatUren(in.Weekrooster[d-1])
	}
	for _, z := range zov.Zorgfuncties {
		v["eenheid_"+string(z)] = string(natuurlijkeEenheid(z))
		if t, ok := in.Tarief(z); ok {
			v["functie_"+string(z)] = "ja"
			v["tarief_"+string(z)] = amountValue(t.Bedrag)
			if t.Eenheid != "" {
				v["eenheid_"+string(z)] = string(t.Eenheid)
			}
		}
	}
	return v
}

// decodeAlgemeen applies step 3 (Algemene afspraken) to in: the
// salarisadministratie question only for an arbeidsovereenkomst, the hoger
// tarief only for a professional zorgverlener.
func decodeAlgemeen(f url.Values, in zov.Inhoud) (zov.Inhoud, stapInput) {
	si := newStapInput()
	in.Salarisadministratie = false
	if in.Soort == zov.SoortDienst {
		in.Salarisadministratie = si.choice(f, "salarisadministratie", msgKiesSalaris, "ja", "nee") == "ja"
	}
	in.Zorgbehoefte = si.text(f, "zorgbehoefte", maxLangeTekst)
	in.WelkeZorg = si.text(f, "welke_zorg", maxLangeTekst)
	in.WaaromZorg = si.text(f, "waarom_zorg", maxLangeTekst)
	in.StandaardAfspraken = si.check(f, "standaard_afspraken")
	in.OverigeAfspraken = si.text(f, "overige_afspraken", maxLangeTekst)
	in.HogerTarief = false
	if in.Professioneel() {
		in.HogerTarief = si.check(f, "hoger_tarief")
	}
	return in, si
}

// algemeenBeantwoord reports whether step 3 was ever saved with an answer.
func algemeenBeantwoord(in zov.Inhoud) bool {
	return in.Zorgbehoefte != "" || in.WelkeZorg != "" || in.WaaromZorg != "" || in.StandaardAfspraken ||
		in.OverigeAfspraken != "" || in.Salarisadministratie || in.HogerTarief
}

// algemeenValues writes step 3 of in back as form values.
func algemeenValues(in zov.Inhoud) map[string]string {
	v := map[string]string{
		"zorgbehoefte": in.Zorgbehoefte, "welke_zorg": in.WelkeZorg, "waarom_zorg": in.WaaromZorg,
		"standaard_afspraken": boolValue(in.StandaardAfspraken), "overige_afspraken": in.OverigeAfspraken,
		"hoger_tarief": boolValue(in.HogerTarief),
	}
	if algemeenBeantwoord(in) {
		v["salarisadministratie"] = jaNee(in.Salarisadministratie)
	}
	return v
}

// decodeAanpassen applies what a zorgverlener may change to in: the
// werkafspraken and their own phone number and IBAN.
func decodeAanpassen(f url.Values, in zov.Inhoud) (zov.Inhoud, stapInput) {
	in, si := decodeWerkafspraken(f, in)
	in, eigen := decodeEigenGegevens(f, in)
	for k, v := range eigen.Values {
		si.Values[k] = v
	}
	for k, v := range eigen.Errors {
		si.Errors[k] = v
	}
	return in, si
}

// decodeEigenGegevens applies the zorgverlener's own phone number and IBAN
// to in.
func decodeEigenGegevens(f url.Values, in zov.Inhoud) (zov.Inhoud, stapInput) {
	si := newStapInput()
	tel := strings.TrimSpace(f.Get("zv_telefoon"))
	si.Values["zv_telefoon"] = f.Get("zv_telefoon")
	in.Zorgverlener.Telefoon = ""
	if tel != "" {
		if n, ok := nlid.NormalizePhone(tel); ok {
			in.Zorgverlener.Telefoon = n
		} else {
			si.Errors["zv_telefoon"] = msgTelefoonVorm
		}
	}
	iban := strings.TrimSpace(f.Get("zv_iban"))
	si.Values["zv_iban"] = f.Get("zv_iban")
	in.Zorgverlener.IBAN = ""
	if iban != "" {
		if n, ok := nlid.NormalizeIBAN(iban); ok {
			in.Zorgverlener.IBAN = n
		} else {
			si.Errors["zv_iban"] = msgIBANVorm
		}
	}
	return in, si
}

// aanpassenValues writes what a zorgverlener may change back as form values.
func aanpassenValues(in zov.Inhoud) map[string]string {
	v := werkafsprakenValues(in)
	v["zv_telefoon"] = in.Zorgverlener.Telefoon
	v["zv_iban"] = nlid.FormatIBAN(in.Zorgverlener.IBAN)
	return v
}
