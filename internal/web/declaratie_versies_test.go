package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"pgbportaal/internal/civil"
	"pgbportaal/internal/declaratie"
	zov "pgbportaal/internal/zorgovereenkomst"
)

// TestDeclaratieformulierToontDeAfsprakenVanDeMaand: the agreement was
// changed from the first of this month (€ 25,00 per uur, begeleiding
// individueel instead of logeeropvang, 5 hours a week) and a further change
// (€ 30,00) waits for the zorgkantoor. Last month is declared on the
// afspraken of version 1, in the form and in what is saved.
func TestDeclaratieformulierToontDeAfsprakenVanDeMaand(t *testing.T) {
	w := newDclWereld(t)
	ctx := context.Background()
	var v1 zov.Inhoud
	var doc1 []byte
	if err := w.app.Pool.QueryRow(ctx, `SELECT inhoud FROM zorgovereenkomsten WHERE id = $1`, w.zovID).Scan(&doc1); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(doc1, &v1); err != nil {
		t.Fatal(err)
	}
	per := w.today.FirstOfMonth()
	v2 := v1
	v2.Ingangsdatum, v2.Uren, v2.Etmalen = per, 500, 0
	v2.Tarieven = []zov.Tarief{
		{Zorgfunctie: zov.PersoonlijkeVerzorging, Eenheid: zov.PerUur, Bedrag: 2500},
		{Zorgfunctie: zov.BegeleidingIndividueel, Eenheid: zov.PerUur, Bedrag: 3000},
	}
	nu := v2
	nu.Ingangsdatum = v1.Ingangsdatum
	doc2, _ := json.Marshal(v2)
	docNu, _ := json.Marshal(nu)
	v3 := v2
	v3.Ingangsdatum = per.AddMonths(1)
	v3.Tarieven = []zov.Tarief{{Zorgfunctie: zov.PersoonlijkeVerzorging, Eenheid: zov.PerUur, Bedrag: 3000}}
	doc3, _ := json.Marshal(v3)
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE zorgovereenkomsten SET inhoud = $2 WHERE id = $1`, []any{w.zovID, docNu}},
		{`INSERT INTO zorgovereenkomst_versies (zorgovereenkomst_id, nummer, vanaf, inhoud) VALUES ($1, 1, $2, $3)`, []any{w.zovID, v1.Ingangsdatum, doc1}},
		{`WITH w AS (INSERT INTO zorgovereenkomsten (budgethouder_id, zorgverlener_id, status, inhoud, wijziging_van, soort_wijziging, per)
				SELECT budgethouder_id, zorgverlener_id, 'doorgevoerd', $3, id, 'wijziging', $2 FROM zorgovereenkomsten WHERE id = $1 RETURNING id)
			INSERT INTO zorgovereenkomst_versies (zorgovereenkomst_id, nummer, vanaf, inhoud, wijziging_id) SELECT $1, 2, $2, $3, w.id FROM w`,
			[]any{w.zovID, per, doc2}},
		{`INSERT INTO zorgovereenkomsten (budgethouder_id, zorgverlener_id, status, inhoud, wijziging_van, soort_wijziging, per, ingediend_op)
			SELECT budgethouder_id, zorgverlener_id, 'ter_beoordeling', $2, id, 'wijziging', $3, now() FROM zorgovereenkomsten WHERE id = $1`,
			[]any{w.zovID, doc3, v3.Ingangsdatum}},
	} {
		if _, err := w.app.Pool.Exec(ctx, q.sql, q.args...); err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}

	bh := newClient(t, w.app.URL)
	bh.login("digid", "Budgethouder")
	resp, doc := bh.do("POST", "/declaraties/nieuw", values("soort", "zorg", "zorgovereenkomst", strconv.FormatInt(w.zovID, 10), "periode", w.vorige.ISO()[:7]))
	if resp.StatusCode != 200 {
		t.Fatalf("nieuw: %d %q", resp.StatusCode, text(doc.Find("main")))
	}
	id := dclID(t, resp)
	info := text(doc.Find(".dcl-info"))
	for _, want := range []string{"Persoonlijke verzorging: € 20,00 per uur", "Logeeropvang: € 150,00 per etmaal", "10 uur per week",
		"Versie 1 van de zorgovereenkomst, geldig van " + v1.Ingangsdatum.String() + " tot en met " + per.AddDays(-1).String()} {
		if !strings.Contains(info, want) {
			t.Errorf("form lacks %q: %s", want, info)
		}
	}
	for _, not := range []string{"€ 25,00", "€ 30,00", "Begeleiding individueel", "5 uur per week"} {
		if strings.Contains(info, not) {
			t.Errorf("form shows %q of another version: %s", not, info)
		}
	}
	d3 := w.dag(3)
	if doc.Find("#"+declaratie.VeldAantal(d3, zov.Logeeropvang)).Length() != 1 || doc.Find("#"+declaratie.VeldAantal(d3, zov.BegeleidingIndividueel)).Length() != 0 {
		t.Fatalf("grid columns: %q", text(doc.Find("main table thead")))
	}

	// What is entered is read and priced by version 1 too.
	resp, doc = bh.do("POST", "/declaraties/"+id, values("versie", versie(t, doc), "actie", "volgende",
		declaratie.VeldAantal(d3, zov.PersoonlijkeVerzorging), "2",
		declaratie.VeldAantal(w.dag(4), zov.Logeeropvang), "1",
		declaratie.VeldAantal(w.dag(5), zov.BegeleidingIndividueel), "3"))
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/declaraties/"+id+"/controle" {
		t.Fatalf("volgende: %d %s %q", resp.StatusCode, resp.Request.URL, text(doc.Find(".pgb-error-summary")))
	}
	totalen := rijen(doc.Find("table").First())
	for _, want := range []string{"Persoonlijke verzorging | 2 uur | € 20,00 per uur | € 40,00", "Logeeropvang | 1 etmaal | € 150,00 per etmaal | € 150,00",
		"Totaal | € 190,00"} {
		if !strings.Contains(totalen, want) {
			t.Errorf("totals lack %q: %s", want, totalen)
		}
	}
}

// TestDeclaratieAanbodNaarDeVersieVanDeMaand: a vast maandbedrag agreed from
// the first of last month leaves the months before it declarable. The
// zorgverlener is still offered the agreement, with those months and not
// last month, and can start a declaratie over one of them.
func TestDeclaratieAanbodNaarDeVersieVanDeMaand(t *testing.T) {
	w := newDclWereld(t)
	ctx := context.Background()
	var v1 zov.Inhoud
	var doc1 []byte
	if err := w.app.Pool.QueryRow(ctx, `SELECT inhoud FROM zorgovereenkomsten WHERE id = $1`, w.zovID).Scan(&doc1); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(doc1, &v1); err != nil {
		t.Fatal(err)
	}
	v2 := v1
	v2.Ingangsdatum, v2.Maandloon, v2.MaandBedrag = w.vorige, true, 80000
	nu := v2
	nu.Ingangsdatum = v1.Ingangsdatum
	doc2, _ := json.Marshal(v2)
	docNu, _ := json.Marshal(nu)
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE zorgovereenkomsten SET inhoud = $2 WHERE id = $1`, []any{w.zovID, docNu}},
		{`INSERT INTO zorgovereenkomst_versies (zorgovereenkomst_id, nummer, vanaf, inhoud) VALUES ($1, 1, $2, $3)`, []any{w.zovID, v1.Ingangsdatum, doc1}},
		{`WITH w AS (INSERT INTO zorgovereenkomsten (budgethouder_id, zorgverlener_id, status, inhoud, wijziging_van, soort_wijziging, per)
				SELECT budgethouder_id, zorgverlener_id, 'doorgevoerd', $3, id, 'wijziging', $2 FROM zorgovereenkomsten WHERE id = $1 RETURNING id)
			INSERT INTO zorgovereenkomst_versies (zorgovereenkomst_id, nummer, vanaf, inhoud, wijziging_id) SELECT $1, 2, $2, $3, w.id FROM w`,
			[]any{w.zovID, w.vorige, doc2}},
	} {
		if _, err := w.app.Pool.Exec(ctx, q.sql, q.args...); err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}

	zovID := strconv.FormatInt(w.zovID, 10)
	zv := newClient(t, w.app.URL)
	zv.login("digid", "Zorgverlener (informeel)")
	resp, doc := zv.do("GET", "/declaraties/nieuw", nil)
	if resp.StatusCode != http.StatusOK || doc.Find(`#zorgovereenkomst option[value="`+zovID+`"]`).Length() != 1 {
		t.Fatalf("agreement not offered: %d %q", resp.StatusCode, text(doc.Find("form")))
	}
	for _, m := range []civil.Date{w.vorige.AddMonths(-1), w.vorige.AddMonths(-2)} {
		if doc.Find(`#periode option[value="`+m.ISO()[:7]+`"]`).Length() != 1 {
			t.Errorf("%s not offered: %q", declaratie.MaandNaam(m), text(doc.Find("#periode")))
		}
	}
	if doc.Find(`#periode option[value="`+w.vorige.ISO()[:7]+`"]`).Length() != 0 {
		t.Errorf("the month of the maandloon offered: %q", text(doc.Find("#periode")))
	}
	resp, doc = zv.do("POST", "/declaraties/nieuw", values("zorgovereenkomst", zovID, "periode", w.vorige.ISO()[:7]))
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(doc.Find(".pgb-error-summary")), "vast maandbedrag") {
		t.Fatalf("last month: %d %q", resp.StatusCode, text(doc.Find(".pgb-error-summary")))
	}
	resp, _ = zv.do("POST", "/declaraties/nieuw", values("zorgovereenkomst", zovID, "periode", w.vorige.AddMonths(-1).ISO()[:7]))
	dclID(t, resp)

	// The budgethouder is offered it too.
	bh := newClient(t, w.app.URL)
	bh.login("digid", "Budgethouder")
	if _, doc := bh.do("GET", "/declaraties/nieuw", nil); doc.Find(`#zorgovereenkomst option[value="`+zovID+`"]`).Length() != 1 {
		t.Errorf("budgethouder: agreement not offered: %q", text(doc.Find("#zorgovereenkomst")))
	}
}
