package zorgovereenkomst

import (
	"strings"
	"testing"
	"time"

	"pgbportaal/internal/civil"
)

// The Wlz maximumtarieven from DOMAIN.md.
var (
	max2024 = Maxima{Jaar: 2024, Informeel: 2444, Professioneel: 7700, Dagdeel: 7088, PerKm: 23}
	max2023 = Maxima{Jaar: 2023, Informeel: 2298, Professioneel: 7239, Dagdeel: 6664, PerKm: 21}
)

func d(y int, m time.Month, day int) civil.Date { return civil.Date{Year: y, Month: m, Day: day} }

var vandaag = d(2024, time.May, 15)

// dienstInhoud is a complete, valid arbeidsovereenkomst with an informal
// zorgverlener, starting on vandaag.
func dienstInhoud() Inhoud {
	return Inhoud{
		Soort:            SoortDienst,
		BudgethouderNaam: "J. de Vries",
		Zorgverlener: Zorgverlener{
			Naam:          "A. Jansen",
			BSN:           "111222333",
			Geboortedatum: d(1980, time.March, 17),
			Adres:         Adres{Straat: "Dorpsstraat", Huisnummer: "12A", Postcode: "1234ab", Woonplaats: "Amstelveen"},
		},
		Ingangsdatum:       vandaag,
		Onbepaald:          true,
		Proeftijd:          "1 maand",
		Uren:               10_00,
		UrenPer:            "week",
		Tarieven:           []Tarief{{PersoonlijkeVerzorging, PerUur, 2000}},
		DagenPerWeek:       2,
		Zorgbehoefte:       "Hulp bij wassen en aankleden.",
		WelkeZorg:          "Persoonlijke verzorging in de ochtend.",
		WaaromZorg:         "Vertrouwd persoon.",
		StandaardAfspraken: true,
	}
}

func instellingInhoud() Inhoud {
	in := dienstInhoud()
	in.Soort = SoortInstelling
	in.Zorgverlener = Zorgverlener{Naam: "Zorg BV", AGB: "12345678"}
	in.Proeftijd = ""
	in.DagenPerWeek = 0
	in.Tarieven = []Tarief{{Verpleging, PerUur, 7000}}
	return in
}

func zzpInhoud() Inhoud {
	in := instellingInhoud()
	in.Soort = SoortOpdracht
	in.Zorgverlener = Zorgverlener{Naam: "P. Pietersen", AGB: "90123456", KvK: true}
	return in
}

func opdrachtPersoonInhoud() Inhoud {
	in := dienstInhoud()
	in.Soort = SoortOpdracht
	in.Proeftijd = ""
	in.DagenPerWeek = 0
	return in
}

func familieInhoud() Inhoud {
	in := opdrachtPersoonInhoud()
	in.Soort = SoortFamilie
	return in
}

type ruleCase struct {
	name   string
	base   func() Inhoud
	change func(*Inhoud)
	today  civil.Date // zero: vandaag
	max    *Maxima    // nil: max2024
	noMax  bool
	field  string // the one field expected in error, "" for none
	msg    string // a substring of that field's message, if set
}

func runRules(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := c.base()
			if c.change != nil {
				c.change(&in)
			}
			today := c.today
			if today.IsZero() {
				today = vandaag
			}
			mx := max2024
			if c.max != nil {
				mx = *c.max
			}
			errs := ValidateAll(in, today, mx, !c.noMax)
			if c.field == "" {
				if len(errs) != 0 {
					t.Fatalf("unexpected errors %v", errs)
				}
				return
			}
			if len(errs) != 1 || errs[c.field] == "" {
				t.Fatalf("errors %v, want exactly %s", errs, c.field)
			}
			if c.msg != "" && !strings.Contains(errs[c.field], c.msg) {
				t.Fatalf("%s: %q does not contain %q", c.field, errs[c.field], c.msg)
			}
		})
	}
}

func TestValidBases(t *testing.T) {
	for name, f := range map[string]func() Inhoud{
		"dienst": dienstInhoud, "instelling": instellingInhoud, "zzp": zzpInhoud,
		"opdracht persoon": opdrachtPersoonInhoud, "familie": familieInhoud,
	} {
		if errs := ValidateAll(f(), vandaag, max2024, true); len(errs) != 0 {
			t.Errorf("%s: %v", name, errs)
		}
		for _, v := range []func(Inhoud) FieldErrors{ValidatePartijen, ValidateAlgemeen} {
			if errs := v(f()); len(errs) != 0 {
				t.Errorf("%s: %v", name, errs)
			}
		}
		if errs := ValidateWerkafspraken(f(), vandaag, max2024, true); len(errs) != 0 {
			t.Errorf("%s: %v", name, errs)
		}
	}
}

