package browsertest_test

import (
	"strings"
	"testing"

	"pgbportaal/internal/browsertest"
	"pgbportaal/internal/testutil/apptest"
)

func TestMain(m *testing.M) { browsertest.Main(m) }

func TestStartPage(t *testing.T) {
	app := apptest.StartApp(t)
	b := browsertest.New(t)
	b.BaseURL = app.URL

	b.Navigate("/")
	if got := b.Location(); got != app.URL+"/" {
		t.Errorf("location %q, want %q", got, app.URL+"/")
	}
	if got, want := b.Text("h1"), "Welkom bij het PGB Portaal"; got != want {
		t.Errorf("h1 %q, want %q", got, want)
	}
	if title := b.Title(); !strings.HasSuffix(title, "– PGB Portaal") {
		t.Errorf("title %q does not end with %q", title, "– PGB Portaal")
	}

	b.AssertNoAxeViolations()

	// WCAG 1.4.10 Reflow: usable at 320 CSS pixels without scrolling sideways.
	b.SetViewport(320, 640)
	if b.HasHorizontalScroll() {
		b.Screenshot("startpage-320-overflow")
		t.Error("the start page scrolls horizontally at 320 px wide")
	}

	b.SetViewport(375, 812)
	b.Screenshot("startpage-375")
	b.SetViewport(1280, 800)
	b.Screenshot("startpage-1280")
}

// TestBrowserContextsAreIsolated checks that two tests' browsers never share
// cookies: every Browser has a browser context of its own.
func TestBrowserContextsAreIsolated(t *testing.T) {
	app := apptest.StartApp(t)
	b1 := browsertest.New(t)
	b2 := browsertest.New(t)
	b1.Navigate(app.URL + "/")
	b2.Navigate(app.URL + "/")
	browsertest.Eval[string](b1, `document.cookie = "pgbtest=1; path=/"`)
	if got := browsertest.Eval[string](b1, `document.cookie`); !strings.Contains(got, "pgbtest=1") {
		t.Fatalf("cookie not set in the first browser: %q", got)
	}
	if got := browsertest.Eval[string](b2, `document.cookie`); strings.Contains(got, "pgbtest") {
		t.Errorf("the second browser sees the first one's cookie: %q", got)
	}
}
