// Package budget is the pgb itself: the toekenningsbeschikking the
// zorgkantoor registers, and the ledger that books every payment against it
// so that planned plus paid never exceeds what was granted.
package budget

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/audit"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/bericht"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/db"
	"pgbportaal/internal/money"
)

// Service registers toekenningen and shows the budget. Every method reads the
// acting party from the context and runs in a scoped transaction, so
// row-level security decides what exists for that party.
type Service struct {
	Pool *pgxpool.Pool
	Now  func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// Toekenning is a toekenningsbeschikking: the budget of one budgethouder for
// one calendar year. To register one, name the budgethouder by
// BudgethouderRelatienummer or BudgethouderID.
type Toekenning struct {
	ID                        int64
	BudgethouderID            int64
	BudgethouderRelatienummer string
	BudgethouderNaam          string // filled when read
	Jaar                      int
	Bedrag                    int64 // cents
	Ingangsdatum              civil.Date
	Zorgprofiel               string
	Gepland, Betaald          int64 // cents, filled when read
	GeregistreerdOp           time.Time
}

// Resterend is what is left of the budget: granted − paid − planned.
func (t Toekenning) Resterend() int64 { return t.Bedrag - t.Betaald - t.Gepland }

// Errors of Registreer. The returned errors are *apperr.Error with a Dutch
// message that wrap these sentinels.
var (
	ErrBudgethouderOnbekend = errors.New("budget: budgethouder not found in scope")
	ErrAlToegekend          = errors.New("budget: toekenning for this year exists")
)

// Valideer checks a toekenning before registration, on the day vandaag:
// a budgethouder named, a year from last year to next year (in December the
// next year's beschikking arrives), an amount above zero, an ingangsdatum in
// that year, and a zorgprofiel that gives right to a pgb. It returns Dutch
// messages by field; empty when the toekenning may be registered.
func (t Toekenning) Valideer(vandaag civil.Date) map[string]string {
	errs := map[string]string{}
	if strings.TrimSpace(t.BudgethouderRelatienummer) == "" && t.BudgethouderID == 0 {
		errs["relatienummer"] = "Vul het relatienummer van de budgethouder in."
	}
	switch {
	case t.Jaar == 0:
		errs["jaar"] = "Vul het jaar van de toekenning in."
	case t.Jaar < vandaag.Year-1 || t.Jaar > vandaag.Year+1:
		errs["jaar"] = fmt.Sprintf("Registreer een toekenning voor %d, %d of %d.", vandaag.Year-1, vandaag.Year, vandaag.Year+1)
	}
	if t.Bedrag <= 0 {
		errs["bedrag"] = "Vul een bedrag in dat groter is dan € 0,00."
	}
	switch {
	case t.Ingangsdatum.IsZero():
		errs["ingangsdatum"] = "Vul de ingangsdatum in, bijvoorbeeld 01-01-" + strconv.Itoa(max(t.Jaar, vandaag.Year)) + "."
	case t.Jaar != 0 && t.Ingangsdatum.Year != t.Jaar:
		errs["ingangsdatum"] = fmt.Sprintf("De ingangsdatum moet in %d liggen: een budget loopt per kalenderjaar.", t.Jaar)
	}
	if _, err := ControleerZorgprofiel(t.Zorgprofiel); err != nil {
		_, msg := apperr.Classify(err)
		errs["zorgprofiel"] = msg
	}
	return errs
}

func actor(ctx context.Context) (auth.Actor, error) {
	a, ok := auth.ActorFrom(ctx)
	if !ok {
		return auth.Actor{}, apperr.ErrForbidden
	}
	return a, nil
}

// Registreer stores a toekenningsbeschikking for a budgethouder of the acting
// zorgkantoor's region and sends the budgethouder a bericht; from then on the
// budgethouder can log in. A budgethouder of another region is not found;
// a second toekenning for the same year is refused.
func (s *Service) Registreer(ctx context.Context, t Toekenning) (int64, error) {
	a, err := actor(ctx)
	if err != nil {
		return 0, err
	}
	if a.Role != auth.RoleZorgkantoor {
		s.audit(ctx, "registreren", "toekenning", 0, 0, apperr.ErrForbidden)
		return 0, apperr.ErrForbidden
	}
	if errs := t.Valideer(civil.Today(s.now())); len(errs) > 0 {
		return 0, apperr.WithCode(http.StatusUnprocessableEntity, "Controleer de gegevens van de toekenning.", apperr.Fields(errs))
	}
	zp, _ := ControleerZorgprofiel(t.Zorgprofiel)
	var id, bh int64
	err = db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		var err error
		if t.BudgethouderID != 0 {
			err = tx.QueryRow(ctx, `SELECT id FROM budgethouders WHERE id = $1`, t.BudgethouderID).Scan(&bh)
		} else {
			err = tx.QueryRow(ctx, `SELECT id FROM budgethouders WHERE relatienummer = $1`,
				strings.ToUpper(strings.TrimSpace(t.BudgethouderRelatienummer))).Scan(&bh)
		}
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.WithCode(http.StatusNotFound, "Wij vinden geen budgethouder met dit relatienummer in uw regio.",
				fmt.Errorf("%w: %w", ErrBudgethouderOnbekend, apperr.ErrNotFound))
		}
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `INSERT INTO toekenningen (budgethouder_id, jaar, bedrag, ingangsdatum, zorgprofiel, geregistreerd_op)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (budgethouder_id, jaar) DO NOTHING RETURNING id`,
			bh, t.Jaar, t.Bedrag, t.Ingangsdatum, zp.Code, s.now()).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.WithCode(http.StatusConflict,
				fmt.Sprintf("Voor deze budgethouder is voor %d al een toekenning geregistreerd.", t.Jaar),
				fmt.Errorf("%w: %w", ErrAlToegekend, apperr.ErrConflict))
		}
		if err != nil {
			return err
		}
		return bericht.Send(ctx, tx, bericht.Recipient{BudgethouderID: bh}, "toekenning",
			"Toekenningsbeschikking geregistreerd",
			fmt.Sprintf("Uw zorgkantoor heeft uw toekenningsbeschikking voor %d geregistreerd: een budget van %s vanaf %s, zorgprofiel %s. "+
				"U kunt in het PGB Portaal zorgovereenkomsten opstellen en declaraties indienen. Hoeveel budget u nog heeft, ziet u in Overzicht budget.",
				t.Jaar, money.Cents(t.Bedrag), t.Ingangsdatum, zp.Code),
			ToekenningKenmerk(id))
	})
	s.audit(ctx, "registreren", "toekenning", id, bh, err)
	if err != nil {
		return 0, fmt.Errorf("budget: registreer: %w", err)
	}
	return id, nil
}

