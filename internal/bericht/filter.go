package bericht

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/db"
)

// Filter narrows the berichten overview. Zero values mean "all".
type Filter struct {
	Status string // "", "ongelezen" or "gelezen"
	Soort  string // "" or one of the party's soorten
}

// Normalize drops values that are not a known choice.
func (f Filter) Normalize() Filter {
	if f.Status != "ongelezen" && f.Status != "gelezen" {
		f.Status = ""
	}
	if len(f.Soort) > 40 {
		f.Soort = ""
	}
	return f
}

// IsZero reports whether the filter shows everything.
func (f Filter) IsZero() bool { return f == Filter{} }

var soortLabels = map[string]string{
	"betaling":         "Betalingen",
	"declaratie":       "Declaraties",
	"klacht":           "Suggesties en klachten",
	"melding":          "Ziek- en zwangerschapsmeldingen",
	"toekenning":       "Budget",
	"welkom":           "Welkom",
	"zorgovereenkomst": "Zorgovereenkomsten",
}

// SoortLabel is the Dutch label of a soort of bericht.
func SoortLabel(soort string) string {
	if l, ok := soortLabels[soort]; ok {
		return l
	}
	if soort == "" {
		return "Overig"
	}
	return strings.ToUpper(soort[:1]) + soort[1:]
}

// Search returns page (from 1) of the acting party's berichten matching f,
// newest first, how many match, and the soorten among all the party's
// berichten (for the filter's choices).
func Search(ctx context.Context, pool *pgxpool.Pool, f Filter, page, size int) ([]Bericht, int, []string, error) {
	if page < 1 {
		page = 1
	}
	f = f.Normalize()
	// Only the party's own berichten (row-level security allows no more;
	// saying so lets the recipient's index serve the page).
	mine, arg := recipientOf(ctx)
	where := ` WHERE ($1 = '' OR ($1 = 'ongelezen') = (gelezen_op IS NULL)) AND ($2 = '' OR soort = $2)`
	var out []Bericht
	var total int
	var soorten []string
	err := db.Tx(ctx, pool, func(tx pgx.Tx) error {
		// One statement for the count and the soorten.
		if err := tx.QueryRow(ctx, `SELECT count(*) FILTER (WHERE `+where[len(" WHERE "):]+`),
			coalesce(array_agg(DISTINCT soort ORDER BY soort), '{}') FROM berichten WHERE `+strings.Replace(mine, "$1", "$3", 1),
			f.Status, f.Soort, arg).Scan(&total, &soorten); err != nil {
			return err
		}
		rows, _ := tx.Query(ctx, `SELECT id, soort, onderwerp, inhoud, kenmerk, aangemaakt_op, gelezen_op IS NOT NULL
			FROM berichten`+where+` AND `+strings.Replace(mine, "$1", "$5", 1)+` ORDER BY aangemaakt_op DESC, id DESC LIMIT $3 OFFSET $4`, f.Status, f.Soort, size, (page-1)*size, arg)
		var err error
		out, err = pgx.CollectRows(rows, scan)
		return err
	})
	if err != nil {
		return nil, 0, nil, fmt.Errorf("bericht: search: %w", err)
	}
	return out, total, soorten, nil
}

// Soorten returns the soorten among the acting party's berichten, sorted.
func Soorten(ctx context.Context, pool *pgxpool.Pool) ([]string, error) {
	var out []string
	err := db.Tx(ctx, pool, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `SELECT DISTINCT soort FROM berichten ORDER BY soort`)
		var err error
		out, err = pgx.CollectRows(rows, pgx.RowTo[string])
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("bericht: soorten: %w", err)
	}
	return out, nil
}

// QueueNewest queues, in a db.Read, the acting party's n newest berichten
// and the number unread: what a start page shows.
func QueueNewest(ctx context.Context, b *pgx.Batch, n int, newest *[]Bericht, unread *int) {
	mine, arg := recipientOf(ctx)
	b.Queue(`SELECT count(*) FROM berichten WHERE gelezen_op IS NULL AND `+mine, arg).QueryRow(func(r pgx.Row) error {
		return r.Scan(unread)
	})
	b.Queue(`SELECT id, soort, onderwerp, inhoud, kenmerk, aangemaakt_op, gelezen_op IS NOT NULL
		FROM berichten WHERE `+mine+` ORDER BY aangemaakt_op DESC, id DESC LIMIT $2`, arg, n).Query(func(rows pgx.Rows) error {
		var err error
		*newest, err = pgx.CollectRows(rows, scan)
		return err
	})
}

// Unread counts the acting party's unread berichten.
func Unread(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	var n int
	err := db.Tx(ctx, pool, func(tx pgx.Tx) error {
		mine, arg := recipientOf(ctx)
		return tx.QueryRow(ctx, `SELECT count(*) FROM berichten WHERE gelezen_op IS NULL AND `+mine, arg).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("bericht: unread: %w", err)
	}
	return n, nil
}
