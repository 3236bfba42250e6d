package web

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"pgbportaal/internal/civil"
	zov "pgbportaal/internal/zorgovereenkomst"
	"pgbportaal/web/pages"
)

func TestParseUren(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		err  string
	}{
		{"", 0, ""},
		{"  ", 0, ""},
		{"12", 1200, ""},
		{"12,5", 1250, ""},
		{"12,25", 1225, ""},
		{"12,05", 1205, ""},
		{"12.5", 1250, ""},
		{",5", 50, ""},
		{"0,25", 25, ""},
		{" 1 2 ", 1200, ""},
		{"12,", 0, msgUrenVorm},
		{"12,345", 0, msgUrenDecimalen},
		{"-3", 0, msgUrenVorm},
		{"twaalf", 0, msgUrenVorm},
		{"1,2,3", 0, msgUrenVorm},
		{"123456", 0, msgUrenVorm},
		{"+4", 0, msgUrenVorm},
	} {
		got, msg := parseUren(tc.in)
		if got != tc.want || msg != tc.err {
			t.Errorf("parseUren(%q) = %d, %q; want %d, %q", tc.in, got, msg, tc.want, tc.err)
		}
	}
	for h, want := range map[int64]string{0: "", 1200: "12", 1250: "12,5", 1225: "12,25", 1205: "12,05", 25: "0,25"} {
		if got := formatUren(h); got != want {
			t.Errorf("formatUren(%d) = %q, want %q", h, got, want)
		}
	}
}

func form(kv ...string) url.Values {
	f := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		f.Add(kv[i], kv[i+1])
	}
	return f
}

func TestDecodePartijen(t *testing.T) {
	persoon := []string{"zv_naam", " H. de Boer ", "zv_agb", "75012345", "zv_bsn", "1357 924 60", "zv_geboortedatum", "17-3-1980",
		"zv_straat", "Dorpsstraat", "zv_huisnummer", "12A", "zv_postcode", "1234ab", "zv_woonplaats", "Amstelveen", "zv_kvk", "ja", "zv_big", "ja"}
	for _, tc := range []struct {
		name   string
		form   url.Values
		check  func(t *testing.T, in zov.Inhoud)
		errors []string
	}{
		{"familie: BSN, birth date and address; no AGB, KvK or BIG", form(append([]string{"soort", "familie", "zv_keuze", "nieuw"}, persoon...)...),
			func(t *testing.T, in zov.Inhoud) {
				zv := in.Zorgverlener
				if in.Soort != zov.SoortFamilie || zv.Naam != "H. de Boer" || zv.BSN != "135792460" || zv.AGB != "" || zv.KvK || zv.BIG {
					t.Errorf("got %+v", in)
				}
				if zv.Geboortedatum != (civil.Date{Year: 1980, Month: 3, Day: 17}) || zv.Adres.Postcode != "1234 AB" || zv.Adres.Huisnummer != "12A" {
					t.Errorf("got %+v", zv)
				}
			}, nil},
		{"instelling: AGB only", form(append([]string{"soort", "instelling"}, persoon...)...),
			func(t *testing.T, in zov.Inhoud) {
				zv := in.Zorgverlener
				if zv.AGB != "75012345" || zv.BSN != "" || !zv.Geboortedatum.IsZero() || zv.Adres != (zov.Adres{}) || zv.KvK || zv.BIG {
					t.Errorf("got %+v", zv)
				}
			}, nil},
		{"opdracht with AGB: a zzp'er, no BSN", form(append([]string{"soort", "opdracht"}, persoon...)...),
			func(t *testing.T, in zov.Inhoud) {
				zv := in.Zorgverlener
				if zv.AGB != "75012345" || zv.BSN != "" || !zv.KvK || !zv.BIG {
					t.Errorf("got %+v", zv)
				}
			}, nil},
		{"opdracht without AGB: BSN", form("soort", "opdracht", "zv_bsn", "135792460", "zv_naam", "X"),
			func(t *testing.T, in zov.Inhoud) {
				if in.Zorgverlener.BSN != "135792460" || in.Zorgverlener.AGB != "" {
					t.Errorf("got %+v", in.Zorgverlener)
				}
			}, nil},
		{"dienst: BIG kept, KvK dropped", form(append([]string{"soort", "dienst"}, persoon...)...),
			func(t *testing.T, in zov.Inhoud) {
				if in.Zorgverlener.KvK || !in.Zorgverlener.BIG || in.Zorgverlener.AGB != "" {
					t.Errorf("got %+v", in.Zorgverlener)
				}
			}, nil},
		{"format errors", form("soort", "huurcontract", "zv_keuze", "abc", "zv_agb", "12", "zv_bsn", "12ab", "zv_geboortedatum", "31-02-1980", "zv_postcode", "0123 AB"),
			nil, []string{"soort", "zv_keuze", "zv_agb", "zv_bsn", "zv_geboortedatum", "zv_postcode"}},
		{"errors in questions that do not apply are dropped", form("soort", "instelling", "zv_bsn", "12ab", "zv_geboortedatum", "gisteren"),
			nil, nil},
		{"empty: nothing wrong yet", form(), func(t *testing.T, in zov.Inhoud) {
			if in.Soort != "" || in.Zorgverlener.Naam != "" {
				t.Errorf("got %+v", in)
			}
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, si := decodePartijen(tc.form, zov.Inhoud{})
			assertErrors(t, si.Errors, tc.errors)
			if tc.check != nil {
				tc.check(t, in)
			}
			for k := range tc.form {
				if _, ok := si.Values[k]; !ok {
					t.Errorf("raw value of %s not kept", k)
				}
			}
		})
	}
}

