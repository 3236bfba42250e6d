package sessionstore_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/gob"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/sessions"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/auth/sessionstore"
	"pgbportaal/internal/testutil"
)

var secret = []byte("0123456789abcdef0123456789abcdef-test")

type fixture struct {
	t     *testing.T
	pool  *pgxpool.Pool
	store *sessionstore.Store
	clock *testutil.Clock
	name  string // cookie name
}

func newFixture(t *testing.T, secure bool) *fixture {
	t.Helper()
	pool := testutil.NewPool(t)
	clk := testutil.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 123456789, time.UTC))
	st := sessionstore.New(pool, secret, sessionstore.Options{Secure: secure, Now: clk.Now})
	name := "pgb_session"
	if secure {
		name = "__Host-pgb_session"
	}
	return &fixture{t: t, pool: pool, store: st, clock: clk, name: name}
}

// request returns a GET request carrying cookie c (if not nil).
func request(c *http.Cookie) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "https://portaal.example/", nil)
	if c != nil {
		r.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	return r
}

// load loads the default session of a request carrying cookie c.
func (f *fixture) load(c *http.Cookie) *sessions.Session {
	f.t.Helper()
	sess, err := f.store.Get(request(c), "")
	if err != nil {
		f.t.Fatalf("Get: %v", err)
	}
	return sess
}

// save saves sess and returns the session cookie it set.
func (f *fixture) save(sess *sessions.Session) *http.Cookie {
	f.t.Helper()
	w := httptest.NewRecorder()
	if err := f.store.Save(request(nil), w, sess); err != nil {
		f.t.Fatalf("Save: %v", err)
	}
	return f.cookieFrom(w)
}

func (f *fixture) cookieFrom(w *httptest.ResponseRecorder) *http.Cookie {
	f.t.Helper()
	for _, c := range w.Result().Cookies() {
		if c.Name == f.name {
			return c
		}
	}
	f.t.Fatalf("no cookie %q in %v", f.name, w.Header().Values("Set-Cookie"))
	return nil
}

// newSession creates and saves a session with a value and returns its cookie.
func (f *fixture) newSession() (*sessions.Session, *http.Cookie) {
	f.t.Helper()
	sess := f.load(nil)
	sess.Values["user"] = "alice"
	return sess, f.save(sess)
}

