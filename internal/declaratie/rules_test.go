package declaratie

import (
	"strings"
	"testing"
	"time"

	"pgbportaal/internal/civil"
	zov "pgbportaal/internal/zorgovereenkomst"
)

func dt(y int, m time.Month, d int) civil.Date { return civil.Date{Year: y, Month: m, Day: d} }

var (
	nov      = dt(2025, 11, 1)
	december = dt(2025, 12, 1)
)

// testAfspraak is an approved agreement from 1 August 2025 for an indefinite
// time: 10 hours a week, persoonlijke verzorging € 20,00 per uur,
// begeleiding groep € 60,00 per dagdeel, logeeropvang € 150,00 per etmaal
// (20 etmalen a year), reiskosten € 0,19 per km.
func testAfspraak() zov.Inhoud {
	return zov.Inhoud{
		Ingangsdatum: dt(2025, 8, 1), Onbepaald: true, Uren: 1000, UrenPer: "week",
		Tarieven: []zov.Tarief{
			{Zorgfunctie: zov.PersoonlijkeVerzorging, Eenheid: zov.PerUur, Bedrag: 2000},
			{Zorgfunctie: zov.BegeleidingGroep, Eenheid: zov.PerDagdeel, Bedrag: 6000},
			{Zorgfunctie: zov.Logeeropvang, Eenheid: zov.PerEtmaal, Bedrag: 15000},
		},
		Etmalen: 20, Reiskosten: true, ReiskostenPerKm: 19,
		Zorgverlener: zov.Zorgverlener{Naam: "H. de Boer", IBAN: "NL91ABNA0417164300"},
	}
}

func uur(d civil.Date, aantal int64) Regel {
	return Regel{Datum: d, Zorgfunctie: zov.PersoonlijkeVerzorging, Aantal: aantal}
}
func functie(d civil.Date, z zov.Zorgfunctie, aantal int64) Regel {
	return Regel{Datum: d, Zorgfunctie: z, Aantal: aantal}
}
func km(d civil.Date, aantal int64) Regel { return Regel{Datum: d, Eenheid: PerKm, Aantal: aantal} }
func meerdaags(begin, eind civil.Date, z zov.Zorgfunctie, aantal int64) Regel {
	return Regel{Datum: begin, EindDatum: eind, Zorgfunctie: z, Aantal: aantal}
}

func TestMaandVoorbij(t *testing.T) {
	cases := []struct {
		name string
		now  time.Time
		want bool
	}{
		{"30 November, midday", time.Date(2025, 11, 30, 12, 0, 0, 0, time.UTC), false},
		{"30 November 23:59:59 in Amsterdam", time.Date(2025, 11, 30, 22, 59, 59, 0, time.UTC), false},
		{"1 December 00:00 in Amsterdam (still 30 November in UTC)", time.Date(2025, 11, 30, 23, 0, 0, 0, time.UTC), true},
		{"1 December", time.Date(2025, 12, 1, 9, 0, 0, 0, time.UTC), true},
		{"a year later", time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC), true},
		{"1 November", time.Date(2025, 11, 1, 9, 0, 0, 0, time.UTC), false},
	}
	for _, c := range cases {
		if got := MaandVoorbij(nov, civil.Today(c.now)); got != c.want {
			t.Errorf("%s: MaandVoorbij(november) = %v", c.name, got)
		}
	}
}

