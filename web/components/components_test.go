package components

import (
	"context"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/a-h/templ"
)

func render(t *testing.T, c templ.Component) string {
	t.Helper()
	var b strings.Builder
	if err := c.Render(context.Background(), &b); err != nil {
		t.Fatalf("render: %v", err)
	}
	return b.String()
}

// withChildren renders c with children as its { children... }.
func withChildren(t *testing.T, c templ.Component, children string) string {
	t.Helper()
	var b strings.Builder
	ctx := templ.WithChildren(context.Background(), templ.Raw(children))
	if err := c.Render(ctx, &b); err != nil {
		t.Fatalf("render: %v", err)
	}
	return b.String()
}

var (
	idAttr    = regexp.MustCompile(`\sid="([^"]*)"`)
	forAttr   = regexp.MustCompile(`\sfor="([^"]*)"`)
	described = regexp.MustCompile(`\saria-describedby="([^"]*)"`)
)

func ids(html string) map[string]int {
	m := map[string]int{}
	for _, g := range idAttr.FindAllStringSubmatch(html, -1) {
		m[g[1]]++
	}
	return m
}

// checkRefs asserts the accessibility wiring every field shares: ids are
// unique, every label's for and every aria-describedby id points at an
// element that exists.
func checkRefs(t *testing.T, html string) {
	t.Helper()
	have := ids(html)
	for id, n := range have {
		if n > 1 {
			t.Errorf("id %q used %d times", id, n)
		}
	}
	for _, g := range forAttr.FindAllStringSubmatch(html, -1) {
		if have[g[1]] == 0 {
			t.Errorf("label for=%q has no element", g[1])
		}
	}
	for _, g := range described.FindAllStringSubmatch(html, -1) {
		for _, id := range strings.Fields(g[1]) {
			if have[id] == 0 {
				t.Errorf("aria-describedby names %q, which does not exist in\n%s", id, html)
			}
		}
	}
}

func mustContain(t *testing.T, html string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(html, w) {
			t.Errorf("missing %q in\n%s", w, html)
		}
	}
}

func mustNotContain(t *testing.T, html string, bad ...string) {
	t.Helper()
	for _, b := range bad {
		if strings.Contains(html, b) {
			t.Errorf("unexpected %q in\n%s", b, html)
		}
	}
}

func TestTextField(t *testing.T) {
	f := FieldProps{ID: "iban", Name: "iban", Label: "IBAN", Hint: "Het rekeningnummer van de zorgverlener", Error: "Vul een geldig IBAN in", Required: true, Autocomplete: "off", InputMode: "text", Width: "30", Value: `NL<91>"x"`}
	html := render(t, TextField(f))
	checkRefs(t, html)
	mustContain(t, html,
		`<label class="utrecht-form-label pgb-field__label" for="iban">`,
		`id="iban"`, `name="iban"`, `type="text"`,
		`id="iban-hint"`, `id="iban-error"`,
		`aria-describedby="iban-hint iban-error"`,
		`aria-invalid="true"`, `aria-required="true"`,
		`autocomplete="off"`, `inputmode="text"`,
		`<span class="pgb-visually-hidden">Fout:</span>`,
		"pgb-field--error", "pgb-input--w30",
		`value="NL&lt;91&gt;&#34;x&#34;"`,
	)
	mustNotContain(t, html, "niet verplicht")

	plain := render(t, TextField(FieldProps{ID: "naam", Name: "naam", Label: "Naam"}))
	checkRefs(t, plain)
	mustContain(t, plain, "(niet verplicht)", `for="naam"`)
	mustNotContain(t, plain, "aria-describedby", "aria-invalid", "aria-required", "pgb-field--error", "Fout:", "autocomplete=", "inputmode=")

	hintOnly := render(t, TextField(FieldProps{ID: "e", Name: "e", Label: "E-mailadres", Hint: "Wij sturen u hier berichten", Type: "email"}))
	mustContain(t, hintOnly, `aria-describedby="e-hint"`, `type="email"`)
	mustNotContain(t, hintOnly, "aria-invalid")

	errOnly := render(t, TextField(FieldProps{ID: "e", Name: "e", Label: "E-mailadres", Error: "Vul uw e-mailadres in"}))
	mustContain(t, errOnly, `aria-describedby="e-error"`)
}

