package budget_test

import (
	"testing"
	"time"

	"pgbportaal/internal/budget"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/money"
)

func dag(y int, m time.Month, d int) civil.Date { return civil.Date{Year: y, Month: m, Day: d} }

// maanden lists the first days of months from..to of 2026.
func maandenVan(from, to time.Month) []civil.Date {
	var out []civil.Date
	for m := from; m <= to; m++ {
		out = append(out, dag(2026, m, 1))
	}
	return out
}

// TestBerekenPrognose checks the forecast on constructed years against
// figures computed by hand (the working is in each case's comment).
func TestBerekenPrognose(t *testing.T) {
	t.Parallel()
	type maand struct {
		m        time.Month
		verwacht money.Cents
	}
	cases := []struct {
		name     string
		in       budget.PrognoseInvoer
		verwacht money.Cents
		over     money.Cents
		op       civil.Date
		zin      string
		maanden  []maand // spot checks
	}{
		{
			// Maandloon € 2.000,00 from 1 January; January paid, February
			// planned. On 15 March the forecast starts at February (covered):
			// March..December = 10 × € 2.000,00 = € 20.000,00.
			// Over: 30.000 − 2.000 − 2.000 − 20.000 = € 6.000,00.
			name: "vast maandloon",
			in: budget.PrognoseInvoer{Jaar: 2026, Vandaag: dag(2026, 3, 15), Toegekend: 30_000_00,
				Betaald: [12]money.Cents{0: 2_000_00}, Gepland: [12]money.Cents{1: 2_000_00},
				Afspraken: []budget.PrognoseAfspraak{{ID: 1, Naam: "A", Van: dag(2026, 1, 1), Maandloon: 2_000_00,
					Uren: 20_00, Tarieven: []budget.PrognoseTarief{{Eenheid: budget.EenheidUur, Bedrag: 23_00}},
					Gedekt: maandenVan(time.January, time.February)}}},
			verwacht: 20_000_00, over: 6_000_00,
			zin:     "Als u zo doorgaat, houdt u op 31 december naar verwachting € 6.000,00 over.",
			maanden: []maand{{time.February, 0}, {time.March, 2_000_00}, {time.December, 2_000_00}},
		},
		{
			// Onregelmatige uren: the average of the newest three declaraties
			// (1.000,00 + 1.100,00 + 1.250,00) / 3 = 1.116,666… → € 1.116,67;
			// the fourth (900,00) is too old. January..April are declared;
			// on 10 May the forecast is May..December: 8 × 1.116,67 = € 8.933,36.
			// Paid 900 + 1.250 + 1.100, planned 1.000: 4.250,00.
			// Over: 12.000 − 4.250 − 8.933,36 = −€ 1.183,36: it runs out.
			// Running total end of October: 4.250 + 6 × 1.116,67 = 10.950,02;
			// 1.049,98 left for November (30 days, 1.116,67):
			// ceil(104998 × 30 / 111667) = ceil(28,2…) = 29 November.
			name: "wisselende uren",
			in: budget.PrognoseInvoer{Jaar: 2026, Vandaag: dag(2026, 5, 10), Toegekend: 12_000_00,
				Betaald: [12]money.Cents{0: 900_00, 1: 1_250_00, 2: 1_100_00}, Gepland: [12]money.Cents{3: 1_000_00},
				Afspraken: []budget.PrognoseAfspraak{{ID: 2, Naam: "B", Van: dag(2026, 1, 1), Wisselend: true,
					Uren: 20_00, Tarieven: []budget.PrognoseTarief{{Eenheid: budget.EenheidUur, Bedrag: 25_00}},
					Declaraties: []money.Cents{1_000_00, 1_100_00, 1_250_00, 900_00},
					Gedekt:      maandenVan(time.January, time.April)}}},
			verwacht: 8_933_36, over: -1_183_36, op: dag(2026, 11, 29),
			zin:     "Als u zo doorgaat, is uw budget op 29 november op.",
			maanden: []maand{{time.April, 0}, {time.May, 1_116_67}, {time.December, 1_116_67}},
		},
		{
			// 10 uur per week: 10 × 52 / 12 = 43,33… hours a month.
			// € 20,00 per uur, from 16 July € 22,00 per uur. On 20 June the
			// forecast starts at May (declared), so June..December:
			// June: 2.000 × 1.000 × 52 / 1.200 = 86.666,67 cents → € 866,67.
			// July: (15 days × 2.000 + 16 days × 2.200) × 1.000 × 52 / (1.200 × 31)
			//     = 65.200 × 52.000 / 37.200 = 91.139,78 cents → € 911,40.
			// August..December: 2.200 × 1.000 × 52 / 1.200 = 95.333,33 → € 953,33; × 5 = € 4.766,65.
			// Verwacht: 866,67 + 911,40 + 4.766,65 = € 6.544,72.
			// Paid January..April 4 × 866,67, planned May 866,67: 4.333,35.
			// Over: 12.000 − 4.333,35 − 6.544,72 = € 1.121,93.
			name: "tariefwijziging midden in het jaar",
			in: budget.PrognoseInvoer{Jaar: 2026, Vandaag: dag(2026, 6, 20), Toegekend: 12_000_00,
				Betaald: [12]money.Cents{866_67, 866_67, 866_67, 866_67}, Gepland: [12]money.Cents{4: 866_67},
				Afspraken: []budget.PrognoseAfspraak{{ID: 3, Naam: "C", Van: dag(2026, 1, 1), Uren: 10_00,
					Tarieven: []budget.PrognoseTarief{
						{Eenheid: budget.EenheidUur, Bedrag: 20_00},
						{Vanaf: dag(2026, 7, 16), Eenheid: budget.EenheidUur, Bedrag: 22_00},
					},
					Gedekt: maandenVan(time.January, time.May)}}},
			verwacht: 6_544_72, over: 1_121_93,
			zin:     "Als u zo doorgaat, houdt u op 31 december naar verwachting € 1.121,93 over.",
			maanden: []maand{{time.June, 866_67}, {time.July, 911_40}, {time.August, 953_33}},
		},
		{
			// A maandloon of € 1.500,00 that ends on 15 October, and from
			// 1 September 8 uur per maand at € 30,00 per uur (€ 240,00 a month).
			// On 5 August the forecast starts at July (maandloon planned):
			// maandloon August, September, October (touched, in full): € 4.500,00;
			// hours September..December: 4 × € 240,00 = € 960,00. Verwacht € 5.460,00.
			// Paid 6 × 1.500, planned 1.500: 10.500,00.
			// Over: 16.000 − 10.500 − 5.460 = € 40,00.
			name: "overeenkomst eindigt in de herfst",
			in: budget.PrognoseInvoer{Jaar: 2026, Vandaag: dag(2026, 8, 5), Toegekend: 16_000_00,
				Betaald: [12]money.Cents{1_500_00, 1_500_00, 1_500_00, 1_500_00, 1_500_00, 1_500_00},
				Gepland: [12]money.Cents{6: 1_500_00},
				Afspraken: []budget.PrognoseAfspraak{
					{ID: 4, Naam: "D", Van: dag(2026, 1, 1), Tot: dag(2026, 10, 15), Maandloon: 1_500_00,
						Gedekt: maandenVan(time.January, time.July)},
					{ID: 5, Naam: "E", Van: dag(2026, 9, 1), Uren: 8_00, UrenPerMaand: true,
						Tarieven: []budget.PrognoseTarief{{Eenheid: budget.EenheidUur, Bedrag: 30_00}}},
				}},
			verwacht: 5_460_00, over: 40_00,
			zin: "Als u zo doorgaat, houdt u op 31 december naar verwachting € 40,00 over.",
			maanden: []maand{{time.August, 1_500_00}, {time.September, 1_740_00}, {time.October, 1_740_00},
				{time.November, 240_00}, {time.December, 240_00}},
		},
		{
			// Rates stay in their unit. Logeeropvang: 24 etmalen a year at
			// € 150,00 per etmaal = € 300,00 a month, from 15 November:
			// November 16/30 × 300 = € 160,00, December € 300,00.
			// Dagbesteding at € 60,00 per dagdeel without declaraties: no
			// agreed number of dagdelen, so nothing is forecast for it.
			// On 1 November with nothing paid: Verwacht € 460,00, over 5.000 − 460 = € 4.540,00.
			name: "etmalen en dagdelen",
			in: budget.PrognoseInvoer{Jaar: 2026, Vandaag: dag(2026, 11, 1), Toegekend: 5_000_00,
				Afspraken: []budget.PrognoseAfspraak{
					{ID: 6, Naam: "F", Van: dag(2026, 11, 15), Uren: 1_00, Etmalen: 24,
						Tarieven: []budget.PrognoseTarief{{Eenheid: budget.EenheidEtmaal, Bedrag: 150_00}}},
					{ID: 7, Naam: "G", Van: dag(2026, 1, 1), Uren: 8_00,
						Tarieven: []budget.PrognoseTarief{{Eenheid: budget.EenheidDagdeel, Bedrag: 60_00}}},
				}},
			verwacht: 460_00, over: 4_540_00,
			zin:     "Als u zo doorgaat, houdt u op 31 december naar verwachting € 4.540,00 over.",
			maanden: []maand{{time.October, 0}, {time.November, 160_00}, {time.December, 300_00}},
		},
		{
			// Already short: € 1.000,00 left, and September (due now, not yet
			// declared) is expected at 4 × 300,00 = € 1.200,00.
			name: "nu al op",
			in: budget.PrognoseInvoer{Jaar: 2026, Vandaag: dag(2026, 10, 3), Toegekend: 2_000_00,
				Betaald: [12]money.Cents{7: 1_000_00},
				Afspraken: []budget.PrognoseAfspraak{{ID: 8, Naam: "H", Van: dag(2026, 8, 1), Tot: dag(2026, 9, 30),
					Maandloon: 1_200_00, Gedekt: []civil.Date{dag(2026, 8, 1)}}}},
			verwacht: 1_200_00, over: -200_00, op: dag(2026, 10, 3),
			zin: "Als u zo doorgaat, is uw budget nu al op.",
		},
		{
			// A past year forecasts nothing.
			name: "voorbij jaar",
			in: budget.PrognoseInvoer{Jaar: 2025, Vandaag: dag(2026, 3, 1), Toegekend: 1_000_00, Betaald: [12]money.Cents{11: 400_00},
				Afspraken: []budget.PrognoseAfspraak{{ID: 9, Van: dag(2025, 1, 1), Maandloon: 100_00}}},
			verwacht: 0, over: 600_00,
			zin: "Als u zo doorgaat, houdt u op 31 december naar verwachting € 600,00 over.",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p := budget.BerekenPrognose(c.in)
			if p.Verwacht != c.verwacht || p.Over != c.over || !p.Op.Equal(c.op) {
				t.Errorf("verwacht %v over %v op %v; want %v, %v, %v", p.Verwacht, p.Over, p.Op, c.verwacht, c.over, c.op)
			}
			if got := p.Zin(); got != c.zin {
				t.Errorf("Zin() = %q\nwant     %q", got, c.zin)
			}
			for _, m := range c.maanden {
				if got := p.Maanden[m.m-1].Verwacht; got != m.verwacht {
					t.Errorf("%s: verwacht %v, want %v", m.m, got, m.verwacht)
				}
			}
			var som money.Cents
			for _, r := range p.Regels {
				som += r.Totaal
			}
			if som != p.Verwacht {
				t.Errorf("regels add up to %v, Verwacht is %v", som, p.Verwacht)
			}
			if last := p.Maanden[11].TotaalTotEnMet; last != p.Toegekend-p.Over {
				t.Errorf("running total in December %v, want %v", last, p.Toegekend-p.Over)
			}
		})
	}
}