func assertErrors(t *testing.T, got map[string]string, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("errors %v, want fields %v", got, want)
		return
	}
	for _, f := range want {
		if got[f] == "" {
			t.Errorf("no error for %s in %v", f, got)
		}
	}
}

func TestDecodeWerkafspraken(t *testing.T) {
	volledig := form("ingangsdatum", "01-03-2026", "looptijd", "bepaald", "einddatum", "31-12-2026", "proeftijd", "1 maand",
		"uren", "12,5", "uren_per", "week", "rooster", "vast", "rooster_1", "4", "rooster_3", "4,5", "rooster_5", "4",
		"betaling", "maandloon", "maandbedrag", "1.250,00", "andere_vergoedingen", "ORT",
		"functie_persoonlijke_verzorging", "ja", "tarief_persoonlijke_verzorging", "23,50", "eenheid_persoonlijke_verzorging", "uur",
		"functie_logeeropvang", "ja", "tarief_logeeropvang", "150", "eenheid_logeeropvang", "etmaal", "etmalen", "20",
		"tarief_verpleging", "99", // not chosen: ignored
		"reiskosten", "ja", "reiskosten_per_km", "0,23", "dagen_per_week", "3")

	t.Run("dienst, everything", func(t *testing.T) {
		in, si := decodeWerkafspraken(volledig, zov.Inhoud{Soort: zov.SoortDienst})
		assertErrors(t, si.Errors, nil)
		want := zov.Inhoud{Soort: zov.SoortDienst, Ingangsdatum: civil.Date{Year: 2026, Month: 3, Day: 1}, Einddatum: civil.Date{Year: 2026, Month: 12, Day: 31},
			Proeftijd: "1 maand", Uren: 1250, UrenPer: "week", Vast: true, Weekrooster: [7]int64{400, 0, 450, 0, 400, 0, 0},
			Maandloon: true, MaandBedrag: 125000, AndereVergoedingen: "ORT",
			Tarieven: []zov.Tarief{{Zorgfunctie: zov.PersoonlijkeVerzorging, Eenheid: zov.PerUur, Bedrag: 2350}, {Zorgfunctie: zov.Logeeropvang, Eenheid: zov.PerEtmaal, Bedrag: 15000}},
			Etmalen:  20, Reiskosten: true, ReiskostenPerKm: 23, DagenPerWeek: 3}
		if !reflect.DeepEqual(in, want) {
			t.Errorf("got  %+v\nwant %+v", in, want)
		}
	})
	t.Run("familie: no proeftijd or dagen per week", func(t *testing.T) {
		in, _ := decodeWerkafspraken(volledig, zov.Inhoud{Soort: zov.SoortFamilie})
		if in.Proeftijd != "" || in.DagenPerWeek != 0 {
			t.Errorf("got proeftijd %q, dagen %d", in.Proeftijd, in.DagenPerWeek)
		}
	})
	t.Run("answers that close follow-up questions drop them", func(t *testing.T) {
		f := url.Values{}
		for k, v := range volledig {
			f[k] = v
		}
		f.Set("looptijd", "onbepaald")
		f.Set("rooster", "onregelmatig")
		f.Set("betaling", "achteraf")
		f.Set("reiskosten", "nee")
		f.Del("functie_logeeropvang")
		f.Set("rooster_2", "veel") // hidden and wrong: no error
		f.Set("maandbedrag", "x")  // idem
		in, si := decodeWerkafspraken(f, zov.Inhoud{Soort: zov.SoortDienst})
		assertErrors(t, si.Errors, nil)
		if !in.Onbepaald || !in.Einddatum.IsZero() || in.Vast || in.Weekrooster != [7]int64{} || in.Maandloon || in.MaandBedrag != 0 ||
			in.AndereVergoedingen != "" || in.Reiskosten || in.ReiskostenPerKm != 0 || in.Etmalen != 0 || len(in.Tarieven) != 1 {
			t.Errorf("got %+v", in)
		}
		if si.Values["maandbedrag"] != "x" || si.Values["rooster_2"] != "veel" {
			t.Error("raw input of hidden questions not kept for re-rendering")
		}
	})
	t.Run("format errors, input kept", func(t *testing.T) {
		f := form("ingangsdatum", "1 maart", "looptijd", "bepaald", "einddatum", "31-13-2026", "uren", "12,345", "uren_per", "jaar",
			"rooster", "vast", "rooster_1", "25", "betaling", "maandloon", "maandbedrag", "12,3,4",
			"functie_verpleging", "ja", "tarief_verpleging", "-5", "eenheid_verpleging", "week", "reiskosten", "misschien")
		_, si := decodeWerkafspraken(f, zov.Inhoud{Soort: zov.SoortDienst})
		assertErrors(t, si.Errors, []string{"ingangsdatum", "einddatum", "uren", "uren_per", "rooster_1", "maandbedrag", "tarief_verpleging", "eenheid_verpleging", "reiskosten"})
		if si.Values["ingangsdatum"] != "1 maart" || si.Values["tarief_verpleging"] != "-5" {
			t.Errorf("input not kept: %v", si.Values)
		}
	})
	t.Run("hours per week and month bounded", func(t *testing.T) {
		_, si := decodeWerkafspraken(form("uren", "169", "uren_per", "week"), zov.Inhoud{})
		assertErrors(t, si.Errors, []string{"uren"})
		_, si = decodeWerkafspraken(form("uren", "169", "uren_per", "maand"), zov.Inhoud{})
		assertErrors(t, si.Errors, nil)
	})
	t.Run("unit defaults to the zorgfunctie's own", func(t *testing.T) {
		in, _ := decodeWerkafspraken(form("functie_begeleiding_groep", "ja", "tarief_begeleiding_groep", "60"), zov.Inhoud{})
		if len(in.Tarieven) != 1 || in.Tarieven[0].Eenheid != zov.PerDagdeel {
			t.Errorf("got %+v", in.Tarieven)
		}
	})
}

