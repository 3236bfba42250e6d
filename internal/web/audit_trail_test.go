package web_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"pgbportaal/internal/audit"
	"pgbportaal/internal/auth"
)

// Every page that shows a budgethouder's own data writes an audit entry
// (NEN 7513): who (the person, how they logged in, in which role), on whose
// behalf (the budgethouder), what, when and the outcome. The pages are taken
// from the access matrix: every GET the budget side may open.
func TestEveryReadOfBudgethouderDataIsAudited(t *testing.T) {
	t.Parallel()
	app := startWithDemo(t)
	ctx := context.Background()
	var bh, persoon int64
	if err := app.Pool.QueryRow(ctx, `SELECT b.id, b.persoon_id FROM budgethouders b JOIN personen p ON p.id = b.persoon_id
		WHERE p.bsn = '200000007'`).Scan(&bh, &persoon); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, app.URL)
	c.login("digid", "Budgethouder met gevolmachtigde")

	// Forms for something new ("/.../nieuw", a suggestie of klacht) show
	// nothing stored yet; routes
	// with parameters other than an object id are left to their own tests.
	var pages []string
	for rt, e := range accessMatrix {
		method, path, _ := strings.Cut(rt, " ")
		if method != http.MethodGet || e.public || e.obj != "" || (e.roles != nil && !slices.Contains(e.roles, auth.RoleBudgethouder)) || strings.HasSuffix(path, "/nieuw") || strings.HasPrefix(path, "/suggestie-of-klacht") || strings.Contains(path, "{") {
			continue
		}
		pages = append(pages, path)
	}
	slices.Sort(pages)
	if len(pages) < 6 {
		t.Fatalf("too few budgethouder pages found: %v", pages)
	}
	for _, path := range pages {
		var last int64
		_ = app.Pool.QueryRow(ctx, `SELECT coalesce(max(keten_nr), 0) FROM audit_log`).Scan(&last)
		start := time.Now()
		resp, _ := c.do("GET", path, nil)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", path, resp.StatusCode)
			continue
		}
		var kind, ref, role, means, action, outcome, reqID string
		var at time.Time
		err := app.Pool.QueryRow(ctx, `SELECT actor_kind, actor_ref, actor_role, login_means, action, outcome, request_id, at
			FROM audit_log WHERE keten_nr > $1 AND budgethouder_id = $2 ORDER BY keten_nr LIMIT 1`, last, bh).
			Scan(&kind, &ref, &role, &means, &action, &outcome, &reqID, &at)
		if err != nil {
			t.Errorf("%s: no audit entry about the budgethouder (%v)", path, err)
			continue
		}
		if kind != "persoon" || ref != fmt.Sprint(persoon) || role != "budgethouder" || means != "digid" ||
			action != "lezen" || outcome != audit.OK || reqID == "" || at.Before(start.Add(-time.Minute)) {
			t.Errorf("%s: incomplete entry: %s %s %s %s %s %s %q %v", path, kind, ref, role, means, action, outcome, reqID, at)
		}
	}
	if broken, err := audit.Verify(ctx, app.Pool); err != nil || broken != 0 {
		t.Errorf("audit chain broken at %d (%v)", broken, err)
	}
}

// "Wie heeft mijn gegevens bekeken" lists, per page of 20, which
// organisations and roles looked, never an employee; and only the
// budgethouder's own entries.
func TestWieHeeftMijnGegevensBekekenPage(t *testing.T) {
	t.Parallel()
	app := startWithDemo(t)
	ctx := context.Background()
	var bh, zk, other int64
	if err := app.Pool.QueryRow(ctx, `SELECT b.id, b.zorgkantoor_id FROM budgethouders b JOIN personen p ON p.id = b.persoon_id
		WHERE p.bsn = '200000007'`).Scan(&bh, &zk); err != nil {
		t.Fatal(err)
	}
	if err := app.Pool.QueryRow(ctx, `SELECT b.id FROM budgethouders b WHERE b.id <> $1 LIMIT 1`, bh).Scan(&other); err != nil {
		t.Fatal(err)
	}
	staff := auth.Actor{Role: auth.RoleZorgkantoor, Means: auth.EHerkenning, OrganisatieID: zk, MedewerkerID: 424242}
	for i := 0; i < 25; i++ {
		audit.Record(ctx, app.Pool, audit.Entry{Actor: &staff, Action: "lezen", ObjectType: "zorgovereenkomst", ObjectID: "7", BudgethouderID: bh, Outcome: audit.OK})
	}
	audit.Record(ctx, app.Pool, audit.Entry{Actor: &staff, Action: "lezen", ObjectType: "geheim-van-een-ander", BudgethouderID: other, Outcome: audit.OK})

	c := newClient(t, app.URL)
	_, home := c.login("digid", "Budgethouder met gevolmachtigde")
	if home.Find("a[href='/gegevens-bekeken']").Length() != 1 {
		t.Fatal("no start page tile")
	}
	resp, doc := c.do("GET", "/gegevens-bekeken", nil)
	if resp.StatusCode != 200 || doc.Find("h1").Text() != "Wie heeft mijn gegevens bekeken" {
		t.Fatalf("%d %q", resp.StatusCode, doc.Find("h1").Text())
	}
	rows := doc.Find("tbody tr")
	if rows.Length() != audit.InzagePageSize {
		t.Fatalf("%d rows on page 1, want %d", rows.Length(), audit.InzagePageSize)
	}
	body := doc.Find("table").Text()
	if !strings.Contains(body, "Zorgkantoor Amstelland") || !strings.Contains(body, "Medewerker zorgkantoor") || !strings.Contains(body, "Bekeken: zorgovereenkomst") {
		t.Errorf("page 1 lacks the zorgkantoor's look: %s", body)
	}
	if strings.Contains(body, "424242") || strings.Contains(body, "geheim-van-een-ander") {
		t.Errorf("an employee reference or another budgethouder's entry is shown")
	}
	if !strings.Contains(body, "U zelf") {
		t.Errorf("the budgethouder's own login is not shown as theirs: %s", body)
	}
	if doc.Find("a[rel=next]").Length() != 1 {
		t.Fatal("no link to page 2")
	}
	_, doc = c.do("GET", "/gegevens-bekeken?pagina=2", nil)
	if n := doc.Find("tbody tr").Length(); n < 6 {
		t.Errorf("page 2 has %d rows", n)
	}
}
