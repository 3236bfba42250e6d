package gendata

import (
	"math/rand/v2"
	"strconv"
	"time"

	"pgbportaal/internal/budget"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/declaratie"
	"pgbportaal/internal/money"
	zov "pgbportaal/internal/zorgovereenkomst"
)

// maxAfspraken is the most agreements one budgethouder gets; it sizes the
// BSN range of informal zorgverleners.
const maxAfspraken = 6

// Vertegenwoordiging kinds of the plan.
const (
	vertGeen = iota
	vertWettelijkPersoon
	vertWettelijkBewindvoerder
	vertGevolmachtigde
)

// bhPlan is everything generated for budgethouder i, decided by its own
// random source only, so the personas can be found again without the database.
type bhPlan struct {
	i          int
	naam       naam
	bsn        string
	iban       string
	zk         int // zorgkantoor index
	vert       int
	vertNaam   naam
	vertBSN    string
	bewind     int // bewindvoerder index
	profiel    string
	afspraken  []afspraakPlan
	vvbMaanden []int // month indexes of the window with a VVB declaratie
}

type afspraakPlan struct {
	j        int
	status   zov.Status
	formeel  int // formal zorgverlener index, or -1 for an informal one of this budgethouder
	zvNaam   naam
	zvBSN    string
	zvIBAN   string
	inhoud   zov.Inhoud
	versie   int
	start    int // month index (may be negative: before the window) the agreement starts
	doorZV   bool
	maandbed int64
}

// Window is the 12 months of the dataset: month 0 is eleven months before
// the current month, month 11 the current one.
type Window struct {
	Now   time.Time
	First civil.Date
}

func newWindow(now time.Time) Window {
	return Window{Now: now, First: civil.Today(now).FirstOfMonth().AddMonths(-11)}
}

// Month returns the first day of month index m.
func (w Window) Month(m int) civil.Date { return w.First.AddMonths(m) }

func (g *generator) planBudgethouder(i int) bhPlan {
	r := rngFor(g.cfg.Seed, "bh", i)
	p := bhPlan{i: i, naam: randomNaam(r), bsn: bsnFor(bsnBudgethouder, i), zk: i % len(regios)}
	p.iban = ibanFor(r)
	p.profiel = pick(r, budget.Zorgprofielen).Code
	switch x := r.Float64(); {
	case x < 0.10:
		p.vert = vertWettelijkPersoon
	case x < 0.16:
		p.vert = vertWettelijkBewindvoerder
		p.bewind = r.IntN(g.bewindvoerders())
	case x < 0.20:
		p.vert = vertGevolmachtigde
	}
	if p.vert == vertWettelijkPersoon || p.vert == vertGevolmachtigde {
		p.vertNaam, p.vertBSN = randomNaam(r), bsnFor(bsnVertegenwoordiger, i)
	}
	n := 1
	for _, w := range []float64{0.85, 0.6, 0.4, 0.3, 0.2} {
		if r.Float64() < w {
			n++
		} else {
			break
		}
	}
	for j := 0; j < n; j++ {
		p.afspraken = append(p.afspraken, g.planAfspraak(r, p, j))
	}
	if r.Float64() < 0.2 {
		p.vvbMaanden = append(p.vvbMaanden, 3+r.IntN(7))
	}
	return p
}

var statusKansen = []struct {
	s zov.Status
	p float64
}{
	{zov.Concept, 0.04}, {zov.Gedeeld, 0.03}, {zov.OndertekendZorgverlener, 0.02}, {zov.TerBeoordeling, 0.03},
	{zov.Afgekeurd, 0.015}, {zov.AanvullingGevraagd, 0.015},
}