func TestValidatePartijen(t *testing.T) {
	runRules(t, []ruleCase{
		{name: "soort missing", base: dienstInhoud, change: func(in *Inhoud) { in.Soort = ""; in.Proeftijd = ""; in.DagenPerWeek = 0 }, field: "soort"},
		{name: "soort unknown", base: familieInhoud, change: func(in *Inhoud) { in.Soort = "vrijwilliger" }, field: "soort"},
		{name: "naam missing", base: dienstInhoud, change: func(in *Inhoud) { in.Zorgverlener.Naam = " " }, field: "zv_naam"},
		{name: "naam too long", base: dienstInhoud, change: func(in *Inhoud) { in.Zorgverlener.Naam = strings.Repeat("a", 201) }, field: "zv_naam"},
		{name: "instelling naam missing", base: instellingInhoud, change: func(in *Inhoud) { in.Zorgverlener.Naam = "" }, field: "zv_naam", msg: "zorginstelling"},

		// BSN: 8 and 9 digits pass the elfproef; a bad check digit does not.
		{name: "BSN 9 digits", base: dienstInhoud, change: func(in *Inhoud) { in.Zorgverlener.BSN = "123456782" }},
		{name: "BSN 8 digits", base: dienstInhoud, change: func(in *Inhoud) { in.Zorgverlener.BSN = "12345672" }},
		{name: "BSN bad check digit", base: dienstInhoud, change: func(in *Inhoud) { in.Zorgverlener.BSN = "123456783" }, field: "zv_bsn", msg: "klopt niet"},
		{name: "BSN 8 digits bad", base: dienstInhoud, change: func(in *Inhoud) { in.Zorgverlener.BSN = "12345675" }, field: "zv_bsn"},
		{name: "BSN 7 digits", base: familieInhoud, change: func(in *Inhoud) { in.Zorgverlener.BSN = "1234567" }, field: "zv_bsn"},
		{name: "BSN letters", base: familieInhoud, change: func(in *Inhoud) { in.Zorgverlener.BSN = "12345678a" }, field: "zv_bsn"},
		{name: "BSN all zeros", base: familieInhoud, change: func(in *Inhoud) { in.Zorgverlener.BSN = "000000000" }, field: "zv_bsn"},
		{name: "BSN missing dienst", base: dienstInhoud, change: func(in *Inhoud) { in.Zorgverlener.BSN = "" }, field: "zv_bsn"},
		{name: "BSN missing familie", base: familieInhoud, change: func(in *Inhoud) { in.Zorgverlener.BSN = "" }, field: "zv_bsn"},
		{name: "BSN missing opdracht without AGB", base: opdrachtPersoonInhoud, change: func(in *Inhoud) { in.Zorgverlener.BSN = "" }, field: "zv_bsn", msg: "AGB-code"},

		// Geboortedatum: a real date in the past, age at most 120.
		{name: "geboortedatum missing", base: dienstInhoud, change: func(in *Inhoud) { in.Zorgverlener.Geboortedatum = civil.Date{} }, field: "zv_geboortedatum"},
		{name: "geboortedatum 31-02", base: dienstInhoud, change: func(in *Inhoud) { in.Zorgverlener.Geboortedatum = d(1980, time.February, 31) }, field: "zv_geboortedatum"},
		{name: "geboortedatum today", base: dienstInhoud, change: func(in *Inhoud) { in.Zorgverlener.Geboortedatum = vandaag }, field: "zv_geboortedatum", msg: "verleden"},
		{name: "geboortedatum yesterday", base: dienstInhoud, change: func(in *Inhoud) { in.Zorgverlener.Geboortedatum = vandaag.AddDays(-1) }},
		{name: "geboortedatum future", base: familieInhoud, change: func(in *Inhoud) { in.Zorgverlener.Geboortedatum = d(2030, time.January, 1) }, field: "zv_geboortedatum"},
		{name: "age exactly 120", base: dienstInhoud, change: func(in *Inhoud) { in.Zorgverlener.Geboortedatum = d(1904, time.May, 15) }},
		{name: "age over 120", base: dienstInhoud, change: func(in *Inhoud) { in.Zorgverlener.Geboortedatum = d(1904, time.May, 14) }, field: "zv_geboortedatum", msg: "120"},
		{name: "geboortedatum missing opdracht without AGB", base: opdrachtPersoonInhoud, change: func(in *Inhoud) { in.Zorgverlener.Geboortedatum = civil.Date{} }, field: "zv_geboortedatum"},

		// Adres.
		{name: "straat missing", base: dienstInhoud, change: func(in *Inhoud) { in.Zorgverlener.Adres.Straat = "" }, field: "zv_straat"},
		{name: "huisnummer missing", base: familieInhoud, change: func(in *Inhoud) { in.Zorgverlener.Adres.Huisnummer = "" }, field: "zv_huisnummer"},
		{name: "huisnummer starts with letter", base: dienstInhoud, change: func(in *Inhoud) { in.Zorgverlener.Adres.Huisnummer = "A12" }, field: "zv_huisnummer"},
		{name: "postcode missing", base: dienstInhoud, change: func(in *Inhoud) { in.Zorgverlener.Adres.Postcode = "" }, field: "zv_postcode"},
		{name: "postcode bad", base: dienstInhoud, change: func(in *Inhoud) { in.Zorgverlener.Adres.Postcode = "0123 AB" }, field: "zv_postcode"},
		{name: "postcode with space ok", base: dienstInhoud, change: func(in *Inhoud) { in.Zorgverlener.Adres.Postcode = "1234 AB" }},
		{name: "woonplaats missing", base: opdrachtPersoonInhoud, change: func(in *Inhoud) { in.Zorgverlener.Adres.Woonplaats = "" }, field: "zv_woonplaats"},
		{name: "dienst with AGB", base: dienstInhoud, change: func(in *Inhoud) { in.Zorgverlener.AGB = "12345678" }, field: "zv_agb"},

		// Instelling and zzp'er: AGB-code, no BSN, no personal details needed.
		{name: "instelling AGB missing", base: instellingInhoud, change: func(in *Inhoud) { in.Zorgverlener.AGB = "" }, field: "zv_agb"},
		{name: "instelling AGB 7 digits", base: instellingInhoud, change: func(in *Inhoud) { in.Zorgverlener.AGB = "1234567" }, field: "zv_agb"},
		{name: "instelling AGB 9 digits", base: instellingInhoud, change: func(in *Inhoud) { in.Zorgverlener.AGB = "123456789" }, field: "zv_agb"},
		{name: "instelling AGB zorgsoort 00", base: instellingInhoud, change: func(in *Inhoud) { in.Zorgverlener.AGB = "00345678" }, field: "zv_agb"},
		{name: "instelling AGB letters", base: instellingInhoud, change: func(in *Inhoud) { in.Zorgverlener.AGB = "1234567X" }, field: "zv_agb"},
		{name: "instelling with BSN", base: instellingInhoud, change: func(in *Inhoud) { in.Zorgverlener.BSN = "111222333" }, field: "zv_bsn"},
		{name: "zzp AGB bad", base: zzpInhoud, change: func(in *Inhoud) { in.Zorgverlener.AGB = "1234" }, field: "zv_agb"},
		{name: "zzp with BSN", base: zzpInhoud, change: func(in *Inhoud) { in.Zorgverlener.BSN = "111222333" }, field: "zv_bsn"},
	})
}

