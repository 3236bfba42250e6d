package budget

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/money"
	"pgbportaal/internal/nlid"
)

// Soorten of betaling.
const (
	SoortDeclaratie = "declaratie" // a declaratie of geleverde zorg and the like
	SoortMaandloon  = "maandloon"  // the fixed monthly wage of an agreement
	SoortVVB        = "vvb"        // verantwoordingsvrij bedrag, to the budgethouder's own account
	SoortFactuur    = "factuur"    // an invoice or postal declaratie entered by the SVB
)

// Statussen of a betaling.
const (
	Ingepland   = "ingepland"
	Uitbetaald  = "uitbetaald"
	Ingetrokken = "ingetrokken"
)

// Boeking is a payment to plan against a budget: whose budget (budgethouder
// and year), to whom (a zorgverlener, or nobody for the budgethouder's own
// account), why (declaratie, agreement, month) and how much.
type Boeking struct {
	BudgethouderID     int64
	Jaar               int   // budget year; 0 takes Periode's year
	ZorgverlenerID     int64 // 0: to the budgethouder's own account (VVB)
	DeclaratieID       int64 // 0: none
	ZorgovereenkomstID int64 // 0: none; required for a maandloon
	Soort              string
	Periode            civil.Date // a month (any day in it; stored as its first day); zero: none
	Omschrijving       string
	Bedrag             int64  // cents, > 0
	IBAN, Naam         string // the payee's account and name for the SEPA transfer
}

// Errors of the ledger. Inplannen returns *apperr.Error (422 or 409) with a
// Dutch message that wraps these, so callers test with errors.Is and show
// apperr.Classify's message.
var (
	// ErrGeenBudget: there is no toekenning for that budgethouder and year
	// (or the acting party may not book on it).
	ErrGeenBudget = errors.New("budget: geen toekenning")
	// ErrBudgetOntoereikend: the amount is more than what remains. The
	// wrapped *Tekort says how much remains.
	ErrBudgetOntoereikend = errors.New("budget: budget ontoereikend")
	// ErrAlIngepland: the maandloon of that agreement and month is planned already.
	ErrAlIngepland = errors.New("budget: maandloon al ingepland")
	// ErrNietIntrekbaar: the betaling is paid or withdrawn already.
	ErrNietIntrekbaar = errors.New("budget: betaling niet meer ingepland")
)

// Tekort details ErrBudgetOntoereikend: the year, what remains and what was asked.
type Tekort struct {
	Jaar              int
	Resterend, Bedrag int64
}

func (t *Tekort) Error() string {
	return fmt.Sprintf("budget %d: %d cents asked, %d remain", t.Jaar, t.Bedrag, t.Resterend)
}

// Unwrap makes errors.Is(err, ErrBudgetOntoereikend) hold.
func (t *Tekort) Unwrap() error { return ErrBudgetOntoereikend }

// Kenmerk is the reference of a betaling: on berichten, in the overview and
// in the SEPA remittance ("PGB BET-0000123").
func Kenmerk(betalingID int64) string { return fmt.Sprintf("BET-%07d", betalingID) }

func ongeldigeBoeking(msg string) error {
	return apperr.WithCode(http.StatusUnprocessableEntity, msg, apperr.ErrInvalid)
}