func (g *generator) planAfspraak(r *rand.Rand, p bhPlan, j int) afspraakPlan {
	a := afspraakPlan{j: j, status: zov.Goedgekeurd, formeel: -1, versie: 2 + r.IntN(5)}
	x := r.Float64()
	for _, k := range statusKansen {
		if x < k.p {
			a.status = k.s
			break
		}
		x -= k.p
	}
	in := zov.Inhoud{BudgethouderNaam: p.naam.String(), StandaardAfspraken: true,
		Zorgbehoefte: "Hulp bij opstaan, wassen en aankleden.", WelkeZorg: "Persoonlijke verzorging en begeleiding.",
		WaaromZorg: "Ik wil zo lang mogelijk thuis blijven wonen."}
	if p.vert == vertWettelijkPersoon || p.vert == vertGevolmachtigde {
		in.VertegenwoordigerNaam = p.vertNaam.String()
	}
	if r.Float64() < 0.45 {
		a.formeel = g.formeelIndex(r)
		fz := g.formeel(a.formeel)
		in.Soort = zov.SoortInstelling
		if r.Float64() < 0.35 {
			in.Soort = zov.SoortOpdracht
			in.Zorgverlener.KvK = true
		}
		in.Zorgverlener.Naam, in.Zorgverlener.AGB, in.Zorgverlener.IBAN = fz.naam, fz.agb, fz.iban
		in.Tarieven = []zov.Tarief{
			{Zorgfunctie: zov.PersoonlijkeVerzorging, Eenheid: zov.PerUur, Bedrag: 5500 + int64(r.IntN(2000))},
			{Zorgfunctie: zov.BegeleidingIndividueel, Eenheid: zov.PerUur, Bedrag: 5000 + int64(r.IntN(2500))},
		}
	} else {
		a.zvNaam, a.zvBSN = randomNaam(r), bsnFor(bsnInformeel, p.i*maxAfspraken+j)
		a.zvIBAN = ibanFor(r)
		in.Soort = pick(r, []zov.Soort{zov.SoortFamilie, zov.SoortFamilie, zov.SoortDienst, zov.SoortOpdracht})
		in.Zorgverlener = zov.Zorgverlener{Naam: a.zvNaam.String(), BSN: a.zvBSN, IBAN: a.zvIBAN, Telefoon: "0612345678",
			Geboortedatum: civil.Date{Year: 1950 + r.IntN(50), Month: time.Month(1 + r.IntN(12)), Day: 1 + r.IntN(28)},
			Adres:         zov.Adres{Straat: pick(r, straten), Huisnummer: itoa(1 + r.IntN(200)), Postcode: postcode(r), Woonplaats: pick(r, plaatsen)}}
		in.Tarieven = []zov.Tarief{{Zorgfunctie: zov.PersoonlijkeVerzorging, Eenheid: zov.PerUur, Bedrag: 1800 + int64(r.IntN(600))}}
		if in.Soort == zov.SoortDienst {
			in.DagenPerWeek = 2 + r.IntN(3)
			in.Salarisadministratie = r.IntN(2) == 0
		}
	}
	in.Uren, in.UrenPer = int64(4+r.IntN(20))*100, "week"
	in.Onbepaald = r.Float64() < 0.8
	// Most agreements started before the window; some during it.
	a.start = -1 - r.IntN(30)
	if r.Float64() < 0.2 {
		a.start = r.IntN(11)
	}
	if a.status != zov.Goedgekeurd {
		a.start = 11 + r.IntN(2) // still being arranged: starts this or next month
	}
	in.Ingangsdatum = g.win.Month(a.start)
	if !in.Onbepaald {
		in.Einddatum = g.win.Month(12 + r.IntN(12)).AddDays(-1)
	}
	in.Reiskosten = r.Float64() < 0.2
	if in.Reiskosten {
		in.ReiskostenPerKm = 19
	}
	if (in.Soort == zov.SoortDienst || in.Soort == zov.SoortFamilie) && r.Float64() < 0.3 {
		in.Maandloon = true
		in.MaandBedrag = in.Uren * 433 / 100 * in.Tarieven[0].Bedrag / 100 / 100 * 100 // whole euros
		a.maandbed = in.MaandBedrag
	}
	a.doorZV = !in.Maandloon && r.Float64() < 0.3
	a.inhoud = in
	return a
}

