// Package browsertest drives a real headless Chromium (through chromedp) for
// the portal's browser tests.
//
// One Chromium runs per test binary. It starts with the first call of New and
// stops in Main, which a package's TestMain calls:
//
//	func TestMain(m *testing.M) { browsertest.Main(m) }
//
// Every test gets a Browser of its own: a new tab in a new browser context,
// which is like an incognito window, so cookies and storage never leak from
// one test to another.
//
// Without Main, Chromium still dies with the test binary (chromedp starts it
// with a parent-death signal), but its temporary profile directory stays
// behind in $TMPDIR.
//
// Chromium is found at $PGB_CHROMIUM or /usr/bin/chromium;
// scripts/ensure-chromium.sh installs it. A missing Chromium fails the test:
// browser tests are never skipped.
package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"pgbportaal/internal/logscan"
)

// DefaultTimeout bounds each call of a Browser helper.
const DefaultTimeout = 15 * time.Second

// Default window size of a new Browser; change it with SetViewport.
const (
	DefaultWidth  = 1280
	DefaultHeight = 800
)

// shared is the one Chromium of the test binary.
var shared struct {
	once   sync.Once
	mu     sync.Mutex
	ctx    context.Context // chromedp context that owns the browser
	cancel context.CancelFunc
	err    error
	closed bool
}

// ChromiumPath returns the Chromium binary the tests use: $PGB_CHROMIUM, or
// /usr/bin/chromium.
func ChromiumPath() string {
	if p := os.Getenv("PGB_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

func startBrowser() {
	path := ChromiumPath()
	if fi, err := os.Stat(path); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		shared.err = fmt.Errorf("browsertest: no Chromium at %s: run scripts/ensure-chromium.sh (or set PGB_CHROMIUM to a Chromium binary)", path)
		return
	}
	// Flags are set explicitly instead of relying on chromedp's defaults, so
	// that what the browser runs with is visible here. Without the option
	// UserDataDir chromedp gives Chromium a fresh temporary profile directory
	// and removes it when the browser stops.
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests run as root in the container
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("lang", "nl-NL"),
		chromedp.WindowSize(DefaultWidth, DefaultHeight),
	}
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	// The first run starts the browser and binds it to ctx: no timeout here.
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		allocCancel()
		shared.err = fmt.Errorf("browsertest: start Chromium (%s): %w; run scripts/ensure-chromium.sh", path, err)
		return
	}
	shared.ctx = ctx
	shared.cancel = func() {
		tctx, tcancel := context.WithTimeout(ctx, 10*time.Second)
		defer tcancel()
		_ = chromedp.Cancel(tctx)
		cancel()
		allocCancel()
	}
}

// Main runs the tests of a package and then stops the shared Chromium.
// Call it from TestMain:
//
//	func TestMain(m *testing.M) { browsertest.Main(m) }
func Main(m *testing.M) {
	code := m.Run()
	Close()
	os.Exit(code)
}

// Close stops the shared Chromium if it runs. Main calls it; a TestMain that
// does more than Main can call it itself after m.Run.
func Close() {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.closed {
		return
	}
	shared.closed = true
	if shared.cancel != nil {
		shared.cancel()
	}
}

// Browser is one test's tab in a browser context of its own.
type Browser struct {
	t   testing.TB
	ctx context.Context

	// BaseURL, when set, makes Navigate resolve relative URLs ("/", "/privacy")
	// against it. Typically the URL of apptest.StartApp.
	BaseURL string
	// Timeout bounds every helper call; DefaultTimeout unless changed.
	Timeout time.Duration
}

// New opens a fresh tab, in a browser context of its own (own cookies,
// storage and cache), on the shared Chromium, starting Chromium on first use.
// The tab and its browser context are closed when the test ends.
func New(t testing.TB) *Browser {
	t.Helper()
	shared.once.Do(startBrowser)
	shared.mu.Lock()
	closed := shared.closed
	shared.mu.Unlock()
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	if closed {
		t.Fatal("browsertest: New after Close")
	}
	ctx, cancel := chromedp.NewContext(shared.ctx, chromedp.WithNewBrowserContext())
	// The first run creates the target; it must have no timeout of its own.
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		t.Fatalf("browsertest: open a tab: %v", err)
	}
	// Every URL the tab requests or shows is recorded and saved after the
	// tab has closed (cleanups run in reverse), for the scan for personal
	// data at the end of the test run.
	urls := &logscan.Traffic{}
	if err := chromedp.Listen(ctx, recordURLs(urls)); err != nil {
		cancel()
		t.Fatalf("browsertest: listen to the tab: %v", err)
	}
	name := fmt.Sprintf("%s-%d", t.Name(), tabs.Add(1))
	t.Cleanup(func() {
		if err := urls.Save("browser", name); err != nil {
			t.Errorf("browsertest: save the URLs of the tab: %v", err)
		}
	})
	t.Cleanup(func() {
		tctx, tcancel := context.WithTimeout(ctx, 10*time.Second)
		defer tcancel()
		if err := chromedp.Cancel(tctx); err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
			t.Logf("browsertest: close tab: %v", err)
		}
		cancel()
	})
	b := &Browser{t: t, ctx: ctx, Timeout: DefaultTimeout}
	b.SetViewport(DefaultWidth, DefaultHeight)
	return b
}

