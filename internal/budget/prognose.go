package budget

import (
	"fmt"
	"math/big"
	"time"

	"pgbportaal/internal/civil"
	"pgbportaal/internal/money"
)

// Units of a rate as the forecast reads them; they match the agreement's.
const (
	EenheidUur     = "uur"
	EenheidDagdeel = "dagdeel"
	EenheidEtmaal  = "etmaal"
)

// RecenteDeclaraties is how many of the newest declaraties of an agreement
// the forecast averages where the hours vary.
const RecenteDeclaraties = 3

// PrognoseTarief is an agreed rate in its own unit from a date on. Rates are
// never converted to another unit.
type PrognoseTarief struct {
	Vanaf   civil.Date  // zero: from the start of the agreement
	Eenheid string      // EenheidUur, EenheidDagdeel or EenheidEtmaal
	Bedrag  money.Cents // per unit
}

// PrognoseAfspraak is one agreement in force, as the forecast needs it.
type PrognoseAfspraak struct {
	ID           int64
	Naam         string     // the zorgverlener, for the explanation
	Van, Tot     civil.Date // Tot zero: onbepaalde tijd
	Maandloon    money.Cents
	Uren         int64 // hundredths of an hour per week, or per month when UrenPerMaand
	UrenPerMaand bool
	Wisselend    bool // onregelmatige uren: the recent declaraties tell more than the agreed hours
	Tarieven     []PrognoseTarief
	Etmalen      int           // logeeropvang per calendar year
	Declaraties  []money.Cents // totals of the newest declaraties, newest first
	Gedekt       []civil.Date  // months already planned or paid for this agreement (any day of the month)
}

// PrognoseInvoer is what the forecast of one budget year starts from.
type PrognoseInvoer struct {
	Jaar      int
	Vandaag   civil.Date
	Toegekend money.Cents
	Betaald   [12]money.Cents // paid per month (January first)
	Gepland   [12]money.Cents // planned per month
	Afspraken []PrognoseAfspraak
}

// PrognoseMaand is one month of the forecast: what was paid, what is
// planned and what is expected still, and the running total to that month.
type PrognoseMaand struct {
	Maand                      civil.Date
	Betaald, Gepland, Verwacht money.Cents
	TotaalTotEnMet             money.Cents
}

// Methods of PrognoseRegel.
const (
	MethodeMaandloon   = "maandloon"
	MethodeAfspraak    = "afspraak"    // agreed hours (or etmalen) × rate
	MethodeDeclaraties = "declaraties" // average of recent declaraties
	MethodeOnbekend    = "onbekend"    // nothing to go on yet
)

// PrognoseRegel explains the forecast of one agreement.
type PrognoseRegel struct {
	AfspraakID  int64
	Naam        string
	Methode     string
	Gemiddelde  money.Cents // MethodeDeclaraties: the average used
	Declaraties int         // MethodeDeclaraties: how many were averaged
	Maanden     int         // months still expected
	Totaal      money.Cents
}

// Prognose is the forecast of a budget year.
type Prognose struct {
	Jaar                        int
	Vandaag                     civil.Date
	Toegekend, Betaald, Gepland money.Cents
	Verwacht                    money.Cents // still to come until 31 December
	Over                        money.Cents // Toegekend − Betaald − Gepland − Verwacht; negative: short
	Op                          civil.Date  // the day the budget runs out; zero: it lasts the year
	VanafMaand                  civil.Date  // the first month that is forecast
	Maanden                     [12]PrognoseMaand
	Regels                      []PrognoseRegel
}

// RaaktOp reports whether the budget is expected to run out before the end
// of the year.
func (p Prognose) RaaktOp() bool { return !p.Op.IsZero() }

