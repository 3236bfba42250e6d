package web

import (
	"errors"
	"net/http"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/budget"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/money"
	zov "pgbportaal/internal/zorgovereenkomst"
	"pgbportaal/web/pages"
)

// tariefwijzer builds the tariefwijzer of the werkafspraken step for the
// budget side: the maximumtarief of each chosen rate, what the agreement
// costs per month and in the year of its ingangsdatum, and how that
// compares with the budget and its forecast. A year without budget shows
// the costs alone.
func (s *Server) tariefwijzer(r *http.Request, in zov.Inhoud, m zov.Maxima, haveMax bool) (*pages.TariefwijzerView, error) {
	jaar := m.Jaar
	v := &pages.TariefwijzerView{Jaar: jaar}
	for _, t := range in.Tarieven {
		if t.Bedrag <= 0 {
			continue
		}
		tt := pages.TariefwijzerTarief{Zorgfunctie: t.Zorgfunctie.Label(), Eenheid: string(t.Eenheid), Bedrag: t.Bedrag}
		if mt, ok := zov.MaximumTarief(in, t, m); ok && haveMax {
			tt.Maximum = mt
		}
		v.Tarieven = append(v.Tarieven, tt)
		v.Dagdeel = v.Dagdeel || t.Eenheid == zov.PerDagdeel
	}
	a := budget.PrognoseAfspraak{Van: in.Ingangsdatum, Uren: in.Uren, UrenPerMaand: in.UrenPer == "maand", Etmalen: in.Etmalen}
	if !in.Onbepaald {
		a.Tot = in.Einddatum
	}
	if in.Maandloon {
		a.Maandloon = money.Cents(in.MaandBedrag)
		v.Dagdeel = false
	}
	for _, t := range in.Tarieven {
		a.Tarieven = append(a.Tarieven, budget.PrognoseTarief{Eenheid: string(t.Eenheid), Bedrag: money.Cents(t.Bedrag)})
	}
	if a.Van.IsZero() || !a.Van.IsValid() {
		a.Van = civil.Date{Year: jaar, Month: 1, Day: 1}
	}
	k := budget.BerekenKosten(a, jaar)
	if k.Methode == budget.MethodeOnbekend || k.PerMaand <= 0 {
		return v, nil
	}
	v.Bekend, v.PerMaand, v.RestJaar, v.Maanden = true, int64(k.PerMaand), int64(k.RestJaar), k.Maanden

	o, err := s.budget.Overzicht(r.Context(), jaar)
	switch {
	case errors.Is(err, apperr.ErrNotFound):
		return v, nil
	case err != nil:
		return nil, err
	}
	v.MetBudget, v.Resterend = true, o.Resterend
	v.VerwachtOver = o.Resterend
	if o.MetPrognose {
		v.VerwachtOver = int64(o.Prognose.Over)
	}
	v.NaAfspraak = v.VerwachtOver - v.RestJaar
	return v, nil
}
