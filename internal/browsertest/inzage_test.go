package browsertest_test

import (
	"context"
	"strings"
	"testing"

	"pgbportaal/internal/audit"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/browsertest"
	"pgbportaal/internal/demo"
	"pgbportaal/internal/testutil/apptest"
)

// "Wie heeft mijn gegevens bekeken": from the start page tile, axe clean,
// usable at 320 px.
func TestWieHeeftMijnGegevensBekeken(t *testing.T) {
	app := apptest.StartApp(t)
	ctx := context.Background()
	if err := demo.Load(ctx, app.Pool); err != nil {
		t.Fatal(err)
	}
	var bh, zk int64
	if err := app.Pool.QueryRow(ctx, `SELECT b.id, b.zorgkantoor_id FROM budgethouders b JOIN personen p ON p.id = b.persoon_id
		WHERE p.bsn = '200000007'`).Scan(&bh, &zk); err != nil {
		t.Fatal(err)
	}
	staff := auth.Actor{Role: auth.RoleZorgkantoor, Means: auth.EHerkenning, OrganisatieID: zk, MedewerkerID: 1}
	audit.Record(ctx, app.Pool, audit.Entry{Actor: &staff, Action: "lezen", ObjectType: "zorgovereenkomst", ObjectID: "7", BudgethouderID: bh, Outcome: audit.OK})

	b := browsertest.New(t)
	b.BaseURL = app.URL
	loginAs(t, b, "digid", "Budgethouder met gevolmachtigde")
	b.Click("a[href='/gegevens-bekeken']")
	waitPath(t, b, func(p string) bool { return strings.HasSuffix(p, "/gegevens-bekeken") })
	if got := b.Text("h1"); got != "Wie heeft mijn gegevens bekeken" {
		t.Fatalf("h1 %q", got)
	}
	if body := b.Text("table"); !strings.Contains(body, "Zorgkantoor Amstelland") || !strings.Contains(body, "Medewerker zorgkantoor") {
		t.Errorf("the zorgkantoor's look is not listed: %q", body)
	}
	b.AssertNoAxeViolations()
	b.SetViewport(320, 640)
	if b.HasHorizontalScroll() {
		b.Screenshot("gegevens-bekeken-320-overflow")
		t.Error("the page scrolls horizontally at 320 px wide")
	}
}
