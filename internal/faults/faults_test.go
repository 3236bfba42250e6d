//go:build faults

package faults_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/budget"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/db"
	"pgbportaal/internal/demo"
	"pgbportaal/internal/logscan"
	"pgbportaal/internal/testutil"
)

// binary is the portal, built once with the fault hooks.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "pgbportaal-faults")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	root, err := logscan.Root()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "pgbportaal")
	build := exec.Command("go", "build", "-tags", "faults", "-o", binary, "./cmd/pgbportaal")
	build.Dir, build.Stdout, build.Stderr = root, os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build:", err)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// portal is one running portal process.
type portal struct {
	t    *testing.T
	addr string // host:port
	url  string
	cmd  *exec.Cmd
	mu   sync.Mutex
	logs bytes.Buffer
	seen chan string // stderr lines starting with FAULT
	// exited closes when the process has ended and its log is read whole;
	// then state tells how it ended.
	exited chan struct{}
	state  *os.ProcessState
}

// start runs the portal binary on dbURL with extra environment variables.
func start(t *testing.T, name, dbURL string, env ...string) *portal {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	p := &portal{t: t, addr: addr, url: "http://" + addr, seen: make(chan string, 4), exited: make(chan struct{})}
	p.cmd = exec.Command(binary, "serve")
	p.cmd.Env = append(os.Environ(), "PGB_ENV=development", "PGB_ADDR="+addr, "PGB_BASE_URL="+p.url,
		"DATABASE_URL="+dbURL, "PGB_LOG_LEVEL=info")
	p.cmd.Env = append(p.cmd.Env, env...)
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			p.mu.Lock()
			p.logs.WriteString(line + "\n")
			p.mu.Unlock()
			if strings.HasPrefix(line, "FAULT ") {
				p.seen <- strings.TrimPrefix(line, "FAULT ")
			}
		}
	}()
	go func() {
		<-done // the process has closed its stderr: it has ended
		_ = p.cmd.Wait()
		p.state = p.cmd.ProcessState
		close(p.exited)
	}()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.exited
		p.mu.Lock()
		defer p.mu.Unlock()
		if err := logscan.Save(t.Name()+"-"+name, p.logs.String()); err != nil {
			t.Errorf("save logs: %v", err)
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(p.url + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not become ready:\n%s", name, p.Logs())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (p *portal) Logs() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.logs.String()
}

// newClient returns an HTTP client with a cookie jar whose traffic (every
// URL, every error page) is saved for the scan for personal data at the end
// of the test run.
func newClient(t *testing.T) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	traffic := &logscan.Traffic{}
	t.Cleanup(func() {
		if err := traffic.Save("http", t.Name()+"-client"); err != nil {
			t.Errorf("save traffic: %v", err)
		}
	})
	return &http.Client{Jar: jar, Timeout: 30 * time.Second, Transport: traffic.RoundTripper(nil)}
}

// justBefore17 is a moment five seconds before today's 17:00 in Amsterdam,
// so the scheduler of a portal started with it runs the betaalrun at once.
func justBefore17() string {
	ams := civil.Amsterdam()
	n := time.Now().In(ams)
	return time.Date(n.Year(), n.Month(), n.Day(), 16, 59, 55, 0, ams).Format(time.RFC3339)
}

