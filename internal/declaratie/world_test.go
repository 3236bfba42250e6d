package declaratie_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/auth"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/db"
	"pgbportaal/internal/declaratie"
	"pgbportaal/internal/demo"
	"pgbportaal/internal/testutil"
	zov "pgbportaal/internal/zorgovereenkomst"
)

// The demo personas used here.
const (
	bsnDeVries  = "111222333" // budgethouder, Zorgkantoor Amstelland, PGB1000001
	bsnMentor   = "999990019" // wettelijk vertegenwoordiger of P. Bakker (another budgethouder)
	bsnDeBoer   = "135792460" // informal zorgverlener
	bsnGevolm   = "200000007" // E. Visser, read-only budgethouder
	agbDeLinde  = "75012345"  // formal zorgverlener, no agreement with De Vries unless a test makes one
	kvkZK       = "41000001"  // Zorgkantoor Amstelland
	kvkZ2       = "41000002"  // Zorgkantoor Rijnmond
	kvkSVB      = "27000001"
	relDeVries  = "PGB1000001"
	ibanDeBoer  = "NL91ABNA0417164300"
	ibanDeLinde = "NL02ABNA0123456789"
)

type world struct {
	t      *testing.T
	pool   *pgxpool.Pool
	svc    *declaratie.Service
	now    time.Time
	jaar   int
	vorige civil.Date // last month: the month one may declare for
	bh     int64      // De Vries
	deBoer int64
}

// newWorld is a fresh database with the demo personas on 15 March of this
// year; the pool holds many connections for the concurrency tests.
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
	w := &world{t: t, pool: pool, now: now, jaar: now.Year(), vorige: civil.Date{Year: now.Year(), Month: 2, Day: 1}}
	w.svc = &declaratie.Service{Pool: pool, Now: func() time.Time { return w.now }}
	w.bh = w.id(`SELECT id FROM budgethouders WHERE relatienummer = $1`, relDeVries)
	w.deBoer = w.id(`SELECT z.id FROM zorgverleners z JOIN personen p ON p.id = z.persoon_id WHERE p.bsn = $1`, bsnDeBoer)
	return w
}

func (w *world) id(q string, args ...any) int64 {
	w.t.Helper()
	var id int64
	if err := w.pool.QueryRow(context.Background(), q, args...).Scan(&id); err != nil {
		w.t.Fatalf("%s: %v", q, err)
	}
	return id
}

// system runs q as the portal itself.
func (w *world) system(q string, args ...any) {
	w.t.Helper()
	if err := db.TxAs(context.Background(), w.pool, db.System, func(tx pgx.Tx) error {
		_, err := tx.Exec(context.Background(), q, args...)
		return err
	}); err != nil {
		w.t.Fatalf("%s: %v", q, err)
	}
}

// as returns a context acting as the demo persona with this identity.
func (w *world) as(id auth.Identity) context.Context {
	w.t.Helper()
	if id.Assurance == "" {
		id.Assurance = map[auth.Means]string{auth.DigiD: "urn:nl:digid:substantieel", auth.EHerkenning: "urn:etoegang:core:assurance-class:loa3"}[id.Means]
	}
	opts, err := auth.Resolve(context.Background(), w.pool, id, w.now)
	if err != nil {
		w.t.Fatalf("resolve %+v: %v", id, err)
	}
	return auth.WithActor(context.Background(), opts[0].Actor)
}

func digid(bsn string) auth.Identity { return auth.Identity{Means: auth.DigiD, BSN: bsn} }
func eh(kvk string) auth.Identity {
	return auth.Identity{Means: auth.EHerkenning, KvK: kvk, ActingSubject: "tester"}
}
func vecozo(agb string) auth.Identity { return auth.Identity{Means: auth.Vecozo, AGB: agb} }

