package browsertest_test

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/go-chi/chi/v5"

	"pgbportaal/internal/browsertest"
	"pgbportaal/internal/testutil/apptest"
	"pgbportaal/internal/web"
)

// crawlParty is one persona of the crawl and how it logs in.
type crawlParty struct {
	name  string
	login func(t *testing.T, b *browsertest.Browser)
}

var crawlParties = []crawlParty{
	{"publiek", func(*testing.T, *browsertest.Browser) {}},
	{"budgethouder", func(t *testing.T, b *browsertest.Browser) { crawlLogin(t, b, "digid", "Budgethouder", false) }},
	{"vertegenwoordiger", func(t *testing.T, b *browsertest.Browser) {
		crawlLogin(t, b, "digid", "Wettelijk vertegenwoordiger", false)
	}},
	{"zorgverlener", func(t *testing.T, b *browsertest.Browser) {
		crawlLogin(t, b, "digid", "Zorgverlener (informeel)", true)
	}},
	{"zorgkantoor", func(t *testing.T, b *browsertest.Browser) {
		crawlLogin(t, b, "eherkenning", "Beoordelaar zorgkantoor", false)
	}},
	{"svb", func(t *testing.T, b *browsertest.Browser) { crawlLogin(t, b, "eherkenning", "Medewerker SVB", false) }},
	// Someone with two roles, stopped at the choice.
	{"kiezer", func(t *testing.T, b *browsertest.Browser) {
		loginAs(t, b, "digid", "Vertegenwoordiger van twee budgethouders")
	}},
}

func crawlLogin(t *testing.T, b *browsertest.Browser, means, label string, iban bool) {
	t.Helper()
	loginAs(t, b, means, label)
	if strings.Contains(b.Location(), "/profiel") {
		completeProfile(t, b, iban)
	}
}