func TestDecodeAlgemeen(t *testing.T) {
	f := form("salarisadministratie", "ja", "zorgbehoefte", " Hulp bij wassen ", "welke_zorg", "Wassen", "waarom_zorg", "Buurman",
		"standaard_afspraken", "ja", "overige_afspraken", "Koffie", "hoger_tarief", "ja")
	in, si := decodeAlgemeen(f, zov.Inhoud{Soort: zov.SoortDienst})
	assertErrors(t, si.Errors, nil)
	if !in.Salarisadministratie || in.Zorgbehoefte != "Hulp bij wassen" || !in.StandaardAfspraken || in.HogerTarief {
		t.Errorf("dienst, not professional: %+v", in)
	}
	in, _ = decodeAlgemeen(f, zov.Inhoud{Soort: zov.SoortInstelling})
	if in.Salarisadministratie || !in.HogerTarief {
		t.Errorf("instelling: %+v", in)
	}
	long := make([]byte, maxLangeTekst+1)
	for i := range long {
		long[i] = 'a'
	}
	_, si = decodeAlgemeen(form("zorgbehoefte", string(long), "salarisadministratie", "soms"), zov.Inhoud{Soort: zov.SoortDienst})
	assertErrors(t, si.Errors, []string{"zorgbehoefte", "salarisadministratie"})
}

