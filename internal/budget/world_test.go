package budget_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/auth"
	"pgbportaal/internal/budget"
	"pgbportaal/internal/db"
	"pgbportaal/internal/demo"
	"pgbportaal/internal/testutil"
)

const testIBAN = "NL91ABNA0417164300"

type world struct {
	t    *testing.T
	pool *pgxpool.Pool
	svc  *budget.Service
	now  time.Time
	jaar int
}

// newWorld is a fresh database with the demo personas. The pool may hold many
// connections, for the concurrency tests.
func newWorld(t *testing.T) *world {
	t.Helper()
	pool, err := db.Open(context.Background(), testutil.DatabaseURL(t)+"&pool_max_conns=24")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if err := demo.Load(context.Background(), pool); err != nil {
		t.Fatal(err)
	}
	now := time.Date(time.Now().Year(), 3, 15, 10, 0, 0, 0, time.UTC)
	return &world{t: t, pool: pool, svc: &budget.Service{Pool: pool, Now: func() time.Time { return now }}, now: now, jaar: now.Year()}
}

// as returns a context acting as the demo persona with this identity (option i).
func (w *world) as(id auth.Identity, i int) context.Context {
	w.t.Helper()
	if id.Assurance == "" {
		id.Assurance = map[auth.Means]string{auth.DigiD: "urn:nl:digid:substantieel", auth.EHerkenning: "urn:etoegang:core:assurance-class:loa3"}[id.Means]
	}
	opts, err := auth.Resolve(context.Background(), w.pool, id, w.now)
	if err != nil {
		w.t.Fatalf("resolve %+v: %v", id, err)
	}
	return auth.WithActor(context.Background(), opts[i].Actor)
}

func digid(bsn string) auth.Identity { return auth.Identity{Means: auth.DigiD, BSN: bsn} }
func eh(kvk string) auth.Identity {
	return auth.Identity{Means: auth.EHerkenning, KvK: kvk, ActingSubject: "tester"}
}

// The demo personas used here.
const (
	bsnDeVries  = "111222333" // budgethouder, Zorgkantoor Amstelland, PGB1000001
	bsnMulder   = "314159265" // budgethouder without toekenning, Amstelland, PGB1000008
	bsnDeBoer   = "135792460" // informal zorgverlener
	bsnGevolm   = "300000005" // gevolmachtigde of E. Visser
	kvkZK       = "41000001"  // Zorgkantoor Amstelland
	kvkZ2       = "41000002"  // Zorgkantoor Rijnmond
	kvkSVB      = "27000001"
	relDeVries  = "PGB1000001"
	relMulder   = "PGB1000008"
	relSmitLote = "PGB1000005" // Rijnmond
)

func (w *world) id(q string, args ...any) int64 {
	w.t.Helper()
	var id int64
	if err := w.pool.QueryRow(context.Background(), q, args...).Scan(&id); err != nil {
		w.t.Fatalf("%s: %v", q, err)
	}
	return id
}

func (w *world) budgethouder(rel string) int64 {
	return w.id(`SELECT id FROM budgethouders WHERE relatienummer = $1`, rel)
}

func (w *world) zorgverlenerDeBoer() int64 {
	return w.id(`SELECT z.id FROM zorgverleners z JOIN personen p ON p.id = z.persoon_id WHERE p.bsn = $1`, bsnDeBoer)
}

// toekenning returns bedrag, gepland and betaald of a budget.
func (w *world) toekenning(bh int64, jaar int) (bedrag, gepland, betaald int64) {
	w.t.Helper()
	if err := w.pool.QueryRow(context.Background(), `SELECT bedrag, gepland, betaald FROM toekenningen WHERE budgethouder_id = $1 AND jaar = $2`,
		bh, jaar).Scan(&bedrag, &gepland, &betaald); err != nil {
		w.t.Fatal(err)
	}
	return
}

// plan books b in its own transaction as the acting party of ctx.
func (w *world) plan(ctx context.Context, b budget.Boeking) (int64, error) {
	var id int64
	err := db.Tx(ctx, w.pool, func(tx pgx.Tx) error {
		var err error
		id, err = budget.Inplannen(ctx, tx, b)
		return err
	})
	return id, err
}
