package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"pgbportaal/internal/civil"
	"pgbportaal/internal/testutil/apptest"
)

// versie is the hidden optimistic-lock field of the page's (first) form.
func versie(t *testing.T, doc *goquery.Document) string {
	t.Helper()
	v, ok := doc.Find("input[name=versie]").First().Attr("value")
	if !ok {
		t.Fatalf("no versie on the page %q", doc.Find("h1").Text())
	}
	return v
}

func values(kv ...string) url.Values {
	f := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		f.Add(kv[i], kv[i+1])
	}
	return f
}

func with(f url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, v := range f {
		out[k] = append([]string(nil), v...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

func text(s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), " ") }

var zovPath = regexp.MustCompile(`^/zorgovereenkomsten/(\d+)/`)

// zovRow is the database row of an agreement as the system sees it, to
// check that a refused request changed nothing.
func zovRow(t *testing.T, app *apptest.App, id string) string {
	t.Helper()
	var row string
	err := app.Pool.QueryRow(context.Background(), `SELECT concat_ws('|', status, versie, inhoud::text, coalesce(gedeeld_inhoud::text, ''),
		notitie, terug_notitie, beoordeling, gewijzigd_op, (SELECT count(*) FROM handtekeningen h WHERE h.zorgovereenkomst_id = z.id),
		(SELECT count(*) FROM zorgovereenkomst_gebeurtenissen g WHERE g.zorgovereenkomst_id = z.id))
		FROM zorgovereenkomsten z WHERE id = $1::bigint`, id).Scan(&row)
	if err != nil {
		t.Fatal(err)
	}
	return row
}

var (
	stap1 = values("soort", "familie", "zv_keuze", "nieuw", "zv_naam", "H. de Boer", "zv_bsn", "135792460",
		"zv_geboortedatum", "12-05-1961", "zv_straat", "Dorpsstraat", "zv_huisnummer", "14", "zv_postcode", "1181 AB",
		"zv_woonplaats", "Amstelveen")
	stap3 = values("zorgbehoefte", "Hulp bij opstaan en wassen.", "welke_zorg", "Persoonlijke verzorging in de ochtend.",
		"waarom_zorg", "De buurman is er elke ochtend en ik vertrouw hem.", "standaard_afspraken", "ja")
)

func stap2(ingang civil.Date, tarief string) url.Values {
	return values("ingangsdatum", ingang.String(), "looptijd", "onbepaald", "uren", "7,5", "uren_per", "week",
		"rooster", "onregelmatig", "betaling", "achteraf", "functie_persoonlijke_verzorging", "ja",
		"tarief_persoonlijke_verzorging", tarief, "eenheid_persoonlijke_verzorging", "uur", "reiskosten", "nee")
}

func TestZorgovereenkomstVanConceptTotGoedkeuring(t *testing.T) {
	app := startWithDemo(t)
	today := civil.Today(time.Now())

	// Session 1: the budgethouder saves step 1 and logs out.
	bh := newClient(t, app.URL)
	bh.login("digid", "Budgethouder")
	resp, doc := bh.do("GET", "/zorgovereenkomsten/nieuw", nil)
	if resp.StatusCode != 200 || doc.Find("title").Text() != "Stap 1 van 5: Partijen – Opstellen zorgovereenkomst – PGB Portaal" {
		t.Fatalf("step 1: %d %q", resp.StatusCode, doc.Find("title").Text())
	}
	if text(doc.Find("[aria-current=step]")) != "Partijen" {
		t.Errorf("stappenbalk current step %q", text(doc.Find("[aria-current=step]")))
	}
	if !strings.Contains(text(doc.Find("main")), "J. de Vries") {
		t.Error("budgethouder's name not copied from the profile")
	}
	resp, doc = bh.do("POST", "/zorgovereenkomsten/nieuw", with(stap1, "versie", "0", "actie", "opslaan"))
	m := zovPath.FindStringSubmatch(resp.Request.URL.Path)
	if resp.StatusCode != 200 || m == nil || !strings.Contains(text(doc.Find(".pgb-notification")), "Opgeslagen") {
		t.Fatalf("save step 1: %d %s %q", resp.StatusCode, resp.Request.URL, text(doc.Find("main")))
	}
	id := m[1]
	if v, _ := doc.Find("#zv_naam").Attr("value"); v != "H. de Boer" {
		t.Errorf("saved zv_naam shows %q", v)
	}
	bh.do("POST", "/uitloggen", url.Values{})

	// Session 2: the draft is in the overview and continues at step 2.
	bh = newClient(t, app.URL)
	bh.login("digid", "Budgethouder")
	_, doc = bh.do("GET", "/zorgovereenkomsten", nil)
	link := doc.Find(`a[href="/zorgovereenkomsten/` + id + `/verder"]`)
	if link.Length() != 1 || !strings.Contains(text(link), "H. de Boer") || !strings.Contains(text(doc.Find("tbody")), "concept") {
		t.Fatalf("draft not in the overview: %q", text(doc.Find("main")))
	}
	resp, doc = bh.do("GET", "/zorgovereenkomsten/"+id+"/verder", nil)
	if resp.Request.URL.Path != "/zorgovereenkomsten/"+id+"/stap/2" {
		t.Fatalf("continue went to %s", resp.Request.URL)
	}
	if doc.Find("title").Text() != "Stap 2 van 5: Werkafspraken – Opstellen zorgovereenkomst – PGB Portaal" {
		t.Errorf("title %q", doc.Find("title").Text())
	}
	if doc.Find("[name=proeftijd]").Length() != 0 || doc.Find("[name=dagen_per_week]").Length() != 0 {
		t.Error("step 2 asks about proeftijd or dagen per week for an agreement with family")
	}

	// A malformed date: 422, input kept, the error tied to the field and in the summary.
	bad := with(stap2(today, "20,00"), "ingangsdatum", "31-02-2026", "uren", "zeven", "versie", versie(t, doc), "actie", "volgende")
	resp, doc = bh.do("POST", "/zorgovereenkomsten/"+id+"/stap/2", bad)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.HasPrefix(doc.Find("title").Text(), "Fout: Stap 2 van 5") {
		t.Fatalf("invalid step 2: %d %q", resp.StatusCode, doc.Find("title").Text())
	}
	for _, f := range []struct{ id, typed string }{{"ingangsdatum", "31-02-2026"}, {"uren", "zeven"}} {
		in := doc.Find("#" + f.id)
		if v, _ := in.Attr("value"); v != f.typed {
			t.Errorf("%s shows %q, want the typed %q", f.id, v, f.typed)
		}
		if d, _ := in.Attr("aria-describedby"); !strings.Contains(d, f.id+"-error") || doc.Find("#"+f.id+"-error").Length() != 1 {
			t.Errorf("%s not described by its error (%q)", f.id, d)
		}
		if inv, _ := in.Attr("aria-invalid"); inv != "true" {
			t.Errorf("%s not aria-invalid", f.id)
		}
		if doc.Find(`.pgb-error-summary a[href="#`+f.id+`"]`).Length() != 1 {
			t.Errorf("summary does not link to #%s", f.id)
		}
	}
	if v, _ := doc.Find("#tarief_persoonlijke_verzorging").Attr("value"); v != "20,00" {
		t.Errorf("other input lost: tarief shows %q", v)
	}
	// Well-formed but incomplete: "Volgende stap" saves, then stays with the rules' errors.
	resp, doc = bh.do("POST", "/zorgovereenkomsten/"+id+"/stap/2", values("ingangsdatum", today.String(), "versie", versie(t, doc), "actie", "volgende"))
	if resp.StatusCode != http.StatusUnprocessableEntity || doc.Find(`.pgb-error-summary a[href="#functies"]`).Length() != 1 || doc.Find("#functies").Length() != 1 {
		t.Fatalf("incomplete step 2: %d, summary %q", resp.StatusCode, text(doc.Find(".pgb-error-summary")))
	}
	resp, doc = bh.do("POST", "/zorgovereenkomsten/"+id+"/stap/2", with(stap2(today, "20,00"), "versie", versie(t, doc), "actie", "volgende"))
	if resp.Request.URL.Path != "/zorgovereenkomsten/"+id+"/stap/3" {
		t.Fatalf("step 2 → %s (%d): %q", resp.Request.URL, resp.StatusCode, text(doc.Find(".pgb-error-summary")))
	}
	if doc.Find("[name=salarisadministratie]").Length() != 0 || doc.Find("[name=hoger_tarief]").Length() != 0 {
		t.Error("step 3 asks about salarisadministratie or a hoger tarief for an informal family agreement")
	}
	resp, doc = bh.do("POST", "/zorgovereenkomsten/"+id+"/stap/3", with(stap3, "versie", versie(t, doc), "actie", "volgende"))
	if resp.Request.URL.Path != "/zorgovereenkomsten/"+id+"/controle" {
		t.Fatalf("step 3 → %s: %q", resp.Request.URL, text(doc.Find(".pgb-error-summary")))
	}
	main := text(doc.Find("main"))
	for _, want := range []string{"Stap 4 van 5", "H. de Boer", "135792460", "€ 20,00 bruto per uur", "Maximumtarief " + strconv.Itoa(today.Year) + ": € ", "per maand", "Delen met zorgverlener"} {
		if !strings.Contains(main, want) {
			t.Errorf("controle lacks %q", want)
		}
	}
	if doc.Find(`a[href="/zorgovereenkomsten/`+id+`/stap/2"]`).Length() == 0 {
		t.Error("controle has no Wijzigen link to step 2")
	}
	resp, doc = bh.do("POST", "/zorgovereenkomsten/"+id+"/delen", values("versie", versie(t, doc), "notitie", "Graag je IBAN invullen."))
	if resp.Request.URL.Path != "/zorgovereenkomsten/"+id+"/gedeeld" || !strings.Contains(text(doc.Find(".zov-status")), "gedeeld") ||
		!strings.Contains(text(doc.Find(".zov-status")), "De zorgverlener controleert en ondertekent") {
		t.Fatalf("delen → %s %q", resp.Request.URL, text(doc.Find("main")))
	}

	checkNeedToKnow(t, app, id)

	// The zorgverlener sees it, adjusts the rate, adds an IBAN and signs.
	zv := newClient(t, app.URL)
	zv.login("digid", "Zorgverlener (informeel)")
	_, doc = zv.do("GET", "/zorgovereenkomsten", nil)
	if doc.Find(`a[href="/zorgovereenkomsten/`+id+`"]`).Length() != 1 || !strings.Contains(text(doc.Find("tbody")), "J. de Vries") {
		t.Fatalf("zorgverlener's overview: %q", text(doc.Find("main")))
	}
	_, doc = zv.do("GET", "/zorgovereenkomsten/"+id, nil)
	if !strings.Contains(text(doc.Find("main")), "Graag je IBAN invullen.") || doc.Find(`a[href="/zorgovereenkomsten/`+id+`/aanpassen"]`).Length() == 0 {
		t.Fatalf("zorgverlener's detail lacks the note or Aanpassen: %q", text(doc.Find("main")))
	}
	_, doc = zv.do("GET", "/zorgovereenkomsten/"+id+"/aanpassen", nil)
	resp, doc = zv.do("POST", "/zorgovereenkomsten/"+id+"/aanpassen", with(stap2(today, "21,50"), "versie", versie(t, doc), "zv_iban", "NL91 ABNA 0417 1643 00", "zv_telefoon", "0612345678"))
	if resp.Request.URL.Path != "/zorgovereenkomsten/"+id || resp.StatusCode != 200 {
		t.Fatalf("aanpassen → %d %s %q", resp.StatusCode, resp.Request.URL, text(doc.Find(".pgb-error-summary")))
	}
	form := doc.Find(`form[action="/zorgovereenkomsten/` + id + `/ondertekenen"]`)
	if form.Length() != 1 || !strings.Contains(text(form), "Met ondertekenen gaat u akkoord") {
		t.Fatalf("no signing form for the zorgverlener: %q", text(doc.Find("main")))
	}
	resp, doc = zv.do("POST", "/zorgovereenkomsten/"+id+"/ondertekenen", values("versie", versie(t, doc)))
	if resp.StatusCode != 200 || !strings.Contains(text(doc.Find(".zov-status")), "ondertekend door zorgverlener") {
		t.Fatalf("zorgverlener signs: %d %q", resp.StatusCode, text(doc.Find("main")))
	}

	// The budgethouder sees the change field by field and signs.
	_, doc = bh.do("GET", "/zorgovereenkomsten/"+id, nil)
	changes := doc.Find(".zov-wijzigingen")
	if !strings.Contains(text(changes), "Tarief persoonlijke verzorging") || !strings.Contains(text(changes.Find("mark")), "€ 21,50") ||
		!strings.Contains(text(changes), "gewijzigd door zorgverlener") {
		t.Errorf("changes not shown: %q", text(changes))
	}
	if text(doc.Find("#rij-tarief_persoonlijke_verzorging mark")) == "" {
		t.Error("changed rate not marked in the content")
	}
	if doc.Find(`form[action="/zorgovereenkomsten/`+id+`/terugsturen"] textarea`).Length() != 1 {
		t.Error("no Terugsturen naar zorgverlener form with a note")
	}
	resp, doc = bh.do("POST", "/zorgovereenkomsten/"+id+"/ondertekenen", values("versie", versie(t, doc)))
	if resp.StatusCode != 200 || !strings.Contains(text(doc.Find(".zov-status")), "ter beoordeling") {
		t.Fatalf("budgethouder signs: %d %q", resp.StatusCode, text(doc.Find("main")))
	}
	if got := text(doc.Find("main .pgb-notification").First()); !strings.Contains(got, "Zij is ingediend bij het zorgkantoor") {
		t.Errorf("after the budgethouder's signature of a new agreement: %q", got)
	}
	if n := doc.Find(".zov-sectie table tbody tr").Length(); n < 2 || !strings.Contains(text(doc.Find("main")), "DigiD") {
		t.Errorf("signatures not listed (%d rows)", n)
	}

	checkNeedToKnow(t, app, id)

	// The zorgkantoor of the budgethouder's region assesses it.
	zk := newClient(t, app.URL)
	_, doc = zk.login("eherkenning", "Beoordelaar zorgkantoor")
	if doc.Find(`.pgb-tile a[href="/beoordelen"]`).Length() != 1 || doc.Find(`.pgb-tile a[href="/maximumtarieven"]`).Length() != 1 {
		t.Errorf("zorgkantoor's start page lacks its tiles: %q", text(doc.Find("main")))
	}
	_, doc = zk.do("GET", "/beoordelen", nil)
	if doc.Find(`a[href="/beoordelen/`+id+`"]`).Length() != 1 || !strings.Contains(text(doc.Find("tbody")), "0 dagen") {
		t.Fatalf("not in the queue: %q", text(doc.Find("main")))
	}
	_, doc = zk.do("GET", "/beoordelen/"+id, nil)
	if !strings.Contains(text(doc.Find("main")), "Toegekend budget "+strconv.Itoa(today.Year)) {
		t.Errorf("no budget context: %q", text(doc.Find("main")))
	}
	resp, doc = zk.do("POST", "/beoordelen/"+id, values("versie", versie(t, doc), "actie", "afkeuren", "toelichting", " "))
	if resp.StatusCode != http.StatusUnprocessableEntity || doc.Find("#toelichting-error").Length() != 1 {
		t.Fatalf("afkeuren without a reason: %d", resp.StatusCode)
	}
	resp, doc = zk.do("POST", "/beoordelen/"+id, values("versie", versie(t, doc), "actie", "goedkeuren"))
	if resp.Request.URL.Path != "/beoordelen" || !strings.Contains(text(doc.Find(".pgb-notification")), "goedgekeurd") {
		t.Fatalf("goedkeuren → %s %q", resp.Request.URL, text(doc.Find("main")))
	}
	_, doc = bh.do("GET", "/zorgovereenkomsten/"+id, nil)
	if !strings.Contains(text(doc.Find(".zov-status")), "goedgekeurd") || !strings.Contains(text(doc.Find(".zov-tijdlijn")), "Goedgekeurd door het zorgkantoor") {
		t.Errorf("budgethouder does not see the approval: %q", text(doc.Find(".zov-status")))
	}
}

// checkNeedToKnow: another budgethouder's representative, an unrelated
// zorgverlener, the read-only budgethouder and the other region's
// zorgkantoor neither see nor change the agreement, by URL or by form.
func checkNeedToKnow(t *testing.T, app *apptest.App, id string) {
	t.Helper()
	before := zovRow(t, app, id)
	v := strings.Split(before, "|")[1]
	base := "/zorgovereenkomsten/" + id
	for _, who := range []struct{ means, persona string }{
		{"digid", "Wettelijk vertegenwoordiger"},
		{"vecozo", "Zorgverlener (formeel)"},
		{"digid", "Budgethouder met gevolmachtigde"},
		{"eherkenning", "Beoordelaar ander zorgkantoor"},
	} {
		c := newClient(t, app.URL)
		c.login(who.means, who.persona)
		for _, p := range []string{base, base + "/stap/1", base + "/controle", base + "/gedeeld", base + "/aanpassen", base + "/verwijderen", "/beoordelen/" + id} {
			resp, doc := c.do("GET", p, nil)
			if resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s GET %s: %d (%s)", who.persona, p, resp.StatusCode, resp.Request.URL)
			}
			if strings.Contains(doc.Text(), "H. de Boer") || strings.Contains(doc.Text(), "135792460") {
				t.Errorf("%s GET %s shows the agreement's content", who.persona, p)
			}
		}
		for _, post := range []struct {
			path string
			form url.Values
		}{
			{base + "/ondertekenen", values("versie", v)},
			{"/beoordelen/" + id, values("versie", v, "actie", "goedkeuren")},
			{base + "/stap/1", with(stap1, "versie", v, "actie", "opslaan", "zv_naam", "Iemand anders")},
			{base + "/stap/2", with(stap2(civil.Today(time.Now()), "99,00"), "versie", v, "actie", "opslaan")},
			{base + "/delen", values("versie", v)},
			{base + "/terugsturen", values("versie", v, "notitie", "Nee")},
			{base + "/aanpassen", with(stap2(civil.Today(time.Now()), "99,00"), "versie", v, "zv_iban", "NL91ABNA0417164300")},
			{base + "/verwijderen", values("versie", v)},
		} {
			resp, _ := c.do("POST", post.path, post.form)
			if resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s POST %s: %d (%s)", who.persona, post.path, resp.StatusCode, resp.Request.URL)
			}
		}
		_, doc := c.do("GET", "/zorgovereenkomsten", nil)
		if strings.Contains(doc.Text(), "H. de Boer") {
			t.Errorf("%s sees the agreement in an overview", who.persona)
		}
		_, doc = c.do("GET", "/beoordelen", nil)
		if doc.Find(`a[href="/beoordelen/`+id+`"]`).Length() != 0 {
			t.Errorf("%s sees the agreement in the queue", who.persona)
		}
	}
	if after := zovRow(t, app, id); after != before {
		t.Errorf("refused requests changed the agreement:\nbefore %s\nafter  %s", before, after)
	}
}