// ToekenningKenmerk is the reference of a toekenning in berichten.
func ToekenningKenmerk(id int64) string { return fmt.Sprintf("TK-%06d", id) }

// Toekenningen returns the toekenningen the acting staff member's
// organisation handles (a zorgkantoor: its region), newest registration first.
func (s *Service) Toekenningen(ctx context.Context) ([]Toekenning, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if !a.IsStaff() {
		return nil, apperr.ErrForbidden
	}
	var out []Toekenning
	err = db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT t.id, t.budgethouder_id, b.relatienummer,
			coalesce(trim(p.voorletters || ' ' || p.tussenvoegsel || ' ' || p.achternaam), ''),
			t.jaar, t.bedrag, t.ingangsdatum, t.zorgprofiel, t.gepland, t.betaald, t.geregistreerd_op
			FROM toekenningen t JOIN budgethouders b ON b.id = t.budgethouder_id
			LEFT JOIN personen p ON p.id = b.persoon_id
			ORDER BY t.geregistreerd_op DESC, t.id DESC LIMIT 500`)
		var err error
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Toekenning, error) {
			var t Toekenning
			err := r.Scan(&t.ID, &t.BudgethouderID, &t.BudgethouderRelatienummer, &t.BudgethouderNaam, &t.Jaar, &t.Bedrag,
				&t.Ingangsdatum, &t.Zorgprofiel, &t.Gepland, &t.Betaald, &t.GeregistreerdOp)
			t.BudgethouderNaam = strings.Join(strings.Fields(t.BudgethouderNaam), " ")
			return t, err
		})
		return err
	})
	s.audit(ctx, "lezen", "toekenningen", 0, 0, err)
	if err != nil {
		return nil, fmt.Errorf("budget: toekenningen: %w", err)
	}
	return out, nil
}

// audit records who registered or read which toekenning or budget, and the outcome.
func (s *Service) audit(ctx context.Context, action, objectType string, id, budgethouderID int64, err error) {
	audit.Object(ctx, s.Pool, objectType, action, id, budgethouderID, err)
}
