package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"pgbportaal/internal/civil"
	"pgbportaal/internal/testutil/apptest"
	zov "pgbportaal/internal/zorgovereenkomst"
)

// wijzigenApp is the demo with an approved agreement of mevrouw De Vries
// with H. de Boer (partner of familielid) from three months back, open-ended,
// 10 hours a week persoonlijke verzorging at € 20,00 an hour; both parties
// have completed their profile.
func wijzigenApp(t *testing.T) (*apptest.App, string) {
	t.Helper()
	app := startWithDemo(t)
	ctx := context.Background()
	today := civil.Today(time.Now())
	var zv int64
	if err := app.Pool.QueryRow(ctx, `SELECT z.id FROM zorgverleners z JOIN personen p ON p.id = z.persoon_id WHERE p.bsn = '135792460'`).Scan(&zv); err != nil {
		t.Fatal(err)
	}
	in := zov.Inhoud{
		Soort: zov.SoortFamilie, BudgethouderNaam: "J. de Vries",
		Zorgverlener: zov.Zorgverlener{ID: zv, Naam: "H. de Boer", BSN: "135792460", IBAN: "NL91ABNA0417164300",
			Geboortedatum: civil.Date{Year: 1961, Month: 5, Day: 12},
			Adres:         zov.Adres{Straat: "Dorpsstraat", Huisnummer: "14", Postcode: "1181 AB", Woonplaats: "Amstelveen"}},
		Ingangsdatum: today.FirstOfMonth().AddMonths(-3), Onbepaald: true, Uren: 1000, UrenPer: "week",
		Tarieven:           []zov.Tarief{{Zorgfunctie: zov.PersoonlijkeVerzorging, Eenheid: zov.PerUur, Bedrag: 2000}},
		StandaardAfspraken: true,
		Zorgbehoefte:       "Hulp bij wassen en aankleden.", WelkeZorg: "Persoonlijke verzorging in de ochtend.",
		WaaromZorg: "Door een beperking lukt dit niet zelfstandig.",
	}
	doc, _ := json.Marshal(in)
	var id int64
	if err := app.Pool.QueryRow(ctx, `INSERT INTO zorgovereenkomsten (budgethouder_id, zorgverlener_id, status, inhoud, ingediend_op, beoordeeld_op)
		SELECT b.id, $1, 'goedgekeurd', $2, now(), now() FROM budgethouders b WHERE b.relatienummer = 'PGB1000001' RETURNING id`, zv, doc).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Pool.Exec(ctx, `INSERT INTO profielen (persoon_id, straat, huisnummer, postcode, woonplaats, email, iban)
		SELECT id, 'Dorpsstraat', '1', '1234 AB', 'Amstelveen', 'demo@voorbeeld.nl', CASE WHEN bsn = '135792460' THEN 'NL91ABNA0417164300' ELSE '' END
		FROM personen WHERE bsn IN ('111222333', '135792460')`); err != nil {
		t.Fatal(err)
	}
	return app, strconv.FormatInt(id, 10)
}

// formulier is what a browser would send for the form: its fields with
// their current values (checked radio buttons and checkboxes, selected
// options), then kv on top.
func formulier(form *goquery.Selection, kv ...string) url.Values {
	f := url.Values{}
	form.Find("input, textarea, select").Each(func(_ int, el *goquery.Selection) {
		name, ok := el.Attr("name")
		if !ok || name == "" {
			return
		}
		switch {
		case goquery.NodeName(el) == "textarea":
			f.Add(name, el.Text())
		case goquery.NodeName(el) == "select":
			f.Add(name, el.Find("option[selected]").AttrOr("value", ""))
		case el.AttrOr("type", "text") == "radio" || el.AttrOr("type", "") == "checkbox":
			if _, checked := el.Attr("checked"); checked {
				f.Add(name, el.AttrOr("value", "on"))
			}
		default:
			f.Add(name, el.AttrOr("value", ""))
		}
	})
	for i := 0; i+1 < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return f
}