func TestIngangsdatum(t *testing.T) {
	start := func(today, ing civil.Date, field string) ruleCase {
		mx := Maxima{Jaar: ing.Year, Informeel: 2500, Professioneel: 8000, Dagdeel: 7300, PerKm: 23}
		return ruleCase{
			max:    &mx,
			name:   "today " + today.String() + " start " + ing.String(),
			base:   familieInhoud,
			change: func(in *Inhoud) { in.Ingangsdatum = ing },
			today:  today,
			field:  field,
			msg:    map[string]string{"": "", "ingangsdatum": "De ingangsdatum mag hoogstens"}[field],
		}
	}
	runRules(t, []ruleCase{
		// Exactly 2 calendar months back is allowed, one day more is not.
		start(d(2024, time.May, 15), d(2024, time.March, 15), ""),
		start(d(2024, time.May, 15), d(2024, time.March, 14), "ingangsdatum"),
		// Across month ends: 31-05 → 31-03.
		start(d(2024, time.May, 31), d(2024, time.March, 31), ""),
		start(d(2024, time.May, 31), d(2024, time.March, 30), "ingangsdatum"),
		// 30-04 → 29-02 in a leap year, 28-02 otherwise.
		start(d(2024, time.April, 30), d(2024, time.February, 29), ""),
		start(d(2024, time.April, 30), d(2024, time.February, 28), "ingangsdatum"),
		start(d(2023, time.April, 30), d(2023, time.February, 28), ""),
		start(d(2023, time.April, 30), d(2023, time.February, 27), "ingangsdatum"),
		// Across a year end: 15-01 → 15-11 of the year before.
		start(d(2024, time.January, 15), d(2023, time.November, 15), ""),
		start(d(2024, time.January, 15), d(2023, time.November, 14), "ingangsdatum"),
		// At most a year ahead.
		start(d(2024, time.May, 15), d(2025, time.May, 15), ""),
		start(d(2024, time.May, 15), d(2025, time.May, 16), "ingangsdatum"),
		{name: "start next year without its maxima", base: familieInhoud, today: d(2024, time.December, 1), max: &max2024,
			change: func(in *Inhoud) { in.Ingangsdatum = d(2025, time.January, 1) }, field: "ingangsdatum", msg: "nog geen maximumtarieven"},
		{name: "ingangsdatum missing", base: dienstInhoud, change: func(in *Inhoud) { in.Ingangsdatum = civil.Date{} }, field: "ingangsdatum"},
		{name: "ingangsdatum invalid", base: familieInhoud, change: func(in *Inhoud) { in.Ingangsdatum = d(2024, time.April, 31) }, field: "ingangsdatum"},
		{name: "no maxima for the year", base: familieInhoud, noMax: true, field: "ingangsdatum",
			msg: "Voor dit jaar zijn nog geen maximumtarieven vastgesteld."},
		{name: "maxima of another year", base: familieInhoud, max: &max2023, field: "ingangsdatum",
			msg: "Voor dit jaar zijn nog geen maximumtarieven vastgesteld."},
		{name: "2023 start with 2023 maxima", base: familieInhoud, today: d(2024, time.January, 10), max: &max2023,
			change: func(in *Inhoud) { in.Ingangsdatum = d(2023, time.December, 1); in.Tarieven[0].Bedrag = 2298 }},
		{name: "2023 start over 2023 maximum", base: familieInhoud, today: d(2024, time.January, 10), max: &max2023,
			change: func(in *Inhoud) { in.Ingangsdatum = d(2023, time.December, 1); in.Tarieven[0].Bedrag = 2299 },
			field:  "tarief_persoonlijke_verzorging", msg: "€ 22,98 per uur voor 2023"},
	})
}