func TestControleerPeriode(t *testing.T) {
	in := testAfspraak()
	bepaald := testAfspraak()
	bepaald.Onbepaald, bepaald.Einddatum = false, dt(2025, 10, 15)
	cases := []struct {
		name    string
		soort   Soort
		periode civil.Date
		in      *zov.Inhoud
		today   civil.Date
		want    string // part of the message; "" = allowed
	}{
		{"zorg, November on 30 November", SoortZorg, nov, &in, dt(2025, 11, 30), "vanaf 01-12-2025"},
		{"zorg, November on 1 December", SoortZorg, nov, &in, december, ""},
		{"zorg, current month", SoortZorg, december, &in, dt(2025, 12, 15), "als de maand voorbij is"},
		{"zorg, month before the agreement", SoortZorg, dt(2025, 7, 1), &in, december, "buiten de looptijd"},
		{"zorg, first month of the agreement", SoortZorg, dt(2025, 8, 1), &in, december, ""},
		{"zorg, month after the einddatum", SoortZorg, nov, &bepaald, december, "buiten de looptijd"},
		{"zorg, month of the einddatum", SoortZorg, dt(2025, 10, 1), &bepaald, december, ""},
		{"not the first of a month", SoortZorg, dt(2025, 11, 2), &in, december, "uit de lijst"},
		{"no month", SoortZorg, civil.Date{}, &in, december, "Kies de maand"},
		{"13 months back", SoortVVB, dt(2024, 11, 1), nil, december, "hoogstens 12 maanden"},
		{"12 months back", SoortVVB, dt(2024, 12, 1), nil, december, ""},
		{"VVB, current month", SoortVVB, december, nil, dt(2025, 12, 15), ""},
		{"VVB, next month", SoortVVB, dt(2026, 1, 1), nil, dt(2025, 12, 15), "al is begonnen"},
		{"feestdagen, outside the agreement", SoortFeestdagen, nov, &bepaald, december, "buiten de looptijd"},
	}
	for _, c := range cases {
		got := ControleerPeriode(c.soort, c.periode, c.in, c.today)
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	if m := Maanden(dt(2025, 12, 15)); len(m) != 13 || m[0] != december || m[12] != dt(2024, 12, 1) {
		t.Errorf("Maanden: %v", m)
	}
}

func TestDeclarabel(t *testing.T) {
	in := testAfspraak()
	if msg := Declarabel(zov.Goedgekeurd, in); msg != "" {
		t.Errorf("approved agreement refused: %s", msg)
	}
	for _, st := range []zov.Status{zov.Concept, zov.Gedeeld, zov.TerBeoordeling, zov.Afgekeurd, zov.AanvullingGevraagd} {
		if Declarabel(st, in) == "" {
			t.Errorf("agreement in status %s declarable", st)
		}
	}
	in.Maandloon = true
	if !strings.Contains(Declarabel(zov.Goedgekeurd, in), "vast maandbedrag") {
		t.Error("maandloon declarable")
	}
}

func TestUrenToegestaan(t *testing.T) {
	week, maand := testAfspraak(), testAfspraak()
	maand.Uren, maand.UrenPer = 4000, "maand"
	cases := []struct {
		in      zov.Inhoud
		periode civil.Date
		want    int64
	}{
		{week, dt(2025, 2, 1), 4000},  // 10 × 28 / 7
		{week, dt(2025, 11, 1), 4286}, // 10 × 30 / 7 = 42,857… rounded up
		{week, dt(2025, 12, 1), 4429}, // 10 × 31 / 7 = 44,285… rounded up
		{week, dt(2024, 2, 1), 4143},  // leap year: 29 days
		{maand, dt(2025, 11, 1), 4000},
	}
	for _, c := range cases {
		if got := UrenToegestaan(c.in, c.periode); got != c.want {
			t.Errorf("%s per %s in %s: %d, want %d", UrenTekst(c.in.Uren), c.in.UrenPer, MaandNaam(c.periode), got, c.want)
		}
	}
}

func TestBereken(t *testing.T) {
	in := testAfspraak()
	in.Tarieven[0].Bedrag = 2345
	regels := []Regel{
		{Datum: dt(2025, 11, 3), Zorgfunctie: zov.PersoonlijkeVerzorging, Aantal: 150, Tarief: 1, Bedrag: 999999}, // the client's amount is ignored
		functie(dt(2025, 11, 4), zov.BegeleidingGroep, 200),
		km(dt(2025, 11, 3), 1250),
	}
	out, totaal, errs := Bereken(regels, in)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	// 23,45 × 1,5 = 35,175 → 35,18 (half up); 60 × 2 = 120; 0,19 × 12,5 = 2,375 → 2,38.
	want := []int64{3518, 12000, 238}
	for i, w := range want {
		if out[i].Bedrag != w {
			t.Errorf("regel %d: %d, want %d", i, out[i].Bedrag, w)
		}
	}
	if out[0].Tarief != 2345 || out[0].Eenheid != zov.PerUur || out[1].Eenheid != zov.PerDagdeel || out[2].Tarief != 19 {
		t.Errorf("units or rates not from the agreement: %+v", out)
	}
	if totaal != 3518+12000+238 {
		t.Errorf("totaal %d", totaal)
	}

	// Not agreed: a zorgfunctie, another unit, reiskosten.
	zonder := testAfspraak()
	zonder.Reiskosten, zonder.ReiskostenPerKm = false, 0
	_, totaal, errs = Bereken([]Regel{
		functie(dt(2025, 11, 3), zov.Verpleging, 100),
		{Datum: dt(2025, 11, 4), Zorgfunctie: zov.PersoonlijkeVerzorging, Eenheid: zov.PerDagdeel, Aantal: 100},
		km(dt(2025, 11, 5), 1000),
	}, zonder)
	if totaal != 0 || !strings.Contains(errs["u_03_verpleging"], "niet in de zorgovereenkomst") ||
		!strings.Contains(errs["u_04_persoonlijke_verzorging"], "per uur") || !strings.Contains(errs["km_05"], "geen reiskosten") {
		t.Errorf("not agreed: totaal %d, %v", totaal, errs)
	}
}

func TestValideer(t *testing.T) {
	base := func() Controle {
		return Controle{Periode: nov, Afspraak: testAfspraak(), AfspraakStatus: zov.Goedgekeurd, Vandaag: december}
	}
	vanaf := func(d civil.Date) func(*Controle) {
		return func(c *Controle) { c.Afspraak.Ingangsdatum = d }
	}
	tot := func(d civil.Date) func(*Controle) {
		return func(c *Controle) { c.Afspraak.Onbepaald, c.Afspraak.Einddatum = false, d }
	}
	d := func(day int) civil.Date { return dt(2025, 11, day) }
	cases := []struct {
		name   string
		regels []Regel
		change func(*Controle)
		field  string // "" = valid
		want   string
	}{
		{"hours on some days", []Regel{uur(d(3), 750), uur(d(4), 750), km(d(3), 1200)}, nil, "", ""},
		{"nothing filled in", nil, nil, VeldRegels, "Vul in op welke dagen"},
		{"only zeros", []Regel{uur(d(3), 0)}, nil, VeldRegels, "Vul in op welke dagen"},
		{"the month not over yet", []Regel{uur(d(3), 100)}, func(c *Controle) { c.Vandaag = d(30) }, VeldPeriode, "vanaf 01-12-2025"},
		{"agreement not approved", []Regel{uur(d(3), 100)}, func(c *Controle) { c.AfspraakStatus = zov.TerBeoordeling }, VeldZorgovereenkomst, "goedgekeurde"},
		{"agreement with maandloon", []Regel{uur(d(3), 100)}, func(c *Controle) { c.Afspraak.Maandloon = true }, VeldZorgovereenkomst, "maandbedrag"},

		// Inside the agreement's period, day by day.
		{"on the ingangsdatum", []Regel{uur(d(10), 100)}, vanaf(d(10)), "", ""},
		{"the day before the ingangsdatum", []Regel{uur(d(9), 100)}, vanaf(d(10)), "u_09_persoonlijke_verzorging", "buiten de looptijd"},
		{"on the einddatum", []Regel{uur(d(20), 100)}, tot(d(20)), "", ""},
		{"the day after the einddatum", []Regel{uur(d(21), 100)}, tot(d(20)), "u_21_persoonlijke_verzorging", "buiten de looptijd"},
		{"reiskosten outside the period", []Regel{uur(d(10), 100), km(d(9), 500)}, vanaf(d(10)), "km_09", "buiten de looptijd"},
		{"a day in another month", []Regel{uur(dt(2025, 10, 31), 100)}, nil, "u_31_persoonlijke_verzorging", "alleen dagen in november"},

		// Agreed zorgfuncties, units.
		{"zorgfunctie not agreed", []Regel{functie(d(3), zov.Verpleging, 100)}, nil, "u_03_verpleging", "niet in de zorgovereenkomst"},
		{"reiskosten not agreed", []Regel{uur(d(3), 100), km(d(3), 100)},
			func(c *Controle) { c.Afspraak.Reiskosten, c.Afspraak.ReiskostenPerKm = false, 0 }, "km_03", "geen reiskosten"},
		{"1.000 km a day", []Regel{km(d(3), 100000)}, nil, "", ""},
		{"1.000,01 km a day", []Regel{km(d(3), 100001)}, nil, "km_03", "1.000 km"},

		// Hours per day.
		{"24 hours on a day", []Regel{uur(d(3), 2400)}, nil, "", ""},
		{"24,01 hours on a day", []Regel{uur(d(3), 2401)}, nil, "u_03_persoonlijke_verzorging", "hoogstens 24 uur"},
		{"24,01 hours over two zorgfuncties", []Regel{uur(d(3), 1200), {Datum: d(3), Zorgfunctie: zov.Verpleging, Aantal: 1201}},
			func(c *Controle) {
				c.Afspraak.Tarieven = append(c.Afspraak.Tarieven, zov.Tarief{Zorgfunctie: zov.Verpleging, Eenheid: zov.PerUur, Bedrag: 3000})
			}, "u_03_persoonlijke_verzorging", "samen 24,01 uur"},

		// Hours in the month: 10 a week is at most 42,86 in November.
		{"42,86 hours in November", []Regel{uur(d(3), 2400), uur(d(4), 1886)}, nil, "", ""},
		{"42,87 hours in November", []Regel{uur(d(3), 2400), uur(d(4), 1887)}, nil, VeldRegels, "hoogstens 42,86 uur"},
		{"hours per month: 40 of 40", []Regel{uur(d(3), 2000), uur(d(4), 2000)},
			func(c *Controle) { c.Afspraak.Uren, c.Afspraak.UrenPer = 4000, "maand" }, "", ""},
		{"hours per month: 40,01 of 40", []Regel{uur(d(3), 2000), uur(d(4), 2001)},
			func(c *Controle) { c.Afspraak.Uren, c.Afspraak.UrenPer = 4000, "maand" }, VeldRegels, "40 uur per maand"},

		// Dagdelen and etmalen are whole, per day limited.
		{"3 dagdelen on a day", []Regel{functie(d(3), zov.BegeleidingGroep, 300)}, nil, "", ""},
		{"4 dagdelen on a day", []Regel{functie(d(3), zov.BegeleidingGroep, 400)}, nil, "u_03_begeleiding_groep", "3 dagdelen"},
		{"half a dagdeel", []Regel{functie(d(3), zov.BegeleidingGroep, 150)}, nil, "u_03_begeleiding_groep", "heel aantal dagdelen"},
		{"1 etmaal on a day", []Regel{functie(d(3), zov.Logeeropvang, 100)}, nil, "", ""},
		{"2 etmalen on a day", []Regel{functie(d(3), zov.Logeeropvang, 200)}, nil, "u_03_logeeropvang", "hoogstens 1 etmaal"},
		{"the same day twice", []Regel{uur(d(3), 100), uur(d(3), 100)}, nil, "u_03_persoonlijke_verzorging", "meer dan één keer"},

		// A rate over several days: a weekend logeeropvang, Friday 7 to Sunday 9 November.
		{"weekend, 2 etmalen", []Regel{meerdaags(d(7), d(9), zov.Logeeropvang, 200)}, nil, "", ""},
		{"weekend, 3 etmalen", []Regel{meerdaags(d(7), d(9), zov.Logeeropvang, 300)}, nil, "", ""},
		{"weekend, 4 etmalen", []Regel{meerdaags(d(7), d(9), zov.Logeeropvang, 400)}, nil, "md_0_aantal", "hoogstens 3 etmalen"},
		{"weekend, half an etmaal", []Regel{meerdaags(d(7), d(9), zov.Logeeropvang, 150)}, nil, "md_0_aantal", "heel aantal etmalen"},
		{"weekend, end before begin", []Regel{meerdaags(d(9), d(7), zov.Logeeropvang, 100)}, nil, "md_0_eind", "na de begindatum"},
		{"weekend, into December", []Regel{meerdaags(d(29), dt(2025, 12, 1), zov.Logeeropvang, 200)}, nil, "md_0_eind", "einddatum in november"},
		{"weekend, before the ingangsdatum", []Regel{meerdaags(d(7), d(9), zov.Logeeropvang, 200)}, vanaf(d(8)), "md_0_begin", "buiten de looptijd"},
		{"weekend, hourly rate", []Regel{meerdaags(d(7), d(9), zov.PersoonlijkeVerzorging, 200)}, nil, "md_0_functie", "per etmaal of per dagdeel"},
		{"weekend overlapping a day's etmaal", []Regel{functie(d(8), zov.Logeeropvang, 100), meerdaags(d(7), d(9), zov.Logeeropvang, 200)}, nil, "md_0_aantal", "overlapt"},
		{"a day's etmaal inside a weekend", []Regel{meerdaags(d(7), d(9), zov.Logeeropvang, 200), functie(d(8), zov.Logeeropvang, 100)}, nil, "u_08_logeeropvang", "tarief over meerdere dagen"},
		{"two weekends", []Regel{meerdaags(d(7), d(9), zov.Logeeropvang, 200), meerdaags(d(14), d(16), zov.Logeeropvang, 200)}, nil, "", ""},
		{"dagdelen over a week", []Regel{meerdaags(d(3), d(7), zov.BegeleidingGroep, 1500)}, nil, "", ""},
		{"too many dagdelen over a week", []Regel{meerdaags(d(3), d(7), zov.BegeleidingGroep, 1600)}, nil, "md_0_aantal", "hoogstens 15 dagdelen"},

		// Logeeropvang: 156 etmalen a year for the budgethouder, and what the agreement sets.
		{"etmalen: 155 earlier + 1", []Regel{functie(d(3), zov.Logeeropvang, 100)},
			func(c *Controle) { c.Afspraak.Etmalen = 0; c.EtmalenJaar = 15500 }, "", ""},
		{"etmalen: 155 earlier + 2", []Regel{meerdaags(d(7), d(8), zov.Logeeropvang, 200)},
			func(c *Controle) { c.Afspraak.Etmalen = 0; c.EtmalenJaar = 15500 }, VeldRegels, "156 etmalen"},
		{"etmalen: 19 under the agreement + 1 of 20", []Regel{functie(d(3), zov.Logeeropvang, 100)},
			func(c *Controle) { c.EtmalenJaar, c.EtmalenOvereenkomst = 1900, 1900 }, "", ""},
		{"etmalen: 19 under the agreement + 2 of 20", []Regel{meerdaags(d(7), d(8), zov.Logeeropvang, 200)},
			func(c *Controle) { c.EtmalenJaar, c.EtmalenOvereenkomst = 1900, 1900 }, VeldRegels, "20 etmalen"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctl := base()
			ctl.Regels = c.regels
			if c.change != nil {
				c.change(&ctl)
			}
			errs := Valideer(ctl)
			if c.field == "" {
				if len(errs) != 0 {
					t.Fatalf("refused: %v", errs)
				}
				return
			}
			if msg := errs[c.field]; !strings.Contains(msg, c.want) {
				t.Fatalf("errors %v, want %s: …%s…", errs, c.field, c.want)
			}
		})
	}
}