// wijzigingStarten starts a change of agreement id per the first of next
// month through "Wijzigen" and returns the change's id.
func wijzigingStarten(t *testing.T, bh *client, id string) string {
	t.Helper()
	per := civil.Today(time.Now()).FirstOfMonth().AddMonths(1)
	_, doc := bh.do("GET", "/zorgovereenkomsten/"+id+"/wijzigen", nil)
	resp, _ := bh.do("POST", "/zorgovereenkomsten/"+id+"/wijzigen", formulier(doc.Find("main form"), "per", per.String()))
	m := zovPath.FindStringSubmatch(resp.Request.URL.Path)
	if m == nil || !strings.HasSuffix(resp.Request.URL.Path, "/stap/1") {
		t.Fatalf("Wijzigen went to %s", resp.Request.URL)
	}
	return m[1]
}

// stapVolgende posts a wizard step as shown, with kv changed, and "Volgende stap".
func stapVolgende(t *testing.T, c *client, cid string, n int, kv ...string) (*http.Response, *goquery.Document) {
	t.Helper()
	path := "/zorgovereenkomsten/" + cid + "/stap/" + strconv.Itoa(n)
	_, doc := c.do("GET", path, nil)
	return c.do("POST", path, formulier(doc.Find("main form.zov-form"), append(kv, "actie", "volgende")...))
}

// wijzigingDelen takes a started change through steps 1 to 3 (kv2 and kv3
// change steps 2 and 3) and shares it with the zorgverlener.
func wijzigingDelen(t *testing.T, bh *client, cid string, kv2, kv3 []string) {
	t.Helper()
	for n, kv := range map[int][]string{1: nil, 2: kv2, 3: kv3} {
		if resp, doc := stapVolgende(t, bh, cid, n, kv...); resp.StatusCode != 200 {
			t.Fatalf("step %d of the change: %d %q", n, resp.StatusCode, text(doc.Find("#foutmeldingen")))
		}
	}
	_, doc := bh.do("GET", "/zorgovereenkomsten/"+cid+"/controle", nil)
	resp, doc := bh.do("POST", "/zorgovereenkomsten/"+cid+"/delen", formulier(doc.Find("main form.zov-form")))
	if resp.StatusCode != 200 || strings.Contains(resp.Request.URL.Path, "/controle") {
		t.Fatalf("delen: %d %s %q", resp.StatusCode, resp.Request.URL, text(doc.Find("main")))
	}
}

// ondertekenen presses "Onderteken" on the agreement's page and returns the
// confirmation shown.
func ondertekenen(t *testing.T, c *client, id string) string {
	t.Helper()
	_, doc := c.do("GET", "/zorgovereenkomsten/"+id, nil)
	form := doc.Find(`form[action="/zorgovereenkomsten/` + id + `/ondertekenen"]`)
	if form.Length() != 1 {
		t.Fatalf("no Onderteken on %s: %q", id, text(doc.Find("main")))
	}
	resp, doc := c.do("POST", "/zorgovereenkomsten/"+id+"/ondertekenen", formulier(form))
	if resp.StatusCode != 200 || !strings.Contains(resp.Request.URL.RawQuery, "gedaan=") {
		t.Fatalf("ondertekenen: %d %s %q", resp.StatusCode, resp.Request.URL, text(doc.Find("main")))
	}
	return text(doc.Find("main .pgb-notification").First())
}

