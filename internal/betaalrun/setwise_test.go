package betaalrun_test

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5/middleware"
	"github.com/jackc/pgx/v5"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/betaalrun"
	"pgbportaal/internal/budget"
	"pgbportaal/internal/db"
	"pgbportaal/internal/demo"
	"pgbportaal/internal/money"
	"pgbportaal/internal/testutil"
)

// kleineBoekingen are n small payments (cents each) to and for the fixture's
// parties, of every soort with and without omschrijving.
func (w *world) kleineBoekingen(f fixture, n int) []budget.Boeking {
	var out []budget.Boeking
	for i := range n {
		b := budget.Boeking{BudgethouderID: f.deVries, Jaar: w.jaar, Bedrag: int64(1 + i%7), IBAN: "NL91ABNA0417164300", Naam: "H. de Boër & Zn"}
		switch i % 3 {
		case 0:
			b.ZorgverlenerID, b.Soort, b.Omschrijving = f.linde, budget.SoortFactuur, "Factuur "+strconv.Itoa(i)
		case 1:
			b.ZorgverlenerID, b.Soort = f.deBoer, budget.SoortFactuur
		default:
			b.BudgethouderID, b.Soort, b.Naam = f.lotte, budget.SoortVVB, "L. Smit"
		}
		out = append(out, b)
	}
	return out
}

// The run's work does not grow with the number of betalingen: the same
// statements pay 3 as 300 (a run that did something per betaling would send
// hundreds more).
func TestRunStatementsDoNotGrowWithBetalingen(t *testing.T) {
	counts := map[int]int{}
	var last string
	for _, n := range []int{3, 300} {
		var st testutil.Statements
		pool, err := db.Open(context.Background(), testutil.DatabaseURL(t), st.Install)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(pool.Close)
		if err := demo.Load(context.Background(), pool); err != nil {
			t.Fatal(err)
		}
		w := &world{t: t, pool: pool, now: time.Date(time.Now().Year(), 3, 16, 16, 0, 0, 0, time.UTC), jaar: time.Now().Year()}
		w.plan(w.kleineBoekingen(w.fixture(), n)...)
		// The tracer counts what is sent on behalf of a request.
		ctx := context.WithValue(context.Background(), middleware.RequestIDKey, "betaalrun-"+strconv.Itoa(n))
		mark := st.Mark()
		res, err := betaalrun.Run(ctx, pool, w.now, 0)
		if err != nil || res.Aantal != n {
			t.Fatalf("%d: %+v %v", n, res, err)
		}
		list := testutil.Queries(st.Since(mark))
		counts[n] = len(list)
		last = testutil.Describe(list)
	}
	if counts[3] != counts[300] || counts[300] > 14 {
		t.Fatalf("statements for 3 betalingen: %d, for 300: %d; want the same, at most 14:\n%s", counts[3], counts[300], last)
	}
}

