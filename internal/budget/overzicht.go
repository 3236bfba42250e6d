package budget

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/db"
	"pgbportaal/internal/money"
)

// Betaling is one payment from a budget as the budget side sees it.
type Betaling struct {
	ID                                               int64
	Jaar                                             int
	ZorgverlenerID, DeclaratieID, ZorgovereenkomstID int64
	Soort                                            string
	Periode                                          civil.Date // first of the month; zero: none
	Omschrijving                                     string
	Bedrag                                           int64
	Naam                                             string // payee
	Status                                           string
	IngeplandOp                                      time.Time
	UitbetaaldOp                                     time.Time // zero while not paid
}

// Kenmerk is the betaling's reference.
func (b Betaling) Kenmerk() string { return Kenmerk(b.ID) }

// SoortLabel is the Dutch name of the betaling's soort.
func (b Betaling) SoortLabel() string { return SoortLabel(b.Soort) }

// SoortLabel is the Dutch name of a soort betaling.
func SoortLabel(soort string) string {
	switch soort {
	case SoortDeclaratie:
		return "Declaratie"
	case SoortMaandloon:
		return "Maandloon"
	case SoortVVB:
		return "Verantwoordingsvrij bedrag"
	case SoortFactuur:
		return "Factuur"
	}
	return soort
}

// Overzicht is "Overzicht budget" for one year: the Totaalbudget, the
// uitbetalingen (newest first) and the ingeplande uitbetalingen.
type Overzicht struct {
	Jaar          int
	Jaren         []int // every year with a toekenning, newest first
	Ingangsdatum  civil.Date
	Zorgprofiel   string
	Toegekend     int64
	Betaald       int64
	Gepland       int64
	Resterend     int64 // Toegekend − Betaald − Gepland
	Uitbetalingen []Betaling
	Ingepland     []Betaling
	// Prognose forecasts the rest of the year; only for this year and later
	// ones (MetPrognose).
	Prognose    Prognose
	MetPrognose bool
}

// Overzicht returns the budget of the acting budgethouder (or the one a
// vertegenwoordiger acts for) in jaar; jaar 0 picks the current year, or the
// latest year with a toekenning when there is none for it. Only the budget
// side has a budget: every other party, and a year without toekenning, get
// apperr.ErrNotFound.
func (s *Service) Overzicht(ctx context.Context, jaar int) (Overzicht, error) {
	a, err := actor(ctx)
	if err != nil {
		return Overzicht{}, err
	}
	if !a.ActsForBudgethouder() {
		s.auditBudget(ctx, 0, apperr.ErrNotFound)
		return Overzicht{}, apperr.ErrNotFound
	}
	var o Overzicht
	err = db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT jaar FROM toekenningen WHERE budgethouder_id = $1 ORDER BY jaar DESC`, a.BudgethouderID)
		var err error
		o.Jaren, err = pgx.CollectRows(rows, pgx.RowTo[int])
		if err != nil {
			return err
		}
		if jaar == 0 {
			jaar = kiesJaar(o.Jaren, civil.Today(s.now()).Year)
		}
		err = tx.QueryRow(ctx, `SELECT jaar, ingangsdatum, zorgprofiel, bedrag, betaald, gepland FROM toekenningen
			WHERE budgethouder_id = $1 AND jaar = $2`, a.BudgethouderID, jaar).
			Scan(&o.Jaar, &o.Ingangsdatum, &o.Zorgprofiel, &o.Toegekend, &o.Betaald, &o.Gepland)
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.ErrNotFound
		}
		if err != nil {
			return err
		}
		o.Resterend = o.Toegekend - o.Betaald - o.Gepland
		vandaag := civil.Today(s.now())
		if o.MetPrognose = jaar >= vandaag.Year; o.MetPrognose {
			in, err := prognoseInvoer(ctx, tx, a.BudgethouderID, jaar, vandaag, money.Cents(o.Toegekend))
			if err != nil {
				return err
			}
			o.Prognose = BerekenPrognose(in)
		}
		rows, _ = tx.Query(ctx, betalingSelect+`WHERE budgethouder_id = $1 AND jaar = $2 AND status = 'uitbetaald'
			ORDER BY uitbetaald_op DESC, id DESC`, a.BudgethouderID, jaar)
		if o.Uitbetalingen, err = pgx.CollectRows(rows, scanBetaling); err != nil {
			return err
		}
		rows, _ = tx.Query(ctx, betalingSelect+`WHERE budgethouder_id = $1 AND jaar = $2 AND status = 'ingepland'
			ORDER BY ingepland_op DESC, id DESC`, a.BudgethouderID, jaar)
		o.Ingepland, err = pgx.CollectRows(rows, scanBetaling)
		return err
	})
	s.auditBudget(ctx, a.BudgethouderID, err)
	if err != nil {
		return Overzicht{}, fmt.Errorf("budget: overzicht: %w", err)
	}
	return o, nil
}

// kiesJaar is the year the overview opens on: this year if it has a
// toekenning, else the newest one (jaren is sorted newest first).
func kiesJaar(jaren []int, ditJaar int) int {
	for _, j := range jaren {
		if j == ditJaar {
			return j
		}
	}
	if len(jaren) > 0 {
		return jaren[0]
	}
	return ditJaar
}

const betalingSelect = `SELECT id, jaar, coalesce(zorgverlener_id, 0), coalesce(declaratie_id, 0), coalesce(zorgovereenkomst_id, 0),
	soort, periode, omschrijving, bedrag, naam, status, ingepland_op, uitbetaald_op
	FROM betalingen `

func scanBetaling(r pgx.CollectableRow) (Betaling, error) {
	var b Betaling
	var periode civil.NullDate
	var uit *time.Time
	err := r.Scan(&b.ID, &b.Jaar, &b.ZorgverlenerID, &b.DeclaratieID, &b.ZorgovereenkomstID, &b.Soort, &periode,
		&b.Omschrijving, &b.Bedrag, &b.Naam, &b.Status, &b.IngeplandOp, &uit)
	b.Periode = periode.Date
	if uit != nil {
		b.UitbetaaldOp = *uit
	}
	return b, err
}

func (s *Service) auditBudget(ctx context.Context, budgethouderID int64, err error) {
	s.audit(ctx, "lezen", "budget", 0, budgethouderID, err)
}