func TestLooptijdEnProeftijd(t *testing.T) {
	bepaald := func(eind civil.Date, proef string) func(*Inhoud) {
		return func(in *Inhoud) { in.Onbepaald = false; in.Einddatum = eind; in.Proeftijd = proef }
	}
	runRules(t, []ruleCase{
		{name: "bepaald with einddatum", base: familieInhoud, change: bepaald(d(2024, time.December, 31), "")},
		{name: "bepaald without einddatum", base: familieInhoud, change: bepaald(civil.Date{}, ""), field: "einddatum"},
		{name: "einddatum equals ingangsdatum", base: familieInhoud, change: bepaald(vandaag, ""), field: "einddatum"},
		{name: "einddatum before ingangsdatum", base: familieInhoud, change: bepaald(vandaag.AddDays(-1), ""), field: "einddatum"},
		{name: "einddatum invalid", base: familieInhoud, change: bepaald(d(2024, time.June, 31), ""), field: "einddatum"},
		{name: "onbepaald with einddatum", base: familieInhoud, change: func(in *Inhoud) { in.Einddatum = d(2025, time.January, 1) }, field: "einddatum"},

		{name: "proeftijd geen", base: dienstInhoud, change: func(in *Inhoud) { in.Proeftijd = "geen" }},
		{name: "proeftijd 2 maanden onbepaald", base: dienstInhoud, change: func(in *Inhoud) { in.Proeftijd = "2 maanden" }},
		{name: "proeftijd missing for dienst", base: dienstInhoud, change: func(in *Inhoud) { in.Proeftijd = "" }, field: "proeftijd"},
		{name: "proeftijd unknown", base: dienstInhoud, change: func(in *Inhoud) { in.Proeftijd = "3 maanden" }, field: "proeftijd"},
		{name: "proeftijd for familie", base: familieInhoud, change: func(in *Inhoud) { in.Proeftijd = "geen" }, field: "proeftijd"},
		{name: "proeftijd for instelling", base: instellingInhoud, change: func(in *Inhoud) { in.Proeftijd = "1 maand" }, field: "proeftijd"},
		{name: "proeftijd for opdracht", base: zzpInhoud, change: func(in *Inhoud) { in.Proeftijd = "1 maand" }, field: "proeftijd"},
		// Art. 7:652 BW: no proeftijd in a contract of at most 6 months.
		{name: "6 months with proeftijd", base: dienstInhoud, change: bepaald(d(2024, time.November, 14), "1 maand"), field: "proeftijd"},
		{name: "6 months without proeftijd", base: dienstInhoud, change: bepaald(d(2024, time.November, 14), "geen")},
		{name: "6 months and a day, 1 maand", base: dienstInhoud, change: bepaald(d(2024, time.November, 15), "1 maand")},
		{name: "1 year, 2 maanden", base: dienstInhoud, change: bepaald(d(2025, time.May, 14), "2 maanden"), field: "proeftijd"},
		{name: "2 years, 2 maanden", base: dienstInhoud, change: bepaald(d(2026, time.May, 14), "2 maanden")},
		{name: "2 years less a day, 2 maanden", base: dienstInhoud, change: bepaald(d(2026, time.May, 13), "2 maanden"), field: "proeftijd"},
	})
}

func TestUrenEnRooster(t *testing.T) {
	vast := func(uren int64, r [7]int64) func(*Inhoud) {
		return func(in *Inhoud) { in.Vast = true; in.Uren = uren; in.Weekrooster = r; in.DagenPerWeek = 0 }
	}
	runRules(t, []ruleCase{
		{name: "uren zero", base: familieInhoud, change: func(in *Inhoud) { in.Uren = 0 }, field: "uren"},
		{name: "uren negative", base: familieInhoud, change: func(in *Inhoud) { in.Uren = -100 }, field: "uren"},
		{name: "168 per week", base: familieInhoud, change: func(in *Inhoud) { in.Uren = 168_00 }},
		{name: "168,01 per week", base: familieInhoud, change: func(in *Inhoud) { in.Uren = 168_01 }, field: "uren"},
		{name: "730 per maand", base: familieInhoud, change: func(in *Inhoud) { in.Uren = 730_00; in.UrenPer = "maand" }},
		{name: "730,01 per maand", base: familieInhoud, change: func(in *Inhoud) { in.Uren = 730_01; in.UrenPer = "maand" }, field: "uren"},
		{name: "uren_per missing", base: familieInhoud, change: func(in *Inhoud) { in.UrenPer = "" }, field: "uren_per"},
		{name: "uren_per jaar", base: familieInhoud, change: func(in *Inhoud) { in.UrenPer = "jaar" }, field: "uren_per"},

		{name: "vast rooster matches", base: dienstInhoud, change: vast(12_50, [7]int64{4_00, 4_00, 4_50})},
		{name: "vast rooster sum differs", base: dienstInhoud, change: vast(12_00, [7]int64{4_00, 4_00, 4_50}), field: "rooster", msg: "12,5 uur"},
		{name: "vast rooster empty", base: dienstInhoud, change: vast(10_00, [7]int64{}), field: "rooster"},
		{name: "vast day 24 hours", base: familieInhoud, change: vast(24_00, [7]int64{6: 24_00})},
		{name: "vast day over 24 hours", base: familieInhoud, change: vast(25_00, [7]int64{6: 25_00}), field: "rooster_7"},
		{name: "vast day negative", base: familieInhoud, change: vast(10_00, [7]int64{11_00, -1_00}), field: "rooster_2"},
		{name: "vast per maand, sum not compared", base: familieInhoud, change: func(in *Inhoud) {
			vast(40_00, [7]int64{5_00, 5_00})(in)
			in.UrenPer = "maand"
		}},
		{name: "onregelmatig with rooster", base: familieInhoud, change: func(in *Inhoud) { in.Weekrooster[0] = 4_00 }, field: "rooster"},
	})
}