// inhoud is an agreement from start for an indefinite time: 10 hours a week
// persoonlijke verzorging at € 20,00 an hour, logeeropvang € 150,00 per
// etmaal (20 a year) and reiskosten € 0,19 per km.
func inhoud(start civil.Date) zov.Inhoud {
	return zov.Inhoud{
		Soort: zov.SoortFamilie, BudgethouderNaam: "J. de Vries",
		Zorgverlener: zov.Zorgverlener{Naam: "H. de Boer", BSN: bsnDeBoer, IBAN: ibanDeBoer},
		Ingangsdatum: start, Onbepaald: true, Uren: 1000, UrenPer: "week",
		Tarieven: []zov.Tarief{
			{Zorgfunctie: zov.PersoonlijkeVerzorging, Eenheid: zov.PerUur, Bedrag: 2000},
			{Zorgfunctie: zov.Logeeropvang, Eenheid: zov.PerEtmaal, Bedrag: 15000},
		},
		Etmalen: 20, Reiskosten: true, ReiskostenPerKm: 19,
		StandaardAfspraken: true,
	}
}

// overeenkomst stores an approved agreement between budgethouder bh and
// zorgverlener zv directly (agreements may not start this far back when
// drafted).
func (w *world) overeenkomst(bh, zv int64, in zov.Inhoud) int64 {
	w.t.Helper()
	in.Zorgverlener.ID = zv
	doc, _ := json.Marshal(in)
	return w.id(`INSERT INTO zorgovereenkomsten (budgethouder_id, zorgverlener_id, status, inhoud, ingediend_op, beoordeeld_op)
		VALUES ($1, $2, 'goedgekeurd', $3, now(), now()) RETURNING id`, bh, zv, doc)
}

// toekenning returns bedrag, gepland and betaald of De Vries' budget of this year.
func (w *world) toekenning() (bedrag, gepland, betaald int64) {
	w.t.Helper()
	if err := w.pool.QueryRow(context.Background(), `SELECT bedrag, gepland, betaald FROM toekenningen WHERE budgethouder_id = $1 AND jaar = $2`,
		w.bh, w.jaar).Scan(&bedrag, &gepland, &betaald); err != nil {
		w.t.Fatal(err)
	}
	return
}

// row is a declaratie's row as the system sees it, to check that a refused
// request changed nothing.
func (w *world) row(id int64) string {
	w.t.Helper()
	var s string
	if err := w.pool.QueryRow(context.Background(), `SELECT concat_ws('|', status, versie, regels::text, totaal, naar_waarheid, notitie,
		omschrijving, iban, gewijzigd_op, ingediend_op,
		(SELECT count(*) FROM betalingen b WHERE b.declaratie_id = d.id),
		(SELECT string_agg(b.status, ',') FROM betalingen b WHERE b.declaratie_id = d.id))
		FROM declaraties d WHERE id = $1`, id).Scan(&s); err != nil {
		w.t.Fatal(err)
	}
	return s
}

func (w *world) status(id int64) string {
	w.t.Helper()
	var s string
	if err := w.pool.QueryRow(context.Background(), `SELECT status FROM declaraties WHERE id = $1`, id).Scan(&s); err != nil {
		w.t.Fatal(err)
	}
	return s
}

func (w *world) berichten(onderwerp string) int {
	w.t.Helper()
	return int(w.id(`SELECT count(*) FROM berichten WHERE onderwerp = $1`, onderwerp))
}

// uren is day by day hours of persoonlijke verzorging in month m.
func uren(m civil.Date, perDag map[int]int64) []declaratie.Regel {
	var out []declaratie.Regel
	for d := 1; d <= civil.DaysIn(m.Year, m.Month); d++ {
		if h, ok := perDag[d]; ok {
			out = append(out, declaratie.Regel{Datum: civil.Date{Year: m.Year, Month: m.Month, Day: d}, Zorgfunctie: zov.PersoonlijkeVerzorging, Aantal: h})
		}
	}
	return out
}

// concept drafts and saves a declaratie as ctx.
func (w *world) concept(ctx context.Context, n declaratie.NieuwInvoer, inv declaratie.Invoer) (int64, int) {
	w.t.Helper()
	id, err := w.svc.Nieuw(ctx, n)
	if err != nil {
		w.t.Fatalf("nieuw: %v", err)
	}
	v, err := w.svc.Opslaan(ctx, id, 1, inv)
	if err != nil {
		w.t.Fatalf("opslaan: %v", err)
	}
	return id, v
}
