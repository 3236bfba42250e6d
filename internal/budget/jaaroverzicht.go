package budget

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/db"
)

// Jaaroverzicht is the year-end budgetoverzicht: one year's toekenning and
// every payment made from it, for the budgethouder and their zorgkantoor.
type Jaaroverzicht struct {
	ToekenningID     int64
	BudgethouderID   int64
	BudgethouderNaam string
	Relatienummer    string
	Zorgkantoor      string
	Jaar             int
	Ingangsdatum     civil.Date
	Zorgprofiel      string
	Toegekend        int64
	Betaald          int64
	Gepland          int64      // planned, not yet paid
	Uitbetalingen    []Betaling // oldest first
}

// Resterend is what is left: granted − paid − planned.
func (j Jaaroverzicht) Resterend() int64 { return j.Toegekend - j.Betaald - j.Gepland }

// Kenmerk is the reference of the overzicht: that of its toekenning.
func (j Jaaroverzicht) Kenmerk() string { return ToekenningKenmerk(j.ToekenningID) }

// JaaroverzichtVanJaar returns the budgetoverzicht of jaar for the budgethouder
// the actor acts for. Any other party, and a year without toekenning, get
// apperr.ErrNotFound.
func (s *Service) JaaroverzichtVanJaar(ctx context.Context, jaar int) (Jaaroverzicht, error) {
	a, err := actor(ctx)
	if err != nil {
		return Jaaroverzicht{}, err
	}
	if !a.ActsForBudgethouder() {
		s.audit(ctx, "downloaden", "budgetoverzicht", 0, 0, apperr.ErrNotFound)
		return Jaaroverzicht{}, apperr.ErrNotFound
	}
	return s.jaaroverzicht(ctx, `t.budgethouder_id = $1 AND t.jaar = $2`, a.BudgethouderID, jaar)
}

// JaaroverzichtVanToekenning returns the budgetoverzicht of one toekenning for
// the zorgkantoor of its budgethouder. Another region's toekenning, and any
// party but a zorgkantoor, get apperr.ErrNotFound.
func (s *Service) JaaroverzichtVanToekenning(ctx context.Context, toekenningID int64) (Jaaroverzicht, error) {
	a, err := actor(ctx)
	if err != nil {
		return Jaaroverzicht{}, err
	}
	if a.Role != auth.RoleZorgkantoor {
		s.audit(ctx, "downloaden", "budgetoverzicht", toekenningID, 0, apperr.ErrNotFound)
		return Jaaroverzicht{}, apperr.ErrNotFound
	}
	return s.jaaroverzicht(ctx, `t.id = $1`, toekenningID)
}

// jaaroverzicht reads the toekenning matching where (row-level security
// limits it to what the actor may see) and its payments.
func (s *Service) jaaroverzicht(ctx context.Context, where string, args ...any) (Jaaroverzicht, error) {
	var j Jaaroverzicht
	err := db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `SELECT t.id, t.budgethouder_id, b.relatienummer,
			coalesce(trim(p.voorletters || ' ' || p.tussenvoegsel || ' ' || p.achternaam), ''), o.naam,
			t.jaar, t.ingangsdatum, t.zorgprofiel, t.bedrag, t.betaald, t.gepland
			FROM toekenningen t JOIN budgethouders b ON b.id = t.budgethouder_id
			JOIN organisaties o ON o.id = b.zorgkantoor_id
			LEFT JOIN personen p ON p.id = b.persoon_id
			WHERE `+where, args...).Scan(&j.ToekenningID, &j.BudgethouderID, &j.Relatienummer, &j.BudgethouderNaam, &j.Zorgkantoor,
			&j.Jaar, &j.Ingangsdatum, &j.Zorgprofiel, &j.Toegekend, &j.Betaald, &j.Gepland)
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.ErrNotFound
		}
		if err != nil {
			return err
		}
		j.BudgethouderNaam = strings.Join(strings.Fields(j.BudgethouderNaam), " ")
		rows, _ := tx.Query(ctx, betalingSelect+`WHERE budgethouder_id = $1 AND jaar = $2 AND status = 'uitbetaald'
			ORDER BY uitbetaald_op, id`, j.BudgethouderID, j.Jaar)
		j.Uitbetalingen, err = pgx.CollectRows(rows, scanBetaling)
		return err
	})
	s.audit(ctx, "downloaden", "budgetoverzicht", j.ToekenningID, j.BudgethouderID, err)
	if err != nil {
		return Jaaroverzicht{}, fmt.Errorf("budget: jaaroverzicht: %w", err)
	}
	return j, nil
}