func TestBetaling(t *testing.T) {
	runRules(t, []ruleCase{
		{name: "maandloon", base: dienstInhoud, change: func(in *Inhoud) { in.Maandloon = true; in.MaandBedrag = 866_67 }},
		{name: "maandloon with andere vergoedingen", base: dienstInhoud, change: func(in *Inhoud) {
			in.Maandloon = true
			in.MaandBedrag = 866_67
			in.AndereVergoedingen = "Vakantiegeld 8%"
		}},
		{name: "maandloon without bedrag", base: dienstInhoud, change: func(in *Inhoud) { in.Maandloon = true }, field: "maandbedrag"},
		// 10 uur per week at the informal maximum € 24,44 is € 1.059,07 a month.
		{name: "maandloon at the maximum", base: dienstInhoud, change: func(in *Inhoud) { in.Maandloon = true; in.MaandBedrag = 1059_07 }},
		{name: "maandloon over the maximum", base: dienstInhoud, change: func(in *Inhoud) { in.Maandloon = true; in.MaandBedrag = 1059_30 },
			field: "maandbedrag", msg: "€ 24,45 per uur"},
		{name: "achteraf with maandbedrag", base: dienstInhoud, change: func(in *Inhoud) { in.MaandBedrag = 100_00 }, field: "maandbedrag"},
		{name: "achteraf with andere vergoedingen", base: dienstInhoud, change: func(in *Inhoud) { in.AndereVergoedingen = "Kerstpakket" }, field: "andere_vergoedingen"},
		{name: "andere vergoedingen too long", base: dienstInhoud, change: func(in *Inhoud) {
			in.Maandloon = true
			in.MaandBedrag = 866_67
			in.AndereVergoedingen = strings.Repeat("é", 4001)
		}, field: "andere_vergoedingen"},
	})
}

func TestTarieven(t *testing.T) {
	tarief := func(z Zorgfunctie, e Eenheid, c int64) func(*Inhoud) {
		return func(in *Inhoud) { in.Tarieven = []Tarief{{z, e, c}} }
	}
	hoger := func(z Zorgfunctie, e Eenheid, c int64) func(*Inhoud) {
		return func(in *Inhoud) { tarief(z, e, c)(in); in.HogerTarief = true }
	}
	bigDienst := func() Inhoud { in := dienstInhoud(); in.Zorgverlener.BIG = true; return in }
	kvkOpdracht := func() Inhoud { in := opdrachtPersoonInhoud(); in.Zorgverlener.KvK = true; return in }
	const pv, tpv = PersoonlijkeVerzorging, "tarief_persoonlijke_verzorging"
	runRules(t, []ruleCase{
		{name: "no zorgfunctie", base: familieInhoud, change: func(in *Inhoud) { in.Tarieven = nil }, field: "functies"},
		{name: "unknown zorgfunctie", base: familieInhoud, change: tarief("tuinieren", PerUur, 1000), field: "functies"},
		{name: "zorgfunctie twice", base: familieInhoud, change: func(in *Inhoud) {
			in.Tarieven = []Tarief{{pv, PerUur, 2000}, {pv, PerUur, 2100}}
		}, field: "functies"},
		{name: "rate zero", base: familieInhoud, change: tarief(pv, PerUur, 0), field: tpv},
		{name: "rate negative", base: familieInhoud, change: tarief(Verpleging, PerUur, -1), field: "tarief_verpleging"},

		// Informal maximum € 24,44 per uur in 2024.
		{name: "informal exactly the maximum", base: familieInhoud, change: tarief(pv, PerUur, 2444)},
		{name: "informal one cent over", base: familieInhoud, change: tarief(pv, PerUur, 2445), field: tpv,
			msg: "Het tarief is hoger dan het maximumtarief van € 24,44 per uur voor 2024."},
		// Professional maximum € 77,00 per uur.
		{name: "instelling exactly the maximum", base: instellingInhoud, change: tarief(Verpleging, PerUur, 7700)},
		{name: "instelling one cent over", base: instellingInhoud, change: tarief(Verpleging, PerUur, 7701), field: "tarief_verpleging",
			msg: "€ 77,00 per uur voor 2024. Een hoger tarief kan alleen met toestemming van het zorgkantoor."},
		{name: "instelling over with hoger tarief", base: instellingInhoud, change: hoger(Verpleging, PerUur, 9500)},
		{name: "zzp over with hoger tarief", base: zzpInhoud, change: hoger(Verpleging, PerUur, 9500)},
		{name: "BIG employee is professional", base: bigDienst, change: tarief(Verpleging, PerUur, 7700)},
		{name: "BIG employee one cent over", base: bigDienst, change: tarief(Verpleging, PerUur, 7701), field: "tarief_verpleging"},
		{name: "KvK in opdracht is professional", base: kvkOpdracht, change: tarief(pv, PerUur, 5000)},
		{name: "BIG family member is informal", base: func() Inhoud { in := familieInhoud(); in.Zorgverlener.BIG = true; return in },
			change: tarief(Verpleging, PerUur, 2445), field: "tarief_verpleging", msg: "€ 24,44 per uur"},

		// Dagdeel: begeleiding groep only, maximum € 70,88.
		{name: "dagdeel exactly the maximum", base: instellingInhoud, change: tarief(BegeleidingGroep, PerDagdeel, 7088)},
		{name: "dagdeel one cent over", base: instellingInhoud, change: tarief(BegeleidingGroep, PerDagdeel, 7089),
			field: "tarief_begeleiding_groep", msg: "€ 70,88 per dagdeel voor 2024"},
		{name: "begeleiding groep per uur", base: familieInhoud, change: tarief(BegeleidingGroep, PerUur, 2444)},
		{name: "dagdeel for verpleging", base: instellingInhoud, change: tarief(Verpleging, PerDagdeel, 5000), field: "eenheid_verpleging"},
		{name: "dagdeel for vervoer", base: instellingInhoud, change: tarief(VervoerNaarDagbesteding, PerDagdeel, 1000), field: "eenheid_vervoer_dagbesteding"},
		{name: "eenheid missing", base: familieInhoud, change: tarief(pv, "", 2000), field: "eenheid_persoonlijke_verzorging"},
		{name: "eenheid unknown", base: familieInhoud, change: tarief(pv, "week", 2000), field: "eenheid_persoonlijke_verzorging"},
		{name: "etmaal for persoonlijke verzorging", base: familieInhoud, change: tarief(pv, PerEtmaal, 2000), field: "eenheid_persoonlijke_verzorging"},

		// Etmaal: logeeropvang only, no maximum known.
		{name: "logeeropvang per etmaal", base: instellingInhoud, change: func(in *Inhoud) {
			tarief(Logeeropvang, PerEtmaal, 25000)(in)
			in.Etmalen = 52
		}},
		{name: "logeeropvang per uur", base: familieInhoud, change: func(in *Inhoud) {
			tarief(Logeeropvang, PerUur, 2444)(in)
			in.Etmalen = 10
		}},
		{name: "several zorgfuncties, one over", base: familieInhoud, change: func(in *Inhoud) {
			in.Tarieven = []Tarief{{pv, PerUur, 2444}, {HuishoudelijkeHulp, PerUur, 2500}}
		}, field: "tarief_huishoudelijke_hulp"},
	})

	// Informal with hoger tarief: the rate and the hoger_tarief both refused.
	in := dienstInhoud()
	hoger(pv, PerUur, 2445)(&in)
	errs := ValidateAll(in, vandaag, max2024, true)
	if len(errs) != 2 || !strings.Contains(errs[tpv], "€ 24,44 per uur") || errs["hoger_tarief"] == "" {
		t.Fatalf("informal with hoger tarief: %v", errs)
	}
}