func TestDateField(t *testing.T) {
	html := render(t, DateField(FieldProps{ID: "start", Name: "start", Label: "Startdatum", Required: true}))
	checkRefs(t, html)
	mustContain(t, html, `type="text"`, DateExample, `aria-describedby="start-hint"`, "pgb-input--w10")
	mustNotContain(t, html, `type="date"`)

	withHint := render(t, DateField(FieldProps{ID: "eind", Name: "eind", Label: "Einddatum", Hint: "Laat leeg als de zorg doorloopt.", Error: "Vul een datum in als dd-mm-jjjj"}))
	checkRefs(t, withHint)
	mustContain(t, withHint, "Laat leeg als de zorg doorloopt. "+DateExample, `aria-describedby="eind-hint eind-error"`, `aria-invalid="true"`)
}

func TestTextArea(t *testing.T) {
	html := render(t, TextArea(FieldProps{ID: "toelichting", Name: "toelichting", Label: "Toelichting", Hint: "Maximaal 500 tekens", Error: "Te lang", Value: "a < b"}))
	checkRefs(t, html)
	mustContain(t, html, `<textarea`, `for="toelichting"`, `aria-describedby="toelichting-hint toelichting-error"`, `aria-invalid="true"`, `>a &lt; b</textarea>`)
}

func TestSelectField(t *testing.T) {
	opts := []Option{{"", "Maak een keuze", ""}, {"week", "Per week", ""}, {"maand", "Per maand", ""}}
	html := render(t, SelectField(FieldProps{ID: "periode", Name: "periode", Label: "Periode", Value: "maand", Required: true, Error: "Kies een periode"}, opts))
	checkRefs(t, html)
	mustContain(t, html, `<select`, `for="periode"`, `<option value="maand" selected>Per maand</option>`, `<option value="week">Per week</option>`, `aria-describedby="periode-error"`, `aria-invalid="true"`)
	if n := strings.Count(html, " selected"); n != 1 {
		t.Errorf("%d options selected, want 1", n)
	}
}

func TestRadioGroup(t *testing.T) {
	opts := []Option{{"digitaal", "Digitaal", "Per e-mail"}, {"post", "Per post", ""}, {"beide", "Beide", ""}}
	html := render(t, RadioGroup(FieldProps{ID: "communicatie", Name: "communicatie", Label: "Hoe wilt u berichten ontvangen?", Hint: "U kunt dit later wijzigen", Error: "Kies hoe u berichten wilt ontvangen", Value: "post", Required: true}, opts))
	checkRefs(t, html)
	mustContain(t, html,
		"<fieldset", "<legend", "Hoe wilt u berichten ontvangen?",
		`aria-describedby="communicatie-hint communicatie-error"`,
		`id="communicatie"`, `id="communicatie-2"`, `id="communicatie-3"`,
		`for="communicatie"`, `for="communicatie-2"`,
		`aria-describedby="communicatie-1-hint"`, `id="communicatie-1-hint"`,
		"pgb-field--error",
	)
	if n := strings.Count(html, `type="radio"`); n != 3 {
		t.Errorf("%d radio buttons, want 3", n)
	}
	if n := strings.Count(html, " checked"); n != 1 {
		t.Errorf("%d radio buttons checked, want 1", n)
	}
	if !regexp.MustCompile(`value="post" checked`).MatchString(html) {
		t.Errorf("option post not checked:\n%s", html)
	}
	// The legend is the group's label, so no radio button is labelled by
	// the group's text and the fieldset, not each input, carries the error.
	if strings.Count(html, `aria-invalid`) != 0 {
		t.Errorf("radio buttons carry aria-invalid; the fieldset describes the error")
	}
}

