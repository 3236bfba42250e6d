package betaalrun_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/betaalrun"
	"pgbportaal/internal/budget"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/db"
	"pgbportaal/internal/demo"
	"pgbportaal/internal/testutil"
)

type world struct {
	t    *testing.T
	pool *pgxpool.Pool
	now  time.Time
	jaar int
}

func newWorld(t *testing.T) *world {
	t.Helper()
	pool, err := db.Open(context.Background(), testutil.DatabaseURL(t)+"&pool_max_conns=16")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if err := demo.Load(context.Background(), pool); err != nil {
		t.Fatal(err)
	}
	now := time.Date(time.Now().Year(), 3, 16, 16, 0, 0, 0, time.UTC) // 17:00 in Amsterdam
	return &world{t: t, pool: pool, now: now, jaar: now.Year()}
}

func (w *world) id(q string, args ...any) int64 {
	w.t.Helper()
	var id int64
	if err := w.pool.QueryRow(context.Background(), q, args...).Scan(&id); err != nil {
		w.t.Fatalf("%s: %v", q, err)
	}
	return id
}

func (w *world) as(id auth.Identity) context.Context {
	w.t.Helper()
	opts, err := auth.Resolve(context.Background(), w.pool, id, w.now)
	if err != nil {
		w.t.Fatalf("resolve: %v", err)
	}
	return auth.WithActor(context.Background(), opts[0].Actor)
}

func svbIdentity() auth.Identity {
	return auth.Identity{Means: auth.EHerkenning, KvK: "27000001", ActingSubject: "svb-test", Assurance: "urn:etoegang:core:assurance-class:loa3"}
}