// declaratieRegels are the day entries of agreement a for month m, as the
// portal computes them (Bereken), within the agreed hours per week.
func declaratieRegels(r *rand.Rand, in zov.Inhoud, maand civil.Date) ([]declaratie.Regel, int64) {
	days := civil.DaysIn(maand.Year, maand.Month)
	perDag := in.Uren / 4 // a few visits a week of a quarter of the week's hours
	if perDag < 100 {
		perDag = 100
	}
	var regels []declaratie.Regel
	for d := 1; d <= days; d += 2 + r.IntN(2) {
		t := in.Tarieven[r.IntN(len(in.Tarieven))]
		aantal := perDag / 25 * 25 // quarters of an hour
		regels = append(regels, declaratie.Regel{Datum: civil.Date{Year: maand.Year, Month: maand.Month, Day: d},
			Zorgfunctie: t.Zorgfunctie, Eenheid: t.Eenheid, Aantal: aantal, Tarief: t.Bedrag,
			Bedrag: int64(money.MulQty(t.Bedrag, aantal))})
	}
	if in.Reiskosten {
		regels = append(regels, declaratie.Regel{Datum: civil.Date{Year: maand.Year, Month: maand.Month, Day: 1},
			Eenheid: declaratie.PerKm, Aantal: 1200, Tarief: in.ReiskostenPerKm, Bedrag: int64(money.MulQty(in.ReiskostenPerKm, 1200))})
	}
	var totaal int64
	for _, x := range regels {
		totaal += x.Bedrag
	}
	return regels, totaal
}

// regelsJSON encodes regels exactly as encoding/json does (the field order
// and omissions of declaratie.Regel), several times faster: a national
// dataset holds millions of them.
func regelsJSON(regels []declaratie.Regel) []byte {
	b := make([]byte, 0, 96*len(regels)+2)
	b = append(b, '[')
	for i, r := range regels {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"datum":"`...)
		b = append(b, r.Datum.ISO()...)
		b = append(b, '"')
		if !r.EindDatum.IsZero() {
			b = append(b, `,"eind_datum":"`...)
			b = append(b, r.EindDatum.ISO()...)
			b = append(b, '"')
		}
		if r.Zorgfunctie != "" {
			b = append(b, `,"zorgfunctie":"`...)
			b = append(b, r.Zorgfunctie...)
			b = append(b, '"')
		}
		b = append(b, `,"eenheid":"`...)
		b = append(b, r.Eenheid...)
		b = append(b, `","aantal":`...)
		b = strconv.AppendInt(b, r.Aantal, 10)
		b = append(b, `,"tarief":`...)
		b = strconv.AppendInt(b, r.Tarief, 10)
		b = append(b, `,"bedrag":`...)
		b = strconv.AppendInt(b, r.Bedrag, 10)
		b = append(b, '}')
	}
	return append(b, ']')
}

type formeelZV struct {
	naam, agb, iban string
}

func (g *generator) formelen() int { return max(10, g.cfg.Budgethouders/2) }

func (g *generator) bewindvoerders() int { return max(2, g.cfg.Budgethouders/750) }

// formeelIndex picks a formal zorgverlener: most from the whole pool, some
// from the one percent of large institutions.
func (g *generator) formeelIndex(r *rand.Rand) int {
	n := g.formelen()
	if r.Float64() < 0.1 {
		return r.IntN(max(1, n/100))
	}
	return r.IntN(n)
}

func (g *generator) formeel(k int) formeelZV {
	r := rngFor(g.cfg.Seed, "formeel", k)
	return formeelZV{naam: pick(r, instellingWoorden) + " " + pick(r, instellingNamen) + " " + pick(r, plaatsen),
		agb: agbFor(k), iban: ibanFor(r)}
}

func postcode(r *rand.Rand) string {
	const letters = "ABCEGHJKLMNPRTVWXZ"
	return itoa(1000+r.IntN(9000)) + string(letters[r.IntN(len(letters))]) + string(letters[r.IntN(len(letters))])
}
