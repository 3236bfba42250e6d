package browsertest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/chromedp/chromedp"
)

// AxeTags are the rule sets Axe runs: WCAG 2.0 and 2.1, levels A and AA.
var AxeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// Violation is one axe-core rule that the page breaks.
type Violation struct {
	ID      string          `json:"id"`
	Impact  string          `json:"impact"` // minor, moderate, serious or critical
	Help    string          `json:"help"`
	HelpURL string          `json:"helpUrl"`
	Nodes   []ViolationNode `json:"nodes"`
}

// ViolationNode is one element that breaks the rule.
type ViolationNode struct {
	// Target is axe's selector path to the element; the parts of a path
	// through shadow roots are joined with " >>> ".
	Target         []string `json:"target"`
	HTML           string   `json:"html"`
	FailureSummary string   `json:"failureSummary"`
}

// String formats the violation with its elements, one per line.
func (v Violation) String() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s (%s): %s — %s", v.ID, v.Impact, v.Help, v.HelpURL)
	for _, n := range v.Nodes {
		fmt.Fprintf(&sb, "\n    %s  %s", strings.Join(n.Target, ", "), n.HTML)
		if n.FailureSummary != "" {
			fmt.Fprintf(&sb, "\n      %s", strings.ReplaceAll(n.FailureSummary, "\n", "\n      "))
		}
	}
	return sb.String()
}

var axeSource struct {
	once sync.Once
	src  string
	err  error
}

// axeScript reads web/node_modules/axe-core/axe.min.js once per test binary.
func axeScript() (string, error) {
	axeSource.once.Do(func() {
		root, err := RepoRoot()
		if err != nil {
			axeSource.err = err
			return
		}
		path := filepath.Join(root, "web", "node_modules", "axe-core", "axe.min.js")
		b, err := os.ReadFile(path)
		if err != nil {
			axeSource.err = fmt.Errorf("browsertest: axe-core is not installed (%v): run scripts/assets.sh", err)
			return
		}
		axeSource.src = string(b)
	})
	return axeSource.src, axeSource.err
}

// Axe runs axe-core's WCAG 2.1 A and AA rules (AxeTags) on the current page
// and returns what it finds. axe-core is injected with Runtime.evaluate, which
// the portal's Content-Security-Policy (script-src 'self') does not block, so
// the page is tested with its real headers.
func (b *Browser) Axe() []Violation {
	b.t.Helper()
	src, err := axeScript()
	if err != nil {
		b.t.Fatal(err)
	}
	if !Eval[bool](b, `typeof window.axe === "object" && typeof window.axe.run === "function"`) {
		b.run("inject axe-core", chromedp.Evaluate[chromedp.Void](src))
	}
	tags, _ := json.Marshal(AxeTags)
	expr := `axe.run(document, {runOnly: {type: "tag", values: ` + string(tags) + `}, resultTypes: ["violations"]})
	.then(r => r.violations.map(v => ({
		id: v.id,
		impact: v.impact || "",
		help: v.help,
		helpUrl: v.helpUrl,
		nodes: v.nodes.map(n => ({
			target: n.target.map(t => Array.isArray(t) ? t.join(" >>> ") : String(t)),
			html: n.html,
			failureSummary: n.failureSummary || "",
		})),
	})))`
	return get(b, "axe.run", chromedp.Evaluate[[]Violation](expr, chromedp.EvalAwaitPromise))
}

// AssertNoAxeViolations runs Axe and marks the test failed (without stopping
// it) for every violation, saving a screenshot as
// test-output/screenshots/<test>-axe.png.
func (b *Browser) AssertNoAxeViolations() {
	b.t.Helper()
	vs := b.Axe()
	if len(vs) == 0 {
		return
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "axe: %d WCAG violation(s) on %s:", len(vs), b.Location())
	for _, v := range vs {
		sb.WriteString("\n  ")
		sb.WriteString(v.String())
	}
	if png, err := b.screenshot(); err == nil {
		if path, err := writeScreenshot(b.t.Name()+"-axe", png); err == nil {
			sb.WriteString("\nscreenshot: " + path)
		}
	}
	b.t.Error(sb.String())
}
