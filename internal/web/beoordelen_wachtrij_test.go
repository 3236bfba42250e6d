package web_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"pgbportaal/internal/gendata"
	"pgbportaal/internal/loadtest"
	"pgbportaal/internal/testutil/apptest"
)

// A long queue comes in pages of 50, the longest waiting first, with the
// total and links to the pages before and after.
func TestBeoordelenWachtrijInPaginas(t *testing.T) {
	t.Parallel()
	app := apptest.StartApp(t)
	ctx := context.Background()
	if err := gendata.Generate(ctx, app.Pool, gendata.Config{Budgethouders: 40, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	// Every budgethouder moves to one region; 73 of their agreements wait.
	var kvk, naam string
	var zk int64
	if err := app.Pool.QueryRow(ctx, `SELECT id, kvk, naam FROM organisaties WHERE soort = 'zorgkantoor' ORDER BY id LIMIT 1`).
		Scan(&zk, &kvk, &naam); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Pool.Exec(ctx, `UPDATE budgethouders SET zorgkantoor_id = $1`, zk); err != nil {
		t.Fatal(err)
	}
	tag, err := app.Pool.Exec(ctx, `UPDATE zorgovereenkomsten SET status = 'ter_beoordeling',
		ingediend_op = now() - id * interval '1 hour' WHERE id IN (SELECT id FROM zorgovereenkomsten
		WHERE zorgverlener_id IS NOT NULL AND wijziging_van IS NULL ORDER BY id LIMIT 73)`)
	if err != nil || tag.RowsAffected() != 73 {
		t.Fatalf("%v, %d agreements", err, tag.RowsAffected())
	}
	var waiting int
	if err := app.Pool.QueryRow(ctx, `SELECT count(*) FROM zorgovereenkomsten WHERE status = 'ter_beoordeling'`).Scan(&waiting); err != nil {
		t.Fatal(err)
	}
	c := loadtest.NewClient(app.URL, nil)
	if _, err := c.Login(ctx, loadtest.EHerkenning(kvk, naam, "beoordelaar-1")); err != nil {
		t.Fatal(err)
	}
	rows := regexp.MustCompile(`href="/beoordelen/(\d+)"`)
	get := func(path string) (string, string, []string) {
		t.Helper()
		p, err := c.Get(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, m := range rows.FindAllStringSubmatch(string(p.Body), -1) {
			ids = append(ids, m[1])
		}
		return p.URL.RequestURI(), string(p.Body), ids
	}
	_, body, first := get("/beoordelen")
	want := itoaTest(waiting) + " zorgovereenkomsten wachten op beoordeling, pagina 1 van 2"
	if !strings.Contains(strings.Join(strings.Fields(body), " "), want) || len(first) != 50 {
		t.Fatalf("page 1: %d rows; want 50 and %q", len(first), want)
	}
	if !strings.Contains(body, `href="/beoordelen?pagina=2" rel="next"`) || strings.Contains(body, `rel="prev"`) {
		t.Error("page 1 does not link to page 2 only")
	}
	// The longest waiting first.
	var oldest []string
	r, err := app.Pool.Query(ctx, `SELECT id::text FROM zorgovereenkomsten WHERE status = 'ter_beoordeling'
		ORDER BY ingediend_op, id LIMIT 50`)
	if err != nil {
		t.Fatal(err)
	}
	for r.Next() {
		var id string
		if err := r.Scan(&id); err != nil {
			t.Fatal(err)
		}
		oldest = append(oldest, id)
	}
	if strings.Join(oldest, ",") != strings.Join(first, ",") {
		t.Errorf("page 1 is not the 50 longest waiting in order:\n got %v\nwant %v", first, oldest)
	}
	_, body, second := get("/beoordelen?pagina=2")
	if len(second) != waiting-50 || !strings.Contains(body, `rel="prev"`) || strings.Contains(body, `rel="next"`) {
		t.Fatalf("page 2: %d rows, want %d, with a link back only", len(second), waiting-50)
	}
	seen := map[string]bool{}
	for _, id := range append(first, second...) {
		if seen[id] {
			t.Fatalf("agreement %s on both pages", id)
		}
		seen[id] = true
	}
	if at, _, _ := get("/beoordelen?pagina=9"); at != "/beoordelen?pagina=2" {
		t.Errorf("a page past the end went to %s, want the last page", at)
	}
	if at, _, ids := get("/beoordelen?pagina=nul"); at != "/beoordelen?pagina=nul" || len(ids) != 50 {
		t.Errorf("a page that is no number: at %s with %d rows, want page 1", at, len(ids))
	}
}

func itoaTest(n int) string {
	s := ""
	for {
		s = string(rune('0'+n%10)) + s
		n /= 10
		if n == 0 {
			return s
		}
	}
}
