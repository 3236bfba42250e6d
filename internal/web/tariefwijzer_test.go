package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"pgbportaal/internal/civil"
	"pgbportaal/internal/testutil/apptest"
)

// TestTariefwijzer: in the werkafspraken step the budgethouder sees, before
// sharing, the maximumtarief of the chosen rate and what the agreement
// costs. 7,5 uur per week at € 20,00 per uur: 2.000 × 750 × 52 / 1.200 =
// 65.000 cents, € 650,00 a month; from 1 April 9 months, € 5.850,00; of the
// € 45.000,00 budget (nothing else expected) € 39.150,00 is left.
func TestTariefwijzer(t *testing.T) {
	jaar := civil.Today(time.Now()).Year
	now := time.Date(jaar, time.March, 15, 10, 0, 0, 0, time.UTC)
	app := startWithDemo(t, apptest.WithNow(func() time.Time { return now }))
	bh := newClient(t, app.URL)
	bh.login("digid", "Budgethouder")
	resp, doc := bh.do("POST", "/zorgovereenkomsten/nieuw", with(stap1, "versie", "0", "actie", "volgende"))
	if resp.StatusCode != http.StatusOK || !strings.HasSuffix(resp.Request.URL.Path, "/stap/2") {
		t.Fatalf("step 1 → %d %s", resp.StatusCode, resp.Request.URL)
	}
	// Nothing filled in yet: the tariefwijzer says what to do.
	if got := text(doc.Find(".pgb-tariefwijzer")); !strings.Contains(got, "Vul de uren en het tarief in en kies Opslaan.") {
		t.Fatalf("empty tariefwijzer %q", got)
	}
	path := resp.Request.URL.Path
	resp, doc = bh.do("POST", path, with(stap2(civil.Date{Year: jaar, Month: time.April, Day: 1}, "20,00"), "versie", versie(t, doc), "actie", "opslaan"))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("opslaan: %d", resp.StatusCode)
	}
	tw := doc.Find(".pgb-tariefwijzer")
	if got := rijTekst(tw.Find("tbody tr")); !strings.HasPrefix(got, "Persoonlijke verzorging; € 20,00 per uur; € ") || !strings.HasSuffix(got, " per uur") {
		t.Errorf("rate and maximum %q", got)
	}
	dl := budgetDL(tw.Find("dl"))
	for _, want := range []string{"Kosten per maand € 650,00", "Kosten in " + strconv.Itoa(jaar) + " (9 maanden) € 5.850,00",
		"Resterend budget nu € 45.000,00", "Verwacht over op 31 december, zonder deze afspraak € 45.000,00"} {
		if !strings.Contains(dl, want) {
			t.Errorf("tariefwijzer lacks %q: %s", want, dl)
		}
	}
	if got := text(tw); !strings.Contains(got, "Met deze afspraak houdt u op 31 december naar verwachting € 39.150,00 over.") {
		t.Errorf("conclusion: %s", got)
	}
}
