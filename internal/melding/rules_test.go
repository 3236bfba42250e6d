package melding_test

import (
	"strings"
	"testing"
	"time"

	"pgbportaal/internal/civil"
	"pgbportaal/internal/melding"
)

func d(y, m, day int) civil.Date { return civil.Date{Year: y, Month: time.Month(m), Day: day} }

func nd(y, m, day int) civil.NullDate { return civil.NullDate{Date: d(y, m, day), Valid: true} }

func TestControleerMelding(t *testing.T) {
	today := d(2026, 3, 15)
	af := &melding.Afspraak{ID: 7, ZorgverlenerID: 3, ZorgverlenerNaam: "H. de Boer", Ingangsdatum: d(2026, 1, 1), Einddatum: d(2026, 12, 31)}
	open := melding.Melding{Soort: melding.Ziek, Begindatum: d(2026, 3, 1)}
	dicht := melding.Melding{Soort: melding.Ziek, Begindatum: d(2026, 2, 1), Einddatum: nd(2026, 2, 10)}
	verlof := melding.Melding{Soort: melding.Zwanger, Begindatum: d(2026, 5, 1), Einddatum: nd(2026, 8, 31)}
	cases := []struct {
		name      string
		in        melding.Invoer
		af        *melding.Afspraak
		bestaande []melding.Melding
		want      map[string]string // field → part of the message; empty: valid
	}{
		{"ziek vandaag", melding.Invoer{Soort: melding.Ziek, ZorgovereenkomstID: 7, Begindatum: "15-03-2026"}, af, nil, nil},
		{"ziek na eerdere betermelding", melding.Invoer{Soort: melding.Ziek, ZorgovereenkomstID: 7, Begindatum: "11-02-2026"}, af, []melding.Melding{dicht}, nil},
		{"geen soort", melding.Invoer{ZorgovereenkomstID: 7, Begindatum: "15-03-2026"}, af, nil, map[string]string{"soort": "Kies wat u wilt melden"}},
		{"geen zorgverlener", melding.Invoer{Soort: melding.Ziek, Begindatum: "15-03-2026"}, nil, nil, map[string]string{"zorgovereenkomst": "Kies de zorgverlener."}},
		{"zorgverlener zonder goedgekeurde overeenkomst", melding.Invoer{Soort: melding.Ziek, ZorgovereenkomstID: 99, Begindatum: "15-03-2026"}, nil, nil,
			map[string]string{"zorgovereenkomst": "goedgekeurde zorgovereenkomst"}},
		{"datum leeg", melding.Invoer{Soort: melding.Ziek, ZorgovereenkomstID: 7}, af, nil, map[string]string{"begindatum": "Vul een datum in, bijvoorbeeld 31-12-2026."}},
		{"datum onzin", melding.Invoer{Soort: melding.Ziek, ZorgovereenkomstID: 7, Begindatum: "gisteren"}, af, nil, map[string]string{"begindatum": "Vul een geldige datum in"}},
		{"datum bestaat niet", melding.Invoer{Soort: melding.Ziek, ZorgovereenkomstID: 7, Begindatum: "30-02-2026"}, af, nil, map[string]string{"begindatum": "Deze datum bestaat niet"}},
		{"ziek in de toekomst", melding.Invoer{Soort: melding.Ziek, ZorgovereenkomstID: 7, Begindatum: "16-03-2026"}, af, nil, map[string]string{"begindatum": "niet in de toekomst"}},
		{"ziek voor de ingangsdatum", melding.Invoer{Soort: melding.Ziek, ZorgovereenkomstID: 7, Begindatum: "31-12-2025"}, af, nil,
			map[string]string{"begindatum": "Eerste ziektedag kan niet vóór de ingangsdatum van de zorgovereenkomst (01-01-2026)"}},
		{"al ziek", melding.Invoer{Soort: melding.Ziek, ZorgovereenkomstID: 7, Begindatum: "15-03-2026"}, af, []melding.Melding{open},
			map[string]string{"zorgovereenkomst": "H. de Boer is al ziek gemeld sinds 01-03-2026"}},
		{"overlapt eerdere ziekmelding", melding.Invoer{Soort: melding.Ziek, ZorgovereenkomstID: 7, Begindatum: "10-02-2026"}, af, []melding.Melding{dicht},
			map[string]string{"begindatum": "overlapt een eerdere ziekmelding (01-02-2026 tot en met 10-02-2026)"}},
		{"omvat eerdere ziekmelding", melding.Invoer{Soort: melding.Ziek, ZorgovereenkomstID: 7, Begindatum: "15-01-2026"}, af, []melding.Melding{dicht},
			map[string]string{"begindatum": "overlapt"}},
		{"verlof vooruit", melding.Invoer{Soort: melding.Zwanger, ZorgovereenkomstID: 7, Begindatum: "01-05-2026", Einddatum: "31-08-2026"}, af, nil, nil},
		{"verlof zonder einde", melding.Invoer{Soort: melding.Zwanger, ZorgovereenkomstID: 7, Begindatum: "01-05-2026"}, af, nil,
			map[string]string{"einddatum": "Vul een datum in"}},
		{"verlof einde voor begin", melding.Invoer{Soort: melding.Zwanger, ZorgovereenkomstID: 7, Begindatum: "01-05-2026", Einddatum: "30-04-2026"}, af, nil,
			map[string]string{"einddatum": "kan niet vóór de eerste dag van het verlof liggen"}},
		{"verlof te ver vooruit", melding.Invoer{Soort: melding.Zwanger, ZorgovereenkomstID: 7, Begindatum: "16-09-2026", Einddatum: "31-12-2026"}, af, nil,
			map[string]string{"begindatum": "hoogstens 6 maanden vooruit"}},
		{"verlof na einde overeenkomst", melding.Invoer{Soort: melding.Zwanger, ZorgovereenkomstID: 7, Begindatum: "01-01-2027", Einddatum: "01-04-2027"}, &melding.Afspraak{ID: 7, ZorgverlenerNaam: "X", Ingangsdatum: d(2026, 1, 1), Einddatum: d(2026, 6, 30)}, nil,
			map[string]string{"begindatum": "na de einddatum van de zorgovereenkomst (30-06-2026)"}},
		{"verlof overlapt verlof", melding.Invoer{Soort: melding.Zwanger, ZorgovereenkomstID: 7, Begindatum: "01-08-2026", Einddatum: "30-09-2026"}, af, []melding.Melding{verlof},
			map[string]string{"begindatum": "al een zwangerschapsverlof gemeld van 01-05-2026 tot en met 31-08-2026"}},
		{"verlof naast open ziekmelding mag", melding.Invoer{Soort: melding.Zwanger, ZorgovereenkomstID: 7, Begindatum: "01-05-2026", Einddatum: "31-08-2026"}, af, []melding.Melding{open}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, f := melding.ControleerMelding(c.in, c.af, c.bestaande, today)
			if len(c.want) == 0 {
				if len(f) != 0 {
					t.Fatalf("unexpected errors %v", f)
				}
				if g.Begindatum.IsZero() || g.Afspraak.ID != c.af.ID || (c.in.Soort == melding.Zwanger) != g.Einddatum.Valid {
					t.Fatalf("checked melding %+v", g)
				}
				return
			}
			for veld, deel := range c.want {
				if !strings.Contains(f[veld], deel) {
					t.Errorf("%s: %q, want it to contain %q (all: %v)", veld, f[veld], deel, f)
				}
			}
			if len(f) != len(c.want) {
				t.Errorf("errors %v, want only %v", f, c.want)
			}
		})
	}
}