// A run larger than a file is split into several pain.001 files, each a
// complete message; together they hold every betaling once, and a file is
// stored (and downloaded) in many blocks.
func TestLargeRunIsSplitIntoFiles(t *testing.T) {
	defer betaalrun.Grenzen(4, 300, 3)()
	w := newWorld(t)
	f := w.fixture()
	ids := w.plan(w.kleineBoekingen(f, 10)...)
	ctx := context.Background()
	res, err := betaalrun.Run(ctx, w.pool, w.now, 0)
	if err != nil || res.Aantal != 10 {
		t.Fatalf("run: %+v %v", res, err)
	}
	var bestanden, blokken int
	if err := w.pool.QueryRow(ctx, `SELECT r.bestanden, (SELECT count(*) FROM betaalrun_blokken k WHERE k.betaalrun_id = r.id)
		FROM betaalruns r WHERE r.id = $1`, res.RunID).Scan(&bestanden, &blokken); err != nil {
		t.Fatal(err)
	}
	if bestanden != 3 || blokken < 9 {
		t.Fatalf("%d files in %d blocks, want 3 files of several blocks each", bestanden, blokken)
	}
	st, err := betaalrun.Overzicht(db.WithScope(ctx, db.System), w.pool, 1)
	if err != nil || len(st.Runs) != 1 || st.Runs[0].Bestanden != 3 {
		t.Fatalf("overzicht: %+v %v", st, err)
	}
	seen := map[string]bool{}
	var som int64
	for nr := 1; nr <= 3; nr++ {
		naam, data, err := bestand(db.WithScope(ctx, db.System), w.pool, res.RunID, nr)
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("betaalrun-%06d-%03d-pain001.xml", res.RunID, nr); naam != want || st.Runs[0].Bestandsnaam(nr) != want {
			t.Errorf("file %d named %q, want %q", nr, naam, want)
		}
		var doc betaalrun.Document
		if err := xml.Unmarshal(data, &doc); err != nil {
			t.Fatalf("file %d does not parse: %v\n%s", nr, err, data)
		}
		hdr, pmt := doc.CstmrCdtTrfInitn.GrpHdr, doc.CstmrCdtTrfInitn.PmtInf[0]
		want := map[int]int{1: 4, 2: 4, 3: 2}[nr]
		if hdr.MsgId != fmt.Sprintf("%s-%03d", res.MsgID, nr) || hdr.NbOfTxs != strconv.Itoa(want) || len(pmt.CdtTrfTxInf) != want ||
			pmt.NbOfTxs != hdr.NbOfTxs || pmt.CtrlSum != hdr.CtrlSum || pmt.PmtInfId != hdr.MsgId+"-1" {
			t.Fatalf("file %d: header %+v, %d transactions", nr, hdr, len(pmt.CdtTrfTxInf))
		}
		var fileSom int64
		for _, tx := range pmt.CdtTrfTxInf {
			if seen[tx.EndToEndId] {
				t.Fatalf("%s in two files", tx.EndToEndId)
			}
			seen[tx.EndToEndId] = true
			fileSom += cents(t, tx.Amt.Value)
		}
		if cents(t, hdr.CtrlSum) != fileSom {
			t.Fatalf("file %d: CtrlSum %s, transactions add up to %d", nr, hdr.CtrlSum, fileSom)
		}
		som += fileSom
	}
	for _, id := range ids {
		if !seen["PGB-"+budget.Kenmerk(id)] {
			t.Errorf("betaling %d in no file", id)
		}
	}
	if len(seen) != 10 || som != res.Totaal {
		t.Fatalf("%d transactions totalling %d, want 10 totalling %d", len(seen), som, res.Totaal)
	}
	if _, _, err := bestand(db.WithScope(ctx, db.System), w.pool, res.RunID, 4); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("file 4 of 3: %v", err)
	}
}

// The berichten the run stores in one statement say what the portal says
// elsewhere: amounts as money.Cents, kenmerken as budget.Kenmerk, labels as
// budget.SoortLabel.
func TestRunBerichtenTexts(t *testing.T) {
	w := newWorld(t)
	f := w.fixture()
	ids := w.plan(
		budget.Boeking{BudgethouderID: f.deVries, ZorgverlenerID: f.linde, Jaar: w.jaar, Soort: budget.SoortFactuur, Omschrijving: "Factuur 2026-17",
			Bedrag: 1_234_56, IBAN: "NL20INGB0001234567", Naam: "Thuiszorg De Linde"},
		budget.Boeking{BudgethouderID: f.deVries, ZorgverlenerID: f.deBoer, Jaar: w.jaar, Soort: budget.SoortFactuur,
			Bedrag: 5, IBAN: "NL91ABNA0417164300", Naam: "H. de Boër & Zn"},
		budget.Boeking{BudgethouderID: f.lotte, Jaar: w.jaar, Soort: budget.SoortVVB, Bedrag: 250_00, IBAN: "NL91ABNA0417164300", Naam: "L. Smit"},
	)
	ctx := context.Background()
	if _, err := betaalrun.Run(ctx, w.pool, w.now, 0); err != nil {
		t.Fatal(err)
	}
	type bericht struct{ bh, zv int64 }
	want := map[bericht][]string{
		{zv: f.linde}: {"Betaling uitgevoerd", "De SVB heeft " + money.Cents(1_234_56).String() +
			" aan u overgemaakt (Factuur 2026-17). Het bedrag staat binnen enkele werkdagen op uw rekening.", budget.Kenmerk(ids[0])},
		{bh: f.deVries}: {"Betaling uitgevoerd", "De SVB heeft € 1.234,56 uit uw budget betaald aan Thuiszorg De Linde (Factuur 2026-17).", budget.Kenmerk(ids[0]),
			"Betaling uitgevoerd", "De SVB heeft € 0,05 uit uw budget betaald aan H. de Boër & Zn (" + budget.SoortLabel(budget.SoortFactuur) + ").", budget.Kenmerk(ids[1])},
		{zv: f.deBoer}: {"Betaling uitgevoerd", "De SVB heeft € 0,05 aan u overgemaakt (Factuur). Het bedrag staat binnen enkele werkdagen op uw rekening.", budget.Kenmerk(ids[1])},
		{bh: f.lotte}:  {"Betaling uitgevoerd", "De SVB heeft € 250,00 uit uw budget op uw eigen rekening overgemaakt (Verantwoordingsvrij bedrag).", budget.Kenmerk(ids[2])},
	}
	for to, texts := range want {
		rows, _ := w.pool.Query(ctx, `SELECT onderwerp, inhoud, kenmerk FROM berichten
			WHERE soort = 'betaling' AND budgethouder_id IS NOT DISTINCT FROM nullif($1, 0) AND zorgverlener_id IS NOT DISTINCT FROM nullif($2, 0)
			ORDER BY kenmerk`, to.bh, to.zv)
		got, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) ([]string, error) {
			var a, b, c string
			err := r.Scan(&a, &b, &c)
			return []string{a, b, c}, err
		})
		if err != nil {
			t.Fatal(err)
		}
		var flat []string
		for _, g := range got {
			flat = append(flat, g...)
		}
		if strings.Join(flat, "|") != strings.Join(texts, "|") {
			t.Errorf("berichten to %+v:\n got %q\nwant %q", to, flat, texts)
		}
	}
}

