package browsertest_test

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"pgbportaal/internal/browsertest"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/testutil/apptest"
)

// keyboard drives a page with key events only (Tab, Shift+Tab, Enter,
// Space and the arrow keys of radio groups and selects), and checks at
// every step that the focus is visible and moves in document order.
type keyboard struct {
	t *testing.T
	b *browsertest.Browser
}

// focusState tells what has the focus, whether it shows, and where it is
// relative to the element that had it before (kept in the page).
const focusState = `(() => {
	const e = document.activeElement;
	if (!e || e === document.body) { window.__kbPrev = null; return {desc: "", visible: false, order: "none"}; }
	const s = getComputedStyle(e);
	const ring = s => (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || (s.boxShadow && s.boxShadow !== "none");
	// A ring may be drawn around the element's container instead (a tile
	// whose whole surface is the link): an outline on a close ancestor.
	let shown = ring(s);
	for (let a = e.parentElement, i = 0; !shown && a && i < 3; a = a.parentElement, i++) {
		const t = getComputedStyle(a);
		shown = t.outlineStyle !== "none" && parseFloat(t.outlineWidth) > 0;
	}
	const p = window.__kbPrev;
	let order = "first";
	if (p && p !== e && document.contains(p)) order = (p.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING) ? "after" : "before";
	else if (p === e) order = "same";
	window.__kbPrev = e;
	const desc = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.name ? "[name=" + e.name + "]" : "") + " \"" + (e.textContent || e.value || "").trim().slice(0, 40) + "\"";
	return {desc, visible: shown, order};
})()`

type focus struct {
	Desc    string `json:"desc"`
	Visible bool   `json:"visible"`
	Order   string `json:"order"`
}

func (k *keyboard) key(keys string, opts ...chromedp.KeyOption) {
	k.t.Helper()
	k.b.Run(chromedp.KeyEvent(keys, opts...))
}

// tab moves the focus forward (or back) and checks the focus that results.
func (k *keyboard) tab(back bool) focus {
	k.t.Helper()
	if back {
		k.key(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift))
	} else {
		k.key(kb.Tab)
	}
	f := browsertest.Eval[focus](k.b, focusState)
	if f.Desc != "" && !f.Visible {
		k.t.Errorf("%s: the focus on %s is not visible (no outline, no box-shadow)", k.b.Location(), f.Desc)
	}
	want := "after"
	if back {
		want = "before"
	}
	if f.Order != want && f.Order != "first" && f.Order != "none" {
		k.t.Errorf("%s: %s moved the focus to %s, which is %s the previous element in the page", k.b.Location(),
			map[bool]string{false: "Tab", true: "Shift+Tab"}[back], f.Desc, f.Order)
	}
	return f
}

// to presses Tab until the element that matches the JavaScript condition
// on e (the focused element) has the focus.
func (k *keyboard) to(cond string) {
	k.t.Helper()
	js := `(() => { const e = document.activeElement; return !!e && e !== document.body && (` + cond + `); })()`
	if browsertest.Eval[bool](k.b, js) {
		return
	}
	for i := 0; i < 250; i++ {
		k.tab(false)
		if browsertest.Eval[bool](k.b, js) {
			return
		}
	}
	k.b.Screenshot(strings.ReplaceAll(k.t.Name(), "/", "_") + "-keyboard")
	k.t.Fatalf("%s: Tab never reached %s", k.b.Location(), cond)
}

func (k *keyboard) toField(name string) { k.to(`e.name === ` + jsString(name)) }

func (k *keyboard) toControl(text string) {
	k.to(`(e.tagName === "A" || e.tagName === "BUTTON") && e.textContent.trim() === ` + jsString(text))
}

// typeIn tabs to the text field name and types value (Tab selects what
// the field holds, so typing replaces it).
func (k *keyboard) typeIn(name, value string) {
	k.t.Helper()
	k.toField(name)
	if browsertest.Eval[bool](k.b, `document.activeElement.tagName === "TEXTAREA"`) && browsertest.Eval[string](k.b, `document.activeElement.value`) != "" {
		k.t.Fatalf("textarea %s is not empty", name)
	}
	k.key(value)
}

