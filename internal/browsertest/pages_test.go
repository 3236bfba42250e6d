package browsertest_test

// The page table of the accessibility crawl (TestEveryPage in crawl_test.go).
//
// Every GET route of the portal's router needs an entry here, under its chi
// route pattern exactly as routes.go writes it. The crawl walks the router
// and fails, naming the route, when one is missing; so a new page is covered
// the moment it exists. An entry is either
//
//   - the visits that show the page: which party opens which address, in
//     which state. Parties are the personas logged in by crawl_test.go
//     (publiek, budgethouder, vertegenwoordiger, zorgverlener, zorgkantoor,
//     svb, kiezer); addresses take their ids from the world (world_test.go),
//     which builds one of everything through the services. Add to the world
//     what a new page needs to show itself filled in.
//   - notAPage("why") for a route that answers with something other than a
//     page (a download, a redirect of the login flow).
//
// Each visit is checked at 1280 px (axe-core WCAG 2.0/2.1 A and AA, lang
// nl, the title, one h1 and headings in order, tables with headers, status
// messages as live regions), at 320 px and at 200% zoom (no sideways
// scrolling, no overlapping controls, every control on screen). A visit
// with errors(...) first fills in the given fields (a radio button is
// chosen by value), presses the button and expects the error summary with
// the focus on it. A visit marked main() is also saved as a screenshot at
// 375 and 1280 px in test-output/screenshots.
//
// Examples:
//
//	"/klachten":          {at("budgethouder", "/klachten").main(), at("budgethouder", "/klachten").state("leeg")},
//	"/klachten/nieuw":    {at("budgethouder", "/klachten/nieuw"), at("budgethouder", "/klachten/nieuw").errors("Versturen", nil)},
//	"/klachten/{id}":     {atf("budgethouder", func(w *world) string { return fmt.Sprintf("/klachten/%d", w.klacht) })},
//	"/klachten/{id}/pdf": notAPage("download"),

import "fmt"

// visit is one look at a page.
type visit struct {
	party  string
	url    func(w *world) string
	label  string            // the state shown: "gevuld" unless told otherwise
	submit string            // errors: the text of the button to press
	fill   map[string]string // errors: field name → value to fill in first
	shot   bool              // main page: screenshots at 375 and 1280 px
}

// page is the table's entry for one route pattern.
type page struct {
	visits   []visit
	notAPage string
}

func at(party, url string) visit {
	return visit{party: party, url: func(*world) string { return url }, label: "gevuld"}
}

func atf(party string, url func(w *world) string) visit {
	return visit{party: party, url: url, label: "gevuld"}
}

func (v visit) state(label string) visit { v.label = label; return v }
func (v visit) main() visit              { v.shot = true; return v }

// errors makes the visit submit the form with the button labelled submit,
// after filling in fill, and expect validation errors.
func (v visit) errors(submit string, fill map[string]string) visit {
	v.label, v.submit, v.fill = "fouten", submit, fill
	return v
}

func visits(v ...visit) page   { return page{visits: v} }
func notAPage(why string) page { return page{notAPage: why} }

func zovPath(f func(w *world) int64, rest string) func(w *world) string {
	return func(w *world) string { return fmt.Sprintf("/zorgovereenkomsten/%d%s", f(w), rest) }
}

func dclPath(f func(w *world) int64, rest string) func(w *world) string {
	return func(w *world) string { return fmt.Sprintf("/declaraties/%d%s", f(w), rest) }
}

var (
	zovConcept     = func(w *world) int64 { return w.zovConcept }
	zovGedeeld     = func(w *world) int64 { return w.zovGedeeld }
	zovBeoordeeld  = func(w *world) int64 { return w.zovBeoordeeld }
	zovGoed        = func(w *world) int64 { return w.zovGoed }
	zovGoedLinde   = func(w *world) int64 { return w.zovGoedLinde }
	zovBeeindiging = func(w *world) int64 { return w.zovBeeindiging }
	zovWijziging   = func(w *world) int64 { return w.zovWijziging }
	dclConcept     = func(w *world) int64 { return w.dclConcept }
	dclIngepland   = func(w *world) int64 { return w.dclIngepland }
	dclVerstuurd   = func(w *world) int64 { return w.dclVerstuurd }
	dclIntrekken   = func(w *world) int64 { return w.dclIntrekken }
)

