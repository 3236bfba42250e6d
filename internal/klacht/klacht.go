// Package klacht handles "Suggestie of klacht": every logged-in party can send
// one; the budgethouder's own zorgkantoor handles those of the budget side, the
// SVB all others; the answer reaches the sender as a bericht.
package klacht

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/bericht"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/db"
)

// Soorten are the kinds of feedback, with their Dutch labels.
var Soorten = []struct{ Value, Label string }{
	{"suggestie", "Suggestie"},
	{"klacht", "Klacht"},
}

// Klacht is one suggestion or complaint.
type Klacht struct {
	ID             int64
	Soort          string
	Onderwerp      string
	Toelichting    string
	Afzender       string // who sent it, as staff may know it
	BudgethouderID int64
	IngediendOp    time.Time
	Antwoord       string
	BeantwoordOp   *time.Time
}

// SoortLabel is the Dutch label of the kind.
func (k Klacht) SoortLabel() string {
	for _, s := range Soorten {
		if s.Value == k.Soort {
			return s.Label
		}
	}
	return k.Soort
}

// Kenmerk is the reference of klacht id, as the sender and staff see it.
func Kenmerk(id int64) string { return fmt.Sprintf("K%06d", id) }

// Invoer is the form as typed.
type Invoer struct {
	Soort, Onderwerp, Toelichting string
}

// Errors maps a field name to a Dutch message.
type Errors map[string]string

// Valideer normalises in and returns the errors per field.
func Valideer(in *Invoer) Errors {
	e := Errors{}
	in.Onderwerp = strings.TrimSpace(in.Onderwerp)
	in.Toelichting = strings.TrimSpace(in.Toelichting)
	if in.Soort != "suggestie" && in.Soort != "klacht" {
		e["soort"] = "Kies of het een suggestie of een klacht is."
	}
	switch n := utf8.RuneCountInString(in.Onderwerp); {
	case n == 0:
		e["onderwerp"] = "Vul in waar uw suggestie of klacht over gaat."
	case n > 150:
		e["onderwerp"] = "Het onderwerp is hoogstens 150 tekens."
	}
	switch n := utf8.RuneCountInString(in.Toelichting); {
	case n == 0:
		e["toelichting"] = "Beschrijf uw suggestie of klacht."
	case n > 4000:
		e["toelichting"] = fmt.Sprintf("Uw toelichting is %d tekens; hoogstens 4000 passen.", n)
	}
	return e
}

// sender is the party a klacht comes from (and its answer goes to).
func sender(a auth.Actor) (bericht.Recipient, error) {
	switch {
	case a.ActsForBudgethouder():
		return bericht.Recipient{BudgethouderID: a.BudgethouderID}, nil
	case a.Role == auth.RoleZorgverlener && a.ZorgverlenerID != 0:
		return bericht.Recipient{ZorgverlenerID: a.ZorgverlenerID}, nil
	case a.IsStaff() && a.OrganisatieID != 0:
		return bericht.Recipient{OrganisatieID: a.OrganisatieID}, nil
	}
	return bericht.Recipient{}, apperr.ErrForbidden
}

// Indienen stores a validated suggestion or complaint of actor a. Someone who
// may only look at their pgb may still send one: it changes nothing of the pgb.
func Indienen(ctx context.Context, pool *pgxpool.Pool, a auth.Actor, in Invoer) (int64, error) {
	to, err := sender(a)
	if err != nil {
		return 0, err
	}
	scope := a.Scope()
	scope.ReadOnly = false
	nz := func(v int64) any {
		if v == 0 {
			return nil
		}
		return v
	}
	var id int64
	err = db.TxAs(ctx, pool, scope, func(tx pgx.Tx) error {
		// behandelaar_id is set by the database; 0 is a placeholder.
		return tx.QueryRow(ctx, `INSERT INTO klachten (soort, onderwerp, toelichting, budgethouder_id, zorgverlener_id, organisatie_id, behandelaar_id)
			VALUES ($1,$2,$3,$4,$5,$6,(SELECT min(id) FROM organisaties)) RETURNING id`,
			in.Soort, in.Onderwerp, in.Toelichting, nz(to.BudgethouderID), nz(to.ZorgverlenerID), nz(to.OrganisatieID)).Scan(&id)
	})
	if err != nil {
		return 0, fmt.Errorf("klacht: indienen: %w", err)
	}
	return id, nil
}

const selectKlacht = `SELECT k.id, k.soort, k.onderwerp, k.toelichting,
	CASE WHEN k.budgethouder_id IS NOT NULL THEN 'Budgethouder, relatienummer ' || coalesce(b.relatienummer, '?')
	     WHEN k.zorgverlener_id IS NOT NULL THEN 'Zorgverlener ' || coalesce(z.naam, '?')
	     ELSE coalesce(o.naam, 'Organisatie') END,
	coalesce(k.budgethouder_id, 0), k.ingediend_op, k.antwoord, k.beantwoord_op
	FROM klachten k
	LEFT JOIN budgethouders b ON b.id = k.budgethouder_id
	LEFT JOIN zorgverleners z ON z.id = k.zorgverlener_id
	LEFT JOIN organisaties o ON o.id = k.organisatie_id`