func TestEtmalenReiskostenDagen(t *testing.T) {
	logeer := func(n int) func(*Inhoud) {
		return func(in *Inhoud) { in.Tarieven = []Tarief{{Logeeropvang, PerEtmaal, 15000}}; in.Etmalen = n }
	}
	reis := func(c int64) func(*Inhoud) { return func(in *Inhoud) { in.Reiskosten = true; in.ReiskostenPerKm = c } }
	runRules(t, []ruleCase{
		{name: "1 etmaal", base: familieInhoud, change: logeer(1)},
		{name: "156 etmalen", base: familieInhoud, change: logeer(156)},
		{name: "157 etmalen", base: familieInhoud, change: logeer(157), field: "etmalen", msg: "156"},
		{name: "0 etmalen", base: familieInhoud, change: logeer(0), field: "etmalen"},
		{name: "etmalen without logeeropvang", base: familieInhoud, change: func(in *Inhoud) { in.Etmalen = 10 }, field: "etmalen"},

		{name: "reiskosten at the maximum", base: familieInhoud, change: reis(23)},
		{name: "reiskosten one cent over", base: familieInhoud, change: reis(24), field: "reiskosten_per_km", msg: "€ 0,23 per km voor 2024"},
		{name: "reiskosten over with hoger tarief", base: instellingInhoud, change: func(in *Inhoud) { reis(24)(in); in.HogerTarief = true },
			field: "reiskosten_per_km"},
		{name: "reiskosten without amount", base: familieInhoud, change: reis(0), field: "reiskosten_per_km"},
		{name: "amount without reiskosten", base: familieInhoud, change: func(in *Inhoud) { in.ReiskostenPerKm = 19 }, field: "reiskosten_per_km"},
		{name: "reiskosten 2023 maximum", base: familieInhoud, today: d(2023, time.June, 1), max: &max2023,
			change: func(in *Inhoud) { reis(22)(in); in.Ingangsdatum = d(2023, time.June, 1); in.Tarieven[0].Bedrag = 2298 },
			field:  "reiskosten_per_km", msg: "€ 0,21 per km voor 2023"},

		{name: "dienst dagen missing", base: dienstInhoud, change: func(in *Inhoud) { in.DagenPerWeek = 0 }, field: "dagen_per_week"},
		{name: "dienst 7 dagen", base: dienstInhoud, change: func(in *Inhoud) { in.DagenPerWeek = 7; in.Salarisadministratie = true }},
		{name: "dienst 8 dagen", base: dienstInhoud, change: func(in *Inhoud) { in.DagenPerWeek = 8; in.Salarisadministratie = true }, field: "dagen_per_week"},
		{name: "dienst vast derives dagen", base: dienstInhoud, change: func(in *Inhoud) {
			in.Vast, in.Weekrooster, in.DagenPerWeek = true, [7]int64{5_00, 5_00}, 0
		}},
		{name: "dienst vast dagen contradict rooster", base: dienstInhoud, change: func(in *Inhoud) {
			in.Vast, in.Weekrooster, in.DagenPerWeek = true, [7]int64{5_00, 5_00}, 3
		}, field: "dagen_per_week"},
		{name: "familie with dagen", base: familieInhoud, change: func(in *Inhoud) { in.DagenPerWeek = 2 }, field: "dagen_per_week"},
	})
}

