package email_test

import (
	"context"
	"fmt"
	"io"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/bericht"
	"pgbportaal/internal/db"
	"pgbportaal/internal/email"
	"pgbportaal/internal/testutil"
	"pgbportaal/internal/testutil/smtptest"
)

const zorgverlenerNaam = "Thuiszorg Zonnebloem"

type world struct {
	pool  *pgxpool.Pool
	bh    testutil.BH
	zv    int64
	email string
}

// setup: a budgethouder with preference digitaal and a formal zorgverlener
// whose name the berichten mention.
func setup(t *testing.T) world {
	t.Helper()
	pool := testutil.NewPool(t)
	f := testutil.NewFixtures(t, pool)
	zk := f.Zorgkantoor("Zorgkantoor Test", "Test")
	bh := f.Budgethouder(zk)
	ctx := context.Background()
	var zv int64
	if err := pool.QueryRow(ctx, `INSERT INTO zorgverleners (soort, agb_code, naam) VALUES ('formeel', '75099999', $1) RETURNING id`,
		zorgverlenerNaam).Scan(&zv); err != nil {
		t.Fatal(err)
	}
	addr := fmt.Sprintf("bh%d@voorbeeld.nl", bh.ID)
	if _, err := pool.Exec(ctx, `INSERT INTO profielen (persoon_id, email, voorkeur) VALUES ($1, $2, 'digitaal')`, bh.PersoonID, addr); err != nil {
		t.Fatal(err)
	}
	return world{pool: pool, bh: bh, zv: zv, email: addr}
}

