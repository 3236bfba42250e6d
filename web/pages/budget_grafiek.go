package pages

import (
	"fmt"
	"strconv"

	"pgbportaal/internal/budget"
	"pgbportaal/internal/money"
)

// The drawing area of the budget chart, in viewBox units.
const (
	grafiekBreedte = 720
	grafiekHoogte  = 400
	plotLinks      = 20
	plotRechts     = 700
	plotBoven      = 50
	plotOnder      = 320
	staafBreedte   = 36
)

var maandKort = [12]string{"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"}

// GrafiekStaaf is one month of the chart: the running totals of paid,
// planned and expected, stacked (y and height in viewBox units).
type GrafiekStaaf struct {
	Label                string
	X, LabelX            int
	BetaaldY, BetaaldH   int
	GeplandY, GeplandH   int
	VerwachtY, VerwachtH int
}

// Grafiek is the budget chart, computed on the server: every coordinate is
// an integer in the viewBox, so the SVG scales to any width.
type Grafiek struct {
	ViewBox             string
	Staven              []GrafiekStaaf
	BudgetY             int
	BudgetLabel         string
	AsY                 int
	Titel, Beschrijving string
}

// NieuweGrafiek lays out the forecast p as stacked bars of the running
// totals per month against a line at the granted budget.
func NieuweGrafiek(p budget.Prognose) Grafiek {
	g := Grafiek{ViewBox: fmt.Sprintf("0 0 %d %d", grafiekBreedte, grafiekHoogte), AsY: plotOnder}
	hoogste := p.Toegekend
	for _, m := range p.Maanden {
		hoogste = max(hoogste, m.TotaalTotEnMet)
	}
	if hoogste <= 0 {
		hoogste = 1
	}
	// The tallest of budget and total fills the plot with a little room above.
	schaal := int64(hoogste) + int64(hoogste)/10
	hoogte := func(c money.Cents) int { return int(int64(c) * (plotOnder - plotBoven) / schaal) }
	g.BudgetY = plotOnder - hoogte(p.Toegekend)
	g.BudgetLabel = "Budget " + p.Toegekend.String()

	vak := (plotRechts - plotLinks) / 12
	var betaald, gepland, verwacht money.Cents
	for i, m := range p.Maanden {
		betaald += m.Betaald
		gepland += m.Gepland
		verwacht += m.Verwacht
		x := plotLinks + i*vak + (vak-staafBreedte)/2
		s := GrafiekStaaf{Label: maandKort[i], X: x, LabelX: x + staafBreedte/2}
		hb, hbg, hall := hoogte(betaald), hoogte(betaald+gepland), hoogte(betaald+gepland+verwacht)
		s.BetaaldH, s.BetaaldY = hb, plotOnder-hb
		s.GeplandH, s.GeplandY = hbg-hb, plotOnder-hbg
		s.VerwachtH, s.VerwachtY = hall-hbg, plotOnder-hall
		g.Staven = append(g.Staven, s)
	}
	g.Titel = fmt.Sprintf("Uitgaven uit uw budget %d, per maand opgeteld", p.Jaar)
	g.Beschrijving = fmt.Sprintf("Staafgrafiek. Per maand de uitgaven van januari tot en met die maand: uitbetaald, ingepland en verwacht, "+
		"tegen een lijn op uw budget van %s. Uitbetaald %s, ingepland %s, verwacht tot 31 december %s. %s "+
		"De tabel hieronder heeft dezelfde bedragen.",
		p.Toegekend, p.Betaald, p.Gepland, p.Verwacht, p.Zin())
	return g
}

func svgInt(n int) string { return strconv.Itoa(n) }
