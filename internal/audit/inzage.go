package audit

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/auth"
	"pgbportaal/internal/db"
)

// Inzage is one line of "Wie heeft mijn gegevens bekeken": when, which
// organisation (or which kind of party) in which role, what, and the
// outcome. It names organisations, never an individual employee.
type Inzage struct {
	At          time.Time
	Zelf        bool   // the person looking at the list did it
	Organisatie string // the organisation's name; "" for a person
	Rol         auth.Role
	Actie       string
	ObjectType  string
	ObjectID    string
	Uitkomst    string
}

// InzagePageSize is the number of lines per page.
const InzagePageSize = 20

// Inzagen returns one page (from 1) of the audit entries about the data of
// the budgethouder the actor in ctx is, or acts for, newest first, and the
// total. Row-level security limits it to that budgethouder.
func Inzagen(ctx context.Context, pool *pgxpool.Pool, page int) ([]Inzage, int, error) {
	if page < 1 {
		page = 1
	}
	var out []Inzage
	total := 0
	err := db.Tx(ctx, pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT a.at, (a.actor_kind = 'persoon' AND a.actor_ref = pgb_setting('persoon_id')::text),
				coalesce(o.naam, ''), a.actor_role, a.action, a.object_type, a.object_id, a.outcome, count(*) OVER ()
			FROM audit_log a
			LEFT JOIN organisaties o ON a.actor_org <> '' AND o.id::text = a.actor_org
			WHERE a.budgethouder_id = pgb_setting('budgethouder_id')
			ORDER BY a.keten_nr DESC LIMIT $1 OFFSET $2`, InzagePageSize, (page-1)*InzagePageSize)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var i Inzage
			var rol string
			if err := rows.Scan(&i.At, &i.Zelf, &i.Organisatie, &rol, &i.Actie, &i.ObjectType, &i.ObjectID, &i.Uitkomst, &total); err != nil {
				return err
			}
			i.Rol = auth.Role(rol)
			out = append(out, i)
		}
		return rows.Err()
	})
	return out, total, err
}