func TestRadioGroupOptionHints(t *testing.T) {
	opts := []Option{{"a", "A", ""}, {"b", "B", "Uitleg bij B"}}
	html := render(t, RadioGroup(FieldProps{ID: "keuze", Name: "keuze", Label: "Keuze"}, opts))
	checkRefs(t, html)
	mustContain(t, html, `id="keuze-2-hint"`, `aria-describedby="keuze-2-hint"`, "(niet verplicht)")
	mustNotContain(t, html, " checked", "Fout:")
}

func TestCheckbox(t *testing.T) {
	html := render(t, Checkbox(FieldProps{ID: "akkoord", Name: "akkoord", Label: "Ik verklaar dat alles klopt", Hint: "Verplicht om in te dienen", Error: "Bevestig dat alles klopt", Required: true, Value: "ja"}))
	checkRefs(t, html)
	mustContain(t, html, `type="checkbox"`, `for="akkoord"`, `value="ja" checked`, `aria-describedby="akkoord-hint akkoord-error"`, `aria-invalid="true"`, "Fout:")
	// The error comes before the box, as GOV.UK does.
	if strings.Index(html, "akkoord-error") > strings.Index(html, `type="checkbox"`) {
		t.Errorf("error message after the checkbox")
	}
	off := render(t, Checkbox(FieldProps{ID: "x", Name: "x", Label: "X"}))
	mustNotContain(t, off, " checked", "niet verplicht", "aria-")
}

func TestErrorSummary(t *testing.T) {
	if html := render(t, ErrorSummary(nil)); html != "" {
		t.Errorf("empty summary rendered %q", html)
	}
	html := render(t, ErrorSummary([]FieldError{{"iban", "Vul een geldig IBAN in"}, {"", "De zorgovereenkomst is intussen gewijzigd"}}))
	checkRefs(t, html)
	mustContain(t, html,
		`role="alert"`, `tabindex="-1"`, `id="foutmeldingen"`, `aria-labelledby="foutmeldingen-titel"`,
		`<h2 class="pgb-error-summary__title" id="foutmeldingen-titel">Er is een probleem</h2>`,
		`<a href="#iban">Vul een geldig IBAN in</a>`,
		"<li>De zorgovereenkomst is intussen gewijzigd</li>",
	)
}

func TestStappenbalk(t *testing.T) {
	steps := []Step{{"Zorgverlener", "/stap/1"}, {"Afspraken", ""}, {"Tarief", "/stap/3"}, {"Controleren", "/stap/4"}}
	html := render(t, Stappenbalk(steps, 3))
	mustContain(t, html,
		`<nav class="pgb-stappenbalk" aria-label="Stappen">`,
		"Stap 3 van 4", "<ol",
		`<a href="/stap/1">Zorgverlener<span class="pgb-visually-hidden"> (afgerond)</span></a>`,
		`<span>Afspraken<span class="pgb-visually-hidden"> (afgerond)</span></span>`,
	)
	if n := strings.Count(html, `aria-current="step"`); n != 1 {
		t.Fatalf("%d aria-current, want 1", n)
	}
	cur := regexp.MustCompile(`<li[^>]*aria-current="step"[^>]*>\s*<span>([^<]*)</span>`).FindStringSubmatch(html)
	if cur == nil || cur[1] != "Tarief" {
		t.Errorf("current step = %v, want Tarief", cur)
	}
	// Steps ahead are never links, even with a URL.
	mustNotContain(t, html, `href="/stap/3"`, `href="/stap/4"`)
	if n := strings.Count(html, "<li"); n != 4 {
		t.Errorf("%d steps, want 4", n)
	}
}

func TestStatusBadge(t *testing.T) {
	for tone, want := range map[string]string{"": "pgb-badge--neutral", "success": "pgb-badge--success", "warning": "pgb-badge--warning", "error": "pgb-badge--error", "danger": "pgb-badge--error", "info": "pgb-badge--info", "onbekend": "pgb-badge--neutral"} {
		html := render(t, StatusBadge("Ingediend", tone))
		mustContain(t, html, want, ">Ingediend</span>", "utrecht-badge-status")
	}
}