// tabs numbers the tabs of the test binary, so two tabs of one test save
// their URLs to two files.
var tabs atomic.Int64

// maxURL bounds a recorded URL; data: URLs can be long.
const maxURL = 4096

// recordURLs returns a listener for the events of a tab that records every
// request's URL (with its fragment), every answer's status, and every change
// of the address without a request (a fragment, history.pushState).
func recordURLs(urls *logscan.Traffic) func(ev any) {
	clip := func(u string) string {
		if len(u) > maxURL {
			return u[:maxURL] + "…"
		}
		return u
	}
	return func(ev any) {
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			if r := ev.RedirectResponse; r != nil {
				urls.URL("RESPONSE", clip(r.URL), int(r.Status), clip(header(r.Headers, "Location")))
			}
			if ev.Request != nil {
				urls.URL(ev.Request.Method, clip(ev.Request.URL+ev.Request.URLFragment), 0, "")
			}
		case *network.EventResponseReceived:
			if r := ev.Response; r != nil {
				urls.URL("RESPONSE", clip(r.URL), int(r.Status), clip(header(r.Headers, "Location")))
			}
		case *page.EventNavigatedWithinDocument:
			urls.URL("NAVIGATED", clip(ev.URL), 0, "")
		}
	}
}

// header returns the value of the header name, whatever its case.
func header(h network.Headers, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			s, _ := v.(string)
			return s
		}
	}
	return ""
}

// Context returns the tab's chromedp context, for chromedp calls that the
// helpers do not cover. Derive timeouts from it; never cancel it.
func (b *Browser) Context() context.Context { return b.ctx }

// Run runs the actions in order and fails the test on the first error,
// saving a screenshot of the page as test-output/screenshots/<test>-failure.png.
func (b *Browser) Run(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	b.run("run", actions...)
}

// run is Run with a description of the step for the failure message.
func (b *Browser) run(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, b.timeout())
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.fatalf("browsertest: %s: %v", what, err)
	}
}

// Get runs one action that returns a value and returns it, failing the test
// (with a screenshot, like Browser.Run) on error. It is a function because Go
// methods cannot have type parameters.
func Get[T any](b *Browser, a chromedp.Action[T]) T {
	b.t.Helper()
	return get(b, "get", a)
}

// get is Get with a description of the step for the failure message.
func get[T any](b *Browser, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, b.timeout())
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.fatalf("browsertest: %s: %v", what, err)
	}
	return v
}

// Eval evaluates a JavaScript expression in the page and decodes its
// (JSON-encodable) result into T. Runtime.evaluate is not subject to the
// page's Content-Security-Policy.
func Eval[T any](b *Browser, expression string) T {
	b.t.Helper()
	return get(b, "evaluate "+expression, chromedp.Evaluate[T](expression))
}

// Navigate loads url and waits for its load event. A relative url is
// resolved against BaseURL.
func (b *Browser) Navigate(rawURL string) {
	b.t.Helper()
	if b.BaseURL != "" {
		base, err := url.Parse(b.BaseURL)
		if err != nil {
			b.t.Fatalf("browsertest: BaseURL: %v", err)
		}
		ref, err := url.Parse(rawURL)
		if err != nil {
			b.t.Fatalf("browsertest: Navigate(%q): %v", rawURL, err)
		}
		rawURL = base.ResolveReference(ref).String()
	}
	b.run("navigate to "+rawURL, chromedp.Navigate(rawURL))
}

// Location returns the URL of the current page.
func (b *Browser) Location() string {
	b.t.Helper()
	return get(b, "location", chromedp.Location())
}

// Title returns the title of the current page.
func (b *Browser) Title() string {
	b.t.Helper()
	return get(b, "title", chromedp.Title())
}

// Text returns the visible text of the first element matching the CSS
// selector sel, waiting for it to exist.
func (b *Browser) Text(sel string) string {
	b.t.Helper()
	return strings.TrimSpace(get(b, "text of "+sel, chromedp.Text(chromedp.CSS(sel))))
}

// Exists reports whether an element matches the CSS selector sel right now,
// without waiting.
func (b *Browser) Exists(sel string) bool {
	b.t.Helper()
	return get(b, "exists "+sel, chromedp.Evaluate[bool](fmt.Sprintf("document.querySelector(%s) !== null", jsString(sel))))
}

// WaitVisible waits until the first element matching the CSS selector sel is
// visible, for instance after a click that navigates.
func (b *Browser) WaitVisible(sel string) {
	b.t.Helper()
	b.run("wait until visible: "+sel, chromedp.WaitVisible(chromedp.CSS(sel)))
}

