package budget

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/civil"
	"pgbportaal/internal/db"
)

// MaandloonResultaat counts what MaandloonenInplannen did.
type MaandloonResultaat struct {
	Ingepland    int // newly planned
	AlIngepland  int // planned already (by an earlier or concurrent run)
	Overgeslagen int // not planned: no or too little budget, or incomplete agreement
}

var maanden = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
	"september", "oktober", "november", "december"}

// MaandNaam is a month in Dutch: "maart 2026".
func MaandNaam(d civil.Date) string {
	if d.Month < time.January || d.Month > time.December {
		return ""
	}
	return fmt.Sprintf("%s %d", maanden[d.Month-1], d.Year)
}

type maandloonKandidaat struct {
	zov, budgethouder, zorgverlener, bedrag int64
	iban, naam                              string
}

// MaandloonenInplannen plans the maandloon of maand (any day of it) for every
// approved agreement with a vast maandbedrag whose period covers that month,
// as the portal itself (db.System). It is idempotent: a unique index allows one
// maandloon per agreement per month, so running it twice, or on two portal
// instances at once, plans each exactly once; a month whose maandloon was
// withdrawn is not planned again. An agreement whose budget is missing or
// insufficient is skipped and logged. Each agreement is booked in its own
// transaction, so one failure does not hold up the others.
func MaandloonenInplannen(ctx context.Context, pool *pgxpool.Pool, maand civil.Date) (MaandloonResultaat, error) {
	var res MaandloonResultaat
	maand = maand.FirstOfMonth()
	var kandidaten []maandloonKandidaat
	err := db.TxAs(ctx, pool, db.System, func(tx pgx.Tx) error {
		// The amount is that of the version in force on the first of the
		// month; the looptijd is that of the newest version (z.inhoud).
		rows, _ := tx.Query(ctx, `SELECT z.id, z.budgethouder_id, z.zorgverlener_id,
				coalesce((coalesce((SELECT v.inhoud FROM zorgovereenkomst_versies v WHERE v.zorgovereenkomst_id = z.id
					AND v.vanaf <= $1 ORDER BY v.nummer DESC LIMIT 1), z.inhoud)->>'maand_bedrag')::bigint, 0),
				coalesce(z.inhoud->'zorgverlener'->>'iban', ''), coalesce(z.inhoud->'zorgverlener'->>'naam', '')
			FROM zorgovereenkomsten z
			WHERE z.status = 'goedgekeurd' AND z.zorgverlener_id IS NOT NULL
			AND coalesce((z.inhoud->>'maandloon')::boolean, false)
			AND nullif(z.inhoud->>'ingangsdatum', '')::date <= $2
			AND (coalesce((z.inhoud->>'onbepaald')::boolean, false) OR nullif(z.inhoud->>'einddatum', '')::date >= $1)
			AND NOT EXISTS (SELECT 1 FROM betalingen b WHERE b.zorgovereenkomst_id = z.id AND b.periode = $1 AND b.soort = 'maandloon')
			ORDER BY z.budgethouder_id, z.id`, maand, maand.LastOfMonth())
		var err error
		kandidaten, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (maandloonKandidaat, error) {
			var k maandloonKandidaat
			err := r.Scan(&k.zov, &k.budgethouder, &k.zorgverlener, &k.bedrag, &k.iban, &k.naam)
			return k, err
		})
		return err
	})
	if err != nil {
		return res, fmt.Errorf("budget: maandlonen %s: %w", maand.ISO(), err)
	}
	for _, k := range kandidaten {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		b := Boeking{BudgethouderID: k.budgethouder, Jaar: maand.Year, ZorgverlenerID: k.zorgverlener, ZorgovereenkomstID: k.zov,
			Soort: SoortMaandloon, Periode: maand, Omschrijving: "Maandloon " + MaandNaam(maand), Bedrag: k.bedrag, IBAN: k.iban, Naam: k.naam}
		var id int64
		var ok bool
		err := db.TxAs(ctx, pool, db.System, func(tx pgx.Tx) error {
			var err error
			id, ok, err = inplannen(ctx, tx, b)
			return err
		})
		switch {
		case err == nil && ok:
			res.Ingepland++
			slog.InfoContext(ctx, "maandloon ingepland", "zorgovereenkomst", k.zov, "maand", maand.ISO(), "betaling", id)
		case err == nil:
			res.AlIngepland++
		case errors.Is(err, ErrBudgetOntoereikend), errors.Is(err, ErrGeenBudget):
			res.Overgeslagen++
			slog.WarnContext(ctx, "maandloon niet ingepland: budget ontoereikend", "zorgovereenkomst", k.zov,
				"budgethouder", k.budgethouder, "maand", maand.ISO(), "err", err)
		case ctx.Err() != nil:
			return res, ctx.Err()
		default:
			res.Overgeslagen++
			slog.ErrorContext(ctx, "maandloon niet ingepland", "zorgovereenkomst", k.zov, "maand", maand.ISO(), "err", err)
		}
	}
	return res, nil
}