func TestTiles(t *testing.T) {
	html := render(t, Tile("Declaraties", "/declaraties", "Dien declaraties in en zie hun status"))
	mustContain(t, html, `<li>`, `<h2 class="pgb-tile__title"><a class="pgb-tile__link" href="/declaraties">Declaraties</a></h2>`, "Dien declaraties in")
	grid := withChildren(t, Tiles(), "<li>x</li>")
	mustContain(t, grid, `<ul class="pgb-tiles" role="list">`, "<li>x</li>")
}

func TestNotification(t *testing.T) {
	cases := []struct{ kind, role, class string }{
		{"info", `role="status"`, "pgb-notification--info"},
		{"success", `role="status"`, "pgb-notification--success"},
		{"warning", `role="status"`, "pgb-notification--warning"},
		{"error", `role="alert"`, "pgb-notification--error"},
		{"", `role="status"`, "pgb-notification--info"},
	}
	for _, c := range cases {
		html := withChildren(t, Notification(c.kind, "Gelukt"), "<p>De declaratie is ingediend.</p>")
		mustContain(t, html, c.role, c.class, `<h2 class="pgb-notification__title">Gelukt</h2>`, "<p>De declaratie is ingediend.</p>")
	}
	untitled := withChildren(t, Notification("info", ""), "<p>x</p>")
	mustNotContain(t, untitled, "<h2")
}

func TestFormatMoney(t *testing.T) {
	for cents, want := range map[int64]string{
		0:             "€ 0,00",
		5:             "€ 0,05",
		123456:        "€ 1.234,56",
		100000000:     "€ 1.000.000,00",
		99999:         "€ 999,99",
		-1250:         "-€ 12,50",
		math.MinInt64: "-€ 92.233.720.368.547.758,08",
	} {
		if got := FormatMoney(cents); got != want {
			t.Errorf("FormatMoney(%d) = %q, want %q", cents, got, want)
		}
	}
	mustContain(t, render(t, Money(123456)), `<span class="pgb-money">€ 1.234,56</span>`)
}

func TestDateText(t *testing.T) {
	// 23:30 UTC on 31 December is already 1 January in Amsterdam.
	ts := time.Date(2025, 12, 31, 23, 30, 0, 0, time.UTC)
	mustContain(t, render(t, DateText(ts)), `<time class="pgb-nowrap" datetime="2026-01-01">01-01-2026</time>`)
	if got := FormatDate(time.Date(2026, 7, 4, 12, 0, 0, 0, Amsterdam)); got != "04-07-2026" {
		t.Errorf("FormatDate = %q", got)
	}
	if html := render(t, DateText(time.Time{})); html != "" {
		t.Errorf("zero time rendered %q", html)
	}
}

func TestResponsiveTable(t *testing.T) {
	html := withChildren(t, ResponsiveTable("Declaraties 2026"), "<thead><tr><th scope=\"col\">Maand</th></tr></thead>")
	mustContain(t, html, `role="region"`, `tabindex="0"`, `aria-label="Declaraties 2026"`, "<caption", ">Declaraties 2026</caption>", `<th scope="col">Maand</th>`)
}

func TestButtons(t *testing.T) {
	mustContain(t, render(t, Button("Indienen", "")), `<button type="submit" class="nl-button nl-button--primary pgb-button pgb-button--primary">Indienen</button>`)
	mustContain(t, render(t, Button("Annuleren", "secondary")), "pgb-button--secondary")
	mustContain(t, render(t, SubmitButton("Opslaan als concept", "secondary", "actie", "concept")), `name="actie"`, `value="concept"`, `type="submit"`)
	mustContain(t, render(t, ButtonLink("Nieuwe declaratie", "/declaraties/nieuw", "")), `<a class="nl-button nl-button--primary pgb-button pgb-button--primary" href="/declaraties/nieuw">`)
	mustContain(t, withChildren(t, ButtonGroup(), "<b>x</b>"), `<div class="pgb-button-group"><b>x</b></div>`)
}