// pick chooses value in the radio group or select name with the arrow keys.
func (k *keyboard) pick(name, value string) {
	k.t.Helper()
	k.toField(name)
	for i := 0; i < 40; i++ {
		if browsertest.Eval[bool](k.b, `(() => { const e = document.activeElement;
			return e.tagName === "SELECT" ? e.value === `+jsString(value)+` : (e.value === `+jsString(value)+` && e.checked); })()`) {
			return
		}
		if browsertest.Eval[bool](k.b, `document.activeElement.type === "radio" && !document.activeElement.checked && document.activeElement.value === `+jsString(value)) {
			k.key(" ")
			continue
		}
		k.key(kb.ArrowDown)
	}
	k.t.Fatalf("%s: the arrow keys never chose %s=%s", k.b.Location(), name, value)
}

// tick ticks the checkbox name with Space.
func (k *keyboard) tick(name string) {
	k.t.Helper()
	k.toField(name)
	if !browsertest.Eval[bool](k.b, `document.activeElement.checked`) {
		k.key(" ")
	}
	if !browsertest.Eval[bool](k.b, `document.activeElement.checked`) {
		k.t.Fatalf("Space did not tick %s", name)
	}
}

// activate tabs to the button or link labelled text, presses Enter and
// waits for the next page.
func (k *keyboard) activate(text string) {
	k.t.Helper()
	k.toControl(text)
	browsertest.Eval[bool](k.b, `window.__pgbOldPage = true`)
	k.key(kb.Enter)
	for i := 0; i < 200; i++ {
		time.Sleep(50 * time.Millisecond)
		if browsertest.Eval[bool](k.b, `!window.__pgbOldPage && document.readyState === "complete"`) {
			k.b.WaitVisible("h1")
			k.checkStappenbalk()
			return
		}
	}
	k.t.Fatalf("%s: Enter on %q opened no new page", k.b.Location(), text)
}

// checkStappenbalk: a wizard page announces its current step.
func (k *keyboard) checkStappenbalk() {
	k.t.Helper()
	if k.b.Exists(".pgb-stappenbalk") && !k.b.Exists(`.pgb-stappenbalk [aria-current="step"]`) {
		k.t.Errorf("%s: the stappenbalk has no aria-current=step", k.b.Location())
	}
}

// expectErrorFocus: after a refused form the error summary has the focus.
func (k *keyboard) expectErrorFocus() {
	k.t.Helper()
	if !browsertest.Eval[bool](k.b, `document.activeElement === document.getElementById("foutmeldingen")`) {
		k.t.Fatalf("%s: after the validation error the focus is not on the error summary", k.b.Location())
	}
	browsertest.Eval[bool](k.b, `(window.__kbPrev = document.activeElement, true)`)
}

// backAndForth checks that Shift+Tab goes back the way Tab came.
func (k *keyboard) backAndForth() {
	k.t.Helper()
	a := k.tab(false)
	b := k.tab(false)
	c := k.tab(true)
	if c.Desc != a.Desc {
		k.t.Errorf("%s: Tab went %s → %s, Shift+Tab came back to %s", k.b.Location(), a.Desc, b.Desc, c.Desc)
	}
}

func kbStart(t *testing.T, b *browsertest.Browser) *keyboard {
	k := &keyboard{t: t, b: b}
	b.Navigate("/")
	b.WaitVisible("h1")
	return k
}