// pgb_bedrag_tekst and pgb_betaling_kenmerk write what money.Cents and
// budget.Kenmerk write.
func TestSQLTextsMatchGo(t *testing.T) {
	pool := testutil.NewPool(t)
	values := []int64{0, 1, 5, 9, 10, 99, 100, 101, 999, 1000, 99999, 100000, 123456, 1234567, 12345678, 100000000, 123456789012, -1, -250, -123456}
	for _, v := range values {
		var bedrag, kenmerk string
		if err := pool.QueryRow(context.Background(), `SELECT pgb_bedrag_tekst($1), pgb_betaling_kenmerk(abs($1))`, v).Scan(&bedrag, &kenmerk); err != nil {
			t.Fatal(err)
		}
		abs := v
		if abs < 0 {
			abs = -abs
		}
		if bedrag != money.Cents(v).String() || kenmerk != budget.Kenmerk(abs) {
			t.Errorf("%d: SQL %q %q, Go %q %q", v, bedrag, kenmerk, money.Cents(v).String(), budget.Kenmerk(abs))
		}
	}
}

// What the foreign key of betalingen.betaalrun_id guarded still holds: a
// betaling names only an existing run, and a run is never deleted.
func TestBetaalrunReferenceHolds(t *testing.T) {
	w := newWorld(t)
	f := w.fixture()
	ids := w.plan(w.kleineBoekingen(f, 3)...)
	ctx := context.Background()
	code := func(q string, args ...any) string { t.Helper(); return testutil.SQLState(t, w.pool, q, args...) }
	if c := code(`UPDATE betalingen SET status = 'uitbetaald', uitbetaald_op = now(), betaalrun_id = 987654 WHERE id = $1`, ids[0]); c != "23503" {
		t.Errorf("paid in a run that does not exist: code %q, want 23503", c)
	}
	res, err := betaalrun.Run(ctx, w.pool, w.now, 0)
	if err != nil || res.Aantal != 3 {
		t.Fatalf("run: %+v %v", res, err)
	}
	for _, q := range []string{`DELETE FROM betaalruns`, `UPDATE betaalruns SET id = id + 1000`, `TRUNCATE betaalruns CASCADE`} {
		if c := code(q); c == "" {
			t.Errorf("%s was allowed", q)
		}
	}
	var n int
	if err := w.pool.QueryRow(ctx, `SELECT count(*) FROM betalingen b JOIN betaalruns r ON r.id = b.betaalrun_id WHERE b.id = ANY($1)`, ids).Scan(&n); err != nil || n != 3 {
		t.Fatalf("%d betalingen still name their run (%v)", n, err)
	}
}

