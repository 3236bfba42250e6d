package pdfbrief_test

import (
	"fmt"
	"strings"
	"testing"

	"pgbportaal/internal/civil"
	"pgbportaal/internal/pdfbrief"
	"pgbportaal/internal/testutil"
)

func voorbeeld(rijen int) pdfbrief.Brief {
	var t pdfbrief.Tabel
	t.Kolommen = []pdfbrief.Kolom{{Titel: "Datum", Breedte: 0.2}, {Titel: "Omschrijving", Breedte: 0.55}, {Titel: "Bedrag", Breedte: 0.25, Rechts: true}}
	for i := 1; i <= rijen; i++ {
		t.Rijen = append(t.Rijen, []string{fmt.Sprintf("%02d-02-2026", i%28+1), fmt.Sprintf("Regel %d, zorg voor coördinatie", i), "€ 1.234,56"})
	}
	t.Totaal = []string{"", "Totaal", "€ 98.764,80"}
	return pdfbrief.Brief{
		Afzender:  []string{"PGB Portaal", "Sociale Verzekeringsbank"},
		Ontvanger: []string{"Mevrouw J. de Vries", "Kerkstraat 1", "1234 AB Ĳsselstein"},
		Datum:     civil.Date{Year: 2026, Month: 3, Day: 7},
		Kenmerk:   "BET-0000123",
		Inzake:    "P. Bakker",
		Onderwerp: "Declaratie uitbetaald",
		Blokken: []pdfbrief.Blok{
			pdfbrief.Alinea("Geachte mevrouw J. de Vries,\n\nDe SVB heeft € 1.234,56 betaald aan café-eigenaar Zoë Müller voor de reünie."),
			pdfbrief.Kop("Handtekeningen"),
			pdfbrief.Gegevens{{Label: "Inhoud-hash", Waarde: strings.Repeat("0123456789abcdef", 4), Toelichting: "SHA-256 van de inhoud"}},
			t,
		},
	}
}

func TestRenderPrintsFrameAndBodyAsText(t *testing.T) {
	t.Parallel()
	data, err := pdfbrief.Render(voorbeeld(3))
	if err != nil {
		t.Fatal(err)
	}
	text := testutil.PDFText(t, data)
	lines := strings.Split(text, "\n")
	for _, want := range []string{
		"PGB Portaal", "Sociale Verzekeringsbank", "Mevrouw J. de Vries", "Kerkstraat 1", "1234 AB Ĳsselstein",
		"Datum 07-03-2026", "Kenmerk BET-0000123", "Inzake P. Bakker", "Onderwerp Declaratie uitbetaald",
		"Geachte mevrouw J. de Vries,",
		"Datum Omschrijving Bedrag",
		"02-02-2026 Regel 1, zorg voor coördinatie € 1.234,56",
		"Totaal € 98.764,80",
		"PGB Portaal · kenmerk BET-0000123 Pagina 1 van 1",
	} {
		if !slicesContains(lines, want) {
			t.Errorf("no line %q in\n%s", want, text)
		}
	}
	if !strings.Contains(text, "De SVB heeft € 1.234,56 betaald aan café-eigenaar Zoë Müller voor de reünie.") {
		t.Errorf("body with euro sign and diacritics missing:\n%s", text)
	}
	// A value wider than its column wraps inside the word and loses nothing.
	if !strings.Contains(strings.ReplaceAll(text, "\n", ""), strings.Repeat("0123456789abcdef", 4)) {
		t.Errorf("hash not printed whole:\n%s", text)
	}
}

func TestRenderBreaksLongTablesOverPagesWithTheirHeader(t *testing.T) {
	t.Parallel()
	data, err := pdfbrief.Render(voorbeeld(120))
	if err != nil {
		t.Fatal(err)
	}
	text := testutil.PDFText(t, data)
	pages := strings.Split(text, "\f")
	if len(pages) < 3 {
		t.Fatalf("120 rows on %d pages", len(pages))
	}
	n := len(pages)
	for i, p := range pages {
		if !strings.Contains(p, "Datum Omschrijving Bedrag") {
			t.Errorf("page %d has no table header", i+1)
		}
		if !strings.Contains(p, fmt.Sprintf("Pagina %d van %d", i+1, n)) {
			t.Errorf("page %d lacks its page number", i+1)
		}
	}
	if got := strings.Count(text, ", zorg voor coördinatie € 1.234,56"); got != 120 {
		t.Errorf("%d rows printed, want 120", got)
	}
	if !strings.Contains(pages[n-1], "Totaal € 98.764,80") {
		t.Error("total not on the last page")
	}
}

func slicesContains(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}