// deelConcept drafts a complete agreement with H. de Boer and shares it.
func deelConcept(t *testing.T, bh *client) string {
	t.Helper()
	today := civil.Today(time.Now())
	resp, doc := bh.do("POST", "/zorgovereenkomsten/nieuw", with(stap1, "versie", "0", "actie", "volgende"))
	m := zovPath.FindStringSubmatch(resp.Request.URL.Path)
	if m == nil {
		t.Fatalf("no draft: %s", resp.Request.URL)
	}
	id := m[1]
	_, doc = bh.do("POST", "/zorgovereenkomsten/"+id+"/stap/2", with(stap2(today, "20,00"), "versie", versie(t, doc), "actie", "volgende"))
	_, doc = bh.do("POST", "/zorgovereenkomsten/"+id+"/stap/3", with(stap3, "versie", versie(t, doc), "actie", "volgende"))
	resp, _ = bh.do("POST", "/zorgovereenkomsten/"+id+"/delen", values("versie", versie(t, doc)))
	if resp.Request.URL.Path != "/zorgovereenkomsten/"+id+"/gedeeld" {
		t.Fatalf("not shared: %s", resp.Request.URL)
	}
	return id
}

func TestZorgovereenkomstTerugsturenEnWijzigenNaOndertekening(t *testing.T) {
	app := startWithDemo(t)
	bh := newClient(t, app.URL)
	bh.login("digid", "Budgethouder")
	id := deelConcept(t, bh)
	zv := newClient(t, app.URL)
	zv.login("digid", "Zorgverlener (informeel)")
	sign := func() {
		t.Helper()
		_, doc := zv.do("GET", "/zorgovereenkomsten/"+id+"/aanpassen", nil)
		_, doc = zv.do("POST", "/zorgovereenkomsten/"+id+"/aanpassen", with(stap2(civil.Today(time.Now()), "20,00"), "versie", versie(t, doc), "zv_iban", "NL91ABNA0417164300"))
		resp, doc := zv.do("POST", "/zorgovereenkomsten/"+id+"/ondertekenen", values("versie", versie(t, doc)))
		if resp.StatusCode != 200 || !strings.Contains(text(doc.Find(".zov-status")), "ondertekend door zorgverlener") {
			t.Fatalf("zorgverlener signs: %d %q", resp.StatusCode, text(doc.Find("main")))
		}
	}
	sign()

	// Sending back needs a note; the error sits at the field.
	_, doc := bh.do("GET", "/zorgovereenkomsten/"+id, nil)
	resp, doc := bh.do("POST", "/zorgovereenkomsten/"+id+"/terugsturen", values("versie", versie(t, doc), "notitie", "  "))
	if resp.StatusCode != http.StatusUnprocessableEntity || doc.Find(`.pgb-error-summary a[href="#terug_notitie"]`).Length() != 1 ||
		doc.Find("#terug_notitie-error").Length() != 1 || !strings.HasPrefix(doc.Find("title").Text(), "Fout: ") {
		t.Fatalf("terugsturen without a note: %d %q", resp.StatusCode, text(doc.Find(".pgb-error-summary")))
	}
	resp, doc = bh.do("POST", "/zorgovereenkomsten/"+id+"/terugsturen", values("versie", versie(t, doc), "notitie", "Het IBAN klopt niet."))
	if resp.StatusCode != 200 || !strings.Contains(text(doc.Find(".zov-status")), "gedeeld") {
		t.Fatalf("terugsturen: %d %q", resp.StatusCode, text(doc.Find("main")))
	}
	_, doc = zv.do("GET", "/zorgovereenkomsten/"+id, nil)
	if !strings.Contains(text(doc.Find("main")), "Het IBAN klopt niet.") {
		t.Error("zorgverlener does not see why it came back")
	}
	if !strings.Contains(text(doc.Find(".zov-sectie")), "vervallen") {
		t.Error("the zorgverlener's signature is not shown as lapsed")
	}

	// Signed again, then the budgethouder changes it: a concept again, shared anew.
	sign()
	_, doc = bh.do("GET", "/zorgovereenkomsten/"+id+"/stap/3", nil)
	if !strings.Contains(text(doc.Find(".pgb-notification")), "al gedeeld") {
		t.Error("no warning that a change voids the sharing")
	}
	resp, _ = bh.do("POST", "/zorgovereenkomsten/"+id+"/stap/3", with(stap3, "versie", versie(t, doc), "actie", "opslaan", "overige_afspraken", "Koffie om tien uur."))
	if resp.StatusCode != 200 {
		t.Fatalf("change after signing: %d", resp.StatusCode)
	}
	var status string
	var geldig int
	if err := app.Pool.QueryRow(context.Background(), `SELECT status, (SELECT count(*) FROM handtekeningen WHERE zorgovereenkomst_id = z.id AND geldig)
		FROM zorgovereenkomsten z WHERE id = $1::bigint`, id).Scan(&status, &geldig); err != nil || status != "concept" || geldig != 0 {
		t.Errorf("after a change: status %q, %d valid signatures (%v)", status, geldig, err)
	}
	// Opening and saving a step without changing anything leaves a shared agreement shared.
	id2 := deelConcept(t, bh)
	_, doc = bh.do("GET", "/zorgovereenkomsten/"+id2+"/stap/2", nil)
	bh.do("POST", "/zorgovereenkomsten/"+id2+"/stap/2", with(stap2(civil.Today(time.Now()), "20,00"), "versie", versie(t, doc), "actie", "volgende"))
	if err := app.Pool.QueryRow(context.Background(), `SELECT status FROM zorgovereenkomsten WHERE id = $1::bigint`, id2).Scan(&status); err != nil || status != "gedeeld" {
		t.Errorf("an unchanged save voided the sharing: %q (%v)", status, err)
	}
}