// BerekenPrognose forecasts the spending of a budget year until 31 December.
//
// Months are forecast from the month before today on (that month's
// declaraties and maandlonen come in now), up to December, for every
// agreement month that has nothing planned or paid yet:
//   - a maandloon counts in full for every month the agreement touches, as
//     the portal plans it;
//   - where the hours vary (or no hourly rate is agreed) and declaraties
//     exist, the average of the newest RecenteDeclaraties, pro rata for a
//     month the agreement only partly covers;
//   - otherwise the agreed hours × the highest hourly rate in force, plus
//     etmalen per year ÷ 12 × the rate per etmaal, pro rata per day when a
//     rate changes or the agreement starts or ends within the month.
//
// Every amount is exact until it is rounded half up to the cent, once per
// agreement per month. The budget runs out on the day the running total
// reaches the granted budget, the month's forecast spread evenly over its
// days; months before the current one count today.
func BerekenPrognose(in PrognoseInvoer) Prognose {
	p := Prognose{Jaar: in.Jaar, Vandaag: in.Vandaag, Toegekend: in.Toegekend}
	for i := range p.Maanden {
		m := civil.Date{Year: in.Jaar, Month: time.Month(i + 1), Day: 1}
		p.Maanden[i] = PrognoseMaand{Maand: m, Betaald: in.Betaald[i], Gepland: in.Gepland[i]}
		p.Betaald += in.Betaald[i]
		p.Gepland += in.Gepland[i]
	}
	start := in.Vandaag.FirstOfMonth().AddMonths(-1)
	if jan := (civil.Date{Year: in.Jaar, Month: time.January, Day: 1}); start.Before(jan) {
		start = jan
	}
	p.VanafMaand = start

	for _, a := range in.Afspraken {
		r := PrognoseRegel{AfspraakID: a.ID, Naam: a.Naam, Methode: methode(a)}
		if r.Methode == MethodeDeclaraties {
			r.Gemiddelde, r.Declaraties = gemiddelde(a.Declaraties)
		}
		gedekt := map[civil.Date]bool{}
		for _, g := range a.Gedekt {
			gedekt[g.FirstOfMonth()] = true
		}
		for i := range p.Maanden {
			m := p.Maanden[i].Maand
			if m.Year != start.Year || m.Before(start) || gedekt[m] {
				continue
			}
			bedrag, ok := maandBedrag(a, r, m)
			if !ok {
				continue
			}
			r.Maanden++
			r.Totaal += bedrag
			p.Maanden[i].Verwacht += bedrag
		}
		p.Verwacht += r.Totaal
		p.Regels = append(p.Regels, r)
	}
	p.Over = p.Toegekend - p.Betaald - p.Gepland - p.Verwacht

	var totaal money.Cents
	for i := range p.Maanden {
		totaal += p.Maanden[i].Betaald + p.Maanden[i].Gepland + p.Maanden[i].Verwacht
		p.Maanden[i].TotaalTotEnMet = totaal
	}
	if p.Over < 0 {
		p.Op = opDatum(p, start)
	}
	return p
}

// methode decides how an agreement is forecast.
func methode(a PrognoseAfspraak) string {
	switch {
	case a.Maandloon > 0:
		return MethodeMaandloon
	case (a.Wisselend || !heeftAfspraakBedrag(a)) && len(a.Declaraties) > 0:
		return MethodeDeclaraties
	case heeftAfspraakBedrag(a):
		return MethodeAfspraak
	}
	return MethodeOnbekend
}

// heeftAfspraakBedrag reports whether the agreement itself says how much a
// month costs: hours with an hourly rate, or etmalen with a rate per etmaal.
// A rate per dagdeel comes without an agreed number of dagdelen.
func heeftAfspraakBedrag(a PrognoseAfspraak) bool {
	for _, t := range a.Tarieven {
		if (t.Eenheid == EenheidUur && a.Uren > 0) || (t.Eenheid == EenheidEtmaal && a.Etmalen > 0) {
			return true
		}
	}
	return false
}