// TestBerekenKosten: the tariefwijzer's figures, by hand.
func TestBerekenKosten(t *testing.T) {
	t.Parallel()
	uur := func(c money.Cents) []budget.PrognoseTarief {
		return []budget.PrognoseTarief{{Eenheid: budget.EenheidUur, Bedrag: c}}
	}
	cases := []struct {
		name string
		a    budget.PrognoseAfspraak
		want budget.Kosten
	}{
		// 12 uur per week at € 24,44: 2.444 × 1.200 × 52 / 1.200 = 127.088 cents a month → € 1.270,88.
		// From 16 September: September 15/30 → € 635,44; October..December 3 × 1.270,88.
		{"uren per week", budget.PrognoseAfspraak{Van: dag(2026, 9, 16), Uren: 12_00, Tarieven: uur(24_44)},
			budget.Kosten{Methode: budget.MethodeAfspraak, PerMaand: 1_270_88, RestJaar: 635_44 + 3*1_270_88, Maanden: 4}},
		// A maandloon of € 1.800,00 from 1 July until 30 November: 5 months.
		{"maandloon", budget.PrognoseAfspraak{Van: dag(2026, 7, 1), Tot: dag(2026, 11, 30), Maandloon: 1_800_00, Uren: 10_00},
			budget.Kosten{Methode: budget.MethodeMaandloon, PerMaand: 1_800_00, RestJaar: 9_000_00, Maanden: 5}},
		// Only a rate per dagdeel: no agreed number of dagdelen, so unknown; never turned into an hourly rate.
		{"dagdeel", budget.PrognoseAfspraak{Van: dag(2026, 1, 1), Uren: 8_00,
			Tarieven: []budget.PrognoseTarief{{Eenheid: budget.EenheidDagdeel, Bedrag: 70_88}}},
			budget.Kosten{Methode: budget.MethodeOnbekend}},
	}
	for _, c := range cases {
		if got := budget.BerekenKosten(c.a, 2026); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}