func TestDecodeAanpassen(t *testing.T) {
	in, si := decodeAanpassen(form("zv_telefoon", "06-12345678", "zv_iban", "nl91 abna 0417 1643 00"), zov.Inhoud{})
	assertErrors(t, si.Errors, nil)
	if in.Zorgverlener.Telefoon != "0612345678" || in.Zorgverlener.IBAN != "NL91ABNA0417164300" {
		t.Errorf("got %+v", in.Zorgverlener)
	}
	_, si = decodeAanpassen(form("zv_telefoon", "12", "zv_iban", "NL00"), zov.Inhoud{})
	assertErrors(t, si.Errors, []string{"zv_telefoon", "zv_iban"})
}

// TestValuesRoundTrip: what a step writes back into its form decodes to the
// same content, so opening and saving a step changes nothing.
func TestValuesRoundTrip(t *testing.T) {
	in := zov.Inhoud{Soort: zov.SoortDienst, Zorgverlener: zov.Zorgverlener{Naam: "H. de Boer", BSN: "135792460", BIG: true,
		Geboortedatum: civil.Date{Year: 1980, Month: 3, Day: 17}, Adres: zov.Adres{Straat: "Dorpsstraat", Huisnummer: "1", Postcode: "1234 AB", Woonplaats: "Ede"}},
		Ingangsdatum: civil.Date{Year: 2026, Month: 3, Day: 1}, Onbepaald: true, Proeftijd: "geen", Uren: 1250, UrenPer: "week",
		Vast: true, Weekrooster: [7]int64{625, 625}, Maandloon: true, MaandBedrag: 100000, AndereVergoedingen: "x",
		Tarieven: []zov.Tarief{{Zorgfunctie: zov.BegeleidingGroep, Eenheid: zov.PerDagdeel, Bedrag: 6000}}, DagenPerWeek: 2,
		Salarisadministratie: true, Zorgbehoefte: "a", WelkeZorg: "b", WaaromZorg: "c", StandaardAfspraken: true, OverigeAfspraken: "d"}
	vals := func(m map[string]string) url.Values {
		f := url.Values{}
		for k, v := range m {
			if v != "" {
				f.Set(k, v)
			}
		}
		return f
	}
	out, si := decodePartijen(vals(partijenValues(in)), in)
	out, si2 := decodeWerkafspraken(vals(werkafsprakenValues(out)), out)
	out, si3 := decodeAlgemeen(vals(algemeenValues(out)), out)
	assertErrors(t, si.Errors, nil)
	assertErrors(t, si2.Errors, nil)
	assertErrors(t, si3.Errors, nil)
	if out.Hash() != in.Hash() {
		t.Errorf("round trip changed the content:\n in  %+v\n out %+v", in, out)
	}
}