// gemiddelde is the average of the newest RecenteDeclaraties, rounded half up.
func gemiddelde(d []money.Cents) (money.Cents, int) {
	n := min(len(d), RecenteDeclaraties)
	if n == 0 {
		return 0, 0
	}
	som := new(big.Rat)
	for _, c := range d[:n] {
		som.Add(som, new(big.Rat).SetInt64(int64(c)))
	}
	return afronden(som.Quo(som, new(big.Rat).SetInt64(int64(n)))), n
}

// maandBedrag is the forecast of agreement a for month m; false when the
// agreement does not run in that month or nothing can be said.
func maandBedrag(a PrognoseAfspraak, r PrognoseRegel, m civil.Date) (money.Cents, bool) {
	eerste, laatste := m, m.LastOfMonth()
	van, tot := a.Van, a.Tot
	if van.Before(eerste) {
		van = eerste
	}
	if tot.IsZero() || tot.After(laatste) {
		tot = laatste
	}
	if tot.Before(van) {
		return 0, false
	}
	dagenInMaand := int64(laatste.Day)
	switch r.Methode {
	case MethodeMaandloon:
		return a.Maandloon, true
	case MethodeDeclaraties:
		dagen := int64(dagenTussen(van, tot))
		return afronden(big.NewRat(int64(r.Gemiddelde)*dagen, dagenInMaand)), true
	case MethodeAfspraak:
		som := new(big.Rat)
		// Walk the days in stretches with the same rates.
		for d := van; !d.After(tot); {
			eind := tot
			for _, t := range a.Tarieven {
				if !t.Vanaf.IsZero() && t.Vanaf.After(d) && !t.Vanaf.After(tot) && t.Vanaf.AddDays(-1).Before(eind) {
					eind = t.Vanaf.AddDays(-1)
				}
			}
			dagen := int64(dagenTussen(d, eind))
			uur, etmaal := tarievenOp(a.Tarieven, d)
			if uur > 0 && a.Uren > 0 {
				// hours per month: uren/100 (per maand) or uren/100 × 52 / 12 (per week)
				teller, noemer := int64(uur)*a.Uren*dagen, 100*dagenInMaand
				if !a.UrenPerMaand {
					teller, noemer = teller*52, noemer*12
				}
				som.Add(som, big.NewRat(teller, noemer))
			}
			if etmaal > 0 && a.Etmalen > 0 {
				som.Add(som, big.NewRat(int64(etmaal)*int64(a.Etmalen)*dagen, 12*dagenInMaand))
			}
			d = eind.AddDays(1)
		}
		return afronden(som), true
	}
	return 0, false
}

// tarievenOp returns the highest hourly rate and the rate per etmaal in force
// on day d: for each unit the rate with the latest Vanaf on or before d.
func tarievenOp(ts []PrognoseTarief, d civil.Date) (uur, etmaal money.Cents) {
	type keuze struct {
		vanaf  civil.Date
		bedrag money.Cents
		gezet  bool
	}
	// Rates without Vanaf hold from the start; per unit and start date the
	// highest counts, so a forecast never comes out too low.
	var u, e keuze
	kies := func(k *keuze, t PrognoseTarief) {
		switch {
		case !k.gezet || t.Vanaf.After(k.vanaf):
			*k = keuze{t.Vanaf, t.Bedrag, true}
		case t.Vanaf.Equal(k.vanaf) && t.Bedrag > k.bedrag:
			k.bedrag = t.Bedrag
		}
	}
	for _, t := range ts {
		if !t.Vanaf.IsZero() && t.Vanaf.After(d) {
			continue
		}
		switch t.Eenheid {
		case EenheidUur:
			kies(&u, t)
		case EenheidEtmaal:
			kies(&e, t)
		}
	}
	return u.bedrag, e.bedrag
}

// dagenTussen counts the days from a to b, both included.
func dagenTussen(a, b civil.Date) int {
	return int(b.In(time.UTC).Sub(a.In(time.UTC))/(24*time.Hour)) + 1
}