func TestControleerBetermelding(t *testing.T) {
	today := d(2026, 3, 15)
	m := melding.Melding{Soort: melding.Ziek, Begindatum: d(2026, 3, 2)}
	for _, c := range []struct {
		laatste, want string
	}{
		{"02-03-2026", ""},
		{"15-03-2026", ""},
		{"14-3-2026", ""},
		{"", "Vul een datum in"},
		{"01-03-2026", "De laatste ziektedag kan niet vóór de eerste ziektedag (02-03-2026) liggen."},
		{"16-03-2026", "niet in de toekomst"},
		{"2026", "Vul een geldige datum in"},
	} {
		got, f := melding.ControleerBetermelding(m, c.laatste, today)
		if c.want == "" {
			if len(f) != 0 || got.IsZero() {
				t.Errorf("%q: %v %v", c.laatste, got, f)
			}
			continue
		}
		if !strings.Contains(f[melding.VeldEinddatum], c.want) {
			t.Errorf("%q: %q, want %q", c.laatste, f[melding.VeldEinddatum], c.want)
		}
	}
}

func TestMeldingStatus(t *testing.T) {
	today := d(2026, 3, 15)
	for _, c := range []struct {
		m      melding.Melding
		status string
		lopend bool
	}{
		{melding.Melding{Soort: melding.Ziek, Begindatum: d(2026, 3, 1)}, "Ziek", true},
		{melding.Melding{Soort: melding.Ziek, Begindatum: d(2026, 3, 1), Einddatum: nd(2026, 3, 5)}, "Beter gemeld", false},
		{melding.Melding{Soort: melding.Zwanger, Begindatum: d(2026, 4, 1), Einddatum: nd(2026, 7, 31)}, "Verlof gepland", true},
		{melding.Melding{Soort: melding.Zwanger, Begindatum: d(2026, 1, 1), Einddatum: nd(2026, 3, 15)}, "Met verlof", true},
		{melding.Melding{Soort: melding.Zwanger, Begindatum: d(2025, 9, 1), Einddatum: nd(2026, 1, 31)}, "Verlof voorbij", false},
	} {
		if got := c.m.Status(today); got != c.status || c.m.Lopend(today) != c.lopend {
			t.Errorf("%+v: %q %v, want %q %v", c.m, got, c.m.Lopend(today), c.status, c.lopend)
		}
	}
}