// send stores n berichten for the budgethouder the way the zorgverlener's
// actions do: in the zorgverlener's scope, which cannot read the budgethouder's
// profile. Each bericht names the zorgverlener and the budgethouder's BSN.
func (w world) send(t *testing.T, n int) {
	t.Helper()
	ctx := context.Background()
	scope := db.Scope{Role: "zorgverlener", ZorgverlenerID: w.zv}
	err := db.TxAs(ctx, w.pool, scope, func(tx pgx.Tx) error {
		for i := range n {
			if err := bericht.Send(ctx, tx, bericht.Recipient{BudgethouderID: w.bh.ID}, "declaratie",
				"Declaratie ter beoordeling van "+zorgverlenerNaam,
				fmt.Sprintf("%s heeft een declaratie ingediend (BSN %s, nr %d).", zorgverlenerNaam, w.bh.BSN, i), ""); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func worker(w world, addr string, clock *testutil.Clock) *email.Worker {
	return &email.Worker{
		Pool: w.pool, Sender: email.SMTP{Addr: addr, From: "noreply@pgb.test", Timeout: 5 * time.Second},
		From: "PGB Portaal <noreply@pgb.test>", BaseURL: "https://pgb.test", Now: clock.Now,
		BackoffBase: time.Minute, BackoffMax: time.Hour,
	}
}

func body(t *testing.T, raw string) string {
	t.Helper()
	m, err := mail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		t.Fatalf("not a mail message: %v\n%s", err, raw)
	}
	b, err := io.ReadAll(quotedprintable.NewReader(m.Body))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestEveryBerichtIsMailedExactlyOnceByTwoWorkers(t *testing.T) {
	t.Parallel()
	w := setup(t)
	srv := smtptest.Start(t)
	const n = 25
	w.send(t, n)

	clock := testutil.NewClock(time.Now())
	var wg sync.WaitGroup
	sent := make([]int, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := worker(w, srv.Addr, clock).Drain(context.Background())
			if err != nil {
				t.Error(err)
			}
			sent[i] = c
		}()
	}
	wg.Wait()
	// A second round finds nothing left to send.
	if c, err := worker(w, srv.Addr, clock).Drain(context.Background()); err != nil || c != 0 {
		t.Fatalf("second round sent %d (err %v), want 0", c, err)
	}

	msgs := srv.Messages()
	if len(msgs) != n || sent[0]+sent[1] != n {
		t.Fatalf("%d messages received, workers report %v; want %d", len(msgs), sent, n)
	}
	ids := map[string]bool{}
	for _, m := range msgs {
		if len(m.To) != 1 || m.To[0] != w.email {
			t.Errorf("recipients %v, want %s", m.To, w.email)
		}
		pm, err := mail.ReadMessage(strings.NewReader(m.Data))
		if err != nil {
			t.Fatal(err)
		}
		id := pm.Header.Get("Message-Id")
		if id == "" || ids[id] {
			t.Errorf("Message-ID %q empty or repeated", id)
		}
		ids[id] = true
		text := body(t, m.Data)
		for _, secret := range []string{w.bh.BSN, zorgverlenerNaam, "Zonnebloem", "declaratie", "Jansen"} {
			if strings.Contains(strings.ToLower(m.Data), strings.ToLower(secret)) || strings.Contains(strings.ToLower(text), strings.ToLower(secret)) {
				t.Errorf("e-mail carries %q:\n%s", secret, m.Data)
			}
		}
		if !strings.Contains(text, "https://pgb.test/berichten") || !strings.Contains(text, "nieuw bericht") {
			t.Errorf("e-mail lacks the link or the notice:\n%s", text)
		}
	}
	var open int
	if err := w.pool.QueryRow(context.Background(), `SELECT count(*) FROM email_outbox WHERE verzonden_op IS NULL`).Scan(&open); err != nil || open != 0 {
		t.Fatalf("%d outbox rows not marked sent (err %v)", open, err)
	}
}

func TestDeliveryIsRetriedAfterTheServerWasDown(t *testing.T) {
	t.Parallel()
	w := setup(t)
	down := smtptest.Start(t)
	addr := down.Addr
	down.Close() // the mail server is down: connections are refused
	w.send(t, 1)

	clock := testutil.NewClock(time.Now())
	wk := worker(w, addr, clock)
	ctx := context.Background()
	if c, err := wk.Drain(ctx); err != nil || c != 0 {
		t.Fatalf("sent %d while the server was down (err %v)", c, err)
	}
	attempts := func() (n int, next time.Time) {
		t.Helper()
		if err := w.pool.QueryRow(ctx, `SELECT pogingen, volgende_poging_op FROM email_outbox`).Scan(&n, &next); err != nil {
			t.Fatal(err)
		}
		return n, next
	}
	n, next := attempts()
	if n != 1 || next.Sub(clock.Now()).Round(time.Second) != time.Minute {
		t.Fatalf("after one failure: %d attempts, next in %v; want 1 and 1m", n, next.Sub(clock.Now()))
	}
	// Second failure after the first wait: the wait doubles.
	clock.Add(time.Minute)
	if _, err := wk.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if n, next = attempts(); n != 2 || next.Sub(clock.Now()).Round(time.Second) != 2*time.Minute {
		t.Fatalf("after two failures: %d attempts, next in %v; want 2 and 2m", n, next.Sub(clock.Now()))
	}

	// The server is back, but the wait is not over yet: nothing happens.
	srv := smtptest.StartAt(t, addr)
	clock.Add(time.Minute)
	if c, _ := wk.Drain(ctx); c != 0 || len(srv.Messages()) != 0 {
		t.Fatalf("sent before the backoff ended")
	}
	// A worker of a restarted portal picks the row up once it is due.
	clock.Add(time.Minute)
	if c, err := worker(w, addr, clock).Drain(ctx); err != nil || c != 1 {
		t.Fatalf("sent %d after the server came back (err %v), want 1", c, err)
	}
	if got := len(srv.Messages()); got != 1 {
		t.Fatalf("server received %d messages, want 1", got)
	}
}

func TestOnlyDigitaalIsMailed(t *testing.T) {
	t.Parallel()
	w := setup(t)
	ctx := context.Background()
	f := testutil.NewFixtures(t, w.pool)
	count := func() int {
		t.Helper()
		var n int
		if err := w.pool.QueryRow(ctx, `SELECT count(*) FROM email_outbox`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	f.Bericht(w.bh.ID, "Een")
	if count() != 1 {
		t.Fatalf("digitaal: %d outbox rows, want 1", count())
	}
	if _, err := w.pool.Exec(ctx, `UPDATE profielen SET voorkeur = 'post' WHERE persoon_id = $1`, w.bh.PersoonID); err != nil {
		t.Fatal(err)
	}
	f.Bericht(w.bh.ID, "Twee")
	if count() != 1 {
		t.Fatalf("post: %d outbox rows, want still 1", count())
	}
	// A rolled-back action leaves neither bericht nor e-mail.
	_ = db.TxAs(ctx, w.pool, db.System, func(tx pgx.Tx) error {
		_, _ = tx.Exec(ctx, `UPDATE profielen SET voorkeur = 'digitaal' WHERE persoon_id = $1`, w.bh.PersoonID)
		if err := bericht.Send(ctx, tx, bericht.Recipient{BudgethouderID: w.bh.ID}, "test", "Drie", "x", ""); err != nil {
			t.Fatal(err)
		}
		return fmt.Errorf("action failed")
	})
	if count() != 1 {
		t.Fatalf("rolled back: %d outbox rows, want still 1", count())
	}
	// A wettelijk vertegenwoordiger, not the budgethouder, is told.
	vid, _ := f.Persoon("Vertegenwoordiger")
	if _, err := w.pool.Exec(ctx, `UPDATE profielen SET voorkeur = 'digitaal' WHERE persoon_id = $1;`, w.bh.PersoonID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.pool.Exec(ctx, `INSERT INTO vertegenwoordigingen (budgethouder_id, soort, persoon_id) VALUES ($1, 'wettelijk', $2)`, w.bh.ID, vid); err != nil {
		t.Fatal(err)
	}
	if _, err := w.pool.Exec(ctx, `INSERT INTO profielen (persoon_id, email, voorkeur) VALUES ($1, 'mentor@voorbeeld.nl', 'digitaal')`, vid); err != nil {
		t.Fatal(err)
	}
	id := f.Bericht(w.bh.ID, "Vier")
	var adressen []string
	rows, _ := w.pool.Query(ctx, `SELECT adres FROM email_outbox WHERE bericht_id = $1`, id)
	adressen, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil || len(adressen) != 1 || adressen[0] != "mentor@voorbeeld.nl" {
		t.Fatalf("wettelijk vertegenwoordigd: addresses %v (err %v), want only the mentor", adressen, err)
	}
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		attempts int
		want     time.Duration
	}{{1, 30 * time.Second}, {2, time.Minute}, {3, 2 * time.Minute}, {7, 32 * time.Minute}, {8, time.Hour}, {30, time.Hour}} {
		if got := email.Backoff(c.attempts, 30*time.Second, time.Hour); got != c.want {
			t.Errorf("Backoff(%d) = %v, want %v", c.attempts, got, c.want)
		}
	}
}

// A statement that stores many berichten (the betaalrun stores one per
// betaling) notifies each address once: one outbox row, one e-mail, for the
// first of its berichten; an address among its recipients that has no
// bericht of its own still gets none.
func TestManyBerichtenInOneStatementNotifyEachAddressOnce(t *testing.T) {
	t.Parallel()
	w := setup(t)
	ctx := context.Background()
	f := testutil.NewFixtures(t, w.pool)
	other := f.Budgethouder(f.Zorgkantoor("Zorgkantoor Ander", "Ander"))
	if _, err := w.pool.Exec(ctx, `INSERT INTO profielen (persoon_id, email, voorkeur) VALUES ($1, 'ander@voorbeeld.nl', 'digitaal')`, other.PersoonID); err != nil {
		t.Fatal(err)
	}
	var eerste int64
	err := db.TxAs(ctx, w.pool, db.System, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `WITH n AS (INSERT INTO berichten (budgethouder_id, soort, onderwerp, inhoud)
			SELECT CASE WHEN i <= 5 THEN $1::bigint ELSE $2::bigint END, 'betaling', 'Betaling uitgevoerd', 'nr ' || i FROM generate_series(1, 7) i
			RETURNING id, budgethouder_id) SELECT min(id) FROM n WHERE budgethouder_id = $1`, w.bh.ID, other.ID).Scan(&eerste)
	})
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := w.pool.Query(ctx, `SELECT adres, bericht_id FROM email_outbox ORDER BY adres`)
	type row struct {
		Adres string
		ID    int64
	}
	got, err := pgx.CollectRows(rows, pgx.RowToStructByPos[row])
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Adres != "ander@voorbeeld.nl" || got[1].Adres != w.email || got[1].ID != eerste {
		t.Fatalf("outbox %+v, want one row for each of the two addresses (%s for bericht %d)", got, w.email, eerste)
	}
}

// What the outbox's foreign key guarded still holds: an outbox row names an
// existing bericht, deleting the bericht deletes its outbox rows, and a
// bericht keeps its id.
func TestOutboxNamesItsBericht(t *testing.T) {
	t.Parallel()
	w := setup(t)
	ctx := context.Background()
	f := testutil.NewFixtures(t, w.pool)
	id := f.Bericht(w.bh.ID, "Een")
	var n int
	if err := w.pool.QueryRow(ctx, `SELECT count(*) FROM email_outbox WHERE bericht_id = $1`, id).Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d outbox rows for the bericht (%v), want 1", n, err)
	}
	code := func(q string, args ...any) string { t.Helper(); return testutil.SQLState(t, w.pool, q, args...) }
	if c := code(`INSERT INTO email_outbox (bericht_id, adres) VALUES ($1, 'x@voorbeeld.nl'), (987654, 'y@voorbeeld.nl')`, id); c != "23503" {
		t.Errorf("outbox row for a bericht that does not exist: code %q, want 23503", c)
	}
	if c := code(`UPDATE email_outbox SET bericht_id = 987654 WHERE bericht_id = $1`, id); c != "23503" {
		t.Errorf("outbox row moved to a bericht that does not exist: code %q, want 23503", c)
	}
	if c := code(`UPDATE berichten SET id = 987654 WHERE id = $1`, id); c == "" {
		t.Error("a bericht was renumbered")
	}
	if c := code(`DELETE FROM berichten WHERE id = $1`, id); c != "" {
		t.Fatalf("delete: code %q", c)
	}
	if err := w.pool.QueryRow(ctx, `SELECT count(*) FROM email_outbox WHERE bericht_id = $1`, id).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d outbox rows left for the deleted bericht (%v)", n, err)
	}
}
