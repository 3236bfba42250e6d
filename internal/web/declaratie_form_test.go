package web

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"pgbportaal/internal/civil"
	"pgbportaal/internal/declaratie"
	zov "pgbportaal/internal/zorgovereenkomst"
)

// novemberDeclaratie is a concept over November 2025 (1 November is a
// Saturday) under an agreement from 5 November with hourly care, logeeropvang
// per etmaal and reiskosten.
func novemberDeclaratie() declaratie.Declaratie {
	in := zov.Inhoud{Ingangsdatum: civil.Date{Year: 2025, Month: 11, Day: 5}, Onbepaald: true, Uren: 1000, UrenPer: "week",
		Tarieven: []zov.Tarief{
			{Zorgfunctie: zov.Logeeropvang, Eenheid: zov.PerEtmaal, Bedrag: 15000},
			{Zorgfunctie: zov.PersoonlijkeVerzorging, Eenheid: zov.PerUur, Bedrag: 2000},
		},
		Reiskosten: true, ReiskostenPerKm: 19}
	return declaratie.Declaratie{ID: 1, Soort: declaratie.SoortZorg, Periode: civil.Date{Year: 2025, Month: 11, Day: 1}, Afspraak: &in}
}

func nov(d int) civil.Date { return civil.Date{Year: 2025, Month: 11, Day: d} }

func TestDclWeken(t *testing.T) {
	w := dclWeken(nov(1))
	if len(w) != 5 || len(w[0]) != 2 || w[1][0] != nov(3) || len(w[1]) != 7 || w[4][len(w[4])-1] != nov(30) {
		t.Fatalf("weeks of November 2025: %v", w)
	}
	if w := dclWeken(civil.Date{Year: 2026, Month: 2, Day: 1}); len(w) != 5 || len(w[0]) != 1 { // 1 February 2026 is a Sunday
		t.Fatalf("weeks of February 2026: %v", w)
	}
}

func TestDclKolommen(t *testing.T) {
	k := dclKolommen(*novemberDeclaratie().Afspraak)
	if len(k) != 2 || k[0].Zorgfunctie != zov.PersoonlijkeVerzorging || k[1].Zorgfunctie != zov.Logeeropvang {
		t.Fatalf("columns not in the portal's order: %v", k)
	}
	if md := dclMeerdaagsFuncties(*novemberDeclaratie().Afspraak); len(md) != 1 || md[0].Zorgfunctie != zov.Logeeropvang {
		t.Fatalf("rates over several days: %v", md)
	}
}

func TestParseAantal(t *testing.T) {
	cases := []struct {
		in   string
		e    zov.Eenheid
		want int64
		msg  string
	}{
		{"7,5", zov.PerUur, 750, ""},
		{"7.25", zov.PerUur, 725, ""},
		{"24", zov.PerUur, 2400, ""},
		{"7,555", zov.PerUur, 0, "maximaal 2 cijfers"},
		{"zeven", zov.PerUur, 0, "als getal"},
		{"-1", zov.PerUur, 0, "als getal"},
		{"2", zov.PerEtmaal, 200, ""},
		{"1,5", zov.PerEtmaal, 0, "heel aantal etmalen"},
		{"1,5", zov.PerDagdeel, 0, "heel aantal dagdelen"},
		{"12,5", declaratie.PerKm, 1250, ""},
		{"twaalf", declaratie.PerKm, 0, "kilometers"},
	}
	for _, c := range cases {
		got, msg := parseAantal(c.in, c.e)
		if got != c.want || (c.msg == "") != (msg == "") || !strings.Contains(msg, c.msg) {
			t.Errorf("parseAantal(%q, %s) = %d, %q", c.in, c.e, got, msg)
		}
	}
}