// afronden rounds a non-negative amount of cents half up to a whole cent.
func afronden(r *big.Rat) money.Cents {
	n, d := new(big.Int).Set(r.Num()), r.Denom()
	n.Mul(n, big.NewInt(2))
	n.Add(n, d)
	d2 := new(big.Int).Mul(d, big.NewInt(2))
	return money.Cents(new(big.Int).Div(n, d2).Int64())
}

// opDatum finds the day the running total reaches the budget.
func opDatum(p Prognose, start civil.Date) civil.Date {
	som := p.Betaald + p.Gepland
	for i := range p.Maanden {
		m := p.Maanden[i]
		if m.Maand.Before(start) || m.Verwacht == 0 {
			continue
		}
		huidige := m.Maand.Year == p.Vandaag.Year && m.Maand.Month == p.Vandaag.Month
		if m.Maand.Before(p.Vandaag.FirstOfMonth()) {
			// Due now: what is left over from earlier months counts today.
			som += m.Verwacht
			if som >= p.Toegekend {
				return p.Vandaag
			}
			continue
		}
		if som+m.Verwacht >= p.Toegekend {
			rest := int64(p.Toegekend - som)
			dagen := int64(m.Maand.LastOfMonth().Day)
			dag := (rest*dagen + int64(m.Verwacht) - 1) / int64(m.Verwacht) // ceil
			if dag < 1 {
				dag = 1
			}
			op := civil.Date{Year: m.Maand.Year, Month: m.Maand.Month, Day: int(dag)}
			if huidige && op.Before(p.Vandaag) {
				op = p.Vandaag
			}
			return op
		}
		som += m.Verwacht
	}
	return civil.Date{Year: p.Jaar, Month: time.December, Day: 31}
}

// Zin is the forecast in one plain Dutch sentence.
func (p Prognose) Zin() string {
	if p.RaaktOp() {
		if p.Op.Equal(p.Vandaag) || p.Op.Before(p.Vandaag) {
			return "Als u zo doorgaat, is uw budget nu al op."
		}
		return fmt.Sprintf("Als u zo doorgaat, is uw budget op %s op.", DagMaand(p.Op))
	}
	return fmt.Sprintf("Als u zo doorgaat, houdt u op 31 december naar verwachting %s over.", p.Over)
}

// DagMaand writes a date as "14 oktober".
func DagMaand(d civil.Date) string {
	if d.Month < time.January || d.Month > time.December {
		return ""
	}
	return fmt.Sprintf("%d %s", d.Day, maanden[d.Month-1])
}

// Kosten is what one agreement costs within a budget year: PerMaand for a
// whole month, RestJaar from its ingangsdatum (or 1 January) until its end
// or 31 December, computed as the forecast does.
type Kosten struct {
	Methode  string
	PerMaand money.Cents
	RestJaar money.Cents
	Maanden  int // months of jaar the agreement runs in
}

// BerekenKosten computes the cost of agreement a in jaar, for the
// tariefwijzer: without declaraties, so from the agreed amounts. Rates stay in
// their unit; a rate per dagdeel has no agreed number and counts as unknown.
func BerekenKosten(a PrognoseAfspraak, jaar int) Kosten {
	r := PrognoseRegel{Methode: methode(a)}
	if r.Methode == MethodeDeclaraties {
		r.Gemiddelde, r.Declaraties = gemiddelde(a.Declaraties)
	}
	k := Kosten{Methode: r.Methode}
	heel := a
	heel.Van, heel.Tot = civil.Date{}, civil.Date{}
	k.PerMaand, _ = maandBedrag(heel, r, civil.Date{Year: jaar, Month: time.January, Day: 1})
	for m := time.January; m <= time.December; m++ {
		if b, ok := maandBedrag(a, r, civil.Date{Year: jaar, Month: m, Day: 1}); ok {
			k.RestJaar += b
			k.Maanden++
		}
	}
	return k
}
