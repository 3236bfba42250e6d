package declaratie

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/budget"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/db"
	zov "pgbportaal/internal/zorgovereenkomst"
)

// Get returns declaratie id with its agreement, if the acting party may see
// it; otherwise apperr.ErrNotFound.
func (s *Service) Get(ctx context.Context, id int64) (Declaratie, error) {
	a, err := actor(ctx)
	if err != nil {
		return Declaratie{}, err
	}
	var d Declaratie
	err = db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		var err error
		d, err = lees(ctx, tx, a, id, false)
		return err
	})
	s.audit(ctx, "lezen", id, d.BudgethouderID, err)
	if err != nil {
		return Declaratie{}, fmt.Errorf("declaratie: get: %w", err)
	}
	return d, nil
}

// Afspraken returns the approved agreements the acting party may declare
// under: the budget side's own, or the zorgverlener's own with any
// budgethouder, each with the months it may be declared over
// (DeclarabeleMaanden). An agreement with a vast maandbedrag in every one of
// those months is left out; one with a maandloon in only some of them is
// offered, and Nieuw checks the month chosen.
func (s *Service) Afspraken(ctx context.Context) ([]Afspraak, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	// Only a changed agreement has versions; one never changed is declared
	// under its content in every month.
	q := `SELECT z.id, z.budgethouder_id, coalesce(z.zorgverlener_id, 0), z.status, z.inhoud,
			EXISTS (SELECT 1 FROM zorgovereenkomst_versies v WHERE v.zorgovereenkomst_id = z.id)
		FROM zorgovereenkomsten z
		WHERE z.status = 'goedgekeurd' AND z.zorgverlener_id IS NOT NULL`
	var args []any
	switch a.Role {
	case auth.RoleBudgethouder, auth.RoleVertegenwoordiger:
		q += ` AND z.budgethouder_id = $1`
		args = append(args, a.BudgethouderID)
	case auth.RoleZorgverlener:
		q += ` AND z.zorgverlener_id = $1`
		args = append(args, a.ZorgverlenerID)
	default:
		return nil, nil
	}
	today := s.today()
	var out []Afspraak
	err = db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, q+` ORDER BY z.inhoud->'zorgverlener'->>'naam', z.id`, args...)
		var gewijzigd []bool
		alle, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Afspraak, error) {
			var af Afspraak
			var doc []byte
			var g bool
			if err := r.Scan(&af.ID, &af.BudgethouderID, &af.ZorgverlenerID, &af.Status, &doc, &g); err != nil {
				return af, err
			}
			gewijzigd = append(gewijzigd, g)
			return af, json.Unmarshal(doc, &af.Inhoud)
		})
		if err != nil {
			return err
		}
		for i, af := range alle {
			var versies []zov.Versie
			if gewijzigd[i] {
				if versies, err = zov.VersiesIn(ctx, tx, af.ID); err != nil {
					return err
				}
			}
			if af.Maanden = DeclarabeleMaanden(af.Status, af.Inhoud, versies, today); len(af.Maanden) > 0 {
				out = append(out, af)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("declaratie: afspraken: %w", err)
	}
	return out, nil
}

// Filter narrows "Overzicht declaraties en maandlonen"; zero fields do not filter.
type Filter struct {
	ZorgverlenerID int64
	Periode        civil.Date // a month
	Soort          string     // a Soort, or "maandloon"
	Status         Status
}

// SoortMaandloon is the Filter.Soort of the maandlonen.
const SoortMaandloon = "maandloon"

// Rij is one line of the overview: a declaratie or a maandloon.
type Rij struct {
	DeclaratieID     int64 // 0: a maandloon
	BetalingID       int64
	Soort            string // a Soort or SoortMaandloon
	SoortLabel       string
	Periode          civil.Date
	ZorgverlenerID   int64  // 0 when paid to the budgethouder's own account
	ZorgverlenerNaam string // "" when paid to the budgethouder's own account
	BudgethouderNaam string
	Bedrag           int64
	Status           Status
	IngevoerdDoor    string
	Gewijzigd        time.Time
}

// Keuze is an option of a filter.
type Keuze struct {
	ID   int64
	Naam string
}