func TestDecodeRegels(t *testing.T) {
	x := novemberDeclaratie()
	f := url.Values{
		"u_05_persoonlijke_verzorging": {"7,5"},
		"u_06_persoonlijke_verzorging": {" "},
		"u_07_persoonlijke_verzorging": {"0"},
		"km_05":                        {"12"},
		"u_08_logeeropvang":            {"1"},
		"u_03_persoonlijke_verzorging": {"8"},                                                                          // before the agreement: there is no such input, not read
		"u_10_verpleging":              {"8"},                                                                          // not agreed: not read
		"u_11_persoonlijke_verzorging": {"acht"},                                                                       // malformed
		"md_0_begin":                   {""}, "md_0_eind": {""}, "md_0_functie": {"logeeropvang"}, "md_0_aantal": {""}, // empty row
		"md_1_begin": {"14-11-2025"}, "md_1_eind": {"16-11-2025"}, "md_1_functie": {"logeeropvang"}, "md_1_aantal": {"2"},
		"md_2_begin": {"21-11-2025"}, "md_2_eind": {"31-11-2025"}, "md_2_functie": {""}, "md_2_aantal": {"1,5"},
	}
	regels, si := decodeRegels(f, x)
	want := []declaratie.Regel{
		{Datum: nov(5), Zorgfunctie: zov.PersoonlijkeVerzorging, Eenheid: zov.PerUur, Aantal: 750},
		{Datum: nov(5), Eenheid: declaratie.PerKm, Aantal: 1200},
		{Datum: nov(8), Zorgfunctie: zov.Logeeropvang, Eenheid: zov.PerEtmaal, Aantal: 100},
		{Datum: nov(14), EindDatum: nov(16), Zorgfunctie: zov.Logeeropvang, Eenheid: zov.PerEtmaal, Aantal: 200},
	}
	if !reflect.DeepEqual(regels, want) {
		t.Errorf("regels:\n got %+v\nwant %+v", regels, want)
	}
	wantErrs := map[string]string{
		"u_11_persoonlijke_verzorging": "als getal",
		"md_1_eind":                    "bestaat niet",
		"md_1_functie":                 "Kies de zorgfunctie",
	}
	for k, v := range wantErrs {
		if !strings.Contains(si.Errors[k], v) {
			t.Errorf("error %s = %q, want …%s…", k, si.Errors[k], v)
		}
	}
	if len(si.Errors) > len(wantErrs) {
		t.Errorf("errors %v", si.Errors)
	}
	// The typed input is kept, the empty rate over several days dropped and the others numbered again.
	if si.Values["u_11_persoonlijke_verzorging"] != "acht" || si.Values["md_0_begin"] != "14-11-2025" || si.Values["md_1_aantal"] != "1,5" {
		t.Errorf("values %v", si.Values)
	}
	if _, ok := si.Values["u_03_persoonlijke_verzorging"]; ok {
		t.Error("a day before the agreement was read")
	}
}

func TestRegelValuesRoundTrip(t *testing.T) {
	x := novemberDeclaratie()
	x.Regels = []declaratie.Regel{
		{Datum: nov(5), Zorgfunctie: zov.PersoonlijkeVerzorging, Eenheid: zov.PerUur, Aantal: 725},
		{Datum: nov(5), Eenheid: declaratie.PerKm, Aantal: 1250},
		{Datum: nov(8), Zorgfunctie: zov.Logeeropvang, Eenheid: zov.PerEtmaal, Aantal: 100},
		{Datum: nov(14), EindDatum: nov(16), Zorgfunctie: zov.Logeeropvang, Eenheid: zov.PerEtmaal, Aantal: 200},
		{Datum: nov(21), EindDatum: nov(23), Zorgfunctie: zov.Logeeropvang, Eenheid: zov.PerEtmaal, Aantal: 300},
	}
	v := regelValues(x)
	if v["u_05_persoonlijke_verzorging"] != "7,25" || v["km_05"] != "12,5" || v["md_1_begin"] != "21-11-2025" || meerdaagsRijen(v) != 2 {
		t.Fatalf("values %v", v)
	}
	regels, si := decodeRegels(urlValues(v), x)
	if len(si.Errors) > 0 || !reflect.DeepEqual(regels, x.Regels) {
		t.Fatalf("round trip:\n got %+v %v\nwant %+v", regels, si.Errors, x.Regels)
	}
}

