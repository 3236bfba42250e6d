package web

import (
	"net/url"
	"strings"
	"testing"

	"pgbportaal/internal/declaratie"
	zov "pgbportaal/internal/zorgovereenkomst"
)

// The form decoders get whatever a browser, or anyone else, posts. For any
// input they must not panic, every error must be a Dutch sentence for a field
// whose typed value is kept (so the form comes back filled in), and nothing
// negative may come out as an amount.

func checkFormErrors(t *testing.T, name string, values, errs map[string]string) {
	t.Helper()
	for field, msg := range errs {
		if field == "" || strings.TrimSpace(msg) == "" {
			t.Fatalf("%s: empty error %q: %q", name, field, msg)
		}
		if values != nil {
			if _, ok := values[field]; !ok && !strings.Contains(field, "-") {
				t.Fatalf("%s: error for %q without its input kept", name, field)
			}
		}
	}
}

// FuzzDecodeZorgovereenkomstStappen covers the other steps of the agreement
// wizard and the zorgverlener's adjustment form.
func FuzzDecodeZorgovereenkomstStappen(f *testing.F) {
	f.Add("soort=familie&zv_keuze=nieuw&zv_naam=A&zv_bsn=111222333&zv_geboortedatum=01-01-1970&zv_postcode=1234+AB", "familie")
	f.Add("soort=dienst&zv_keuze=12&zv_agb=7501234&zv_kvk=abc", "dienst")
	f.Add("opzegtermijn=1&ziekte=ja&vakantie=&notitie=%00%FF", "opdracht")
	f.Add("tarief_verpleging=-1&uren=1e9&ingangsdatum=31-02-2026", "instelling")
	f.Fuzz(func(t *testing.T, query, soort string) {
		vals, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		in := zov.Inhoud{Soort: zov.Soort(soort)}
		_, si := decodePartijen(vals, in)
		checkFormErrors(t, "partijen", nil, si.Errors)
		_, si = decodeAlgemeen(vals, in)
		checkFormErrors(t, "algemeen", nil, si.Errors)
		out, si := decodeAanpassen(vals, in)
		checkFormErrors(t, "aanpassen", nil, si.Errors)
		if out.Uren < 0 || out.MaandBedrag < 0 {
			t.Fatalf("negative after aanpassen: %+v", out)
		}
	})
}

// FuzzDecodeBeheerFormulieren covers the zorgkantoor's forms: maximumtarieven
// and toekenningen.
func FuzzDecodeBeheerFormulieren(f *testing.F) {
	f.Add("jaar=2026&informeel=23%2C50&professioneel=60&dagdeel=1.000,00&per_km=0%2C23")
	f.Add("jaar=20266&informeel=-1&professioneel=abc")
	f.Add("relatienummer=PGB1000001&jaar=2026&bedrag=25.000%2C00&ingangsdatum=01-01-2026&zorgprofiel=5VV")
	f.Add("relatienummer=%00&jaar=0000&bedrag=9999999999999999999&ingangsdatum=29-02-2025")
	f.Fuzz(func(t *testing.T, query string) {
		vals, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		m, mv, me := decodeMaxima(vals)
		checkFormErrors(t, "maximumtarieven", mv, me)
		if len(me) == 0 && (m.Informeel < 0 || m.Professioneel < 0 || m.Dagdeel < 0 || m.PerKm < 0) {
			t.Fatalf("negative maximumtarief accepted: %+v", m)
		}
		tk, tv, te := toekenningDecode(vals.Get)
		checkFormErrors(t, "toekenning", tv, te)
		if len(te) == 0 && tk.Bedrag < 0 {
			t.Fatalf("negative toekenning accepted: %+v", tk)
		}
	})
}

// FuzzDecodeDeclaratie covers the day grid of geleverde zorg and the amount
// form of the other soorten.
func FuzzDecodeDeclaratie(f *testing.F) {
	f.Add("d3-verpleging=2%2C5&km3=12&m1-begin=01-11-2025&m1-eind=03-11-2025&m1-functie=logeeropvang&m1-aantal=2")
	f.Add("d31-verpleging=25&d0-verpleging=1&km-1=-4&m99-aantal=1e9")
	f.Add("omschrijving=Taxi&bedrag=12%2C50&iban=NL91ABNA0417164300")
	f.Add("omschrijving=" + strings.Repeat("x", 600) + "&bedrag=-0,01&iban=XX00")
	f.Fuzz(func(t *testing.T, query string) {
		vals, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		x := novemberDeclaratie()
		regels, si := decodeRegels(vals, x)
		checkFormErrors(t, "regels", si.Values, si.Errors)
		for _, r := range regels {
			if r.Aantal < 0 || r.Bedrag < 0 || r.Tarief < 0 {
				t.Fatalf("negative regel: %+v", r)
			}
		}
		for _, soort := range []declaratie.Soort{declaratie.SoortVVB, declaratie.SoortReiskostenBudgethouder, declaratie.SoortBijkomendeKosten} {
			x.Soort = soort
			inv, si := decodeBedrag(vals, x)
			checkFormErrors(t, "bedrag", si.Values, si.Errors)
			if len(si.Errors) == 0 && inv.Bedrag < 0 {
				t.Fatalf("negative bedrag accepted: %+v", inv)
			}
		}
	})
}