func TestZorgovereenkomstVerwijderenEnOnvolledigDelen(t *testing.T) {
	app := startWithDemo(t)
	bh := newClient(t, app.URL)
	bh.login("digid", "Budgethouder")
	resp, _ := bh.do("POST", "/zorgovereenkomsten/nieuw", with(stap1, "versie", "0", "actie", "opslaan"))
	m := zovPath.FindStringSubmatch(resp.Request.URL.Path)
	if m == nil {
		t.Fatalf("no draft: %s", resp.Request.URL)
	}
	id := m[1]
	// Deleting asks first, then the draft is gone.
	_, doc := bh.do("GET", "/zorgovereenkomsten/"+id+"/verwijderen", nil)
	if !strings.Contains(text(doc.Find("main")), "Weet u zeker") {
		t.Fatalf("no confirmation: %q", text(doc.Find("main")))
	}
	resp, doc = bh.do("POST", "/zorgovereenkomsten/"+id+"/verwijderen", values("versie", versie(t, doc)))
	if resp.Request.URL.Path != "/zorgovereenkomsten" || strings.Contains(text(doc.Find("tbody")), "H. de Boer") {
		t.Fatalf("verwijderen → %s %q", resp.Request.URL, text(doc.Find("main")))
	}
	resp, _ = bh.do("GET", "/zorgovereenkomsten/"+id, nil)
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("deleted draft: %d", resp.StatusCode)
	}

	// "Delen met zorgverlener" on an incomplete draft opens the step with errors.
	resp, _ = bh.do("POST", "/zorgovereenkomsten/nieuw", with(stap1, "versie", "0", "actie", "volgende"))
	m = zovPath.FindStringSubmatch(resp.Request.URL.Path)
	if m == nil || !strings.HasSuffix(resp.Request.URL.Path, "/stap/2") {
		t.Fatalf("step 1 volgende → %s", resp.Request.URL)
	}
	id = m[1]
	_, doc = bh.do("GET", "/zorgovereenkomsten/"+id+"/controle", nil)
	resp, doc = bh.do("POST", "/zorgovereenkomsten/"+id+"/delen", values("versie", versie(t, doc)))
	if resp.Request.URL.Path != "/zorgovereenkomsten/"+id+"/stap/2" || doc.Find(".pgb-error-summary").Length() != 1 {
		t.Fatalf("delen incomplete → %s, summary %q", resp.Request.URL, text(doc.Find(".pgb-error-summary")))
	}

	// Two tabs save the same version: the second is refused, keeps its input
	// and offers the current version for a deliberate retry.
	old := versie(t, doc)
	bh.do("POST", "/zorgovereenkomsten/"+id+"/stap/2", values("versie", old, "actie", "opslaan", "uren", "8"))
	resp, doc = bh.do("POST", "/zorgovereenkomsten/"+id+"/stap/2", values("versie", old, "actie", "opslaan", "uren", "9"))
	if resp.StatusCode != http.StatusConflict || !strings.Contains(text(doc.Find(".pgb-notification")), "intussen gewijzigd") || versie(t, doc) == old {
		t.Errorf("stale save: %d %q", resp.StatusCode, text(doc.Find(".pgb-notification")))
	}
	if v, _ := doc.Find("#uren").Attr("value"); v != "9" {
		t.Errorf("stale save lost the input: %q", v)
	}
}