func scan(r pgx.CollectableRow) (Klacht, error) {
	var k Klacht
	err := r.Scan(&k.ID, &k.Soort, &k.Onderwerp, &k.Toelichting, &k.Afzender, &k.BudgethouderID, &k.IngediendOp, &k.Antwoord, &k.BeantwoordOp)
	return k, err
}

// Wachtrij returns the klachten the acting organisation handles: open ones
// first, oldest first; then the answered ones, newest first.
func Wachtrij(ctx context.Context, pool *pgxpool.Pool, a auth.Actor) ([]Klacht, error) {
	var out []Klacht
	err := db.Tx(ctx, pool, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, selectKlacht+` WHERE k.behandelaar_id = $1
			ORDER BY k.beantwoord_op IS NOT NULL, CASE WHEN k.beantwoord_op IS NULL THEN k.ingediend_op END,
			k.beantwoord_op DESC, k.id LIMIT 200`, a.OrganisatieID)
		var err error
		out, err = pgx.CollectRows(rows, scan)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("klacht: wachtrij: %w", err)
	}
	return out, nil
}

// Get returns one klacht that the acting organisation handles.
func Get(ctx context.Context, pool *pgxpool.Pool, a auth.Actor, id int64) (Klacht, error) {
	var k Klacht
	err := db.Tx(ctx, pool, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, selectKlacht+` WHERE k.id = $1 AND k.behandelaar_id = $2`, id, a.OrganisatieID)
		var err error
		k, err = pgx.CollectExactlyOneRow(rows, scan)
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return Klacht{}, apperr.ErrNotFound
	}
	if err != nil {
		return Klacht{}, fmt.Errorf("klacht: get: %w", err)
	}
	return k, nil
}

// ErrAlBeantwoord is returned when someone answered first.
var ErrAlBeantwoord = apperr.WithCode(409, "Deze suggestie of klacht is intussen al beantwoord. Het antwoord staat hieronder.", apperr.ErrConflict)

// ValideerAntwoord checks an answer.
func ValideerAntwoord(antwoord *string) Errors {
	e := Errors{}
	*antwoord = strings.TrimSpace(*antwoord)
	switch n := utf8.RuneCountInString(*antwoord); {
	case n == 0:
		e["antwoord"] = "Schrijf een antwoord."
	case n > 4000:
		e["antwoord"] = fmt.Sprintf("Uw antwoord is %d tekens; hoogstens 4000 passen.", n)
	}
	return e
}

// Beantwoorden stores the answer of a's organisation and sends it to the
// sender as a bericht, in one transaction; an answered klacht is not answered twice.
func Beantwoorden(ctx context.Context, pool *pgxpool.Pool, a auth.Actor, id int64, antwoord string, now time.Time) (Klacht, error) {
	var k Klacht
	err := db.Tx(ctx, pool, func(tx pgx.Tx) error {
		var to bericht.Recipient
		var bh, zv, org *int64
		var done bool
		err := tx.QueryRow(ctx, `SELECT budgethouder_id, zorgverlener_id, organisatie_id, beantwoord_op IS NOT NULL
			FROM klachten WHERE id = $1 AND behandelaar_id = $2 FOR UPDATE`, id, a.OrganisatieID).Scan(&bh, &zv, &org, &done)
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.ErrNotFound
		}
		if err != nil {
			return err
		}
		if done {
			return ErrAlBeantwoord
		}
		var door any
		if a.MedewerkerID != 0 {
			door = a.MedewerkerID
		}
		if _, err := tx.Exec(ctx, `UPDATE klachten SET antwoord = $2, beantwoord_op = $3, beantwoord_door = $4 WHERE id = $1`,
			id, antwoord, now, door); err != nil {
			return err
		}
		switch {
		case bh != nil:
			to.BudgethouderID = *bh
		case zv != nil:
			to.ZorgverlenerID = *zv
		default:
			to.OrganisatieID = *org
		}
		rows, _ := tx.Query(ctx, selectKlacht+` WHERE k.id = $1`, id)
		k, err = pgx.CollectExactlyOneRow(rows, scan)
		if err != nil {
			return err
		}
		return bericht.Send(ctx, tx, to, "klacht", "Antwoord op uw "+k.Soort,
			"U stuurde ons op "+k.IngediendOp.In(civil.Amsterdam()).Format("02-01-2006")+" een "+k.Soort+" over \""+k.Onderwerp+"\".\n\n"+antwoord,
			Kenmerk(id))
	})
	if err != nil && !errors.Is(err, apperr.ErrNotFound) && !errors.Is(err, apperr.ErrConflict) {
		return Klacht{}, fmt.Errorf("klacht: beantwoorden: %w", err)
	}
	return k, err
}