// FuzzDecodeWerkafspraken: no input makes the decoder panic or produce
// content that breaks the invariants the rules and the summary rely on.
func FuzzDecodeWerkafspraken(f *testing.F) {
	f.Add("ingangsdatum=01-03-2026&looptijd=bepaald&einddatum=31-12-2026&uren=12%2C5&uren_per=week&rooster=vast&rooster_1=4&betaling=achteraf&functie_verpleging=ja&tarief_verpleging=23%2C50&reiskosten=ja&reiskosten_per_km=0%2C23", "dienst")
	f.Add("uren=,5&rooster=vast&rooster_7=24,00&functie_logeeropvang=ja&eenheid_logeeropvang=etmaal&etmalen=366", "familie")
	f.Add("betaling=maandloon&maandbedrag=9.999.999,99&looptijd=onbepaald&einddatum=x", "instelling")
	f.Add("functie_x=ja&tarief_x=1&uren=99999&uren_per=maand&dagen_per_week=8", "opdracht")
	f.Fuzz(func(t *testing.T, query, soort string) {
		vals, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		in, si := decodeWerkafspraken(vals, zov.Inhoud{Soort: zov.Soort(soort)})
		if in.Uren < 0 || in.MaandBedrag < 0 || in.ReiskostenPerKm < 0 || in.Etmalen < 0 || in.DagenPerWeek < 0 || in.DagenPerWeek > 7 {
			t.Fatalf("negative or out of range: %+v", in)
		}
		if !in.Vast && in.Weekrooster != [7]int64{} {
			t.Fatalf("weekrooster without vaste uren: %+v", in)
		}
		for _, h := range in.Weekrooster {
			if h < 0 || h > 2400 {
				t.Fatalf("day hours %d", h)
			}
		}
		if !in.Maandloon && (in.MaandBedrag != 0 || in.AndereVergoedingen != "") {
			t.Fatalf("maandloon fields without maandloon: %+v", in)
		}
		if !in.Reiskosten && in.ReiskostenPerKm != 0 {
			t.Fatalf("km allowance without reiskosten")
		}
		if in.Onbepaald && !in.Einddatum.IsZero() {
			t.Fatalf("einddatum with onbepaalde tijd")
		}
		if zov.Soort(soort) != zov.SoortDienst && (in.Proeftijd != "" || in.DagenPerWeek != 0) {
			t.Fatalf("dienst questions for %q", soort)
		}
		seen := map[zov.Zorgfunctie]bool{}
		for _, tr := range in.Tarieven {
			if seen[tr.Zorgfunctie] || tr.Bedrag < 0 || tr.Eenheid == "" {
				t.Fatalf("bad tarieven %+v", in.Tarieven)
			}
			seen[tr.Zorgfunctie] = true
		}
		if _, logeer := in.Tarief(zov.Logeeropvang); !logeer && in.Etmalen != 0 {
			t.Fatalf("etmalen without logeeropvang")
		}
		for id := range si.Errors {
			if _, ok := si.Values[id]; !ok {
				t.Fatalf("error for %s without its input kept", id)
			}
		}
		// Without errors, writing the content back into the form and
		// decoding it again gives the same content.
		if len(si.Errors) == 0 {
			back := url.Values{}
			for k, v := range werkafsprakenValues(in) {
				if v != "" {
					back.Set(k, v)
				}
			}
			again, si2 := decodeWerkafspraken(back, zov.Inhoud{Soort: zov.Soort(soort)})
			if len(si2.Errors) > 0 || again.Hash() != in.Hash() {
				t.Fatalf("round trip: errors %v\n in    %+v\n again %+v", si2.Errors, in, again)
			}
		}
	})
}

