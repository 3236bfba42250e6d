package declaratie

import (
	"fmt"

	"pgbportaal/internal/money"
)

// The verantwoordingsvrij bedrag: 1.5% of the year's budget, at least € 250
// and at most € 1.250 per year.
const (
	VVBBasispunten = 150    // 1.5%
	VVBMinimum     = 25000  // € 250
	VVBMaximum     = 125000 // € 1.250
)

// VVBJaarmaximum is the verantwoordingsvrij bedrag a budget of budget cents
// allows in a year: 1.5% rounded to the cent, raised to € 250 and capped at
// € 1.250. Whether the budget can pay it is a separate question (the ledger).
func VVBJaarmaximum(budget int64) int64 {
	v := int64(money.Percent(money.Cents(budget), VVBBasispunten))
	return min(max(v, VVBMinimum), VVBMaximum)
}

// VVBRuimte is what is left of the verantwoordingsvrij bedrag in a year.
type VVBRuimte struct {
	Jaar         int
	Budget       int64 // granted
	Resterend    int64 // granted − paid − planned
	Maximum      int64 // VVBJaarmaximum(Budget)
	Gedeclareerd int64 // VVB declaraties of that year that are submitted and not withdrawn
	ZorgBetaald  bool  // some care was paid from the budget that year
}

// Beschikbaar is the most that may still be declared: what the yearly
// maximum leaves, and no more than the budget has left.
func (r VVBRuimte) Beschikbaar() int64 {
	return max(0, min(r.Maximum-r.Gedeclareerd, r.Resterend))
}

// Controleer says why bedrag cannot be declared as verantwoordingsvrij
// bedrag, or "": it is taken in one go or in parts, only after some care was
// paid from the budget that year, at most the yearly maximum in total and
// only if the budget allows it.
func (r VVBRuimte) Controleer(bedrag int64) string {
	switch {
	case !r.ZorgBetaald:
		return fmt.Sprintf("U kunt het verantwoordingsvrij bedrag over %d pas declareren als er in %d zorg uit uw pgb is betaald.", r.Jaar, r.Jaar)
	case bedrag > r.Maximum-r.Gedeclareerd:
		return fmt.Sprintf("Het verantwoordingsvrij bedrag over %d is hoogstens %s. U kunt nog %s declareren.",
			r.Jaar, money.Cents(r.Maximum), money.Cents(max(0, r.Maximum-r.Gedeclareerd)))
	case !PastInBudget(bedrag, r.Resterend):
		return fmt.Sprintf("Het verantwoordingsvrij bedrag is hoger dan uw resterende budget voor %d (%s).", r.Jaar, money.Cents(r.Resterend))
	}
	return ""
}