func (f *fixture) rows() int {
	f.t.Helper()
	var n int
	if err := f.pool.QueryRow(context.Background(), "SELECT count(*) FROM sessions").Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

func (f *fixture) exists(id string) bool {
	f.t.Helper()
	var ok bool
	err := f.pool.QueryRow(context.Background(),
		"SELECT EXISTS (SELECT 1 FROM sessions WHERE id_hash = $1)", hashOf(f.t, id)).Scan(&ok)
	if err != nil {
		f.t.Fatal(err)
	}
	return ok
}

func hashOf(t *testing.T, id string) []byte {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(id)
	if err != nil || len(raw) != 32 {
		t.Fatalf("id %q is not base64url of 32 bytes: %v", id, err)
	}
	h := sha256.Sum256(raw)
	return h[:]
}

type profile struct {
	Name  string
	Roles []string
}

func init() { gob.Register(profile{}) }

func TestRoundTrip(t *testing.T) {
	f := newFixture(t, false)
	sess := f.load(nil)
	if !sess.IsNew || sessionstore.IDOf(sess) != "" {
		t.Fatalf("first load: IsNew=%v id=%q", sess.IsNew, sessionstore.IDOf(sess))
	}
	sess.Values["user"] = "alice"
	sess.Values[7] = 42
	sess.Values["profile"] = profile{Name: "Alice", Roles: []string{"budgethouder"}}
	c := f.save(sess)
	id := sessionstore.IDOf(sess)
	if id == "" {
		t.Fatal("no id after Save")
	}
	hashOf(t, id)

	got := f.load(c)
	if got.IsNew || sessionstore.IDOf(got) != id {
		t.Fatalf("reload: IsNew=%v id=%q, want %q", got.IsNew, sessionstore.IDOf(got), id)
	}
	if got.Values["user"] != "alice" || got.Values[7] != 42 {
		t.Fatalf("values: %#v", got.Values)
	}
	if p, ok := got.Values["profile"].(profile); !ok || p.Name != "Alice" || len(p.Roles) != 1 {
		t.Fatalf("profile: %#v", got.Values["profile"])
	}

	// A second Save of the same (loaded) session updates the row, not a new one.
	got.Values["user"] = "bob"
	c2 := f.save(got)
	if sessionstore.IDOf(got) != id || f.rows() != 1 {
		t.Fatalf("update made a new session: id %q rows %d", sessionstore.IDOf(got), f.rows())
	}
	if v := f.load(c2).Values["user"]; v != "bob" {
		t.Fatalf("after update: %v", v)
	}

	// Saving a new session twice in one request keeps one row.
	n := f.load(nil)
	f.save(n)
	f.save(n)
	if f.rows() != 2 {
		t.Fatalf("rows = %d, want 2", f.rows())
	}
}

func TestUnregisteredTypeFailsSave(t *testing.T) {
	type unregistered struct{ X int }
	f := newFixture(t, false)
	sess := f.load(nil)
	sess.Values["x"] = unregistered{1}
	if err := f.store.Save(request(nil), httptest.NewRecorder(), sess); err == nil {
		t.Fatal("Save of an unregistered type succeeded")
	}
}

func TestCookieAttributes(t *testing.T) {
	for _, secure := range []bool{false, true} {
		f := newFixture(t, secure)
		sess := f.load(nil)
		w := httptest.NewRecorder()
		if err := f.store.Save(request(nil), w, sess); err != nil {
			t.Fatal(err)
		}
		raw := w.Header().Values("Set-Cookie")
		if len(raw) != 1 {
			t.Fatalf("secure=%v: Set-Cookie %q", secure, raw)
		}
		c := f.cookieFrom(w)
		if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Domain != "" {
			t.Errorf("secure=%v: attributes %+v", secure, c)
		}
		if c.Secure != secure {
			t.Errorf("secure=%v: cookie Secure=%v", secure, c.Secure)
		}
		if secure != strings.HasPrefix(c.Name, "__Host-") {
			t.Errorf("secure=%v: cookie name %q", secure, c.Name)
		}
		low := strings.ToLower(raw[0])
		if strings.Contains(low, "max-age") || strings.Contains(low, "expires") || strings.Contains(low, "domain") {
			t.Errorf("secure=%v: not a host-only browser-session cookie: %s", secure, raw[0])
		}
		// The session loads under the prefixed name.
		if got := f.load(c); got.IsNew {
			t.Errorf("secure=%v: session did not load from its cookie", secure)
		}
	}
}

func TestDatabaseHoldsHashOnly(t *testing.T) {
	f := newFixture(t, false)
	sess, _ := f.newSession()
	id := sessionstore.IDOf(sess)
	raw, _ := base64.RawURLEncoding.DecodeString(id)
	want := sha256.Sum256(raw)

	var idHash, data []byte
	var created, lastSeen, expires time.Time
	err := f.pool.QueryRow(context.Background(),
		"SELECT id_hash, data, created_at, last_seen_at, expires_at FROM sessions").
		Scan(&idHash, &data, &created, &lastSeen, &expires)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(idHash, want[:]) {
		t.Fatalf("id_hash = %x, want SHA-256 of the id %x", idHash, want)
	}
	for _, needle := range [][]byte{raw, []byte(id)} {
		if bytes.Contains(idHash, needle) || bytes.Contains(data, needle) {
			t.Fatal("the session id itself is stored")
		}
	}
	now := f.clock.Now().Truncate(time.Microsecond)
	if !created.Equal(now) || !lastSeen.Equal(now) || !expires.Equal(now.Add(15*time.Minute)) {
		t.Fatalf("times: created %v last seen %v expires %v, now %v", created, lastSeen, expires, now)
	}
}

func TestBadCookiesGiveNewSession(t *testing.T) {
	f := newFixture(t, false)
	_, c := f.newSession()

	flip := []byte(c.Value)
	i := len(flip) / 2
	if flip[i] == 'A' {
		flip[i] = 'B'
	} else {
		flip[i] = 'A'
	}

	other := sessionstore.New(f.pool, []byte("another-secret-of-at-least-32-bytes!!"), sessionstore.Options{Now: f.clock.Now})
	osess, _ := other.Get(request(nil), "")
	osess.Values["user"] = "mallory"
	w := httptest.NewRecorder()
	if err := other.Save(request(nil), w, osess); err != nil {
		t.Fatal(err)
	}
	forged := f.cookieFrom(w) // valid signature, but with another key

	for name, value := range map[string]string{
		"tampered":  string(flip),
		"wrong key": forged.Value,
		"plain id":  sessionstore.IDOf(osess),
		"empty":     "",
		"garbage":   "%%%not-base64",
		"truncated": c.Value[:len(c.Value)-4],
	} {
		sess, err := f.store.Get(request(&http.Cookie{Name: f.name, Value: value}), "")
		if err != nil {
			t.Errorf("%s: error %v, want a new session", name, err)
			continue
		}
		if !sess.IsNew || len(sess.Values) != 0 || sessionstore.IDOf(sess) != "" {
			t.Errorf("%s: IsNew=%v values=%v", name, sess.IsNew, sess.Values)
		}
	}
	// The genuine cookie still works.
	if f.load(c).IsNew {
		t.Fatal("genuine cookie rejected")
	}
}

func TestRotate(t *testing.T) {
	f := newFixture(t, true)
	sess, oldCookie := f.newSession()
	oldID := sessionstore.IDOf(sess)

	f.clock.Add(10 * time.Minute)
	loaded := f.load(oldCookie)
	w := httptest.NewRecorder()
	if err := f.store.Rotate(w, request(oldCookie), loaded); err != nil {
		t.Fatal(err)
	}
	newID := sessionstore.IDOf(loaded)
	newCookie := f.cookieFrom(w)
	if newID == "" || newID == oldID || newCookie.Value == oldCookie.Value {
		t.Fatalf("id not rotated: %q -> %q", oldID, newID)
	}
	if f.exists(oldID) || !f.exists(newID) || f.rows() != 1 {
		t.Fatalf("rows after rotate: old %v new %v total %d", f.exists(oldID), f.exists(newID), f.rows())
	}
	if got := f.load(oldCookie); !got.IsNew || len(got.Values) != 0 {
		t.Fatalf("old cookie still loads: %v", got.Values)
	}
	got := f.load(newCookie)
	if got.IsNew || got.Values["user"] != "alice" {
		t.Fatalf("new cookie: IsNew=%v values=%v", got.IsNew, got.Values)
	}
	// created_at was reset: the absolute timeout runs from the rotation.
	var created time.Time
	if err := f.pool.QueryRow(context.Background(), "SELECT created_at FROM sessions").Scan(&created); err != nil {
		t.Fatal(err)
	}
	if want := f.clock.Now().Truncate(time.Microsecond); !created.Equal(want) {
		t.Fatalf("created_at = %v, want %v", created, want)
	}

	// A concurrent request that loaded the old id cannot write it back.
	w = httptest.NewRecorder()
	if err := f.store.Save(request(nil), w, f.loadedAs(oldID, sess)); !errors.Is(err, sessionstore.ErrSessionGone) {
		t.Fatalf("save under the rotated-away id: %v, want ErrSessionGone", err)
	}
	if f.exists(oldID) {
		t.Fatal("old id resurrected")
	}

	// Rotate of a new session just stores it; clearing values first is the
	// way to start from a clean slate.
	fresh := f.load(nil)
	fresh.Values["pre"] = "state"
	clear(fresh.Values)
	if err := f.store.Rotate(httptest.NewRecorder(), request(nil), fresh); err != nil {
		t.Fatal(err)
	}
	if sessionstore.IDOf(fresh) == "" || f.rows() != 2 {
		t.Fatalf("rotate of a new session: id %q rows %d", sessionstore.IDOf(fresh), f.rows())
	}
}

// loadedAs returns sess as another request that loaded id would hold it.
func (f *fixture) loadedAs(id string, sess *sessions.Session) *sessions.Session {
	s := sessions.NewSession(f.store, sess.Name())
	s.ID = id
	s.Values["user"] = "alice"
	return s
}

func TestIdleTimeout(t *testing.T) {
	f := newFixture(t, false)
	sess, c := f.newSession()
	id := sessionstore.IDOf(sess)

	f.clock.Add(14*time.Minute + 59*time.Second)
	if got := f.load(c); got.IsNew || got.Values["user"] != "alice" {
		t.Fatal("session gone after 14m59s idle")
	}
	// That load was more than a minute after the last write: last_seen_at moved.
	f.clock.Add(14*time.Minute + 59*time.Second)
	if f.load(c).IsNew {
		t.Fatal("session gone 14m59s after the last request")
	}

	f.clock.Add(16 * time.Minute)
	got := f.load(c)
	if !got.IsNew || len(got.Values) != 0 || sessionstore.IDOf(got) != "" {
		t.Fatalf("after 16 min idle: IsNew=%v values=%v", got.IsNew, got.Values)
	}
	if f.exists(id) {
		t.Fatal("expired row not deleted on load")
	}
	// Saving the stale in-memory session does not bring it back.
	if err := f.store.Save(request(nil), httptest.NewRecorder(), f.loadedAs(id, sess)); !errors.Is(err, sessionstore.ErrSessionGone) {
		t.Fatalf("save of an expired session: %v", err)
	}
}

func TestIdleGranularity(t *testing.T) {
	// last_seen_at is written at most once a minute, and the idle check uses the
	// stored value: a request 30s after the last write does not extend the
	// session, so it ends 15 minutes after the write, 14m30s after that request.
	f := newFixture(t, false)
	_, c := f.newSession()
	f.clock.Add(30 * time.Second)
	if f.load(c).IsNew {
		t.Fatal("gone after 30s")
	}
	f.clock.Add(14*time.Minute + 30*time.Second)
	if !f.load(c).IsNew {
		t.Fatal("idle measured from the unstored touch")
	}
}

func TestAbsoluteTimeout(t *testing.T) {
	f := newFixture(t, false)
	sess, c := f.newSession()
	id := sessionstore.IDOf(sess)
	start := f.clock.Now()

	for f.clock.Now().Sub(start) < 12*time.Hour-10*time.Minute {
		f.clock.Add(10 * time.Minute)
		if got := f.load(c); got.IsNew {
			t.Fatalf("session gone at %v", f.clock.Now().Sub(start))
		}
	}
	if d := f.clock.Now().Sub(start); d != 11*time.Hour+50*time.Minute {
		t.Fatalf("last touch at %v", d)
	}
	f.clock.Add(11 * time.Minute) // 12h01m after creation, 11 min idle
	got := f.load(c)
	if !got.IsNew || len(got.Values) != 0 {
		t.Fatalf("session alive 12h01m after creation: %v", got.Values)
	}
	if f.exists(id) {
		t.Fatal("expired row not deleted on load")
	}
}

func TestDestroy(t *testing.T) {
	f := newFixture(t, true)
	_, c := f.newSession()
	sess := f.load(c)
	id := sessionstore.IDOf(sess)

	w := httptest.NewRecorder()
	if err := f.store.Destroy(w, request(c), sess); err != nil {
		t.Fatal(err)
	}
	exp := f.cookieFrom(w)
	if exp.MaxAge >= 0 || exp.Value != "" || !exp.Secure || !exp.HttpOnly || exp.Path != "/" {
		t.Fatalf("destroy cookie %+v", exp)
	}
	if f.exists(id) || len(sess.Values) != 0 || sessionstore.IDOf(sess) != "" {
		t.Fatal("session not destroyed")
	}
	// A later Save in the same request destroys again, not a new session.
	if err := f.store.Save(request(c), httptest.NewRecorder(), sess); err != nil {
		t.Fatal(err)
	}
	if f.rows() != 0 {
		t.Fatal("save after destroy created a session")
	}
	// Replaying the old cookie gives a new, empty session.
	if got := f.load(c); !got.IsNew || len(got.Values) != 0 {
		t.Fatalf("replayed cookie: IsNew=%v values=%v", got.IsNew, got.Values)
	}
	// A concurrent request that loaded the session cannot resurrect it.
	if err := f.store.Save(request(nil), httptest.NewRecorder(), f.loadedAs(id, sess)); !errors.Is(err, sessionstore.ErrSessionGone) {
		t.Fatalf("save after logout: %v, want ErrSessionGone", err)
	}
	if f.rows() != 0 {
		t.Fatal("session resurrected")
	}
}

func TestSaveWithNegativeMaxAgeDestroys(t *testing.T) {
	f := newFixture(t, false)
	_, c := f.newSession()
	sess := f.load(c)
	sess.Options.MaxAge = -1
	w := httptest.NewRecorder()
	if err := sess.Save(request(c), w); err != nil {
		t.Fatal(err)
	}
	if f.cookieFrom(w).MaxAge >= 0 || f.rows() != 0 {
		t.Fatal("MaxAge < 0 did not destroy the session")
	}
	if !f.load(c).IsNew {
		t.Fatal("destroyed session loads")
	}
}

func TestCleanup(t *testing.T) {
	f := newFixture(t, false)
	_, old1 := f.newSession()
	_, old2 := f.newSession()
	f.clock.Add(10 * time.Minute)
	_, recent := f.newSession()
	f.clock.Add(6 * time.Minute) // old ones idle 16 min, recent 6 min

	n, err := f.store.Cleanup(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 || f.rows() != 1 {
		t.Fatalf("Cleanup deleted %d, %d rows left; want 2 and 1", n, f.rows())
	}
	if f.load(recent).IsNew || !f.load(old1).IsNew || !f.load(old2).IsNew {
		t.Fatal("wrong sessions cleaned")
	}
	if n, err := f.store.Cleanup(context.Background()); err != nil || n != 0 {
		t.Fatalf("second Cleanup: %d, %v", n, err)
	}
}

func TestConcurrentSaves(t *testing.T) {
	f := newFixture(t, false)
	_, c := f.newSession()
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 20 {
		wg.Add(2)
		go func() { // requests on the same session
			defer wg.Done()
			sess, err := f.store.Get(request(c), "")
			if err != nil {
				errs <- err
				return
			}
			sess.Values["n"] = i
			errs <- f.store.Save(request(c), httptest.NewRecorder(), sess)
		}()
		go func() { // new sessions
			defer wg.Done()
			sess, err := f.store.Get(request(nil), "")
			if err != nil {
				errs <- err
				return
			}
			sess.Values["n"] = i
			errs <- f.store.Save(request(nil), httptest.NewRecorder(), sess)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if f.rows() != 21 {
		t.Fatalf("rows = %d, want 21", f.rows())
	}
	if _, ok := f.load(c).Values["n"].(int); !ok {
		t.Fatal("shared session lost its value")
	}
}