func TestWijzigingStap2KiestDeEersteVanEenMaand(t *testing.T) {
	app, id := wijzigenApp(t)
	today := civil.Today(time.Now())
	bh := newClient(t, app.URL)
	bh.login("digid", "Budgethouder")

	// "Wijzigen" offers the first days of the coming months in words.
	_, doc := bh.do("GET", "/zorgovereenkomsten/"+id+"/wijzigen", nil)
	eerste := today.FirstOfMonth().AddMonths(1)
	opt := doc.Find(`#per option[value="` + eerste.String() + `"]`)
	if opt.Length() != 1 || text(opt) != strconv.Itoa(1)+" "+maandNaam(eerste)+" "+strconv.Itoa(eerste.Year) {
		t.Fatalf("Wijzigen offers %q", text(doc.Find("#per")))
	}
	cid := wijzigingStarten(t, bh, id)

	// Step 2 asks for the date as a choice of first days of months, not as text.
	_, doc = bh.do("GET", "/zorgovereenkomsten/"+cid+"/stap/2", nil)
	sel := doc.Find("select#ingangsdatum")
	if sel.Length() != 1 || doc.Find("input#ingangsdatum").Length() != 0 {
		t.Fatalf("step 2 of a change has no list of dates: %q", text(doc.Find("main form")))
	}
	if text(doc.Find(`label[for="ingangsdatum"]`)) != "Ingangsdatum van de wijziging" || selected(doc, "ingangsdatum") != eerste.String() {
		t.Errorf("label %q, selected %q", text(doc.Find(`label[for="ingangsdatum"]`)), selected(doc, "ingangsdatum"))
	}
	n := 0
	sel.Find("option").Each(func(i int, o *goquery.Selection) {
		v := o.AttrOr("value", "")
		if i == 0 {
			if v != "" || text(o) != "Kies een datum" {
				t.Errorf("first option %q %q", v, text(o))
			}
			return
		}
		d, err := civil.Parse(v)
		if err != nil || d.Day != 1 || !d.After(today) || text(o) != "1 "+maandNaam(d)+" "+strconv.Itoa(d.Year) {
			t.Errorf("option %q %q", v, text(o))
		}
		n++
	})
	if n != zov.PerMaandenVooruit {
		t.Errorf("%d dates offered, want %d (open-ended agreement)", n, zov.PerMaandenVooruit)
	}

	// The server still checks: a date sent that is no first of a month comes
	// back with the Dutch message, and stays selected.
	vijftiende := eerste.AddDays(14).String()
	resp, doc := stapVolgende(t, bh, cid, 2, "ingangsdatum", vijftiende)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(doc.Find("#ingangsdatum-error")), "Een wijziging gaat altijd in op de eerste dag van een maand.") ||
		doc.Find(`#foutmeldingen a[href="#ingangsdatum"]`).Length() != 1 {
		t.Fatalf("15th: %d %q", resp.StatusCode, text(doc.Find("#foutmeldingen")))
	}
	if selected(doc, "ingangsdatum") != vijftiende || !strings.Contains(text(doc.Find(`#ingangsdatum option[selected]`)), "(niet mogelijk)") {
		t.Errorf("after the error the list selects %q (%q)", selected(doc, "ingangsdatum"), text(doc.Find(`#ingangsdatum option[selected]`)))
	}
	// No choice at all.
	resp, doc = stapVolgende(t, bh, cid, 2, "ingangsdatum", "")
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(doc.Find("#ingangsdatum-error")), "Kies de datum waarop de wijziging ingaat.") ||
		selected(doc, "ingangsdatum") != "" {
		t.Fatalf("empty: %d %q selected %q", resp.StatusCode, text(doc.Find("#ingangsdatum-error")), selected(doc, "ingangsdatum"))
	}
	// Another error on the page keeps the chosen date.
	tweede := eerste.AddMonths(1).String()
	resp, doc = stapVolgende(t, bh, cid, 2, "ingangsdatum", tweede, "uren", "twaalf")
	if resp.StatusCode != http.StatusUnprocessableEntity || selected(doc, "ingangsdatum") != tweede || doc.Find("#uren-error").Length() != 1 {
		t.Fatalf("other error: %d selected %q", resp.StatusCode, selected(doc, "ingangsdatum"))
	}
	// A valid choice is saved as the date the change takes effect.
	resp, _ = stapVolgende(t, bh, cid, 2, "ingangsdatum", tweede)
	if !strings.HasSuffix(resp.Request.URL.Path, "/stap/3") {
		t.Fatalf("valid date: %s", resp.Request.URL)
	}
	var per string
	if err := app.Pool.QueryRow(context.Background(), `SELECT to_char(per, 'DD-MM-YYYY') FROM zorgovereenkomsten WHERE id = $1::bigint`, cid).Scan(&per); err != nil || per != tweede {
		t.Fatalf("per %q, want %q (%v)", per, tweede, err)
	}

	// A new agreement keeps its free ingangsdatum.
	_, doc = bh.do("GET", "/zorgovereenkomsten/nieuw", nil)
	resp, _ = bh.do("POST", "/zorgovereenkomsten/nieuw", with(stap1, "versie", "0", "actie", "volgende"))
	if _, doc = bh.do("GET", resp.Request.URL.Path, nil); doc.Find("input#ingangsdatum").Length() != 1 || doc.Find("select#ingangsdatum").Length() != 0 {
		t.Errorf("a new agreement's step 2 at %s has no date field", resp.Request.URL.Path)
	}
}