// plan books payments as the portal itself.
func (w *world) plan(bs ...budget.Boeking) []int64 {
	w.t.Helper()
	var ids []int64
	ctx := context.Background()
	err := db.TxAs(ctx, w.pool, db.System, func(tx pgx.Tx) error {
		for _, b := range bs {
			id, err := budget.Inplannen(ctx, tx, b)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return ids
}

type fixture struct {
	deVries, lotte, deBoer, linde int64
}

func (w *world) fixture() fixture {
	return fixture{
		deVries: w.id(`SELECT id FROM budgethouders WHERE relatienummer = 'PGB1000001'`),
		lotte:   w.id(`SELECT id FROM budgethouders WHERE relatienummer = 'PGB1000005'`),
		deBoer:  w.id(`SELECT z.id FROM zorgverleners z JOIN personen p ON p.id = z.persoon_id WHERE p.bsn = '135792460'`),
		linde:   w.id(`SELECT id FROM zorgverleners WHERE agb_code = '75012345'`),
	}
}

func (w *world) boekingen(f fixture, n int) []budget.Boeking {
	feb := civil.Date{Year: w.jaar, Month: time.February, Day: 1}
	var out []budget.Boeking
	for i := range n {
		out = append(out,
			budget.Boeking{BudgethouderID: f.deVries, ZorgverlenerID: f.deBoer, Soort: budget.SoortDeclaratie, Periode: feb,
				Omschrijving: "Declaratie februari", Bedrag: 123_45 + int64(i), IBAN: "NL91ABNA0417164300", Naam: "H. de Boër & Zn"},
			budget.Boeking{BudgethouderID: f.deVries, ZorgverlenerID: f.linde, Soort: budget.SoortFactuur, Periode: feb,
				Omschrijving: "Factuur 2026-17", Bedrag: 1_000_00, IBAN: "NL20INGB0001234567", Naam: "Thuiszorg De Linde"},
			budget.Boeking{BudgethouderID: f.lotte, Jaar: w.jaar, Soort: budget.SoortVVB, Omschrijving: "Verantwoordingsvrij bedrag",
				Bedrag: 250_00, IBAN: "NL91ABNA0417164300", Naam: "L. Smit"},
		)
	}
	return out
}

// bestand downloads pain.001 file nr of a run as the acting party in ctx.
func bestand(ctx context.Context, pool *pgxpool.Pool, id int64, nr int) (string, []byte, error) {
	var naam string
	var buf bytes.Buffer
	err := betaalrun.Bestand(ctx, pool, id, nr, func(n string, grootte int64) io.Writer {
		naam = n
		buf.Grow(int(grootte))
		return &buf
	})
	return naam, buf.Bytes(), err
}

// cents parses "1234.56".
func cents(t *testing.T, s string) int64 {
	t.Helper()
	whole, frac, ok := strings.Cut(s, ".")
	if !ok || len(frac) != 2 {
		t.Fatalf("amount %q has not two decimals", s)
	}
	e, err1 := strconv.ParseInt(whole, 10, 64)
	c, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil {
		t.Fatalf("amount %q", s)
	}
	return e*100 + c
}

// Two runs started at once on separate connections pay every betaling
// exactly once; the books, the berichten and the SEPA file agree.
func TestConcurrentRunsPayOnce(t *testing.T) {
	w := newWorld(t)
	f := w.fixture()
	ctx := context.Background()
	for round := range 3 {
		ids := w.plan(w.boekingen(f, 3)...)
		var want int64
		if err := w.pool.QueryRow(ctx, `SELECT sum(bedrag) FROM betalingen WHERE id = ANY($1)`, ids).Scan(&want); err != nil {
			t.Fatal(err)
		}
		const runners = 4
		results := make([]betaalrun.Result, runners)
		errs := make([]error, runners)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range runners {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				results[i], errs[i] = betaalrun.Run(ctx, w.pool, w.now.Add(time.Duration(round)*24*time.Hour), 0)
			}()
		}
		close(start)
		wg.Wait()
		var paid betaalrun.Result
		busy := 0
		for i := range runners {
			if errors.Is(errs[i], betaalrun.ErrBezig) {
				busy++
			}
			switch {
			case errs[i] == nil && results[i].RunID != 0:
				if paid.RunID != 0 {
					t.Fatalf("round %d: two runs paid: %+v and %+v", round, paid, results[i])
				}
				paid = results[i]
			case errs[i] == nil, errors.Is(errs[i], betaalrun.ErrBezig):
			default:
				t.Fatalf("round %d: %v", round, errs[i])
			}
		}
		t.Logf("round %d: %d runs found another at work, %d found nothing left", round, busy, runners-1-busy)
		if paid.Aantal != len(ids) || paid.Totaal != want {
			t.Fatalf("round %d: paid %+v, want %d betalingen totalling %d", round, paid, len(ids), want)
		}
		var n int
		if err := w.pool.QueryRow(ctx, `SELECT count(*) FROM betalingen WHERE id = ANY($1) AND status = 'uitbetaald' AND betaalrun_id = $2`,
			ids, paid.RunID).Scan(&n); err != nil || n != len(ids) {
			t.Fatalf("round %d: %d of %d paid in run %d (%v)", round, n, len(ids), paid.RunID, err)
		}
		// The pain.001 parses and adds up.
		var aantal, bestanden int
		var totaal int64
		if err := w.pool.QueryRow(ctx, `SELECT aantal, totaal, bestanden FROM betaalruns WHERE id = $1`, paid.RunID).Scan(&aantal, &totaal, &bestanden); err != nil {
			t.Fatal(err)
		}
		if aantal != len(ids) || totaal != want || bestanden != 1 {
			t.Fatalf("betaalruns row: %d %d %d", aantal, totaal, bestanden)
		}
		_, file, err := bestand(db.WithScope(ctx, db.System), w.pool, paid.RunID, 1)
		if err != nil {
			t.Fatal(err)
		}
		var doc betaalrun.Document
		if err := xml.Unmarshal(file, &doc); err != nil {
			t.Fatalf("pain.001 does not parse: %v\n%s", err, file)
		}
		if doc.XMLName.Space != betaalrun.Pain001Namespace {
			t.Fatalf("namespace %q", doc.XMLName.Space)
		}
		hdr := doc.CstmrCdtTrfInitn.GrpHdr
		if hdr.NbOfTxs != strconv.Itoa(len(ids)) || cents(t, hdr.CtrlSum) != want || hdr.MsgId != paid.MsgID {
			t.Fatalf("group header %+v, want %d transactions totalling %d", hdr, len(ids), want)
		}
		pmt := doc.CstmrCdtTrfInitn.PmtInf[0]
		var sum int64
		seen := map[string]bool{}
		for _, tx := range pmt.CdtTrfTxInf {
			sum += cents(t, tx.Amt.Value)
			if tx.Amt.Ccy != "EUR" || seen[tx.EndToEndId] || !strings.HasPrefix(tx.Ustrd, "PGB BET-") || tx.CdtrAcct.IBAN == "" {
				t.Fatalf("transaction %+v", tx)
			}
			seen[tx.EndToEndId] = true
		}
		if sum != want || len(pmt.CdtTrfTxInf) != len(ids) || pmt.DbtrAcct.IBAN != betaalrun.DebiteurIBAN || pmt.Dbtr.Nm != "Sociale Verzekeringsbank" {
			t.Fatalf("payment information: %d transactions, sum %d", len(pmt.CdtTrfTxInf), sum)
		}
		if !strings.Contains(string(file), "<Nm>H. de Boer + Zn</Nm>") {
			t.Errorf("creditor name not in the SEPA character set:\n%s", file)
		}
	}
	// The books: nothing planned, everything paid, within budget.
	rows, _ := w.pool.Query(ctx, `SELECT t.bedrag, t.gepland, t.betaald,
		coalesce((SELECT sum(b.bedrag) FROM betalingen b WHERE b.budgethouder_id = t.budgethouder_id AND b.jaar = t.jaar AND b.status = 'uitbetaald'), 0)
		FROM toekenningen t WHERE t.budgethouder_id = ANY($1)`, []int64{f.deVries, f.lotte})
	books, err := pgx.CollectRows(rows, pgx.RowToStructByPos[struct{ Bedrag, Gepland, Betaald, Som int64 }])
	if err != nil || len(books) != 2 {
		t.Fatal(err)
	}
	for _, b := range books {
		if b.Gepland != 0 || b.Betaald != b.Som || b.Betaald == 0 || b.Gepland+b.Betaald > b.Bedrag {
			t.Fatalf("books %+v", b)
		}
	}
	// Berichten: one to the zorgverlener per betaling to them, one to the budgethouder per betaling.
	var zvBerichten, bhBerichten, declaratieBerichten int
	if err := w.pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE zorgverlener_id IS NOT NULL), count(*) FILTER (WHERE budgethouder_id IS NOT NULL),
		count(*) FILTER (WHERE onderwerp = 'Declaratie uitbetaald' AND zorgverlener_id = $1)
		FROM berichten WHERE soort = 'betaling'`, f.deBoer).Scan(&zvBerichten, &bhBerichten, &declaratieBerichten); err != nil {
		t.Fatal(err)
	}
	if zvBerichten != 18 || bhBerichten != 27 || declaratieBerichten != 9 {
		t.Fatalf("berichten: %d to zorgverleners, %d to budgethouders, %d declaratie uitbetaald", zvBerichten, bhBerichten, declaratieBerichten)
	}
	// Nothing left: a further run pays nothing and leaves no row.
	res, err := betaalrun.Run(ctx, w.pool, w.now, 0)
	if err != nil || res.RunID != 0 || res.Aantal != 0 {
		t.Fatalf("empty run: %+v %v", res, err)
	}
}

func TestRunWaitsForNoOne(t *testing.T) {
	w := newWorld(t)
	f := w.fixture()
	w.plan(w.boekingen(f, 1)...)
	ctx := context.Background()
	// Another instance holds the lock: this run does nothing and says so.
	tx, err := w.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, 0x50474252); err != nil {
		t.Fatal(err)
	}
	_, err = betaalrun.Run(ctx, w.pool, w.now, 0)
	if !errors.Is(err, betaalrun.ErrBezig) {
		t.Fatalf("run under another's lock: %v", err)
	}
	if code, msg := apperr.Classify(err); code != 409 || !strings.Contains(msg, "Er loopt al een betaalrun") {
		t.Fatalf("%d %q", code, msg)
	}
	_ = tx.Rollback(ctx)
	if res, err := betaalrun.Run(ctx, w.pool, w.now, 0); err != nil || res.Aantal != 3 {
		t.Fatalf("after release: %+v %v", res, err)
	}
}

func TestOnlyTheSVBRunsAndSeesRuns(t *testing.T) {
	w := newWorld(t)
	f := w.fixture()
	w.plan(w.boekingen(f, 1)...)
	zk := w.as(auth.Identity{Means: auth.EHerkenning, KvK: "41000001", ActingSubject: "zk", Assurance: "urn:etoegang:core:assurance-class:loa3"})
	if _, err := betaalrun.Run(zk, w.pool, w.now, 0); !errors.Is(err, apperr.ErrForbidden) {
		t.Fatalf("zorgkantoor ran: %v", err)
	}
	svb := w.as(svbIdentity())
	a, _ := auth.ActorFrom(svb)
	res, err := betaalrun.Run(svb, w.pool, w.now, a.MedewerkerID)
	if err != nil || res.Aantal != 3 {
		t.Fatalf("svb run: %+v %v", res, err)
	}
	st, err := betaalrun.Overzicht(svb, w.pool, 10)
	if err != nil || len(st.Runs) != 1 || !st.Runs[0].DoorMedewerker || st.Runs[0].Aantal != 3 || st.AantalIngepland != 0 {
		t.Fatalf("stand: %+v %v", st, err)
	}
	name, data, err := bestand(svb, w.pool, res.RunID, 1)
	if err != nil || !strings.HasSuffix(name, ".xml") || !strings.Contains(string(data), "pain.001.001.03") {
		t.Fatalf("bestand: %q %v", name, err)
	}
	for who, ctx := range map[string]context.Context{
		"zorgkantoor":  zk,
		"budgethouder": w.as(auth.Identity{Means: auth.DigiD, BSN: "111222333", Assurance: "urn:nl:digid:midden"}),
	} {
		if _, _, err := bestand(ctx, w.pool, res.RunID, 1); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("%s downloaded the file: %v", who, err)
		}
		if st, err := betaalrun.Overzicht(ctx, w.pool, 10); err != nil || len(st.Runs) != 0 {
			t.Errorf("%s sees runs: %+v %v", who, st, err)
		}
	}
	var n int
	if err := w.pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE action = 'uitvoeren' AND object_type = 'betaalrun'`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("audit rows %d %v", n, err)
	}
}