func TestInhoudGroepen(t *testing.T) {
	m := zov.Maxima{Jaar: 2026, Informeel: 2444, Professioneel: 7700, Dagdeel: 7088, PerKm: 23}
	dienst := zov.Inhoud{Soort: zov.SoortDienst, BudgethouderNaam: "J. de Vries", Zorgverlener: zov.Zorgverlener{Naam: "H. de Boer", BSN: "135792460",
		Adres: zov.Adres{Straat: "Kerkstraat", Huisnummer: "3", Postcode: "1234 AB", Woonplaats: "Ede"}},
		Ingangsdatum: civil.Date{Year: 2026, Month: 11, Day: 23}, Onbepaald: true, Proeftijd: "geen", Uren: 1200, UrenPer: "week",
		Vast: true, Weekrooster: [7]int64{400, 0, 400, 0, 400}, Maandloon: true, MaandBedrag: 100000,
		Tarieven: []zov.Tarief{{Zorgfunctie: zov.PersoonlijkeVerzorging, Eenheid: zov.PerUur, Bedrag: 1900}}, Reiskosten: true, ReiskostenPerKm: 21}
	rows := func(gs []pages.ZovGroep) map[string]pages.ZovRij {
		out := map[string]pages.ZovRij{}
		for _, g := range gs {
			for _, r := range g.Rijen {
				out[r.Veld] = r
			}
		}
		return out
	}
	gs := inhoudGroepen(7, dienst, m, true, true, map[string]bool{"zv_postcode": true, "tarief_persoonlijke_verzorging": true})
	if len(gs) != 3 || gs[1].WijzigURL != "/zorgovereenkomsten/7/stap/2" {
		t.Fatalf("groups %+v", gs)
	}
	r := rows(gs)
	for veld, want := range map[string]string{
		"weekrooster": "maandag 4 uur, woensdag 4 uur, vrijdag 4 uur", "looptijd": "Onbepaalde tijd", "zv_adres": "Kerkstraat 3, 1234 AB Ede",
		"maandbedrag": "€ 1.000,00 bruto per maand", "tarief_persoonlijke_verzorging": "€ 19,00 bruto per uur", "reiskosten_per_km": "€ 0,21 per km",
	} {
		if r[veld].Waarde != want {
			t.Errorf("%s = %q, want %q", veld, r[veld].Waarde, want)
		}
	}
	if !strings.Contains(r["maandbedrag"].Extra, "€ 19,23 per uur") || !strings.Contains(r["tarief_persoonlijke_verzorging"].Extra, "Maximumtarief 2026: € 24,44 per uur") {
		t.Errorf("helpers: %q / %q", r["maandbedrag"].Extra, r["tarief_persoonlijke_verzorging"].Extra)
	}
	if !r["zv_adres"].Gewijzigd || !r["tarief_persoonlijke_verzorging"].Gewijzigd || r["uren"].Gewijzigd {
		t.Error("changed rows not marked (or unchanged ones marked)")
	}
	if _, ok := r["zv_agb"]; ok {
		t.Error("AGB row for an employee")
	}
	// An empty draft renders without panicking and without answers it never gave.
	r = rows(inhoudGroepen(1, zov.Inhoud{}, zov.Maxima{}, false, false, nil))
	if r["looptijd"].Waarde != "" || r["betaling"].Waarde != "" {
		t.Errorf("empty draft shows answers: %+v", r)
	}
	// Instelling: AGB, no BSN or address.
	r = rows(inhoudGroepen(1, zov.Inhoud{Soort: zov.SoortInstelling, Zorgverlener: zov.Zorgverlener{Naam: "De Linde", AGB: "75012345"}}, m, true, false, nil))
	if r["zv_agb"].Waarde != "75012345" || r["zv_bsn"].Label != "" {
		t.Errorf("instelling rows: %+v", r)
	}
}
