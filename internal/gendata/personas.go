package gendata

import (
	"time"

	zov "pgbportaal/internal/zorgovereenkomst"
)

// Personas are identifiers that log in to a generated dataset through the
// test identity providers: found again from the seed, without the database.
type Personas struct {
	// Budgethouders manage their own pgb (DigiD, BSN) and have at least
	// one approved agreement with declaraties.
	Budgethouders []string
	// Zorgverleners are formal zorgverleners (Vecozo, AGB-code) with an
	// approved agreement.
	Zorgverleners []string
	// InformeleZorgverleners log in with DigiD (BSN).
	InformeleZorgverleners []string
	// Zorgkantoren are the KvK-nummers of the zorgkantoren (eHerkenning).
	Zorgkantoren []string
}

// PersonasFor returns up to n personas of each kind of the dataset that cfg
// generates, spread over the whole dataset.
func PersonasFor(cfg Config, n int) Personas {
	if cfg.Now.IsZero() {
		cfg.Now = time.Now()
	}
	g := &generator{cfg: cfg, win: newWindow(cfg.Now)}
	var p Personas
	seen := map[int]bool{}
	step := max(1, cfg.Budgethouders/(n*2))
	for i := 0; i < cfg.Budgethouders; i += step {
		pl := g.planBudgethouder(i)
		approved := false
		for _, a := range pl.afspraken {
			if a.status != zov.Goedgekeurd || a.inhoud.Maandloon {
				continue
			}
			approved = true
			if a.formeel >= 0 && !seen[a.formeel] && len(p.Zorgverleners) < n {
				seen[a.formeel] = true
				p.Zorgverleners = append(p.Zorgverleners, agbFor(a.formeel))
			}
			if a.formeel < 0 && len(p.InformeleZorgverleners) < n {
				p.InformeleZorgverleners = append(p.InformeleZorgverleners, a.zvBSN)
			}
		}
		if approved && pl.vert == vertGeen && len(p.Budgethouders) < n {
			p.Budgethouders = append(p.Budgethouders, pl.bsn)
		}
	}
	for k := range regios {
		p.Zorgkantoren = append(p.Zorgkantoren, kvkZorgkantoor(k))
	}
	return p
}