// Click clicks the first visible element matching the CSS selector sel. It
// does not wait for a navigation that the click starts: follow it with
// WaitVisible on something of the next page.
func (b *Browser) Click(sel string) {
	b.t.Helper()
	b.run("click "+sel, chromedp.Click(chromedp.CSS(sel)))
}

// SetValue sets the value of the form field matching the CSS selector sel,
// without key events.
func (b *Browser) SetValue(sel, value string) {
	b.t.Helper()
	b.run("set value of "+sel, chromedp.SetValue(chromedp.CSS(sel), value))
}

// SendKeys focuses the element matching the CSS selector sel and types text
// as key events, as a user would.
func (b *Browser) SendKeys(sel, text string) {
	b.t.Helper()
	b.run("send keys to "+sel, chromedp.SendKeys(chromedp.CSS(sel), text))
}

// Submit submits the form of the element matching the CSS selector sel. It
// does not wait for the navigation; see Click.
func (b *Browser) Submit(sel string) {
	b.t.Helper()
	b.run("submit "+sel, chromedp.Submit(chromedp.CSS(sel)))
}

// SetViewport sets the size of the page's viewport in CSS pixels (device
// scale factor 1, no touch), for instance 320 wide for WCAG reflow checks.
func (b *Browser) SetViewport(width, height int) {
	b.t.Helper()
	b.run(fmt.Sprintf("set viewport %dx%d", width, height), chromedp.EmulateViewport(int64(width), int64(height)))
}

// HasHorizontalScroll reports whether the page is wider than the viewport,
// so that the user would have to scroll sideways.
func (b *Browser) HasHorizontalScroll() bool {
	b.t.Helper()
	return Eval[bool](b, `document.documentElement.scrollWidth > document.documentElement.clientWidth`)
}

// Screenshot saves a PNG of the whole page (not only the viewport) as
// test-output/screenshots/<name>.png under the repository root and returns
// its path.
func (b *Browser) Screenshot(name string) string {
	b.t.Helper()
	png, err := b.screenshot()
	if err != nil {
		b.t.Fatalf("browsertest: screenshot %s: %v", name, err)
	}
	path, err := writeScreenshot(name, png)
	if err != nil {
		b.t.Fatalf("browsertest: screenshot %s: %v", name, err)
	}
	b.t.Logf("browsertest: screenshot %s", path)
	return path
}

func (b *Browser) screenshot() ([]byte, error) {
	ctx, cancel := context.WithTimeout(b.ctx, b.timeout())
	defer cancel()
	return chromedp.Run(ctx, chromedp.Action[[]byte](func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		m, err := cdp.Call(ctx, t, page.GetLayoutMetrics, cdp.Empty{})
		if err != nil {
			return nil, err
		}
		clip := &page.Viewport{Width: DefaultWidth, Height: DefaultHeight, Scale: 1}
		if c := m.CSSContentSize; c != nil && c.Width > 0 && c.Height > 0 {
			clip.Width, clip.Height = math.Ceil(c.Width), math.Ceil(c.Height)
		}
		beyond, surface := true, true
		r, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format:                page.CaptureScreenshotFormatPng,
			Clip:                  clip,
			CaptureBeyondViewport: &beyond,
			FromSurface:           &surface,
		})
		if err != nil {
			return nil, err
		}
		return r.Data, nil
	}))
}

// fatalf saves a screenshot named after the test, then fails it.
func (b *Browser) fatalf(format string, args ...any) {
	b.t.Helper()
	msg := fmt.Sprintf(format, args...)
	if b.ctx.Err() == nil {
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
		if loc, err := chromedp.Run(ctx, chromedp.Location()); err == nil {
			msg += "\npage: " + loc
		}
		cancel()
		if png, err := b.screenshot(); err == nil {
			if path, err := writeScreenshot(b.t.Name()+"-failure", png); err == nil {
				msg += "\nscreenshot: " + path
			}
		}
	}
	b.t.Fatal(msg)
}

func (b *Browser) timeout() time.Duration {
	if b.Timeout > 0 {
		return b.Timeout
	}
	return DefaultTimeout
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func writeScreenshot(name string, png []byte) (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(root, "test-output", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	path := filepath.Join(dir, unsafeName.ReplaceAllString(name, "_")+".png")
	return path, os.WriteFile(path, png, 0o644)
}

var repoRoot struct {
	once sync.Once
	dir  string
	err  error
}

// RepoRoot returns the directory of the module's go.mod, found by walking up
// from the working directory (a test's package directory).
func RepoRoot() (string, error) {
	repoRoot.once.Do(func() {
		dir, err := os.Getwd()
		if err != nil {
			repoRoot.err = err
			return
		}
		for {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				repoRoot.dir = dir
				return
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				repoRoot.err = errors.New("browsertest: no go.mod above the working directory")
				return
			}
			dir = parent
		}
	})
	return repoRoot.dir, repoRoot.err
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s) // a JSON string is a JavaScript string literal
	return string(b)
}