// What the foreign keys of berichten guarded still holds: a bericht names an
// existing recipient, and a recipient with berichten is not deleted or
// renumbered; one without may still go.
func TestBerichtRecipientReferenceHolds(t *testing.T) {
	w := newWorld(t)
	f := w.fixture()
	ctx := context.Background()
	code := func(q string, args ...any) string { t.Helper(); return testutil.SQLState(t, w.pool, q, args...) }
	for _, col := range []string{"budgethouder_id", "zorgverlener_id", "organisatie_id"} {
		q := `INSERT INTO berichten (` + col + `, soort, onderwerp, inhoud) SELECT * FROM (VALUES ($1::bigint, 'test', 'Test', 'x'), (987654, 'test', 'Test', 'x')) v`
		if c := code(q, f.deVries); c != "23503" {
			t.Errorf("bericht to %s that does not exist: code %q, want 23503", col, c)
		}
	}
	if c := code(`INSERT INTO berichten (zorgverlener_id, soort, onderwerp, inhoud) VALUES ($1, 'test', 'Test', 'x')`, f.linde); c != "" {
		t.Fatalf("bericht to an existing zorgverlener: code %q", c)
	}
	if c := code(`UPDATE berichten SET zorgverlener_id = 987654 WHERE zorgverlener_id = $1`, f.linde); c != "23503" {
		t.Errorf("bericht moved to a zorgverlener that does not exist: code %q, want 23503", c)
	}
	if c := code(`DELETE FROM zorgverleners WHERE id = $1`, f.linde); c == "" {
		t.Error("a zorgverlener with berichten was deleted")
	}
	if c := code(`UPDATE budgethouders SET id = 987654 WHERE id = $1`, f.deVries); c == "" {
		t.Error("a budgethouder with berichten was renumbered")
	}
	var nieuw int64
	if err := w.pool.QueryRow(ctx, `INSERT INTO zorgverleners (soort, agb_code, naam) VALUES ('formeel', '75098765', 'Zonder berichten') RETURNING id`).Scan(&nieuw); err != nil {
		t.Fatal(err)
	}
	if c := code(`DELETE FROM zorgverleners WHERE id = $1`, nieuw); c != "" {
		t.Errorf("a zorgverlener without berichten could not be deleted: code %q", c)
	}
}

// Paying a betaling is a HOT update: the row gets its new version on its own
// page and no index of betalingen changes. That holds while no index names
// the columns the run changes (as key, expression or predicate) and pages
// keep room (fillfactor); an index added on status would make every payment
// write a new entry into every index again.
func TestPaymentIsHOT(t *testing.T) {
	ctx := context.Background()
	// One connection: the statistics the run leaves are this backend's.
	pool, err := db.Open(ctx, testutil.DatabaseURL(t)+"&pool_max_conns=1")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	rows, _ := pool.Query(ctx, `SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
		WHERE i.indrelid = 'betalingen'::regclass AND (
			EXISTS (SELECT 1 FROM unnest(i.indkey) k JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k
				WHERE a.attname IN ('status', 'uitbetaald_op', 'betaalrun_id'))
			OR coalesce(pg_get_expr(i.indpred, i.indrelid), '') ~ '(status|uitbetaald_op|betaalrun_id)'
			OR coalesce(pg_get_expr(i.indexprs, i.indrelid), '') ~ '(status|uitbetaald_op|betaalrun_id)')`)
	blocking, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil || len(blocking) != 0 {
		t.Fatalf("indexes of betalingen that name a column the payment changes: %v (%v)", blocking, err)
	}
	if err := demo.Load(ctx, pool); err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, pool: pool, now: time.Date(time.Now().Year(), 3, 16, 16, 0, 0, 0, time.UTC), jaar: time.Now().Year()}
	w.plan(w.kleineBoekingen(w.fixture(), 60)...)
	updates := func() (n, hot int64) {
		t.Helper()
		if _, err := pool.Exec(ctx, `SELECT pg_stat_force_next_flush()`); err != nil {
			t.Fatal(err)
		}
		if err := pool.QueryRow(ctx, `SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'betalingen'`).Scan(&n, &hot); err != nil {
			t.Fatal(err)
		}
		return n, hot
	}
	n0, hot0 := updates()
	res, err := betaalrun.Run(ctx, pool, w.now, 0)
	if err != nil || res.Aantal < 60 {
		t.Fatalf("run: %+v %v", res, err)
	}
	n1, hot1 := updates()
	if n1-n0 != int64(res.Aantal) || hot1-hot0 != n1-n0 {
		t.Fatalf("the run updated %d betalingen, %d of them HOT; want all %d HOT", n1-n0, hot1-hot0, res.Aantal)
	}
}
