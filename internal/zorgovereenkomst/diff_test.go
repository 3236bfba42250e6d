package zorgovereenkomst

import (
	"slices"
	"testing"
	"time"
)

func TestVerschillenIdentical(t *testing.T) {
	for name, in := range map[string]Inhoud{"dienst": dienstInhoud(), "instelling": instellingInhoud(), "leeg": {}} {
		if w := Verschillen(in, in); len(w) != 0 {
			t.Errorf("%s: %v", name, w)
		}
	}
	// The order of the rates does not matter.
	a := dienstInhoud()
	a.Tarieven = []Tarief{{PersoonlijkeVerzorging, PerUur, 2000}, {Verpleging, PerUur, 2200}}
	b := a
	b.Tarieven = []Tarief{{Verpleging, PerUur, 2200}, {PersoonlijkeVerzorging, PerUur, 2000}}
	if w := Verschillen(a, b); len(w) != 0 {
		t.Errorf("reordered rates: %v", w)
	}
}

func TestVerschillenUrenEnTarief(t *testing.T) {
	oud := dienstInhoud()
	nieuw := oud
	nieuw.Uren = 12_50
	nieuw.Tarieven = []Tarief{{PersoonlijkeVerzorging, PerUur, 2444}}
	got := Verschillen(oud, nieuw)
	want := []Wijziging{
		{Veld: "uren", Label: "Aantal uren", Oud: "10 uur per week", Nieuw: "12,5 uur per week"},
		{Veld: "tarief_persoonlijke_verzorging", Label: "Tarief persoonlijke verzorging", Oud: "€ 20,00 per uur", Nieuw: "€ 24,44 per uur"},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	// The caller's slice is not changed.
	if oud.Tarieven[0].Bedrag != 2000 {
		t.Fatal("oud changed")
	}
}

func TestVerschillenReadable(t *testing.T) {
	oud := dienstInhoud()
	nieuw := oud
	nieuw.Tarieven = []Tarief{{PersoonlijkeVerzorging, PerUur, 2000}, {BegeleidingGroep, PerDagdeel, 7088}}
	nieuw.Ingangsdatum = d(2024, time.June, 1)
	nieuw.UrenPer = "maand"
	nieuw.Onbepaald = false
	nieuw.Einddatum = d(2024, time.December, 31)
	nieuw.Maandloon, nieuw.MaandBedrag = true, 1234_56
	nieuw.Reiskosten, nieuw.ReiskostenPerKm = true, 23
	nieuw.Salarisadministratie = true
	nieuw.Vast, nieuw.Weekrooster = true, [7]int64{2: 4_00}
	nieuw.OverigeAfspraken = "Sleutel onder de mat."
	nieuw.Zorgverlener.IBAN = "NL91ABNA0417164300"

	got := Verschillen(oud, nieuw)
	want := []Wijziging{
		{"zv_iban", "Rekeningnummer (IBAN) zorgverlener", "", "NL91ABNA0417164300"},
		{"ingangsdatum", "Ingangsdatum", "15-05-2024", "01-06-2024"},
		{"looptijd", "Looptijd", "onbepaalde tijd", "bepaalde tijd"},
		{"einddatum", "Einddatum", "", "31-12-2024"},
		{"uren", "Aantal uren", "10 uur per week", "10 uur per maand"},
		{"rooster", "Vaste of onregelmatige uren", "onregelmatige uren", "vaste uren"},
		{"rooster_3", "Weekrooster woensdag", "", "4 uur"},
		{"betaling", "Betaling", "achteraf declareren", "vast maandbedrag"},
		{"maandbedrag", "Bruto maandbedrag", "", "€ 1.234,56"},
		{"functies", "Zorgfuncties", "Persoonlijke verzorging", "Persoonlijke verzorging, Begeleiding groep (dagbesteding)"},
		{"tarief_begeleiding_groep", "Tarief begeleiding groep (dagbesteding)", "", "€ 70,88 per dagdeel"},
		{"reiskosten", "Reiskosten", "nee", "ja"},
		{"reiskosten_per_km", "Reiskosten per km", "", "€ 0,23 per km"},
		{"salarisadministratie", "Salarisadministratie door de SVB", "nee", "ja"},
		{"overige_afspraken", "Overige afspraken", "", "Sleutel onder de mat."},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got\n%+v\nwant\n%+v", got, want)
	}

	// Each field of step 1 and 3 shows up under its own id.
	oud2, nieuw2 := instellingInhoud(), instellingInhoud()
	nieuw2.Soort = SoortOpdracht
	nieuw2.Zorgverlener.AGB = "87654321"
	nieuw2.Zorgverlener.KvK = true
	nieuw2.HogerTarief = true
	nieuw2.StandaardAfspraken = false
	var velden []string
	for _, w := range Verschillen(oud2, nieuw2) {
		velden = append(velden, w.Veld)
	}
	if want := []string{"soort", "zv_agb", "zv_kvk", "standaard_afspraken", "hoger_tarief"}; !slices.Equal(velden, want) {
		t.Fatalf("velden %v, want %v", velden, want)
	}
	w := Verschillen(oud2, nieuw2)[0]
	if w.Oud != "Zorgovereenkomst met een zorginstelling" || w.Nieuw != "Zorgverlener werkt in opdracht" {
		t.Fatalf("soort %+v", w)
	}
}

func TestAlleenVerlengingOfOverige(t *testing.T) {
	bepaald := dienstInhoud()
	bepaald.Onbepaald = false
	bepaald.Einddatum = d(2024, time.December, 31)
	bepaald.Tarieven = []Tarief{{PersoonlijkeVerzorging, PerUur, 2000}, {HuishoudelijkeHulp, PerUur, 1800}}

	cases := []struct {
		name   string
		change func(*Inhoud)
		want   bool
	}{
		{"identical", func(*Inhoud) {}, true},
		{"later einddatum", func(in *Inhoud) { in.Einddatum = d(2025, time.December, 31) }, true},
		{"bepaald to onbepaald", func(in *Inhoud) { in.Onbepaald, in.Einddatum = true, d(0, 0, 0) }, true},
		{"overige afspraken", func(in *Inhoud) { in.OverigeAfspraken = "Ook op zondag." }, true},
		{"einddatum and overige afspraken", func(in *Inhoud) {
			in.Einddatum = d(2025, time.June, 30)
			in.OverigeAfspraken = "Ook op zondag."
		}, true},
		{"rates reordered", func(in *Inhoud) {
			in.Tarieven = []Tarief{{HuishoudelijkeHulp, PerUur, 1800}, {PersoonlijkeVerzorging, PerUur, 2000}}
		}, true},
		{"tarief", func(in *Inhoud) { in.Tarieven[1].Bedrag = 1900 }, false},
		{"eenheid", func(in *Inhoud) { in.Tarieven[0].Eenheid = PerDagdeel }, false},
		{"zorgfunctie removed", func(in *Inhoud) { in.Tarieven = in.Tarieven[:1] }, false},
		{"extra zorgfunctie", func(in *Inhoud) {
			in.Tarieven = append(in.Tarieven, Tarief{Verpleging, PerUur, 2000})
		}, false},
		{"uren and einddatum", func(in *Inhoud) { in.Uren = 12_00; in.Einddatum = d(2025, time.December, 31) }, false},
		{"ingangsdatum", func(in *Inhoud) { in.Ingangsdatum = d(2024, time.June, 1) }, false},
		{"welke zorg", func(in *Inhoud) { in.WelkeZorg = "Ook verpleging." }, false},
		{"zorgverlener IBAN", func(in *Inhoud) { in.Zorgverlener.IBAN = "NL91ABNA0417164300" }, false},
		{"zorgverlener id", func(in *Inhoud) { in.Zorgverlener.ID = 7 }, false},
		{"proeftijd", func(in *Inhoud) { in.Proeftijd = "geen" }, false},
	}
	for _, c := range cases {
		nieuw := bepaald
		nieuw.Tarieven = slices.Clone(bepaald.Tarieven)
		c.change(&nieuw)
		if got := AlleenVerlengingOfOverige(bepaald, nieuw); got != c.want {
			t.Errorf("%s: got %v, want %v (verschillen %v)", c.name, got, c.want, Verschillen(bepaald, nieuw))
		}
		// Verschillen agrees: true exactly when nothing but these fields is listed.
		only := true
		for _, w := range Verschillen(bepaald, nieuw) {
			switch w.Veld {
			case "looptijd", "einddatum", "overige_afspraken":
			default:
				only = false
			}
		}
		if only != c.want {
			t.Errorf("%s: Verschillen disagrees: %v", c.name, Verschillen(bepaald, nieuw))
		}
	}

	// Nil and empty rate lists are the same.
	a, b := Inhoud{}, Inhoud{Tarieven: []Tarief{}}
	if !AlleenVerlengingOfOverige(a, b) || len(Verschillen(a, b)) != 0 {
		t.Error("nil vs empty Tarieven")
	}
}