// normalize checks a Boeking and fills Jaar, Periode (first of month) and the
// electronic IBAN.
func (b *Boeking) normalize() error {
	switch b.Soort {
	case SoortDeclaratie, SoortMaandloon, SoortVVB, SoortFactuur:
	default:
		return ongeldigeBoeking("Onbekende soort betaling.")
	}
	if b.BudgethouderID == 0 {
		return ongeldigeBoeking("Geen budgethouder bij deze betaling.")
	}
	if b.Bedrag <= 0 {
		return ongeldigeBoeking("Het bedrag van een betaling moet groter zijn dan € 0,00.")
	}
	if !b.Periode.IsZero() {
		if !b.Periode.IsValid() {
			return ongeldigeBoeking("Ongeldige periode.")
		}
		b.Periode = b.Periode.FirstOfMonth()
		if b.Jaar == 0 {
			b.Jaar = b.Periode.Year
		}
		if b.Periode.Year != b.Jaar {
			return ongeldigeBoeking(fmt.Sprintf("Een betaling over %d komt uit het budget van %d.", b.Periode.Year, b.Periode.Year))
		}
	}
	if b.Jaar < 2000 || b.Jaar > 2100 {
		return ongeldigeBoeking("Ongeldig budgetjaar.")
	}
	if b.Soort == SoortMaandloon && (b.ZorgovereenkomstID == 0 || b.Periode.IsZero()) {
		return ongeldigeBoeking("Een maandloon hoort bij een zorgovereenkomst en een maand.")
	}
	iban, ok := nlid.NormalizeIBAN(b.IBAN)
	if !ok {
		return ongeldigeBoeking("Er is geen geldig rekeningnummer (IBAN) bekend om deze betaling op uit te betalen.")
	}
	b.IBAN = iban
	b.Naam = strings.Join(strings.Fields(b.Naam), " ")
	if b.Naam == "" {
		return ongeldigeBoeking("Er is geen naam bekend van de rekeninghouder voor deze betaling.")
	}
	return nil
}

func nz(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// Inplannen books b against the budget of its budgethouder and year inside
// the caller's transaction tx, and returns the new betaling's id. The budget
// row is locked by the UPDATE (gepland = gepland + bedrag), so concurrent
// bookings queue and PostgreSQL's CHECK refuses any that would make planned
// plus paid exceed the granted budget: then ErrBudgetOntoereikend (422, the
// message names what remains). No toekenning: ErrGeenBudget (422). A
// maandloon already planned for that agreement and month: ErrAlIngepland
// (409). On such a refusal nothing is booked and tx stays usable (the work
// runs in a savepoint).
//
// Reaching 80%, 90% or 100% of the budget records the alert and sends the
// budgethouder a bericht in tx, once per share per year.
//
// Row-level security applies: the budget side may plan on its own budget, the
// SVB and the portal (db.System) on any; others find no budget. Use it in a
// READ COMMITTED transaction (pgx's default), so a booking waiting for the
// budget row's lock continues on the amounts committed meanwhile; under
// REPEATABLE READ it would fail with a serialization error instead.
func Inplannen(ctx context.Context, tx pgx.Tx, b Boeking) (int64, error) {
	id, ok, err := inplannen(ctx, tx, b)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, apperr.WithCode(http.StatusConflict, "Het maandloon voor deze maand is al ingepland.",
			fmt.Errorf("%w: %w", ErrAlIngepland, apperr.ErrConflict))
	}
	return id, nil
}

// inplannen is Inplannen that reports a maandloon already planned as ok=false.
func inplannen(ctx context.Context, tx pgx.Tx, b Boeking) (int64, bool, error) {
	if err := b.normalize(); err != nil {
		return 0, false, err
	}
	sp, err := tx.Begin(ctx) // a savepoint: a refusal leaves the caller's transaction usable
	if err != nil {
		return 0, false, fmt.Errorf("budget: inplannen: %w", err)
	}
	defer sp.Rollback(ctx) //nolint:errcheck // no-op after Commit
	tag, err := sp.Exec(ctx, `UPDATE toekenningen SET gepland = gepland + $3 WHERE budgethouder_id = $1 AND jaar = $2`,
		b.BudgethouderID, b.Jaar, b.Bedrag)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23514" { // check_violation: toekenningen_binnen_budget
		_ = sp.Rollback(ctx)
		return 0, false, tekort(ctx, tx, b)
	}
	if err != nil {
		return 0, false, fmt.Errorf("budget: inplannen: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return 0, false, geenBudget(b.Jaar)
	}
	periode := civil.NullDate{Date: b.Periode, Valid: !b.Periode.IsZero()}
	var id int64
	err = sp.QueryRow(ctx, `INSERT INTO betalingen (budgethouder_id, jaar, zorgverlener_id, declaratie_id, zorgovereenkomst_id,
			soort, periode, omschrijving, bedrag, iban, naam)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (zorgovereenkomst_id, periode) WHERE soort = 'maandloon' AND ingetrokken_op IS NULL DO NOTHING
		RETURNING id`,
		b.BudgethouderID, b.Jaar, nz(b.ZorgverlenerID), nz(b.DeclaratieID), nz(b.ZorgovereenkomstID),
		b.Soort, periode, b.Omschrijving, b.Bedrag, b.IBAN, b.Naam).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, false, nil // the deferred Rollback undoes the gepland
	}
	if err != nil {
		return 0, false, fmt.Errorf("budget: inplannen: %w", err)
	}
	if _, err := drempelsSignaleren(ctx, sp, b.BudgethouderID, b.Jaar); err != nil {
		return 0, false, err
	}
	if err := sp.Commit(ctx); err != nil {
		return 0, false, fmt.Errorf("budget: inplannen: %w", err)
	}
	return id, true, nil
}