func TestSalarisadministratie(t *testing.T) {
	dagen := func(n int, sal bool) func(*Inhoud) {
		return func(in *Inhoud) { in.DagenPerWeek = n; in.Salarisadministratie = sal }
	}
	rooster := func(r [7]int64, sal bool) func(*Inhoud) {
		return func(in *Inhoud) {
			var som int64
			for _, h := range r {
				som += h
			}
			in.Vast, in.Weekrooster, in.Uren, in.DagenPerWeek, in.Salarisadministratie = true, r, som, 0, sal
		}
	}
	runRules(t, []ruleCase{
		{name: "4 dagen with", base: dienstInhoud, change: dagen(4, true)},
		{name: "4 dagen without", base: dienstInhoud, change: dagen(4, false), field: "salarisadministratie", msg: "verplicht"},
		{name: "3 dagen with", base: dienstInhoud, change: dagen(3, true)},
		{name: "3 dagen without", base: dienstInhoud, change: dagen(3, false)},
		{name: "rooster 4 dagen without", base: dienstInhoud, change: rooster([7]int64{2_00, 2_00, 2_00, 2_00}, false), field: "salarisadministratie"},
		{name: "rooster 4 dagen with", base: dienstInhoud, change: rooster([7]int64{2_00, 2_00, 2_00, 2_00}, true)},
		{name: "rooster 3 dagen without", base: dienstInhoud, change: rooster([7]int64{2_00, 0, 2_00, 0, 2_00}, false)},
		{name: "instelling with", base: instellingInhoud, change: func(in *Inhoud) { in.Salarisadministratie = true }, field: "salarisadministratie"},
		{name: "zzp with", base: zzpInhoud, change: func(in *Inhoud) { in.Salarisadministratie = true }, field: "salarisadministratie"},
		{name: "opdracht persoon with", base: opdrachtPersoonInhoud, change: func(in *Inhoud) { in.Salarisadministratie = true }, field: "salarisadministratie"},
		{name: "familie with", base: familieInhoud, change: func(in *Inhoud) { in.Salarisadministratie = true }, field: "salarisadministratie"},
	})

	for _, c := range []struct {
		name                  string
		in                    Inhoud
		toegestaan, verplicht bool
	}{
		{"dienst 4 dagen", func() Inhoud { in := dienstInhoud(); in.DagenPerWeek = 4; return in }(), true, true},
		{"dienst 3 dagen", func() Inhoud { in := dienstInhoud(); in.DagenPerWeek = 3; return in }(), true, false},
		{"dienst vast 5 dagen", func() Inhoud {
			in := dienstInhoud()
			in.Vast, in.Weekrooster, in.DagenPerWeek = true, [7]int64{1, 1, 1, 1, 1}, 0
			return in
		}(), true, true},
		{"dienst onregelmatig, stale rooster ignored", func() Inhoud {
			in := dienstInhoud()
			in.Weekrooster, in.DagenPerWeek = [7]int64{1, 1, 1, 1, 1}, 2
			return in
		}(), true, false},
		{"familie 5 dagen", func() Inhoud { in := familieInhoud(); in.DagenPerWeek = 5; return in }(), false, false},
		{"instelling", instellingInhoud(), false, false},
		{"opdracht", zzpInhoud(), false, false},
	} {
		if got := SalarisadministratieToegestaan(c.in); got != c.toegestaan {
			t.Errorf("%s: toegestaan %v", c.name, got)
		}
		if got := SalarisadministratieVerplicht(c.in); got != c.verplicht {
			t.Errorf("%s: verplicht %v", c.name, got)
		}
	}
}

func TestAlgemeen(t *testing.T) {
	runRules(t, []ruleCase{
		{name: "zorgbehoefte missing", base: familieInhoud, change: func(in *Inhoud) { in.Zorgbehoefte = " \n" }, field: "zorgbehoefte"},
		{name: "welke zorg missing", base: familieInhoud, change: func(in *Inhoud) { in.WelkeZorg = "" }, field: "welke_zorg"},
		{name: "waarom zorg missing", base: familieInhoud, change: func(in *Inhoud) { in.WaaromZorg = "" }, field: "waarom_zorg"},
		{name: "zorgbehoefte 4000 chars", base: familieInhoud, change: func(in *Inhoud) { in.Zorgbehoefte = strings.Repeat("ë", 4000) }},
		{name: "zorgbehoefte 4001 chars", base: familieInhoud, change: func(in *Inhoud) { in.Zorgbehoefte = strings.Repeat("ë", 4001) }, field: "zorgbehoefte"},
		{name: "welke zorg 4001 chars", base: familieInhoud, change: func(in *Inhoud) { in.WelkeZorg = strings.Repeat("a", 4001) }, field: "welke_zorg"},
		{name: "waarom zorg 4001 chars", base: familieInhoud, change: func(in *Inhoud) { in.WaaromZorg = strings.Repeat("a", 4001) }, field: "waarom_zorg"},
		{name: "standaard afspraken not accepted", base: familieInhoud, change: func(in *Inhoud) { in.StandaardAfspraken = false }, field: "standaard_afspraken"},
		{name: "overige afspraken optional", base: familieInhoud, change: func(in *Inhoud) { in.OverigeAfspraken = "" }},
		{name: "overige afspraken 4000", base: familieInhoud, change: func(in *Inhoud) { in.OverigeAfspraken = strings.Repeat("a", 4000) }},
		{name: "overige afspraken 4001", base: familieInhoud, change: func(in *Inhoud) { in.OverigeAfspraken = strings.Repeat("a", 4001) }, field: "overige_afspraken"},
		{name: "hoger tarief professional", base: instellingInhoud, change: func(in *Inhoud) { in.HogerTarief = true }},
		{name: "hoger tarief informal", base: familieInhoud, change: func(in *Inhoud) { in.HogerTarief = true }, field: "hoger_tarief"},
		{name: "hoger tarief opdracht without KvK or BIG", base: opdrachtPersoonInhoud, change: func(in *Inhoud) { in.HogerTarief = true }, field: "hoger_tarief"},
	})
}

func TestValidateAllIsTheUnion(t *testing.T) {
	in := dienstInhoud()
	in.Zorgverlener.BSN = "123456783" // step 1
	in.Tarieven = nil                 // step 2
	in.StandaardAfspraken = false     // step 3
	errs := ValidateAll(in, vandaag, max2024, true)
	for _, f := range []string{"zv_bsn", "functies", "standaard_afspraken"} {
		if errs[f] == "" {
			t.Errorf("missing %s in %v", f, errs)
		}
	}
	if len(errs) != 3 {
		t.Errorf("errors %v", errs)
	}
	if e := ValidatePartijen(in); len(e) != 1 || e["zv_bsn"] == "" {
		t.Errorf("partijen %v", e)
	}
	if e := ValidateWerkafspraken(in, vandaag, max2024, true); len(e) != 1 || e["functies"] == "" {
		t.Errorf("werkafspraken %v", e)
	}
	if e := ValidateAlgemeen(in); len(e) != 1 || e["standaard_afspraken"] == "" {
		t.Errorf("algemeen %v", e)
	}
}