func TestZorgovereenkomstBestaandeZorgverlenerVultIn(t *testing.T) {
	app := startWithDemo(t)
	bh := newClient(t, app.URL)
	bh.login("digid", "Budgethouder")
	deelConcept(t, bh)
	_, doc := bh.do("GET", "/zorgovereenkomsten/nieuw", nil)
	var keuze string
	doc.Find("input[name=zv_keuze]").Each(func(_ int, s *goquery.Selection) {
		if v, _ := s.Attr("value"); v != "nieuw" && strings.Contains(text(s.Parent()), "H. de Boer") {
			keuze = v
		}
	})
	if keuze == "" {
		t.Fatalf("H. de Boer not offered as an existing zorgverlener: %q", text(doc.Find("form")))
	}
	resp, doc := bh.do("POST", "/zorgovereenkomsten/nieuw", values("versie", "0", "soort", "familie", "zv_keuze", keuze, "actie", "volgende"))
	if !strings.HasSuffix(resp.Request.URL.Path, "/stap/1") || !strings.Contains(text(doc.Find(".pgb-notification")), "De gegevens van H. de Boer zijn ingevuld") {
		t.Fatalf("choosing an existing zorgverlener → %s %q", resp.Request.URL, text(doc.Find("main")))
	}
	for id, want := range map[string]string{"zv_naam": "H. de Boer", "zv_bsn": "135792460", "zv_postcode": "1181 AB"} {
		if v, _ := doc.Find("#" + id).Attr("value"); v != want {
			t.Errorf("%s pre-filled with %q, want %q", id, v, want)
		}
	}
	if v, _ := doc.Find(`input[name=zv_keuze][value="` + keuze + `"]`).Attr("checked"); v == "" && doc.Find(`input[name=zv_keuze][value="`+keuze+`"][checked]`).Length() == 0 {
		t.Error("the chosen zorgverlener is not selected")
	}
	resp, _ = bh.do("POST", resp.Request.URL.Path, values("versie", versie(t, doc), "soort", "familie", "zv_keuze", keuze, "zv_naam", "H. de Boer",
		"zv_bsn", "135792460", "zv_geboortedatum", "12-05-1961", "zv_straat", "Dorpsstraat", "zv_huisnummer", "14", "zv_postcode", "1181 AB",
		"zv_woonplaats", "Amstelveen", "actie", "volgende"))
	if !strings.HasSuffix(resp.Request.URL.Path, "/stap/2") {
		t.Errorf("after checking the pre-filled details → %s", resp.Request.URL)
	}
}