// TestKeyboardJourneys: a budgethouder drafts and shares an agreement, the
// zorgverlener signs, the budgethouder signs, the zorgkantoor approves and
// the budgethouder declares a month, each with the keyboard alone. Logging
// in happens on the test identity provider's page, which is not the portal.
func TestKeyboardJourneys(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	b := browsertest.New(t)
	b.BaseURL = w.app.URL
	start := civil.Today(time.Now()).AddMonths(1).FirstOfMonth()

	// The budgethouder drafts an agreement with Thuiszorg De Linde.
	crawlLogin(t, b, "digid", "Budgethouder", false)
	k := kbStart(t, b)
	k.backAndForth()
	k.activate("Opstellen zorgovereenkomst")
	k.pick("soort", "instelling")
	k.typeIn("zv_naam", "Thuiszorg De Linde")
	k.typeIn("zv_agb", "75012345")
	k.activate("Volgende stap")
	if !strings.HasPrefix(b.Title(), "Stap 2 van ") {
		t.Fatalf("after step 1: %q", b.Title())
	}
	id := idInPath.FindStringSubmatch(b.Location())[1]
	// A date that does not exist: the error summary gets the focus.
	k.typeIn("ingangsdatum", "31-02-2020")
	k.activate("Volgende stap")
	k.expectErrorFocus()
	k.typeIn("ingangsdatum", start.String())
	k.pick("looptijd", "onbepaald")
	k.typeIn("uren", "20")
	k.pick("uren_per", "maand")
	k.pick("rooster", "onregelmatig")
	k.pick("betaling", "achteraf")
	k.tick("functie_verpleging")
	k.typeIn("tarief_verpleging", "65,00")
	k.pick("reiskosten", "nee")
	k.activate("Volgende stap")
	k.typeIn("zorgbehoefte", "Wondzorg.")
	k.typeIn("welke_zorg", "Verpleging twee keer per week.")
	k.typeIn("waarom_zorg", "Na een operatie.")
	k.tick("standaard_afspraken")
	k.activate("Volgende stap")
	k.activate("Delen met zorgverlener")
	expectText(t, b, "gedeeld")
	logout(t, b)

	// The zorgverlener signs.
	crawlLogin(t, b, "vecozo", "Zorgverlener (formeel)", true)
	k = kbStart(t, b)
	k.activate("Overzicht zorgovereenkomsten")
	k.to(`e.tagName === "A" && e.getAttribute("href") === "/zorgovereenkomsten/` + id + `"`)
	k.activate(browsertest.Eval[string](b, `document.activeElement.textContent.trim()`))
	k.activate("Onderteken")
	expectText(t, b, "ondertekend door zorgverlener")
	logout(t, b)

	// The budgethouder signs.
	crawlLogin(t, b, "digid", "Budgethouder", false)
	k = kbStart(t, b)
	k.activate("Overzicht zorgovereenkomsten")
	k.to(`e.tagName === "A" && e.getAttribute("href") === "/zorgovereenkomsten/` + id + `"`)
	k.activate(browsertest.Eval[string](b, `document.activeElement.textContent.trim()`))
	k.activate("Onderteken")
	expectText(t, b, "ter beoordeling")
	logout(t, b)

	// The zorgkantoor: rejecting without a reason is refused, then approves.
	crawlLogin(t, b, "eherkenning", "Beoordelaar zorgkantoor", false)
	k = kbStart(t, b)
	k.activate("Zorgovereenkomsten beoordelen")
	k.to(`e.tagName === "A" && e.getAttribute("href") === "/beoordelen/` + id + `"`)
	k.activate(browsertest.Eval[string](b, `document.activeElement.textContent.trim()`))
	k.pick("actie", "afkeuren")
	k.activate("Beoordeling vastleggen")
	k.expectErrorFocus()
	k.pick("actie", "goedkeuren")
	k.activate("Beoordeling vastleggen")
	logout(t, b)

	// The budgethouder declares a month of the approved agreement with
	// Thuiszorg De Linde of the world (three months back is still free).
	maand := civil.Today(time.Now()).FirstOfMonth().AddMonths(-3)
	crawlLogin(t, b, "digid", "Budgethouder", false)
	k = kbStart(t, b)
	k.activate("Indienen declaratie")
	k.activate("Volgende stap")
	k.expectErrorFocus()
	k.pick("soort", "zorg")
	k.pick("zorgovereenkomst", strconv.FormatInt(w.zovGoedLinde, 10))
	k.pick("periode", maand.ISO()[:7])
	k.activate("Volgende stap")
	for _, d := range []int{2, 3} {
		k.typeIn(fmt.Sprintf("u_%02d_verpleging", d), "3")
	}
	k.activate("Volgende stap")
	k.tick("naar_waarheid")
	k.activate("Indienen declaratie")
	expectText(t, b, "ingediend")
}

// TestToegankelijkheidsverklaring: the statement names the standard, the
// way this suite tests and the known limitations.
func TestToegankelijkheidsverklaring(t *testing.T) {
	app := apptest.StartApp(t)
	resp, err := http.Get(app.URL + "/toegankelijkheid")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, want := range []string{"WCAG) 2.1 op niveau A en AA", "EN 301 549", "axe-core", "320 pixels", "200% vergroting",
		"alleen het toetsenbord", "Niet alles is automatisch te toetsen", "Bekende beperkingen", "PDF"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("the Toegankelijkheidsverklaring does not say %q", want)
		}
	}
}