func TestValideerBedrag(t *testing.T) {
	in := testAfspraak()
	ruimte := VVBRuimte{Jaar: 2025, Budget: 1_000_000, Resterend: 500_000, Maximum: 25000, ZorgBetaald: true}
	cases := []struct {
		name  string
		c     Bedragcontrole
		field string
		want  string
	}{
		{"reiskosten budgethouder", Bedragcontrole{Soort: SoortReiskostenBudgethouder, Periode: nov, Omschrijving: "Taxi naar dagbesteding", Bedrag: 4550, IBAN: "NL91 ABNA 0417 1643 00"}, "", ""},
		{"no IBAN", Bedragcontrole{Soort: SoortReiskostenBudgethouder, Periode: nov, Omschrijving: "Taxi", Bedrag: 4550}, VeldIBAN, "rekeningnummer"},
		{"bad IBAN", Bedragcontrole{Soort: SoortReiskostenBudgethouder, Periode: nov, Omschrijving: "Taxi", Bedrag: 4550, IBAN: "NL91ABNA0417164301"}, VeldIBAN, "geldig IBAN"},
		{"no description", Bedragcontrole{Soort: SoortBijkomendeKosten, Periode: nov, Bedrag: 100, Afspraak: &in, AfspraakStatus: zov.Goedgekeurd}, VeldOmschrijving, "Beschrijf"},
		{"no amount", Bedragcontrole{Soort: SoortFeestdagen, Periode: nov, Omschrijving: "Kerst", Afspraak: &in, AfspraakStatus: zov.Goedgekeurd}, VeldBedrag, "Vul het bedrag"},
		{"agreement not approved", Bedragcontrole{Soort: SoortFeestdagen, Periode: nov, Omschrijving: "Kerst", Bedrag: 100, Afspraak: &in, AfspraakStatus: zov.Gedeeld}, VeldZorgovereenkomst, "goedgekeurde"},
		{"no agreement", Bedragcontrole{Soort: SoortFeestdagen, Periode: nov, Omschrijving: "Kerst", Bedrag: 100}, VeldZorgovereenkomst, "Kies de zorgverlener"},
		{"€ 100.000", Bedragcontrole{Soort: SoortBijkomendeKosten, Periode: nov, Omschrijving: "Tillift", Bedrag: MaxBedrag, Afspraak: &in, AfspraakStatus: zov.Goedgekeurd}, "", ""},
		{"€ 100.000,01", Bedragcontrole{Soort: SoortBijkomendeKosten, Periode: nov, Omschrijving: "Tillift", Bedrag: MaxBedrag + 1, Afspraak: &in, AfspraakStatus: zov.Goedgekeurd}, VeldBedrag, "te hoog"},
		{"VVB without description", Bedragcontrole{Soort: SoortVVB, Periode: nov, Bedrag: 25000, IBAN: "NL91ABNA0417164300", VVB: &ruimte}, "", ""},
		{"VVB one cent too many", Bedragcontrole{Soort: SoortVVB, Periode: nov, Bedrag: 25001, IBAN: "NL91ABNA0417164300", VVB: &ruimte}, VeldBedrag, "hoogstens € 250,00"},
	}
	for _, c := range cases {
		c.c.Vandaag = december
		errs := ValideerBedrag(c.c)
		if c.field == "" {
			if len(errs) != 0 {
				t.Errorf("%s: refused %v", c.name, errs)
			}
			continue
		}
		if !strings.Contains(errs[c.field], c.want) {
			t.Errorf("%s: %v, want %s: …%s…", c.name, errs, c.field, c.want)
		}
	}
}