func TestKopieerWeek(t *testing.T) {
	x := novemberDeclaratie()
	v := map[string]string{
		// Week 2 (3–9 November); the agreement starts on Wednesday 5.
		"u_05_persoonlijke_verzorging": "4", "u_06_persoonlijke_verzorging": "3,5", "km_06": "10", "u_08_logeeropvang": "1",
		// Week 3 already holds something on Friday: replaced by Friday 7's (empty).
		"u_14_persoonlijke_verzorging": "9",
	}
	if !kopieerWeek(v, x, 2) {
		t.Fatal("week 2 has a next week")
	}
	for k, want := range map[string]string{
		"u_12_persoonlijke_verzorging": "4", "u_13_persoonlijke_verzorging": "3,5", "km_13": "10", "u_15_logeeropvang": "1",
		"u_14_persoonlijke_verzorging": "",
		// Monday 3 and Tuesday 4 lie before the agreement: Monday 10 and Tuesday 11 are left alone.
	} {
		if v[k] != want {
			t.Errorf("%s = %q, want %q", k, v[k], want)
		}
	}
	if _, ok := v["u_10_persoonlijke_verzorging"]; ok {
		t.Error("copied from a day before the agreement")
	}
	// Week 1 is Saturday 1 and Sunday 2: only those weekdays of week 2 could change, and both lie before the agreement.
	v1 := map[string]string{}
	kopieerWeek(v1, x, 1)
	if len(v1) != 0 {
		t.Errorf("week 1 copied into days outside the agreement: %v", v1)
	}
	if kopieerWeek(v, x, 5) || kopieerWeek(v, x, 0) {
		t.Error("copied past the last week")
	}
	// December 2025: week 4 is 22–28, week 5 only 29–31; nothing spills into January.
	dec := novemberDeclaratie()
	dec.Periode = civil.Date{Year: 2025, Month: 12, Day: 1}
	v4 := map[string]string{"u_22_persoonlijke_verzorging": "2", "u_28_persoonlijke_verzorging": "3"}
	if !kopieerWeek(v4, dec, 4) || v4["u_29_persoonlijke_verzorging"] != "2" || v4["u_31_persoonlijke_verzorging"] != "" {
		t.Errorf("week 4 of December: %v", v4)
	}
	for k := range v4 {
		if d := strings.Split(k, "_")[1]; d > "31" || d < "22" {
			t.Errorf("copied to %s", k)
		}
	}
}

func TestVerwijderMeerdaags(t *testing.T) {
	v := map[string]string{}
	for i, b := range []string{"07-11-2025", "14-11-2025", "21-11-2025"} {
		v[declaratie.VeldMeerdaags(i, "begin")] = b
		v[declaratie.VeldMeerdaags(i, "eind")] = b
		v[declaratie.VeldMeerdaags(i, "functie")] = "logeeropvang"
		v[declaratie.VeldMeerdaags(i, "aantal")] = "1"
	}
	verwijderMeerdaags(v, 1)
	if meerdaagsRijen(v) != 2 || v["md_0_begin"] != "07-11-2025" || v["md_1_begin"] != "21-11-2025" {
		t.Fatalf("after removing the second: %v", v)
	}
	verwijderMeerdaags(v, 5)
	if meerdaagsRijen(v) != 2 {
		t.Fatal("removed a row that does not exist")
	}
}

func TestDecodeBedrag(t *testing.T) {
	x := declaratie.Declaratie{Soort: declaratie.SoortVVB}
	inv, si := decodeBedrag(url.Values{"bedrag": {"€ 1.250,00"}, "iban": {"NL91 ABNA 0417 1643 00"}, "omschrijving": {"Vrij"}}, x)
	if len(si.Errors) != 0 || inv.Bedrag != 125000 || inv.IBAN != "NL91 ABNA 0417 1643 00" || inv.Omschrijving != "Vrij" {
		t.Fatalf("%+v %v", inv, si.Errors)
	}
	_, si = decodeBedrag(url.Values{"bedrag": {"12,345"}}, x)
	if !strings.Contains(si.Errors["bedrag"], "2 cijfers") || si.Values["bedrag"] != "12,345" {
		t.Fatalf("%v", si)
	}
	inv, _ = decodeBedrag(url.Values{"bedrag": {"10"}, "iban": {"NL91ABNA0417164300"}}, declaratie.Declaratie{Soort: declaratie.SoortFeestdagen})
	if inv.IBAN != "" {
		t.Error("an IBAN read for a soort paid to the zorgverlener")
	}
	if got := bedragValues(declaratie.Declaratie{Totaal: 123456, IBAN: "NL91ABNA0417164300"}); got["bedrag"] != "1234,56" {
		t.Errorf("values %v", got)
	}
}

func TestMaandWaarde(t *testing.T) {
	if maandWaarde(nov(1)) != "2025-11" || parseMaand("2025-11") != nov(1) || !parseMaand("2025-13").IsZero() || !parseMaand("nov").IsZero() {
		t.Fatal("month values")
	}
	if parseID("12") != 12 || parseID("-1") != 0 || parseID("x") != 0 {
		t.Fatal("ids")
	}
}
