//go:build faults

package faults_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5"

	"pgbportaal/internal/logscan"
	"pgbportaal/internal/testutil"
)

// answer is what a client got for one request.
type answer struct {
	status int
	path   string // where it ended after redirects
	body   string
	err    error
}

func fetch(c *http.Client, url string) answer {
	resp, err := c.Get(url)
	if err != nil {
		return answer{err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, path: resp.Request.URL.Path, body: string(b), err: err}
}

func (a answer) h1() string {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(a.body))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(doc.Find("h1").First().Text())
}

// inFlight starts GET url with c and returns where its answer will arrive.
func inFlight(c *http.Client, url string) <-chan answer {
	res := make(chan answer, 1)
	go func() { res <- fetch(c, url) }()
	return res
}

func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	return conn
}

// lockBerichten holds, in a transaction of a session of its own, the lock
// that every read of the berichten table waits for, until the returned
// function releases it. The overview of berichten reads that table, so a
// request for it stops in the middle, in its handler's query (which the
// tests wait for: a statement "… FROM berichten" waiting for the lock).
func lockBerichten(t *testing.T, dbURL string) (pid uint32, release func()) {
	t.Helper()
	ctx := context.Background()
	conn := connect(t, dbURL)
	if err := conn.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
		t.Fatal(err)
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "LOCK TABLE berichten IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	released := false
	release = func() {
		if !released {
			released = true
			if err := tx.Rollback(ctx); err != nil {
				t.Errorf("release the lock: %v", err)
			}
		}
	}
	t.Cleanup(release)
	return pid, release
}

// noAnswerYet fails the test when the request has already been answered.
func noAnswerYet(t *testing.T, res <-chan answer, when string) {
	t.Helper()
	select {
	case a := <-res:
		t.Fatalf("%s the request was already answered: %d %v", when, a.status, a.err)
	default:
	}
}

func await(t *testing.T, res <-chan answer, d time.Duration) answer {
	t.Helper()
	select {
	case a := <-res:
		if a.err != nil {
			t.Fatalf("request: %v", a.err)
		}
		return a
	case <-time.After(d):
		t.Fatalf("no answer within %s", d)
		return answer{}
	}
}