// world is a migrated database with the demo data and n payments planned.
func world(t *testing.T, n int) (string, *pgxpool.Pool) {
	t.Helper()
	ctx := context.Background()
	dbURL := testutil.DatabaseURL(t)
	pool, err := db.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if err := demo.Load(ctx, pool); err != nil {
		t.Fatal(err)
	}
	var bh, zv int64
	if err := pool.QueryRow(ctx, `SELECT (SELECT id FROM budgethouders WHERE relatienummer = 'PGB1000001'),
		(SELECT id FROM zorgverleners WHERE agb_code = '75012345')`).Scan(&bh, &zv); err != nil {
		t.Fatal(err)
	}
	jaar := time.Now().In(civil.Amsterdam()).Year()
	err = db.TxAs(ctx, pool, db.System, func(tx pgx.Tx) error {
		for i := range n {
			if _, err := budget.Inplannen(ctx, tx, budget.Boeking{BudgethouderID: bh, ZorgverlenerID: zv, Jaar: jaar,
				Soort: budget.SoortFactuur, Omschrijving: "Factuur " + strconv.Itoa(i+1), Bedrag: 100_00 + int64(i),
				IBAN: "NL20INGB0001234567", Naam: "Thuiszorg De Linde"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dbURL, pool
}

type stand struct {
	runs, betaald, ingepland, dubbel int
	totaal, geboekt, gepland         int64
}

func standVan(t *testing.T, pool *pgxpool.Pool) stand {
	t.Helper()
	var s stand
	err := pool.QueryRow(context.Background(), `SELECT
		(SELECT count(*) FROM betaalruns WHERE afgerond_op IS NOT NULL),
		(SELECT count(*) FROM betalingen WHERE status = 'uitbetaald'),
		(SELECT count(*) FROM betalingen WHERE status = 'ingepland'),
		(SELECT count(*) FROM betalingen WHERE status = 'uitbetaald' AND betaalrun_id IS NULL),
		(SELECT coalesce(sum(totaal), 0) FROM betaalruns),
		(SELECT coalesce(sum(betaald), 0) FROM toekenningen),
		(SELECT coalesce(sum(gepland), 0) FROM toekenningen)`).
		Scan(&s.runs, &s.betaald, &s.ingepland, &s.dubbel, &s.totaal, &s.geboekt, &s.gepland)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func waitFor(t *testing.T, what string, d time.Duration, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// A portal killed with SIGKILL in the middle of the betaalrun (the payments
// marked paid, the budgets booked, the berichten not yet written) leaves
// nothing behind; the restarted portal's run then pays everything once.
func TestKillDuringBetaalrun(t *testing.T) {
	t.Parallel()
	const n = 12
	dbURL, pool := world(t, n)
	var som int64
	if err := pool.QueryRow(context.Background(), `SELECT sum(bedrag) FROM betalingen WHERE status = 'ingepland'`).Scan(&som); err != nil {
		t.Fatal(err)
	}
	berichtenVoor := 0
	_ = pool.QueryRow(context.Background(), `SELECT count(*) FROM berichten`).Scan(&berichtenVoor)

	first := start(t, "eerste", dbURL, "PGB_FAULT=betaalrun", "PGB_FAULT_CLOCK="+justBefore17())
	select {
	case <-first.seen:
	case <-time.After(60 * time.Second):
		t.Fatalf("the betaalrun never reached its halfway point:\n%s", first.Logs())
	}
	if err := first.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-first.exited
	if s := standVan(t, pool); s.betaald != 0 || s.ingepland != n || s.runs != 0 {
		t.Fatalf("after kill -9: %+v, want nothing paid and %d planned", s, n)
	}

	start(t, "herstart", dbURL, "PGB_FAULT_CLOCK="+justBefore17())
	waitFor(t, "the betaalrun after the restart", 60*time.Second, func() bool { return standVan(t, pool).runs > 0 })
	time.Sleep(time.Second)
	s := standVan(t, pool)
	if s.runs != 1 || s.betaald != n || s.ingepland != 0 || s.dubbel != 0 || s.totaal != som || s.geboekt != som || s.gepland != 0 {
		t.Fatalf("after restart: %+v, want one run paying %d betalingen, %d cents", s, n, som)
	}
	var berichtenNa int
	_ = pool.QueryRow(context.Background(), `SELECT count(*) FROM berichten`).Scan(&berichtenNa)
	if berichtenNa-berichtenVoor != 2*n {
		t.Errorf("%d berichten about the payments, want %d (one to each party per payment)", berichtenNa-berichtenVoor, 2*n)
	}
}

// Two portals on one database: a session started on one continues on the
// other, and the 17:00 betaalrun happens once.
func TestTwoInstancesOneDatabase(t *testing.T) {
	t.Parallel()
	const n = 5
	dbURL, pool := world(t, n)
	clock := "PGB_FAULT_CLOCK=" + justBefore17()
	a := start(t, "a", dbURL, clock)
	b := start(t, "b", dbURL, clock)

	// Cookies belong to the host, not the port: one jar serves both.
	c := newClient(t)
	loginSVB(t, c, a.url)
	resp, err := c.Get(b.url + "/betaalrun")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	if resp.Request.URL.Path != "/betaalrun" || resp.StatusCode != 200 {
		t.Fatalf("session from instance a not valid on b: %d at %s (%q)", resp.StatusCode, resp.Request.URL, doc.Find("h1").Text())
	}

	waitFor(t, "the 17:00 betaalrun", 60*time.Second, func() bool { return standVan(t, pool).runs > 0 })
	time.Sleep(3 * time.Second) // both schedulers have fired by now
	s := standVan(t, pool)
	var all int
	_ = pool.QueryRow(context.Background(), `SELECT count(*) FROM betaalruns`).Scan(&all)
	if s.runs != 1 || all != 1 || s.betaald != n || s.ingepland != 0 {
		t.Fatalf("two schedulers: %+v, %d betaalruns rows; want exactly one run paying %d", s, all, n)
	}
	for _, p := range []*portal{a, b} {
		if !strings.Contains(p.Logs(), "scheduler started") {
			t.Errorf("an instance ran no scheduler:\n%s", p.Logs())
		}
	}
}

// loginSVB logs in as the SVB medewerker through the test provider of base.
func loginSVB(t *testing.T, c *http.Client, base string) {
	t.Helper()
	resp, err := c.Get(base + "/inloggen/eherkenning")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	var form url.Values
	var action string
	doc.Find("form").Each(func(_ int, f *goquery.Selection) {
		if strings.TrimSpace(f.Find("button").Text()) == "Inloggen als Medewerker SVB" {
			form = url.Values{}
			action, _ = f.Attr("action")
			f.Find("input[type=hidden]").Each(func(_ int, in *goquery.Selection) {
				n, _ := in.Attr("name")
				v, _ := in.Attr("value")
				form.Add(n, v)
			})
		}
	})
	if form == nil {
		t.Fatalf("no SVB persona at %s", resp.Request.URL)
	}
	target := resp.Request.URL.ResolveReference(&url.URL{Path: action}).String()
	if strings.HasPrefix(action, "http") {
		target = action
	}
	req, _ := http.NewRequest("POST", target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	resp, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || strings.Contains(resp.Request.URL.Path, "/stub/") {
		t.Fatalf("login: %d at %s", resp.StatusCode, resp.Request.URL)
	}
}