// getRoutes returns the pattern of every GET route of the portal, with the
// routes of a mounted router folded into "<mount>/*".
func getRoutes(t *testing.T, app *apptest.App) []string {
	t.Helper()
	rt, err := web.RouteTable(web.Deps{Config: app.Config, Pool: app.Pool})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	err = chi.Walk(rt, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if method != http.MethodGet {
			return nil
		}
		if strings.HasPrefix(route, "/stub/") {
			route = "/stub/*"
		}
		seen[route] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for r := range seen {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// TestPageTableCoversEveryRoute fails when a GET route of the router has no
// entry in the page table, or the table names a route that does not exist.
func TestPageTableCoversEveryRoute(t *testing.T) {
	t.Parallel()
	app := apptest.StartApp(t)
	routes := getRoutes(t, app)
	var missing []string
	known := map[string]bool{}
	for _, r := range routes {
		known[r] = true
		p, ok := pageTable[r]
		switch {
		case !ok:
			missing = append(missing, r)
		case p.notAPage == "" && len(p.visits) == 0:
			t.Errorf("page table: %s has neither visits nor a reason why it is not a page", r)
		}
		for _, v := range p.visits {
			if !partyKnown(v.party) {
				t.Errorf("page table: %s: unknown party %q", r, v.party)
			}
		}
	}
	if len(missing) > 0 {
		t.Errorf("these GET routes have no entry in the page table of internal/browsertest/pages_test.go; "+
			"add one (which party opens which address, in which states; see the comment at the top of that file):\n  %s",
			strings.Join(missing, "\n  "))
	}
	for r := range pageTable {
		if !known[r] {
			t.Errorf("page table: %s is not a GET route (any more); remove or rename its entry", r)
		}
	}
}

// TestEveryPage visits every page of every party (pages_test.go) and holds
// it to WCAG 2.1 AA as far as a machine can tell.
func TestEveryPage(t *testing.T) {
	t.Parallel()
	start := time.Now()
	w := newWorld(t)
	routes := getRoutes(t, w.app)
	byParty := map[string][]namedVisit{}
	for _, r := range routes {
		for _, v := range pageTable[r].visits {
			byParty[v.party] = append(byParty[v.party], namedVisit{pattern: r, visit: v})
		}
	}
	t.Run("parties", func(t *testing.T) {
		for _, p := range crawlParties {
			vs := byParty[p.name]
			if len(vs) == 0 {
				continue
			}
			t.Run(p.name, func(t *testing.T) {
				t.Parallel()
				b := browsertest.New(t)
				b.BaseURL = w.app.URL
				p.login(t, b)
				for _, v := range vs {
					checkVisit(t, b, w, p.name, v)
				}
			})
		}
	})
	t.Logf("crawl took %s", time.Since(start).Round(100*time.Millisecond))
}

type namedVisit struct {
	pattern string
	visit
}

func partyKnown(name string) bool {
	for _, p := range crawlParties {
		if p.name == name {
			return true
		}
	}
	return false
}

// pageProblems is run in the page: what a machine can see of WCAG beyond axe.
const pageProblems = `(() => {
	const out = [];
	if (document.documentElement.lang !== "nl") out.push("html lang is " + JSON.stringify(document.documentElement.lang) + ", want nl");
	const title = document.title;
	if (!/^.+ – PGB Portaal$/.test(title)) out.push("title " + JSON.stringify(title) + " does not end in \" – PGB Portaal\" after the page's name");
	const balk = document.querySelector(".pgb-stappenbalk");
	if (balk) {
		const m = /^(?:Fout: )?Stap (\d+) van (\d+): .+ – .+ – PGB Portaal$/.exec(title);
		if (!m) out.push("wizard title " + JSON.stringify(title) + " is not \"Stap n van m: <stap> – <wizard> – PGB Portaal\"");
		const steps = balk.querySelectorAll("li");
		const cur = balk.querySelector("[aria-current=step]");
		if (!cur) out.push("the stappenbalk has no aria-current=step");
		else if (m && ([...steps].indexOf(cur) + 1 !== +m[1] || steps.length !== +m[2])) out.push("title says step " + m[1] + " of " + m[2] + ", the stappenbalk step " + ([...steps].indexOf(cur) + 1) + " of " + steps.length);
	}
	// The error summary's own h2 comes before the h1, as its title.
	const hs = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].filter(h => !h.closest("#foutmeldingen"));
	const h1s = hs.filter(h => h.tagName === "H1");
	if (h1s.length !== 1) out.push(h1s.length + " h1 elements, want 1");
	if (hs.length && hs[0].tagName !== "H1") out.push("the first heading is " + hs[0].tagName + " \"" + hs[0].textContent.trim() + "\", want the h1");
	let prev = 1;
	for (const h of hs) {
		const l = +h.tagName[1];
		if (l > prev + 1) out.push("heading level skipped: " + h.tagName + " \"" + h.textContent.trim().slice(0, 60) + "\" after h" + prev);
		prev = l;
	}
	for (const tb of document.querySelectorAll("table")) {
		const name = (tb.querySelector("caption") || {}).textContent || tb.getAttribute("aria-label") || tb.getAttribute("aria-labelledby");
		if (!name || !name.trim()) out.push("a table without caption");
		if (!tb.querySelector("th")) out.push("a table without header cells");
		for (const th of tb.querySelectorAll("th")) {
			const want = th.closest("thead") ? "col" : "row";
			if (th.getAttribute("scope") !== want && th.getAttribute("scope") !== "colgroup" && th.getAttribute("scope") !== "rowgroup")
				out.push("th \"" + th.textContent.trim().slice(0, 40) + "\" has scope " + JSON.stringify(th.getAttribute("scope")) + ", want " + want);
		}
	}
	for (const n of document.querySelectorAll(".utrecht-alert, .pgb-notification")) {
		const role = n.getAttribute("role"), live = n.getAttribute("aria-live");
		if (!(role === "status" || role === "alert" || live === "polite" || live === "assertive"))
			out.push("a message (\"" + n.textContent.trim().slice(0, 50) + "\") is not a live region (role=status/alert or aria-live)");
	}
	return out;
})()`

// reflowProblems is run in the page at a narrow width: sideways scrolling,
// controls off screen, controls on top of each other.
const reflowProblems = `(() => {
	const out = [];
	const de = document.documentElement, w = de.clientWidth;
	if (de.scrollWidth > w) out.push("scrolls horizontally: content " + de.scrollWidth + " px wide in " + w + " px");
	const visible = e => {
		const s = getComputedStyle(e);
		if (s.visibility === "hidden" || s.display === "none") return false;
		const r = e.getBoundingClientRect();
		return r.width > 1 && r.height > 1;
	};
	const describe = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.name ? "[name=" + e.name + "]" : "") + " \"" + (e.textContent || e.value || "").trim().slice(0, 30) + "\"";
	const ctrls = [...document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary")].filter(visible)
		// A control inside a scroll region is reachable by scrolling that region.
		.filter(e => { for (let p = e.parentElement; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o === "auto" || o === "scroll") return false; } return true; });
	const rects = ctrls.map(e => e.getBoundingClientRect());
	ctrls.forEach((e, i) => {
		const r = rects[i];
		if (r.left < -0.5 || r.right > w + 0.5) out.push(describe(e) + " is off screen (" + Math.round(r.left) + "–" + Math.round(r.right) + " of " + w + " px)");
	});
	for (let i = 0; i < ctrls.length; i++) for (let j = i + 1; j < ctrls.length; j++) {
		const a = ctrls[i], b = ctrls[j];
		if (a.contains(b) || b.contains(a)) continue;
		// A control inside a label overlaps the label's other content by design.
		const la = a.closest("label"), lb = b.closest("label");
		if ((la && la.contains(b)) || (lb && lb.contains(a))) continue;
		const r = rects[i], s = rects[j];
		const dx = Math.min(r.right, s.right) - Math.max(r.left, s.left), dy = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
		if (dx > 2 && dy > 2) out.push(describe(a) + " and " + describe(b) + " overlap");
	}
	return out.slice(0, 15);
})()`

func checkVisit(t *testing.T, b *browsertest.Browser, w *world, party string, v namedVisit) {
	t.Helper()
	url := v.url(w)
	where := party + " " + v.pattern + " (" + v.label + ", " + url + ")"
	b.Navigate(url)
	if v.submit != "" {
		fill(t, b, v.fill)
		press(t, b, v.submit)
		if !b.Exists("#foutmeldingen") {
			t.Errorf("%s: no error summary after pressing %q", where, v.submit)
		} else if !browsertest.Eval[bool](b, `document.activeElement === document.getElementById("foutmeldingen")`) {
			t.Errorf("%s: after a validation error the focus is on %s, not on the error summary", where,
				browsertest.Eval[string](b, `document.activeElement ? document.activeElement.outerHTML.slice(0, 80) : "nothing"`))
		}
	}
	for _, p := range browsertest.Eval[[]string](b, pageProblems) {
		t.Errorf("%s: %s", where, p)
	}
	if vs := b.Axe(); len(vs) > 0 {
		var sb strings.Builder
		for _, x := range vs {
			sb.WriteString("\n  " + x.String())
		}
		b.Screenshot(shotName(party, v.pattern, v.label) + "-axe")
		t.Errorf("%s: %d axe violation(s):%s", where, len(vs), sb.String())
	}
	for _, vp := range []struct {
		name          string
		width, height int64
		scale         float64
	}{{"320 px", 320, 640, 1}, {"200% zoom", 640, 400, 2}} {
		b.Run(chromedp.EmulateViewport(vp.width, vp.height, chromedp.EmulateScale(vp.scale)))
		if ps := browsertest.Eval[[]string](b, reflowProblems); len(ps) > 0 {
			b.Screenshot(shotName(party, v.pattern, v.label) + "-" + strings.ReplaceAll(vp.name, " ", ""))
			t.Errorf("%s at %s:\n  %s", where, vp.name, strings.Join(ps, "\n  "))
		}
	}
	if v.shot {
		b.SetViewport(375, 812)
		b.Screenshot(shotName(party, v.pattern, v.label) + "-375")
	}
	b.SetViewport(browsertest.DefaultWidth, browsertest.DefaultHeight)
	if v.shot {
		b.Screenshot(shotName(party, v.pattern, v.label) + "-1280")
	}
}

// fill sets fields by name; a radio button group is set by choosing value.
func fill(t *testing.T, b *browsertest.Browser, fields map[string]string) {
	t.Helper()
	for name, value := range fields {
		js, _ := json.Marshal([]string{name, value})
		if !browsertest.Eval[bool](b, `(([n, v]) => {
			const radio = document.querySelector('input[type=radio][name="' + n + '"][value="' + v + '"]');
			if (radio) { radio.click(); return true; }
			const f = document.querySelector('[name="' + n + '"]:not([type=hidden])');
			if (!f) return false;
			f.value = v; f.dispatchEvent(new Event("input", {bubbles: true})); f.dispatchEvent(new Event("change", {bubbles: true}));
			return true; })(`+string(js)+`)`) {
			t.Fatalf("no field %q on %s", name, b.Location())
		}
	}
}

func shotName(party, pattern, label string) string {
	s := strings.NewReplacer("{", "", "}", "", "/", "-").Replace(strings.Trim(pattern, "/"))
	if s == "" {
		s = "start"
	}
	return "pagina-" + party + "-" + s + "-" + label
}
