package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"pgbportaal/internal/civil"
)

func TestWachtrijZegtWatErTerBeoordelingLigt(t *testing.T) {
	app, id := wijzigenApp(t)
	bh, zv, zk := newClient(t, app.URL), newClient(t, app.URL), newClient(t, app.URL)
	bh.login("digid", "Budgethouder")
	zv.login("digid", "Zorgverlener (informeel)")
	zk.login("eherkenning", "Beoordelaar zorgkantoor")

	// A beëindiging the zorgverlener disagrees with goes to the zorgkantoor.
	cid, _ := beeindigingStarten(t, bh, id)
	_, doc := zv.do("GET", "/zorgovereenkomsten/"+cid, nil)
	resp, doc := zv.do("POST", "/zorgovereenkomsten/"+cid+"/niet-akkoord",
		formulier(doc.Find(`form[action="/zorgovereenkomsten/`+cid+`/niet-akkoord"]`), "toelichting", "De opzegging is te kort."))
	if resp.StatusCode != 200 {
		t.Fatalf("niet akkoord: %d %q", resp.StatusCode, text(doc.Find("main")))
	}
	// So do a new agreement and a wijziging of another approved one.
	var nieuw, wijziging string
	if err := app.Pool.QueryRow(context.Background(), `WITH n AS (
			INSERT INTO zorgovereenkomsten (budgethouder_id, zorgverlener_id, status, inhoud, ingediend_op)
			SELECT budgethouder_id, zorgverlener_id, 'ter_beoordeling', inhoud, now() - interval '2 days' FROM zorgovereenkomsten WHERE id = $1::bigint
			RETURNING id),
		o AS (INSERT INTO zorgovereenkomsten (budgethouder_id, zorgverlener_id, status, inhoud, ingediend_op, beoordeeld_op)
			SELECT budgethouder_id, zorgverlener_id, 'goedgekeurd', inhoud, now(), now() FROM zorgovereenkomsten WHERE id = $1::bigint
			RETURNING id, budgethouder_id, zorgverlener_id, inhoud),
		w AS (INSERT INTO zorgovereenkomsten (budgethouder_id, zorgverlener_id, status, inhoud, wijziging_van, soort_wijziging, per, ingediend_op)
			SELECT budgethouder_id, zorgverlener_id, 'ter_beoordeling', inhoud, id, 'wijziging', $2, now() - interval '1 day' FROM o
			RETURNING id)
		SELECT n.id::text, w.id::text FROM n, w`, id, civil.Today(time.Now()).FirstOfMonth().AddMonths(1)).Scan(&nieuw, &wijziging); err != nil {
		t.Fatal(err)
	}

	_, doc = zk.do("GET", "/beoordelen", nil)
	table := doc.Find("main table")
	kop := []string{}
	table.Find("thead th").Each(func(_ int, s *goquery.Selection) { kop = append(kop, text(s)) })
	if strings.Join(kop, " | ") != "Budgethouder | Zorgverlener | Aanvraag | Soort | Periode | Ingediend op | Wachttijd" {
		t.Fatalf("queue columns: %q", kop)
	}
	var rijen []string
	table.Find("tbody tr").Each(func(_ int, tr *goquery.Selection) {
		rijen = append(rijen, strings.TrimPrefix(tr.Find("a").AttrOr("href", ""), "/beoordelen/")+" "+text(tr.Find("td").Eq(2)))
	})
	if got, want := strings.Join(rijen, ", "), nieuw+" Nieuwe zorgovereenkomst, "+wijziging+" Wijziging, "+cid+" Beëindiging"; got != want {
		t.Fatalf("queue: %s, want %s", got, want)
	}
}
