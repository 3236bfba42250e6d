package browsertest_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"pgbportaal/internal/browsertest"
)

// TestAxeFindsViolations guards against an Axe helper that silently finds
// nothing: a page without lang, with an image without alt text and with a
// field without a label must break rules, also under a strict CSP.
func TestAxeFindsViolations(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self'")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!doctype html><html><head><title>x</title></head><body>
<main><h1>Test</h1><img src="/x.png"><input type="text">
<pre>` + strings.Repeat("breed ", 100) + `</pre></main></body></html>`))
	}))
	t.Cleanup(srv.Close)

	b := browsertest.New(t)
	b.Navigate(srv.URL)
	found := map[string]bool{}
	for _, v := range b.Axe() {
		found[v.ID] = true
		if len(v.Nodes) == 0 || len(v.Nodes[0].Target) == 0 {
			t.Errorf("violation %s without elements: %+v", v.ID, v)
		}
	}
	for _, id := range []string{"html-has-lang", "image-alt", "label"} {
		if !found[id] {
			t.Errorf("axe did not report %s; got %v", id, found)
		}
	}

	b.SetViewport(320, 640)
	if !b.HasHorizontalScroll() { // the <pre> does not wrap
		t.Error("HasHorizontalScroll: a line wider than 320 px does not scroll at 320 px wide")
	}
}