// pageTable: route pattern → how each party reaches it.
var pageTable = map[string]page{
	// Without a session.
	"/healthz":                  notAPage("probe: plain text"),
	"/readyz":                   notAPage("probe: plain text"),
	"/.well-known/security.txt": notAPage("plain text"),
	"/static/*":                 notAPage("static files"),
	"/stub/*":                   notAPage("test identity providers: their login pages are visited through /inloggen/{means}"),

	// Public pages and logging in.
	"/": visits(at("publiek", "/").main(), at("budgethouder", "/").main(), at("vertegenwoordiger", "/").main(),
		at("zorgverlener", "/").main(), at("zorgkantoor", "/").main(), at("svb", "/").main()),
	"/toegankelijkheid":       visits(at("publiek", "/toegankelijkheid").main(), at("budgethouder", "/toegankelijkheid")),
	"/privacy":                visits(at("publiek", "/privacy")),
	"/inloggen":               visits(at("publiek", "/inloggen").main()),
	"/inloggen/{means}":       visits(at("publiek", "/inloggen/digid")),
	"/inloggen/{means}/terug": notAPage("the identity provider's redirect back: it ends in another page"),
	"/kies-rol":               visits(at("kiezer", "/kies-rol").main()),
	"/uitgelogd":              visits(at("publiek", "/uitgelogd")),

	// Profile and berichten.
	"/profiel": visits(at("budgethouder", "/profiel"), at("zorgverlener", "/profiel"),
		at("budgethouder", "/profiel").errors("Opslaan", map[string]string{"postcode": "12", "email": "geen-adres"})),
	"/berichten":      visits(at("budgethouder", "/berichten").main(), at("vertegenwoordiger", "/berichten"), at("zorgverlener", "/berichten")),
	"/berichten/{id}": visits(atf("budgethouder", func(w *world) string { return fmt.Sprintf("/berichten/%d", w.bericht) })),

	// Suggestie of klacht; maintenance.
	"/suggestie-of-klacht": visits(at("budgethouder", "/suggestie-of-klacht").state("leeg").main(),
		at("zorgverlener", "/suggestie-of-klacht").errors("Versturen", map[string]string{"onderwerp": "Knop"})),
	"/suggestie-of-klacht/verzonden": visits(at("budgethouder", "/suggestie-of-klacht/verzonden?kenmerk=K000001")),
	"/klachten":                      visits(at("zorgkantoor", "/klachten").main(), at("svb", "/klachten").state("leeg")),
	"/klachten/{id}": visits(atf("zorgkantoor", func(w *world) string { return fmt.Sprintf("/klachten/%d", w.klacht) }),
		atf("zorgkantoor", func(w *world) string { return fmt.Sprintf("/klachten/%d", w.klacht) }).errors("Antwoord versturen", nil)),
	"/onderhoud": visits(at("svb", "/onderhoud").main(),
		at("svb", "/onderhoud").errors("Onderhoud aankondigen", map[string]string{"van-tijd": "25:00"})),

	// Zorgovereenkomsten.
	"/zorgovereenkomsten": visits(at("budgethouder", "/zorgovereenkomsten").main(), at("zorgverlener", "/zorgovereenkomsten"),
		at("vertegenwoordiger", "/zorgovereenkomsten").state("leeg")),
	"/zorgovereenkomsten/nieuw": visits(at("budgethouder", "/zorgovereenkomsten/nieuw").state("leeg").main(),
		at("budgethouder", "/zorgovereenkomsten/nieuw").errors("Volgende stap", nil)),
	"/zorgovereenkomsten/{id}/verder": visits(atf("budgethouder", zovPath(zovConcept, "/verder"))),
	"/zorgovereenkomsten/{id}/stap/{n}": visits(atf("budgethouder", zovPath(zovConcept, "/stap/1")),
		atf("budgethouder", zovPath(zovConcept, "/stap/2")).main(), atf("budgethouder", zovPath(zovConcept, "/stap/3")),
		atf("budgethouder", zovPath(zovConcept, "/stap/2")).errors("Volgende stap", map[string]string{"ingangsdatum": "31-02-2020", "uren": ""})),
	"/zorgovereenkomsten/{id}/controle":    visits(atf("budgethouder", zovPath(zovConcept, "/controle")).main()),
	"/zorgovereenkomsten/{id}/gedeeld":     visits(atf("budgethouder", zovPath(zovGedeeld, "/gedeeld"))),
	"/zorgovereenkomsten/{id}/verwijderen": visits(atf("budgethouder", zovPath(zovConcept, "/verwijderen"))),
	"/zorgovereenkomsten/{id}": visits(atf("budgethouder", zovPath(zovGoed, "")).main(), atf("budgethouder", zovPath(zovBeoordeeld, "")),
		atf("budgethouder", zovPath(zovGedeeld, "")), atf("zorgverlener", zovPath(zovGedeeld, "")).main(), atf("zorgverlener", zovPath(zovGoed, "")),
		atf("budgethouder", zovPath(zovGoedLinde, "")), atf("budgethouder", zovPath(zovBeeindiging, "")),
		atf("budgethouder", zovPath(zovWijziging, ""))),
	"/zorgovereenkomsten/{id}/aanpassen": visits(atf("zorgverlener", zovPath(zovGedeeld, "/aanpassen"))),
	"/zorgovereenkomsten/{id}/wijzigen": visits(atf("budgethouder", zovPath(zovGoed, "/wijzigen")),
		atf("budgethouder", zovPath(zovGoed, "/wijzigen")).errors("Wijziging starten", nil)),
	"/zorgovereenkomsten/{id}/verlengen": visits(atf("budgethouder", zovPath(zovGoed, "/verlengen")),
		atf("budgethouder", zovPath(zovGoed, "/verlengen")).errors("Verlenging naar zorgverlener sturen", nil)),
	"/zorgovereenkomsten/{id}/beeindigen": visits(atf("budgethouder", zovPath(zovGoed, "/beeindigen")),
		atf("budgethouder", zovPath(zovGoed, "/beeindigen")).errors("Beëindiging naar zorgverlener sturen", nil)),
	"/zorgovereenkomsten/{id}/versies/{n}": visits(atf("budgethouder", zovPath(zovGoedLinde, "/versies/2"))),
	"/beoordelen":                          visits(at("zorgkantoor", "/beoordelen").main()),
	"/beoordelen/{id}": visits(atf("zorgkantoor", func(w *world) string { return fmt.Sprintf("/beoordelen/%d", w.zovBeoordeeld) }).main(),
		atf("zorgkantoor", func(w *world) string { return fmt.Sprintf("/beoordelen/%d", w.zovBeoordeeld) }).
			errors("Beoordeling vastleggen", map[string]string{"actie": "afkeuren"}),
		atf("zorgkantoor", func(w *world) string { return fmt.Sprintf("/beoordelen/%d", w.zovWijziging) })),
	"/maximumtarieven": visits(at("zorgkantoor", "/maximumtarieven")),

	// Budget.
	"/budget":                     visits(at("budgethouder", "/budget").main(), at("vertegenwoordiger", "/budget")),
	"/toekenningen":               visits(at("zorgkantoor", "/toekenningen")),
	"/toekenningen/nieuw":         visits(at("zorgkantoor", "/toekenningen/nieuw").state("leeg"), at("zorgkantoor", "/toekenningen/nieuw").errors("Toekenning registreren", nil)),
	"/betaalrun":                  visits(at("svb", "/betaalrun").main()),
	"/betaalrun/{id}/pain001.xml": notAPage("download: the SEPA file"),

	// Declaraties.
	"/declaraties": visits(at("budgethouder", "/declaraties").main(), at("zorgverlener", "/declaraties"),
		at("vertegenwoordiger", "/declaraties").state("leeg")),
	"/declaraties/nieuw": visits(at("budgethouder", "/declaraties/nieuw").state("leeg").main(), at("zorgverlener", "/declaraties/nieuw").state("leeg"),
		at("budgethouder", "/declaraties/nieuw").errors("Volgende stap", nil)),
	"/declaraties/{id}": visits(atf("budgethouder", dclPath(dclConcept, "")).main(), atf("budgethouder", dclPath(dclVerstuurd, "")),
		atf("budgethouder", dclPath(dclIngepland, "")), atf("zorgverlener", dclPath(dclIntrekken, "")), atf("svb", dclPath(dclIntrekken, ""))),
	"/declaraties/{id}/controle":  visits(atf("budgethouder", dclPath(dclConcept, "/controle")).main()),
	"/declaraties/{id}/ingediend": visits(atf("budgethouder", dclPath(dclIngepland, "/ingediend"))),
	"/intrekkingen":               visits(at("svb", "/intrekkingen")),
	"/facturen/nieuw": visits(at("budgethouder", "/facturen/nieuw").state("leeg"),
		at("budgethouder", "/facturen/nieuw").errors("Factuur uploaden", nil)),
	"/facturen": visits(at("budgethouder", "/facturen"), at("svb", "/facturen")),
	"/facturen/{id}": visits(atf("budgethouder", func(w *world) string { return fmt.Sprintf("/facturen/%d", w.factuur) }),
		atf("svb", func(w *world) string { return fmt.Sprintf("/facturen/%d", w.factuur) })),
	"/facturen/{id}/pdf": notAPage("download: the invoice itself"),

	// Documents as PDF letters.
	"/berichten/{id}/pdf":          notAPage("download: the bericht as a PDF letter"),
	"/zorgovereenkomsten/{id}/pdf": notAPage("download: the agreement as a PDF"),
	"/budget/{jaar}/pdf":           notAPage("download: the budgetoverzicht as a PDF"),
	"/toekenningen/{id}/pdf":       notAPage("download: the budgetoverzicht as a PDF"),

	// Ziek- en zwangerschapsmeldingen.
	"/meldingen": visits(at("budgethouder", "/meldingen").main(), at("zorgverlener", "/meldingen"), at("svb", "/meldingen"),
		at("vertegenwoordiger", "/meldingen").state("leeg")),
	"/meldingen/nieuw": visits(at("budgethouder", "/meldingen/nieuw").state("leeg"), at("budgethouder", "/meldingen/nieuw").errors("Volgende", nil)),
	"/meldingen/{id}": visits(atf("budgethouder", func(w *world) string { return fmt.Sprintf("/meldingen/%d", w.melding) }),
		atf("zorgverlener", func(w *world) string { return fmt.Sprintf("/meldingen/%d", w.melding) }),
		atf("svb", func(w *world) string { return fmt.Sprintf("/meldingen/%d", w.melding) })),
	"/meldingen/{id}/beter": visits(atf("budgethouder", func(w *world) string { return fmt.Sprintf("/meldingen/%d/beter", w.melding) })),

	// Wie heeft mijn gegevens bekeken.
	"/gegevens-bekeken": visits(at("budgethouder", "/gegevens-bekeken"), at("vertegenwoordiger", "/gegevens-bekeken")),
}