func maandNaam(d civil.Date) string {
	return [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
		"september", "oktober", "november", "december"}[d.Month-1]
}

func TestMeldingNaOndertekeningVanEenWijziging(t *testing.T) {
	app, id := wijzigenApp(t)
	bh, zv, zk := newClient(t, app.URL), newClient(t, app.URL), newClient(t, app.URL)
	bh.login("digid", "Budgethouder")
	zv.login("digid", "Zorgverlener (informeel)")
	zk.login("eherkenning", "Beoordelaar zorgkantoor")
	per := civil.Today(time.Now()).FirstOfMonth().AddMonths(1)

	wantIn := func(what, got string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q does not say %q", what, got, w)
			}
		}
	}
	wantNot := func(what, got, not string) {
		t.Helper()
		if strings.Contains(got, not) {
			t.Errorf("%s: %q says %q", what, got, not)
		}
	}
	bijZorgkantoor := "ingediend bij het zorgkantoor"

	// The agreement runs for two more years, so that it can be extended.
	if _, err := app.Pool.Exec(context.Background(), `UPDATE zorgovereenkomsten SET inhoud = jsonb_set(jsonb_set(inhoud, '{onbepaald}', 'false'),
		'{einddatum}', to_jsonb($2::text)), versie = versie + 1 WHERE id = $1::bigint`, id, per.AddMonths(24).AddDays(-1).ISO()); err != nil {
		t.Fatal(err)
	}

	// 1. Only the overige afspraken change: in effect after both signatures.
	cid := wijzigingStarten(t, bh, id)
	wijzigingDelen(t, bh, cid, nil, []string{"overige_afspraken", "Op feestdagen werkt de zorgverlener niet."})
	got := ondertekenen(t, zv, cid)
	wantIn("overige afspraken, zorgverlener", got, "De budgethouder ondertekent nu", "zonder beoordeling door het zorgkantoor")
	wantNot("overige afspraken, zorgverlener", got, "naar het zorgkantoor")
	got = ondertekenen(t, bh, cid)
	wantIn("overige afspraken, budgethouder", got, "Zij is doorgevoerd", "gaat in op 1 "+maandNaam(per)+" "+strconv.Itoa(per.Year))
	wantNot("overige afspraken, budgethouder", got, bijZorgkantoor)

	// 2. A verlenging: no zorgkantoor.
	_, doc := bh.do("GET", "/zorgovereenkomsten/"+id+"/verlengen", nil)
	nieuwEind := per.AddMonths(36).AddDays(-1)
	resp, doc := bh.do("POST", "/zorgovereenkomsten/"+id+"/verlengen", formulier(doc.Find("main form"), "einddatum", nieuwEind.String()))
	m := zovPath.FindStringSubmatch(resp.Request.URL.Path + "/")
	if resp.StatusCode != 200 || m == nil {
		t.Fatalf("verlengen: %d %s %q", resp.StatusCode, resp.Request.URL, text(doc.Find("main")))
	}
	cid = m[1]
	wantIn("verlenging, zorgverlener", ondertekenen(t, zv, cid), "U heeft de verlenging ondertekend", "zonder beoordeling door het zorgkantoor")
	got = ondertekenen(t, bh, cid)
	wantIn("verlenging, budgethouder", got, "U heeft de verlenging ondertekend", "Zij is doorgevoerd", "tot en met "+strconv.Itoa(nieuwEind.Day)+" "+maandNaam(nieuwEind))
	wantNot("verlenging, budgethouder", got, bijZorgkantoor)

	// 3. A new rate needs the zorgkantoor.
	cid = wijzigingStarten(t, bh, id)
	wijzigingDelen(t, bh, cid, []string{"tarief_persoonlijke_verzorging", "22,50"}, nil)
	// The zorgverlener may adjust the werkafspraken, but not when the change takes effect.
	_, doc = zv.do("GET", "/zorgovereenkomsten/"+cid+"/aanpassen", nil)
	if doc.Find("#ingangsdatum").Length() != 0 || !strings.Contains(text(doc.Find("main form")), "Ingangsdatum van de wijziging: 1 "+maandNaam(per)+" "+strconv.Itoa(per.Year)) {
		t.Errorf("aanpassen of a change: %q", text(doc.Find("main form")))
	}
	got = ondertekenen(t, zv, cid)
	wantIn("tarief, zorgverlener", got, "daarna beoordeelt het zorgkantoor de wijziging")
	got = ondertekenen(t, bh, cid)
	wantIn("tarief, budgethouder", got, "U heeft de wijziging ondertekend", bijZorgkantoor, "tot de goedkeuring blijven de huidige afspraken gelden")
	wantNot("tarief, budgethouder", got, "doorgevoerd")

	// The zorgkantoor sees what the change changes against the agreement as it is.
	resp, doc = zk.do("GET", "/beoordelen/"+cid, nil)
	table := doc.Find("main table").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return text(s.Find("caption")) == "Wat verandert ten opzichte van de huidige afspraken"
	})
	if resp.StatusCode != 200 || table.Length() != 1 {
		t.Fatalf("beoordelen of a change: %d, no diff table in %q", resp.StatusCode, text(doc.Find("main")))
	}
	if table.Find(`thead th[scope="col"]`).Length() != 3 || table.Find(`tbody th[scope="row"]`).Length() == 0 {
		t.Errorf("diff table headers: %q", text(table.Find("thead")))
	}
	rij := table.Find("tbody tr").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return text(s.Find("th")) == "Tarief persoonlijke verzorging"
	})
	if rij.Length() != 1 || !strings.Contains(text(rij.Find("td").Eq(0)), "€ 20,00") || !strings.Contains(text(rij.Find("td").Eq(1)), "€ 22,50") {
		t.Errorf("diff rows: %q", text(table.Find("tbody")))
	}
	if !strings.HasPrefix(text(doc.Find("h1")), "Wijziging zorgovereenkomst") ||
		!strings.Contains(text(doc.Find("main")), "Zij gaat in op 1 "+maandNaam(per)+" "+strconv.Itoa(per.Year)) {
		t.Errorf("beoordelen of a change: %q", text(doc.Find("main section").First()))
	}
	// A new agreement has no such table.
	_, doc = zk.do("GET", "/beoordelen/"+id, nil)
	if doc.Find("#wijziging-titel").Length() != 0 {
		t.Error("the approved agreement itself is shown as a change")
	}
	_, doc = zk.do("GET", "/beoordelen/"+cid, nil)
	zk.do("POST", "/beoordelen/"+cid, formulier(doc.Find("main form.zov-form"), "actie", "goedkeuren"))

	// 4. A beëindiging the zorgverlener agrees with.
	_, doc = bh.do("GET", "/zorgovereenkomsten/"+id+"/beeindigen", nil)
	eind := civil.Today(time.Now()).AddMonths(2).LastOfMonth()
	resp, _ = bh.do("POST", "/zorgovereenkomsten/"+id+"/beeindigen", formulier(doc.Find("main form"), "einddatum", eind.String()))
	cid = zovPath.FindStringSubmatch(resp.Request.URL.Path + "/")[1]
	wantIn("beëindiging, zorgverlener", ondertekenen(t, zv, cid), "gaat daarmee akkoord", "eindigt de zorgovereenkomst op "+strconv.Itoa(eind.Day)+" "+maandNaam(eind))
	got = ondertekenen(t, bh, cid)
	wantIn("beëindiging, budgethouder", got, "U heeft de beëindiging ondertekend", "eindigt op "+strconv.Itoa(eind.Day)+" "+maandNaam(eind))
	wantNot("beëindiging, budgethouder", got, bijZorgkantoor)
}
