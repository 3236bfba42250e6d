// Package audit writes the audit trail (NEN 7513): who acted, on whose behalf,
// what, when and with which outcome. Entries hold internal references, never a
// BSN or a name.
package audit

import (
	"context"
	"log/slog"
	"strconv"

	"github.com/go-chi/chi/v5/middleware"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/auth"
)

// Outcomes.
const (
	OK      = "ok"
	Refused = "geweigerd"
	Failed  = "mislukt"
)

// Entry is one audit record; the actor comes from the context unless set.
type Entry struct {
	Actor          *auth.Actor
	Action         string // e.g. inloggen, uitloggen, lezen, wijzigen
	ObjectType     string
	ObjectID       string
	BudgethouderID int64 // whose data; defaults to the actor's budgethouder
	Outcome        string
}

// Record appends an entry with the pool's own connection, so it is kept even
// when the action's transaction is read-only or rolled back. A failure to audit
// is logged loudly; it never reveals itself to the person.
func Record(ctx context.Context, pool *pgxpool.Pool, e Entry) {
	a := e.Actor
	if a == nil {
		if ca, ok := auth.ActorFrom(ctx); ok {
			a = &ca
		} else {
			a = &auth.Actor{}
		}
	}
	kind, ref, org := a.AuditRef()
	bh := e.BudgethouderID
	if bh == 0 {
		bh = a.BudgethouderID
	}
	var bhArg any
	if bh != 0 {
		bhArg = bh
	}
	_, err := pool.Exec(ctx, `INSERT INTO audit_log (actor_kind, actor_ref, actor_org, actor_role, login_means,
		budgethouder_id, action, object_type, object_id, outcome, request_id)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
		kind, ref, org, string(a.Role), string(a.Means), bhArg, e.Action, e.ObjectType, e.ObjectID, e.Outcome,
		middleware.GetReqID(ctx))
	if err != nil {
		slog.Error("audit write failed", "action", e.Action, "err", err)
	}
}

// OutcomeOf classifies the result of an action: no error is OK; an error of
// the person's making or permissions (any 4xx) is Refused; anything else Failed.
func OutcomeOf(err error) string {
	if err == nil {
		return OK
	}
	if code, _ := apperr.Classify(err); code < 500 {
		return Refused
	}
	return Failed
}

// Object records an action on one object of a budgethouder's data, with the
// outcome taken from err. id 0 means no single object (a list).
func Object(ctx context.Context, pool *pgxpool.Pool, objectType, action string, id, budgethouderID int64, err error) {
	obj := ""
	if id != 0 {
		obj = strconv.FormatInt(id, 10)
	}
	Record(ctx, pool, Entry{Action: action, ObjectType: objectType, ObjectID: obj, BudgethouderID: budgethouderID, Outcome: OutcomeOf(err)})
}

// Verify walks the hash chain of the audit trail. It returns 0 when every
// entry is intact and in place, else the chain number (keten_nr) of the first
// entry that was changed, inserted out of turn or follows a removed one.
func Verify(ctx context.Context, pool *pgxpool.Pool) (int64, error) {
	var broken *int64
	if err := pool.QueryRow(ctx, `SELECT audit_log_verify()`).Scan(&broken); err != nil {
		return 0, err
	}
	if broken == nil {
		return 0, nil
	}
	return *broken, nil
}