// Overzicht is "Overzicht declaraties en maandlonen".
type Overzicht struct {
	Rijen         []Rij
	Totaal        int64 // of the rows that are or will be paid (not concept, rejected or withdrawn)
	Zorgverleners []Keuze
	Maanden       []civil.Date // months that have a declaratie or maandloon, newest first
}

// Telt reports whether a row counts in the total: it is or will be paid.
func (r Rij) Telt() bool {
	switch r.Status {
	case Ingepland, IntrekkingAangevraagd, Uitbetaald:
		return true
	}
	return false
}

// Lijst returns the declaraties and maandlonen the acting party may see
// (the budget side its own; a zorgverlener only those for itself, never the
// budget), newest month first, narrowed by f.
func (s *Service) Lijst(ctx context.Context, f Filter) (Overzicht, error) {
	a, err := actor(ctx)
	if err != nil {
		return Overzicht{}, err
	}
	var dScope, bScope string
	var args []any
	switch a.Role {
	case auth.RoleBudgethouder, auth.RoleVertegenwoordiger:
		dScope, bScope = `d.budgethouder_id = $1`, `b.budgethouder_id = $1`
		args = append(args, a.BudgethouderID)
	case auth.RoleZorgverlener:
		dScope, bScope = `d.zorgverlener_id = $1`, `b.zorgverlener_id = $1`
		args = append(args, a.ZorgverlenerID)
	default:
		return Overzicht{}, apperr.ErrForbidden
	}
	var o Overzicht
	err = db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT * FROM (
				SELECT d.id, coalesce(b.id, 0), d.soort, d.periode, coalesce(d.zorgverlener_id, 0),
					coalesce(z.inhoud->'zorgverlener'->>'naam', ''), coalesce(z.inhoud->>'budgethouder_naam', ''), d.totaal,
					CASE WHEN b.status = 'uitbetaald' THEN 'uitbetaald' ELSE d.status END AS st, d.ingevoerd_door, d.gewijzigd_op
				FROM declaraties d
				LEFT JOIN betalingen b ON b.declaratie_id = d.id AND b.status <> 'ingetrokken'
				LEFT JOIN zorgovereenkomsten z ON z.id = d.zorgovereenkomst_id
				WHERE `+dScope+`
				UNION ALL
				SELECT 0, b.id, 'maandloon', b.periode, coalesce(b.zorgverlener_id, 0),
					coalesce(z.inhoud->'zorgverlener'->>'naam', b.naam), coalesce(z.inhoud->>'budgethouder_naam', ''), b.bedrag,
					b.status, '', coalesce(b.uitbetaald_op, b.ingepland_op)
				FROM betalingen b LEFT JOIN zorgovereenkomsten z ON z.id = b.zorgovereenkomst_id
				WHERE b.soort = 'maandloon' AND `+bScope+`
			) r ORDER BY 4 DESC, 11 DESC, 1 DESC, 2 DESC LIMIT 1000`, args...)
		alle, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Rij, error) {
			var x Rij
			err := r.Scan(&x.DeclaratieID, &x.BetalingID, &x.Soort, &x.Periode, &x.ZorgverlenerID, &x.ZorgverlenerNaam, &x.BudgethouderNaam,
				&x.Bedrag, &x.Status, &x.IngevoerdDoor, &x.Gewijzigd)
			return x, err
		})
		if err != nil {
			return err
		}
		if o.Zorgverleners, err = zorgverlenerKeuzes(ctx, tx, a); err != nil {
			return err
		}
		maanden := map[civil.Date]bool{}
		for _, x := range alle {
			x.SoortLabel = soortLabel(x.Soort)
			if !maanden[x.Periode] {
				maanden[x.Periode] = true
				o.Maanden = append(o.Maanden, x.Periode)
			}
			if !f.match(x) {
				continue
			}
			o.Rijen = append(o.Rijen, x)
			if x.Telt() {
				o.Totaal += x.Bedrag
			}
		}
		slices.SortFunc(o.Maanden, func(x, y civil.Date) int { return y.Compare(x) })
		return nil
	})
	if err != nil {
		return Overzicht{}, fmt.Errorf("declaratie: lijst: %w", err)
	}
	return o, nil
}

// match reports whether row x passes the filter.
func (f Filter) match(x Rij) bool {
	if f.Periode.IsValid() && !x.Periode.Equal(f.Periode.FirstOfMonth()) {
		return false
	}
	if f.Soort != "" && x.Soort != f.Soort {
		return false
	}
	if f.Status != "" && x.Status != f.Status {
		return false
	}
	return f.ZorgverlenerID == 0 || x.ZorgverlenerID == f.ZorgverlenerID
}

func soortLabel(s string) string {
	if s == SoortMaandloon {
		return "Maandloon"
	}
	return Soort(s).Label()
}

// zorgverlenerKeuzes are the zorgverleners of the budget side's agreements
// (approved or formerly so), for the overview's filter. A zorgverlener gets none.
func zorgverlenerKeuzes(ctx context.Context, tx pgx.Tx, a auth.Actor) ([]Keuze, error) {
	if !a.ActsForBudgethouder() {
		return nil, nil
	}
	rows, _ := tx.Query(ctx, `SELECT DISTINCT ON (z.zorgverlener_id) z.zorgverlener_id, coalesce(z.inhoud->'zorgverlener'->>'naam', '')
		FROM zorgovereenkomsten z WHERE z.budgethouder_id = $1 AND z.zorgverlener_id IS NOT NULL AND z.ingediend_op IS NOT NULL
		ORDER BY z.zorgverlener_id, z.gewijzigd_op DESC`, a.BudgethouderID)
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Keuze, error) {
		var k Keuze
		err := r.Scan(&k.ID, &k.Naam)
		return k, err
	})
	slices.SortFunc(out, func(x, y Keuze) int { return strings.Compare(x.Naam, y.Naam) })
	return out, err
}

// Wachtrij is the SVB's queue of requested withdrawals that are not paid
// yet, the oldest request first.
func (s *Service) Wachtrij(ctx context.Context) ([]Declaratie, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if a.Role != auth.RoleSVB {
		return nil, apperr.ErrForbidden
	}
	var out []Declaratie
	err = db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT `+declaratieKolommen+declaratieFrom+`WHERE d.status = 'intrekking_aangevraagd'
			ORDER BY d.gewijzigd_op, d.id LIMIT 500`)
		all, err := pgx.CollectRows(rows, scanDeclaratie)
		if err != nil {
			return err
		}
		for _, d := range all {
			if d.Status != IntrekkingAangevraagd {
				continue // paid in the meantime
			}
			full, err := lees(ctx, tx, a, d.ID, false)
			if err != nil {
				return err
			}
			out = append(out, full)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("declaratie: wachtrij: %w", err)
	}
	return out, nil
}