func TestMaximumTarief(t *testing.T) {
	cases := []struct {
		name string
		in   Inhoud
		t    Tarief
		max  Maxima
		want int64
		ok   bool
	}{
		{"informal uur 2024", familieInhoud(), Tarief{PersoonlijkeVerzorging, PerUur, 1}, max2024, 2444, true},
		{"informal uur 2023", familieInhoud(), Tarief{PersoonlijkeVerzorging, PerUur, 1}, max2023, 2298, true},
		{"professional uur 2024", instellingInhoud(), Tarief{Verpleging, PerUur, 1}, max2024, 7700, true},
		{"professional uur 2023", zzpInhoud(), Tarief{Verpleging, PerUur, 1}, max2023, 7239, true},
		{"dagdeel 2024", instellingInhoud(), Tarief{BegeleidingGroep, PerDagdeel, 1}, max2024, 7088, true},
		{"dagdeel 2023 informal", familieInhoud(), Tarief{BegeleidingGroep, PerDagdeel, 1}, max2023, 6664, true},
		{"etmaal", instellingInhoud(), Tarief{Logeeropvang, PerEtmaal, 1}, max2024, 0, false},
		{"unknown unit", instellingInhoud(), Tarief{Verpleging, "week", 1}, max2024, 0, false},
		{"no maxima", familieInhoud(), Tarief{PersoonlijkeVerzorging, PerUur, 1}, Maxima{Jaar: 2025}, 0, false},
	}
	for _, c := range cases {
		got, ok := MaximumTarief(c.in, c.t, c.max)
		if got != c.want || ok != c.ok {
			t.Errorf("%s: got %d %v, want %d %v", c.name, got, ok, c.want, c.ok)
		}
	}
}

func TestLoonHelpers(t *testing.T) {
	// Hand-computed:
	//   € 1.000,00 × 12 / 52 / 10 = € 23,0769… → € 23,08
	//   € 20,00 × 10 × 52 / 12 = € 866,666… → € 866,67
	//   € 2.000,00 × 12 / 52 / 38 = € 12,1457… → € 12,15
	//   € 15,00 × 12,5 × 52 / 12 = € 812,50 exactly
	//   € 24,44 × 10 × 52 / 12 = € 1.059,0666… → € 1.059,07
	//   € 1.300,00 × 12 / 52 / 20 = € 15,00 exactly
	//   € 24,44 × 0,75 × 52 / 12 = € 79,43 exactly
	//   small amounts, in cents: 13 × 12 / 52 / 1 = 3 exactly; 11 → 2,538… → 3;
	//   1 × 12 / 52 / 0,5 = 0,4615… → 0; 1 × 6,5 × 52 / 12 = 28,166… → 28
	//   exact halves round up: 13 × 12 / 52 / 2 = 1,5 → 2 (2,01 uur: 1,49… → 1);
	//   1 × 1,5 × 52 / 12 = 6,5 → 7 (1,49 uur: 6,456… → 6)
	uurloon := []struct{ maand, uren, want int64 }{
		{1000_00, 10_00, 23_08},
		{2000_00, 38_00, 12_15},
		{1300_00, 20_00, 15_00},
		{13, 1_00, 3},
		{11, 1_00, 3},
		{1, 50, 0},
		{13, 2_00, 2},
		{13, 2_01, 1},
		{1000_00, 0, 0},
		{1000_00, -1, 0},
	}
	for _, c := range uurloon {
		if got := Uurloon(c.maand, c.uren); got != c.want {
			t.Errorf("Uurloon(%d, %d) = %d, want %d", c.maand, c.uren, got, c.want)
		}
	}
	maandloon := []struct{ uur, uren, want int64 }{
		{20_00, 10_00, 866_67},
		{15_00, 12_50, 812_50},
		{24_44, 10_00, 1059_07},
		{24_44, 75, 79_43},
		{1, 6_50, 28},
		{1, 1_50, 7},
		{1, 1_49, 6},
		{20_00, 0, 0},
	}
	for _, c := range maandloon {
		if got := Maandloon(c.uur, c.uren); got != c.want {
			t.Errorf("Maandloon(%d, %d) = %d, want %d", c.uur, c.uren, got, c.want)
		}
	}

	// UrenPerWeek: 130 uur per maand × 12 / 52 = 30 per week; 100 → 23,0769… → 23,08.
	for _, c := range []struct {
		uren int64
		per  string
		want int64
	}{
		{10_00, "week", 10_00},
		{130_00, "maand", 30_00},
		{100_00, "maand", 23_08},
		{0, "maand", 0},
	} {
		if got := UrenPerWeek(Inhoud{Uren: c.uren, UrenPer: c.per}); got != c.want {
			t.Errorf("UrenPerWeek(%d per %s) = %d, want %d", c.uren, c.per, got, c.want)
		}
	}
}

func TestFormatUren(t *testing.T) {
	for h, want := range map[int64]string{0: "0", 25: "0,25", 1000: "10", 1250: "12,5", 1205: "12,05", 16800: "168", -150: "-1,5"} {
		if got := formatUren(h); got != want {
			t.Errorf("formatUren(%d) = %q, want %q", h, got, want)
		}
	}
}
