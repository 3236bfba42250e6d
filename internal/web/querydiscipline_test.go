package web_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"pgbportaal/internal/gendata"
	"pgbportaal/internal/loadtest"
	"pgbportaal/internal/testutil"
	"pgbportaal/internal/testutil/apptest"
)

// bigTables grow with the number of budgethouders: a page may never read
// one of them from start to end.
var bigTables = []string{"personen", "budgethouders", "vertegenwoordigingen", "zorgverleners", "toekenningen",
	"profielen", "berichten", "zorgovereenkomsten", "handtekeningen", "zorgovereenkomst_gebeurtenissen",
	"declaraties", "betalingen", "facturen", "audit_log", "sessions", "medewerkers"}

// disciplineWorld is a generated dataset with three logged-in parties: a
// budgethouder, the formal zorgverlener of one of their approved
// agreements and a beoordelaar of their zorgkantoor.
type disciplineWorld struct {
	t          *testing.T
	app        *apptest.App
	stmts      *testutil.Statements
	bh, zv, zk *loadtest.Client
	bhID, zvID int64
	zovID      int64 // an approved agreement of bh with zv
	conceptID  int64 // a concept declaratie of bh
	zkOrg      int64
}

func newDisciplineWorld(t *testing.T, budgethouders int) *disciplineWorld {
	t.Helper()
	stmts := &testutil.Statements{}
	app := apptest.StartApp(t, apptest.WithStatements(stmts))
	ctx := context.Background()
	if err := gendata.Generate(ctx, app.Pool, gendata.Config{Budgethouders: budgethouders, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	w := &disciplineWorld{t: t, app: app, stmts: stmts}
	var bsn, agb, zvNaam, kvk, zkNaam string
	// A budgethouder managing their own pgb, with an approved agreement with
	// a formal zorgverlener that has declaraties, and a concept declaratie.
	err := app.Pool.QueryRow(ctx, `SELECT b.id, p.bsn, z.id, zv.id, zv.agb_code, zv.naam, o.id, o.kvk, o.naam,
			(SELECT d.id FROM declaraties d WHERE d.budgethouder_id = b.id AND d.status = 'concept' AND d.soort = 'zorg'
				AND d.ingevoerd_door = 'budgethouder' ORDER BY d.id LIMIT 1)
		FROM budgethouders b JOIN personen p ON p.id = b.persoon_id JOIN organisaties o ON o.id = b.zorgkantoor_id
		JOIN zorgovereenkomsten z ON z.budgethouder_id = b.id AND z.status = 'goedgekeurd'
		JOIN zorgverleners zv ON zv.id = z.zorgverlener_id AND zv.soort = 'formeel'
		WHERE NOT EXISTS (SELECT 1 FROM vertegenwoordigingen v WHERE v.budgethouder_id = b.id)
		AND EXISTS (SELECT 1 FROM declaraties d WHERE d.zorgovereenkomst_id = z.id)
		AND EXISTS (SELECT 1 FROM declaraties d WHERE d.budgethouder_id = b.id AND d.status = 'concept'
			AND d.soort = 'zorg' AND d.ingevoerd_door = 'budgethouder')
		ORDER BY b.id LIMIT 1`).Scan(&w.bhID, &bsn, &w.zovID, &w.zvID, &agb, &zvNaam, &w.zkOrg, &kvk, &zkNaam, &w.conceptID)
	if err != nil {
		t.Fatalf("no suitable budgethouder in the generated data: %v", err)
	}
	w.bh = w.login(loadtest.DigiD(bsn))
	w.zv = w.login(loadtest.Vecozo(agb, zvNaam))
	w.zk = w.login(loadtest.EHerkenning(kvk, zkNaam, "beoordelaar-1"))
	return w
}

func (w *disciplineWorld) login(id loadtest.Identity) *loadtest.Client {
	w.t.Helper()
	c := loadtest.NewClient(w.app.URL, nil)
	if _, err := c.Login(context.Background(), id); err != nil {
		w.t.Fatal(err)
	}
	return c
}

// visit fetches path as c and returns the queries the portal sent for it.
func (w *disciplineWorld) visit(c *loadtest.Client, path string) []testutil.Statement {
	w.t.Helper()
	mark := w.stmts.Mark()
	p, err := c.Get(context.Background(), path)
	if err != nil {
		w.t.Fatal(err)
	}
	if p.Status != http.StatusOK || p.URL.Path != strings.SplitN(path, "?", 2)[0] {
		w.t.Fatalf("GET %s: status %d at %s", path, p.Status, p.URL.Path)
	}
	// The access log and audit writes may finish just after the response.
	time.Sleep(20 * time.Millisecond)
	return w.stmts.Since(mark)
}

// grow gives every party of the world twenty times as much: more
// agreements between bh and zv (approved, with declaraties, and submitted
// ones in the zorgkantoor's queue), more berichten and payments.
func (w *disciplineWorld) grow() {
	w.t.Helper()
	ctx := context.Background()
	tx, err := w.app.Pool.Begin(ctx)
	if err != nil {
		w.t.Fatal(err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck
	var last int64
	if err := tx.QueryRow(ctx, `SELECT max(id) FROM zorgovereenkomsten`).Scan(&last); err != nil {
		w.t.Fatal(err)
	}
	for _, q := range []string{
		`SELECT set_config('pgb.role', 'system', true)`,
		fmt.Sprintf(`INSERT INTO zorgovereenkomsten (budgethouder_id, zorgverlener_id, status, versie, inhoud, gedeeld_inhoud,
			aangemaakt_op, gewijzigd_op, ingediend_op, beoordeeld_op)
			SELECT budgethouder_id, zorgverlener_id, s, versie, inhoud, gedeeld_inhoud, aangemaakt_op, gewijzigd_op, ingediend_op,
				CASE WHEN s = 'goedgekeurd' THEN beoordeeld_op END
			FROM zorgovereenkomsten, generate_series(1, 19) n, unnest(ARRAY['goedgekeurd', 'ter_beoordeling']) s WHERE id = %d`, w.zovID),
		fmt.Sprintf(`INSERT INTO declaraties (budgethouder_id, zorgovereenkomst_id, zorgverlener_id, soort, periode, status,
			ingevoerd_door, regels, totaal)
			SELECT z.budgethouder_id, z.id, z.zorgverlener_id, 'zorg', d.periode, 'concept', 'budgethouder', d.regels, d.totaal
			FROM zorgovereenkomsten z, declaraties d
			WHERE z.budgethouder_id = %d AND z.id > %d AND z.status = 'goedgekeurd' AND d.zorgovereenkomst_id = %d`, w.bhID, last, w.zovID),
		fmt.Sprintf(`INSERT INTO berichten (budgethouder_id, soort, onderwerp, inhoud, kenmerk)
			SELECT %d, 'test', 'Bericht ' || n, 'Inhoud', 'T-' || n FROM generate_series(1, 40) n`, w.bhID),
		fmt.Sprintf(`INSERT INTO berichten (zorgverlener_id, soort, onderwerp, inhoud, kenmerk)
			SELECT %d, 'test', 'Bericht ' || n, 'Inhoud', 'T-' || n FROM generate_series(1, 40) n`, w.zvID),
	} {
		if _, err := tx.Exec(ctx, q); err != nil {
			w.t.Fatalf("grow: %v\n%s", err, q)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		w.t.Fatal(err)
	}
	if _, err := w.app.Pool.Exec(ctx, `ANALYZE`); err != nil {
		w.t.Fatal(err)
	}
}

type disciplinePage struct {
	who  string
	c    *loadtest.Client
	path string
	max  int // statements, transaction control excluded
}

func (w *disciplineWorld) pages() []disciplinePage {
	return []disciplinePage{
		{"budgethouder", w.bh, "/", 8},
		{"budgethouder", w.bh, "/zorgovereenkomsten", 8},
		{"budgethouder", w.bh, fmt.Sprintf("/zorgovereenkomsten/%d", w.zovID), 12}, // versions and pending change: +2
		{"budgethouder", w.bh, "/declaraties", 8},
		{"budgethouder", w.bh, "/declaraties/nieuw", 8},
		{"budgethouder", w.bh, fmt.Sprintf("/declaraties/%d", w.conceptID), 10},
		{"budgethouder", w.bh, "/budget", 13}, // +1 for the header's unread berichten count (every page: 2)
		{"budgethouder", w.bh, "/berichten", 8},
		{"zorgverlener", w.zv, "/", 8},
		{"zorgverlener", w.zv, "/zorgovereenkomsten", 8},
		{"zorgverlener", w.zv, "/declaraties", 8},
		{"zorgkantoor", w.zk, "/", 8},
		{"zorgkantoor", w.zk, "/beoordelen", 8},
	}
}

// TestQueryCountIndependentOfDataSize: the main pages send a fixed, small
// number of SQL statements, the same with one agreement as with twenty
// (no query per row), and each stays within its limit.
func TestQueryCountIndependentOfDataSize(t *testing.T) {
	t.Parallel()
	w := newDisciplineWorld(t, 40)
	before := map[string][]testutil.Statement{}
	for _, p := range w.pages() {
		before[p.who+" "+p.path] = testutil.Queries(w.visit(p.c, p.path))
	}
	w.grow()
	for _, p := range w.pages() {
		key := p.who + " " + p.path
		after := testutil.Queries(w.visit(p.c, p.path))
		if len(after) != len(before[key]) {
			t.Errorf("%s: %d statements with little data, %d with twenty times as much:\nbefore\n%s\nafter\n%s",
				key, len(before[key]), len(after), testutil.Describe(before[key]), testutil.Describe(after))
		}
		t.Logf("%-13s %-28s %2d statements (transaction control excluded)", p.who, p.path, len(after))
		if len(after) > p.max {
			t.Errorf("%s: %d statements, at most %d allowed:\n%s", key, len(after), p.max, testutil.Describe(after))
		}
	}
}

// TestMainPagesUseIndexes: every SELECT of the main pages can be answered
// through an index on the tables that grow with the country, whatever the
// planner would choose on this small dataset (sequential scans are made as
// expensive as possible, so one that remains has no index to use).
func TestMainPagesUseIndexes(t *testing.T) {
	t.Parallel()
	w := newDisciplineWorld(t, 40)
	for _, p := range w.pages() {
		list := w.visit(p.c, p.path)
		for table, queries := range testutil.SeqScans(t, w.app.Pool, list, bigTables, false) {
			t.Errorf("%s %s reads all of %s in:\n%s", p.who, p.path, table, strings.Join(queries, "\n"))
		}
	}
}

var logoutForm = regexp.MustCompile(`action="/uitloggen"`)

// The generated world logs in through the real login flow: the personas
// the generator promises exist and may log in.
func TestGeneratedPersonasLogIn(t *testing.T) {
	t.Parallel()
	app := apptest.StartApp(t)
	cfg := gendata.Config{Budgethouders: 30, Seed: 5}
	if err := gendata.Generate(context.Background(), app.Pool, cfg); err != nil {
		t.Fatal(err)
	}
	ps := gendata.PersonasFor(cfg, 3)
	if len(ps.Budgethouders) == 0 || len(ps.Zorgverleners) == 0 || len(ps.InformeleZorgverleners) == 0 {
		t.Fatalf("personas missing: %+v", ps)
	}
	ids := []loadtest.Identity{loadtest.DigiD(ps.Budgethouders[0]), loadtest.Vecozo(ps.Zorgverleners[0], "Zorg"),
		loadtest.DigiD(ps.InformeleZorgverleners[0]), loadtest.EHerkenning(ps.Zorgkantoren[0], "Zorgkantoor", "m-1")}
	for _, id := range ids {
		c := loadtest.NewClient(app.URL, nil)
		p, err := c.Login(context.Background(), id)
		if err != nil {
			t.Fatalf("%s: %v", id.Means, err)
		}
		if p.URL.Path != "/" || !logoutForm.Match(p.Body) {
			t.Errorf("%s %v: after login at %s", id.Means, id.Fields, p.URL.Path)
		}
	}
}