// VVBRuimte returns what is left of the acting budgethouder's
// verantwoordingsvrij bedrag in jaar, leaving declaratie except out.
func (s *Service) VVBRuimte(ctx context.Context, jaar int, except int64) (VVBRuimte, error) {
	a, err := actor(ctx)
	if err != nil {
		return VVBRuimte{}, err
	}
	if !a.ActsForBudgethouder() {
		return VVBRuimte{}, apperr.ErrNotFound
	}
	var r VVBRuimte
	err = db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		var err error
		r, err = vvbRuimte(ctx, tx, a.BudgethouderID, jaar, except)
		return err
	})
	return r, err
}

// Resterend returns what remains of the acting budgethouder's budget of jaar
// (granted − paid − planned), and whether there is a budget that year. Only
// the budget side has a budget.
func (s *Service) Resterend(ctx context.Context, jaar int) (int64, bool, error) {
	a, err := actor(ctx)
	if err != nil {
		return 0, false, err
	}
	if !a.ActsForBudgethouder() {
		return 0, false, apperr.ErrNotFound
	}
	var rest int64
	err = db.Tx(ctx, s.Pool, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT bedrag - gepland - betaald FROM toekenningen WHERE budgethouder_id = $1 AND jaar = $2`,
			a.BudgethouderID, jaar).Scan(&rest)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, false, nil
	}
	return rest, err == nil, err
}

// BetalingKenmerk is the reference of a declaratie's betaling ("" for none).
func BetalingKenmerk(id int64) string {
	if id == 0 {
		return ""
	}
	return budget.Kenmerk(id)
}