// The database goes away while a request is inside its handler, waiting for
// the database: the person gets the Dutch "temporarily unavailable" page
// (503, no technical detail, no personal data), the portal keeps running,
// and once the database is back the same request, in the same session,
// succeeds.
func TestDatabaseAwayInTheMiddleOfARequest(t *testing.T) {
	t.Parallel()
	dbURL, _ := world(t, 0)
	p := start(t, "portal", dbURL)
	c := newClient(t)
	loginSVB(t, c, p.url)
	if a := fetch(c, p.url+"/berichten"); a.err != nil || a.status != 200 || a.h1() != "Overzicht berichten" {
		t.Fatalf("before: %d %q %v", a.status, a.h1(), a.err)
	}

	ctx := context.Background()
	admin := connect(t, testutil.AdminURL())
	name := testutil.DatabaseName(t, dbURL)
	allow := func(on bool) {
		t.Helper()
		if _, err := admin.Exec(ctx, fmt.Sprintf("ALTER DATABASE %s WITH ALLOW_CONNECTIONS %t", pgx.Identifier{name}.Sanitize(), on)); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { allow(true) })

	// The request gets as far as its handler's query and waits there.
	lockPID, release := lockBerichten(t, dbURL)
	res := inFlight(c, p.url+"/berichten")
	waiting := testutil.WaitForLockWait(t, admin, name, "FROM berichten")
	noAnswerYet(t, res, "while its query waited,")

	// Now the database goes away: no new connections, and every session of
	// the portal ends, the waiting one included.
	allow(false)
	var ended int
	if err := admin.QueryRow(ctx, `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))
		FROM pg_stat_activity WHERE datname = $1 AND pid <> $2`, name, lockPID).Scan(&ended); err != nil {
		t.Fatal(err)
	}
	if ended == 0 {
		t.Fatal("no session of the portal to end")
	}

	a := await(t, res, 20*time.Second)
	if a.status != http.StatusServiceUnavailable || a.path != "/berichten" || !strings.Contains(a.body, `<html lang="nl"`) ||
		a.h1() != "Tijdelijk niet beschikbaar" || !strings.Contains(a.body, "Het PGB Portaal is even niet bereikbaar.") {
		t.Fatalf("database away mid-request (backend %d ended): %d at %s, h1 %q\n%s", waiting, a.status, a.path, a.h1(), a.body)
	}
	for _, leak := range []string{"SQLSTATE", "pgx", "pgconn", "terminating connection", "administrator", "goroutine", "panic", ".go:"} {
		if strings.Contains(a.body, leak) {
			t.Errorf("the error page shows technical detail %q", leak)
		}
	}
	for line := range strings.Lines(a.body) {
		if what := logscan.Line(line); what != "" {
			t.Errorf("the error page shows personal data: %s", what)
		}
	}
	waitFor(t, "the portal's log to tell that the database ended the session", 5*time.Second, func() bool {
		return strings.Contains(p.Logs(), "SQLSTATE 57P01")
	})
	select {
	case <-p.exited:
		t.Fatalf("the portal stopped: %v\n%s", p.state, p.Logs())
	default:
	}

	// The database returns: the same request in the same session succeeds.
	release()
	allow(true)
	deadline := time.Now().Add(15 * time.Second)
	for {
		a := fetch(c, p.url+"/berichten")
		if a.err == nil && a.status == 200 {
			if a.path != "/berichten" || a.h1() != "Overzicht berichten" {
				t.Fatalf("after the database returned: at %s (%q), want the same session on /berichten", a.path, a.h1())
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the portal did not recover: %d %v", a.status, a.err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// SIGTERM arrives while a request is inside its handler (held there by a
// lock the test owns): the portal stops taking connections at once but
// finishes that request, then exits cleanly.
func TestSIGTERMDuringARequest(t *testing.T) {
	t.Parallel()
	dbURL, _ := world(t, 0)
	p := start(t, "portal", dbURL, "PGB_SHUTDOWN_TIMEOUT=30s")
	c := newClient(t)
	loginSVB(t, c, p.url)

	admin := connect(t, testutil.AdminURL())
	_, release := lockBerichten(t, dbURL)
	res := inFlight(c, p.url+"/berichten")
	testutil.WaitForLockWait(t, admin, testutil.DatabaseName(t, dbURL), "FROM berichten")
	noAnswerYet(t, res, "before SIGTERM,")

	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the portal to stop taking connections", 10*time.Second, func() bool {
		conn, err := net.DialTimeout("tcp", p.addr, time.Second)
		if err == nil {
			conn.Close()
			return false
		}
		return true
	})
	waitFor(t, "the shutdown in the portal's log", 5*time.Second, func() bool {
		return strings.Contains(p.Logs(), "shutting down, finishing in-flight requests")
	})
	// The request is still in flight and the process still runs.
	noAnswerYet(t, res, "after SIGTERM, while its query waited,")
	select {
	case <-p.exited:
		t.Fatalf("the portal exited with the request in flight: %v\n%s", p.state, p.Logs())
	default:
	}

	release()
	a := await(t, res, 20*time.Second)
	if a.status != 200 || a.path != "/berichten" || a.h1() != "Overzicht berichten" {
		t.Fatalf("the request in flight at SIGTERM: %d at %s (%q)", a.status, a.path, a.h1())
	}
	select {
	case <-p.exited:
		if !p.state.Success() {
			t.Fatalf("the portal exited with %v\n%s", p.state, p.Logs())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("the portal did not exit after finishing the request:\n%s", p.Logs())
	}
}