func TestPastInBudget(t *testing.T) {
	cases := []struct {
		bedrag, resterend int64
		want              bool
	}{
		{99_99, 100_00, true},
		{100_00, 100_00, true},
		{100_01, 100_00, false}, // one cent over what remains
		{1, 0, false},
	}
	for _, c := range cases {
		if got := PastInBudget(c.bedrag, c.resterend); got != c.want {
			t.Errorf("PastInBudget(%d, %d) = %v", c.bedrag, c.resterend, got)
		}
	}
}

func TestUrenTekst(t *testing.T) {
	for in, want := range map[int64]string{0: "0", 100: "1", 150: "1,5", 1225: "12,25", 4286: "42,86", 5: "0,05", -150: "-1,5"} {
		if got := UrenTekst(in); got != want {
			t.Errorf("UrenTekst(%d) = %q, want %q", in, got, want)
		}
	}
}

// TestValideerNaarDeVersieVanDeMaand: an agreement of 10 hours a week with
// logeeropvang, changed from 1 December to 2 hours a week, € 25,00 per uur,
// no logeeropvang and a vast maandbedrag from 1 January. The agreement as
// it stands says 2 hours; November is checked against version 1, December
// against version 2.
func TestValideerNaarDeVersieVanDeMaand(t *testing.T) {
	v1 := testAfspraak()
	v2 := testAfspraak()
	v2.Ingangsdatum, v2.Uren = december, 200
	v2.Tarieven = []zov.Tarief{{Zorgfunctie: zov.PersoonlijkeVerzorging, Eenheid: zov.PerUur, Bedrag: 2500}}
	v3 := v2
	v3.Ingangsdatum, v3.Maandloon, v3.MaandBedrag = dt(2026, 1, 1), true, 50000
	nu := v3
	nu.Ingangsdatum = v1.Ingangsdatum
	versies := []zov.Versie{{Nummer: 1, Vanaf: v1.Ingangsdatum, Inhoud: v1}, {Nummer: 2, Vanaf: december, Inhoud: v2}, {Nummer: 3, Vanaf: dt(2026, 1, 1), Inhoud: v3}}
	d := func(m civil.Date, day int) civil.Date { return dt(m.Year, m.Month, day) }
	cases := []struct {
		name    string
		periode civil.Date
		regels  []Regel
		field   string // "" = valid
		want    string
	}{
		{"November: 42,86 hours of version 1", nov, []Regel{uur(d(nov, 3), 2400), uur(d(nov, 4), 1886)}, "", ""},
		{"November: 42,87 hours", nov, []Regel{uur(d(nov, 3), 2400), uur(d(nov, 4), 1887)}, VeldRegels, "10 uur per week"},
		{"November: logeeropvang of version 1", nov, []Regel{functie(d(nov, 3), zov.Logeeropvang, 100)}, "", ""},
		{"December: 8,86 hours of version 2", december, []Regel{uur(d(december, 3), 886)}, "", ""},
		{"December: 8,87 hours", december, []Regel{uur(d(december, 3), 887)}, VeldRegels, "2 uur per week"},
		{"December: no logeeropvang in version 2", december, []Regel{functie(d(december, 3), zov.Logeeropvang, 100)}, "u_03_logeeropvang", "niet in de zorgovereenkomst"},
		{"January: a vast maandbedrag", dt(2026, 1, 1), []Regel{uur(dt(2026, 1, 5), 100)}, VeldZorgovereenkomst, "maandbedrag"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			errs := Valideer(Controle{Periode: c.periode, Regels: c.regels, Afspraak: nu, AfspraakStatus: zov.Goedgekeurd,
				Vandaag: dt(2026, 2, 1), Versies: versies})
			if c.field == "" {
				if len(errs) != 0 {
					t.Fatalf("refused: %v", errs)
				}
				return
			}
			if msg := errs[c.field]; !strings.Contains(msg, c.want) {
				t.Fatalf("errors %v, want %s: …%s…", errs, c.field, c.want)
			}
		})
	}
	// The month's agreement keeps the looptijd as it stands.
	eind := nu
	eind.Onbepaald, eind.Einddatum = false, dt(2026, 3, 31)
	if in := AfspraakInMaand(eind, versies, nov); in.Uren != 1000 || in.Ingangsdatum != v1.Ingangsdatum || in.Einddatum != eind.Einddatum || in.Onbepaald {
		t.Errorf("November: %d uur, %s – %s (onbepaald %v)", in.Uren, in.Ingangsdatum, in.Einddatum, in.Onbepaald)
	}
	if in := AfspraakInMaand(nu, nil, nov); in.Uren != nu.Uren {
		t.Errorf("without versions: %d uur", in.Uren)
	}
}