func geenBudget(jaar int) error {
	return apperr.WithCode(http.StatusUnprocessableEntity, fmt.Sprintf("Er is voor %d geen budget toegekend.", jaar), ErrGeenBudget)
}

// tekort builds ErrBudgetOntoereikend with what remains of the budget.
func tekort(ctx context.Context, tx pgx.Tx, b Boeking) error {
	var resterend int64
	if err := tx.QueryRow(ctx, `SELECT bedrag - gepland - betaald FROM toekenningen WHERE budgethouder_id = $1 AND jaar = $2`,
		b.BudgethouderID, b.Jaar).Scan(&resterend); err != nil {
		return fmt.Errorf("budget: resterend: %w", err)
	}
	// The budget side reads "uw budget"; the SVB (invoices) and the portal
	// (maandlonen) book on someone else's.
	wat := map[string]string{
		SoortDeclaratie: "Deze declaratie is hoger dan uw",
		SoortMaandloon:  "Het maandloon is hoger dan het",
		SoortVVB:        "Het verantwoordingsvrij bedrag is hoger dan uw",
		SoortFactuur:    "Deze factuur is hoger dan het",
	}[b.Soort]
	return apperr.WithCode(http.StatusUnprocessableEntity,
		fmt.Sprintf("%s resterende budget voor %d (%s).", wat, b.Jaar, money.Cents(resterend)),
		&Tekort{Jaar: b.Jaar, Resterend: resterend, Bedrag: b.Bedrag})
}

// Intrekken withdraws a betaling that is still ingepland, inside the caller's
// transaction tx, and gives its amount back to the budget. Only the SVB (it
// decides on intrekkingen) and the portal may; a betaling the acting party
// cannot see is apperr.ErrNotFound, one already paid or withdrawn
// ErrNietIntrekbaar (409).
func Intrekken(ctx context.Context, tx pgx.Tx, betalingID int64) error {
	var bh, bedrag int64
	var jaar int
	err := tx.QueryRow(ctx, `UPDATE betalingen SET status = 'ingetrokken', ingetrokken_op = now()
		WHERE id = $1 AND status = 'ingepland' RETURNING budgethouder_id, jaar, bedrag`, betalingID).Scan(&bh, &jaar, &bedrag)
	if errors.Is(err, pgx.ErrNoRows) {
		var status string
		err := tx.QueryRow(ctx, `SELECT status FROM betalingen WHERE id = $1`, betalingID).Scan(&status)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return apperr.ErrNotFound
		case err != nil:
			return fmt.Errorf("budget: intrekken: %w", err)
		case status == Ingepland:
			return apperr.ErrForbidden // visible, but this party may not withdraw
		}
		return apperr.WithCode(http.StatusConflict, "Deze betaling is al uitbetaald of ingetrokken.",
			fmt.Errorf("%w: %w", ErrNietIntrekbaar, apperr.ErrConflict))
	}
	if err != nil {
		return fmt.Errorf("budget: intrekken: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE toekenningen SET gepland = gepland - $3 WHERE budgethouder_id = $1 AND jaar = $2`,
		bh, jaar, bedrag); err != nil {
		return fmt.Errorf("budget: intrekken: %w", err)
	}
	return nil
}
