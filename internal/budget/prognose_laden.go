package budget

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"pgbportaal/internal/civil"
	"pgbportaal/internal/money"
	"pgbportaal/internal/zorgovereenkomst"
)

// prognoseInvoer reads what the forecast of budgethouder bh's year jaar
// starts from, inside tx (scoped to the acting party by row-level
// security): the payments per month, and every approved agreement that runs
// in that year with the months it already has a payment for and its newest
// declaraties.
func prognoseInvoer(ctx context.Context, tx pgx.Tx, bh int64, jaar int, vandaag civil.Date, toegekend money.Cents) (PrognoseInvoer, error) {
	in := PrognoseInvoer{Jaar: jaar, Vandaag: vandaag, Toegekend: toegekend}

	// Payments per month: the month of care, or (without one, as a VVB) the
	// day it was planned or paid.
	rows, _ := tx.Query(ctx, `SELECT status, coalesce(periode,
			(coalesce(uitbetaald_op, ingepland_op) AT TIME ZONE 'Europe/Amsterdam')::date), bedrag
		FROM betalingen WHERE budgethouder_id = $1 AND jaar = $2 AND status IN ('ingepland', 'uitbetaald')`, bh, jaar)
	var status string
	var d civil.Date
	var bedrag int64
	_, err := pgx.ForEachRow(rows, []any{&status, &d, &bedrag}, func() error {
		i := int(d.Month) - 1
		switch {
		case d.Year < jaar:
			i = 0
		case d.Year > jaar:
			i = 11
		}
		if status == Uitbetaald {
			in.Betaald[i] += money.Cents(bedrag)
		} else {
			in.Gepland[i] += money.Cents(bedrag)
		}
		return nil
	})
	if err != nil {
		return in, fmt.Errorf("budget: prognose betalingen: %w", err)
	}

	eersteDag := civil.Date{Year: jaar, Month: time.January, Day: 1}
	laatsteDag := civil.Date{Year: jaar, Month: time.December, Day: 31}
	rows, _ = tx.Query(ctx, `SELECT id, inhoud FROM zorgovereenkomsten
		WHERE budgethouder_id = $1 AND status = 'goedgekeurd'
		AND nullif(inhoud->>'ingangsdatum', '')::date <= $3
		AND (coalesce((inhoud->>'onbepaald')::boolean, false) OR nullif(inhoud->>'einddatum', '')::date >= $2)
		ORDER BY id`, bh, eersteDag, laatsteDag)
	var id int64
	var raw []byte
	index := map[int64]int{}
	_, err = pgx.ForEachRow(rows, []any{&id, &raw}, func() error {
		var inh zorgovereenkomst.Inhoud
		if err := json.Unmarshal(raw, &inh); err != nil {
			return fmt.Errorf("zorgovereenkomst %d: %w", id, err)
		}
		index[id] = len(in.Afspraken)
		in.Afspraken = append(in.Afspraken, afspraakVoorPrognose(id, inh))
		return nil
	})
	if err != nil {
		return in, fmt.Errorf("budget: prognose afspraken: %w", err)
	}
	if len(in.Afspraken) == 0 {
		return in, nil
	}

	// Months that have a payment already (planned or paid) per agreement.
	rows, _ = tx.Query(ctx, `SELECT DISTINCT zorgovereenkomst_id, periode FROM betalingen
		WHERE budgethouder_id = $1 AND jaar = $2 AND status <> 'ingetrokken'
		AND zorgovereenkomst_id IS NOT NULL AND periode IS NOT NULL`, bh, jaar)
	var periode civil.Date
	_, err = pgx.ForEachRow(rows, []any{&id, &periode}, func() error {
		if i, ok := index[id]; ok {
			in.Afspraken[i].Gedekt = append(in.Afspraken[i].Gedekt, periode)
		}
		return nil
	})
	if err != nil {
		return in, fmt.Errorf("budget: prognose gedekt: %w", err)
	}

	// The newest declaraties per agreement (any year), newest first.
	rows, _ = tx.Query(ctx, `SELECT zorgovereenkomst_id, bedrag FROM (
			SELECT zorgovereenkomst_id, bedrag,
				row_number() OVER (PARTITION BY zorgovereenkomst_id ORDER BY periode DESC, id DESC) AS n
			FROM betalingen WHERE budgethouder_id = $1 AND status IN ('ingepland', 'uitbetaald')
			AND soort IN ('declaratie', 'factuur') AND zorgovereenkomst_id IS NOT NULL AND periode IS NOT NULL) r
		WHERE n <= $2 ORDER BY zorgovereenkomst_id, n`, bh, RecenteDeclaraties)
	_, err = pgx.ForEachRow(rows, []any{&id, &bedrag}, func() error {
		if i, ok := index[id]; ok {
			in.Afspraken[i].Declaraties = append(in.Afspraken[i].Declaraties, money.Cents(bedrag))
		}
		return nil
	})
	if err != nil {
		return in, fmt.Errorf("budget: prognose declaraties: %w", err)
	}
	return in, nil
}

// afspraakVoorPrognose takes from an agreement what the forecast needs.
func afspraakVoorPrognose(id int64, in zorgovereenkomst.Inhoud) PrognoseAfspraak {
	a := PrognoseAfspraak{ID: id, Naam: in.Zorgverlener.Naam, Van: in.Ingangsdatum, Uren: in.Uren,
		UrenPerMaand: in.UrenPer == "maand", Wisselend: !in.Vast, Etmalen: in.Etmalen}
	if !in.Onbepaald {
		a.Tot = in.Einddatum
	}
	if in.Maandloon {
		a.Maandloon = money.Cents(in.MaandBedrag)
	}
	for _, t := range in.Tarieven {
		a.Tarieven = append(a.Tarieven, PrognoseTarief{Eenheid: string(t.Eenheid), Bedrag: money.Cents(t.Bedrag)})
	}
	return a
}
