// Package bericht stores and reads the messages (berichten) of each party.
package bericht

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/db"
)

// Bericht is one message to a party.
type Bericht struct {
	ID         int64
	Soort      string
	Onderwerp  string
	Inhoud     string
	Kenmerk    string
	Aangemaakt time.Time
	Gelezen    bool
}

// PageSize is the number of berichten per page of the overview.
const PageSize = 20

// List returns page (from 1) of the acting party's berichten, newest first, and the total.
// Row-level security limits the rows to the acting party.
func List(ctx context.Context, pool *pgxpool.Pool, page, size int) ([]Bericht, int, error) {
	if page < 1 {
		page = 1
	}
	var out []Bericht
	var total int
	where, arg := recipientOf(ctx)
	err := db.Tx(ctx, pool, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM berichten WHERE `+where, arg).Scan(&total); err != nil {
			return err
		}
		rows, _ := tx.Query(ctx, `SELECT id, soort, onderwerp, inhoud, kenmerk, aangemaakt_op, gelezen_op IS NOT NULL
			FROM berichten WHERE `+where+` ORDER BY aangemaakt_op DESC, id DESC LIMIT $2 OFFSET $3`, arg, size, (page-1)*size)
		var err error
		out, err = pgx.CollectRows(rows, scan)
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("bericht: list: %w", err)
	}
	return out, total, nil
}

// recipientOf is the condition on berichten that selects the acting party's
// own (row-level security allows no more; saying it in the query lets the
// index on the recipient serve it) and its argument.
func recipientOf(ctx context.Context) (string, any) {
	s, _ := db.ScopeFrom(ctx)
	switch s.Role {
	case "budgethouder", "vertegenwoordiger":
		return "budgethouder_id = $1", s.BudgethouderID
	case "zorgverlener":
		return "zorgverlener_id = $1", s.ZorgverlenerID
	case "zorgkantoor", "svb":
		return "organisatie_id = $1", s.OrganisatieID
	}
	return "$1::bigint IS NULL", nil
}

func scan(r pgx.CollectableRow) (Bericht, error) {
	var b Bericht
	err := r.Scan(&b.ID, &b.Soort, &b.Onderwerp, &b.Inhoud, &b.Kenmerk, &b.Aangemaakt, &b.Gelezen)
	return b, err
}

// Open returns one bericht of the acting party and marks it read (unless the
// party may only look: then it is shown without marking).
func Open(ctx context.Context, pool *pgxpool.Pool, id int64) (Bericht, error) {
	var b Bericht
	s, _ := db.ScopeFrom(ctx)
	err := db.Tx(ctx, pool, func(tx pgx.Tx) error {
		row, _ := tx.Query(ctx, `SELECT id, soort, onderwerp, inhoud, kenmerk, aangemaakt_op, gelezen_op IS NOT NULL
			FROM berichten WHERE id = $1`, id)
		var err error
		b, err = pgx.CollectExactlyOneRow(row, scan)
		if err != nil || b.Gelezen || s.ReadOnly {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE berichten SET gelezen_op = now() WHERE id = $1 AND gelezen_op IS NULL`, id)
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return Bericht{}, apperr.ErrNotFound
	}
	if err != nil {
		return Bericht{}, fmt.Errorf("bericht: open: %w", err)
	}
	return b, nil
}

// Recipient names who a new bericht is for: exactly one field set.
type Recipient struct {
	BudgethouderID, ZorgverlenerID, OrganisatieID int64
}

// Send stores a bericht in tx (the transaction of the event it reports). The
// database queues the e-mail notification for a recipient who chose
// "digitaal" in the same transaction (trigger berichten_email; see package
// email), so every bericht, from whichever action, is announced exactly when
// it is committed.
func Send(ctx context.Context, tx pgx.Tx, to Recipient, soort, onderwerp, inhoud, kenmerk string) error {
	nz := func(v int64) any {
		if v == 0 {
			return nil
		}
		return v
	}
	_, err := tx.Exec(ctx, `INSERT INTO berichten (budgethouder_id, zorgverlener_id, organisatie_id, soort, onderwerp, inhoud, kenmerk)
		VALUES ($1,$2,$3,$4,$5,$6,$7)`, nz(to.BudgethouderID), nz(to.ZorgverlenerID), nz(to.OrganisatieID), soort, onderwerp, inhoud, kenmerk)
	if err != nil {
		return fmt.Errorf("bericht: send: %w", err)
	}
	return nil
}
