package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"pgbportaal/internal/civil"
	zov "pgbportaal/internal/zorgovereenkomst"
)

func TestAanpassenVanEenBeeindigingLaatDeWerkafsprakenStaan(t *testing.T) {
	app, id := wijzigenApp(t)
	bh, zv := newClient(t, app.URL), newClient(t, app.URL)
	bh.login("digid", "Budgethouder")
	zv.login("digid", "Zorgverlener (informeel)")
	inhoud := func(id string) zov.Inhoud {
		t.Helper()
		var doc []byte
		if err := app.Pool.QueryRow(context.Background(), `SELECT inhoud FROM zorgovereenkomsten WHERE id = $1::bigint`, id).Scan(&doc); err != nil {
			t.Fatal(err)
		}
		var in zov.Inhoud
		if err := json.Unmarshal(doc, &in); err != nil {
			t.Fatal(err)
		}
		return in
	}

	cid, eind := beeindigingStarten(t, bh, id)
	voor := inhoud(cid)

	// "Aanpassen" offers only the zorgverlener's own gegevens, and says why.
	_, doc := zv.do("GET", "/zorgovereenkomsten/"+cid+"/aanpassen", nil)
	form := doc.Find("main form.zov-form")
	if form.Find("#zv_telefoon").Length() != 1 || form.Find("#uren, #ingangsdatum, #einddatum, [name^=tarief_], [name=looptijd]").Length() != 0 {
		t.Fatalf("aanpassen of a beëindiging offers: %q", text(form))
	}
	if txt := text(doc.Find("main")); !strings.Contains(txt, "Het gaat alleen om de einddatum; de werkafspraken blijven zoals ze zijn") ||
		!strings.Contains(txt, "Niet akkoord met beëindiging") {
		t.Errorf("aanpassen of a beëindiging says: %q", txt)
	}

	// The server refuses werkafspraken sent anyway, in Dutch, and changes nothing.
	resp, doc := zv.do("POST", "/zorgovereenkomsten/"+cid+"/aanpassen", formulier(form, "uren", "4", "uren_per", "week"))
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(doc.Find("main")), "Bij een beëindiging gaat het alleen om de einddatum") {
		t.Fatalf("werkafspraken of a beëindiging: %d %q", resp.StatusCode, text(doc.Find("main")))
	}
	if na := inhoud(cid); na.Hash() != voor.Hash() {
		t.Fatalf("beëindiging changed: uren %d → %d", voor.Uren, na.Uren)
	}
	// Their own phone number is saved; the werkafspraken stay.
	resp, doc = zv.do("POST", "/zorgovereenkomsten/"+cid+"/aanpassen", formulier(form, "zv_telefoon", "0612345678"))
	if resp.StatusCode != 200 || !strings.Contains(resp.Request.URL.RawQuery, "gedaan=aangepast") {
		t.Fatalf("telefoon: %d %s %q", resp.StatusCode, resp.Request.URL, text(doc.Find("main")))
	}
	na := inhoud(cid)
	if na.Zorgverlener.Telefoon != "0612345678" || na.Uren != voor.Uren || na.Einddatum != eind || len(zov.Verschillen(voor, na)) != 1 {
		t.Fatalf("after aanpassen: %+v", zov.Verschillen(voor, na))
	}
	// A wijziging still lets the zorgverlener adjust the werkafspraken
	// (TestMeldingNaOndertekeningVanEenWijziging).
}

// beeindigingStarten proposes, as the budgethouder, to end agreement id in
// two months and returns the beëindiging's id.
func beeindigingStarten(t *testing.T, bh *client, id string) (string, civil.Date) {
	t.Helper()
	_, doc := bh.do("GET", "/zorgovereenkomsten/"+id+"/beeindigen", nil)
	eind := civil.Today(time.Now()).AddMonths(2).LastOfMonth()
	resp, doc := bh.do("POST", "/zorgovereenkomsten/"+id+"/beeindigen", formulier(doc.Find("main form"), "einddatum", eind.String()))
	m := zovPath.FindStringSubmatch(resp.Request.URL.Path + "/")
	if resp.StatusCode != 200 || m == nil || m[1] == id {
		t.Fatalf("beëindigen: %d %s %q", resp.StatusCode, resp.Request.URL, text(doc.Find("main")))
	}
	return m[1], eind
}
