// Package sessionstore is a gorilla/sessions Store that keeps sessions in
// PostgreSQL (table sessions, see migrations/00001_foundation.sql) and gives the
// browser nothing but an opaque, signed session id.
//
// # Security model
//
//   - The session id is 32 bytes from crypto/rand, base64url-encoded. The cookie
//     carries that id signed (HMAC-SHA256) with securecookie under a key derived
//     from the configured secret; a cookie that fails verification is ignored
//     and the request gets a new, empty session.
//   - The database stores only SHA-256 of the id (column id_hash). A copy of the
//     table cannot be turned into a cookie.
//   - Expiry is enforced by the server on every load, with the injected clock
//     Options.Now: a session is expired once Idle has passed since its stored
//     last_seen_at or Absolute has passed since its created_at (or its stored
//     expires_at has passed). An expired session is deleted and the request
//     gets a new, empty session. The cookie itself has no Max-Age or Expires.
//   - Destroy (logout) deletes the row, so a replayed cookie finds nothing.
//   - Rotate (login, any privilege change) moves the values to a fresh id,
//     deletes the old row and restarts the absolute timeout.
//   - The cookie is HttpOnly, SameSite=Lax, Path=/, without Domain; with
//     Options.Secure it is also Secure and its name gets the __Host- prefix, so
//     neither plain HTTP nor a sibling subdomain can set or overwrite it.
//
// # Idle granularity
//
// To limit writes, loading a session updates last_seen_at only when the stored
// value is at least one minute old (Save always updates it, since it writes
// anyway). The idle check uses the stored value, so the effective idle timeout
// after the last request lies between Idle-1min and Idle: never longer than
// Idle, at most one minute shorter.
//
// # Values
//
// Session values are gob-encoded into the data column. Basic types (string,
// ints, bool, []byte, time.Time, ...) work as they are; callers must
// gob.Register every other type they put into Session.Values (as key or value),
// in an init function, before the first Save or load.
package sessionstore

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Defaults for zero Options fields.
const (
	DefaultCookieName = "pgb_session"
	DefaultIdle       = 15 * time.Minute
	DefaultAbsolute   = 12 * time.Hour
)

// TouchInterval is how stale the stored last_seen_at must be before loading a
// session writes a new one. See the package documentation on idle granularity.
const TouchInterval = time.Minute

// hostPrefix is the cookie name prefix that makes browsers require Secure,
// Path=/ and no Domain.
const hostPrefix = "__Host-"

// idLen is the number of random bytes in a session id.
const idLen = 32

// ErrSessionGone is returned by Save when the session's row no longer exists:
// it was destroyed (logout in another request), rotated away, or expired
// between load and save. The session is not written back, so a logout or
// expiry cannot be undone by a concurrent request, and the cookie is expired.
var ErrSessionGone = errors.New("sessionstore: session no longer exists (expired, destroyed or rotated)")

// Options configures a Store. Zero fields take the defaults.
type Options struct {
	// CookieName is the session name used when Get or New is called with an
	// empty name (default "pgb_session"). The cookie of a session is named
	// after the session; with Secure the name gets the prefix "__Host-".
	CookieName string
	// Secure marks the cookie Secure and prefixes its name with "__Host-".
	// Set it whenever the portal is served over HTTPS.
	Secure bool
	// Idle is the idle timeout (default 15 minutes).
	Idle time.Duration
	// Absolute is the maximum lifetime of a session id since it was created
	// or last rotated (default 12 hours).
	Absolute time.Duration
	// Now is the clock (default time.Now); tests inject a fake one.
	Now func() time.Time
}

// Store is a sessions.Store backed by PostgreSQL. It is safe for concurrent
// use.
type Store struct {
	pool    *pgxpool.Pool
	codec   *securecookie.SecureCookie
	opt     Options
	decoded decodeCache
}

var _ sessions.Store = (*Store)(nil)

// New returns a Store on pool. secret signs the cookie (a key for that purpose
// is derived from it, so the same secret may be used elsewhere); it must be at
// least 32 bytes, else New panics, as that is a configuration error that
// config.Load already refuses.
func New(pool *pgxpool.Pool, secret []byte, opt Options) *Store {
	if len(secret) < 32 {
		panic("sessionstore: secret must be at least 32 bytes")
	}
	if opt.CookieName == "" {
		opt.CookieName = DefaultCookieName
	}
	if opt.Idle <= 0 {
		opt.Idle = DefaultIdle
	}
	if opt.Absolute <= 0 {
		opt.Absolute = DefaultAbsolute
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte("pgbportaal/sessionstore/cookie/v1"))
	codec := securecookie.New(mac.Sum(nil), nil)
	// The server enforces expiry; securecookie's own timestamp check (real
	// time, not Options.Now) is only a backstop for a cookie issued longer
	// ago than a session can possibly live.
	codec.MaxAge(int((opt.Absolute + time.Minute).Seconds()))
	codec.SetSerializer(securecookie.NopEncoder{})
	return &Store{pool: pool, codec: codec, opt: opt}
}

// IDOf returns the opaque id of sess, or "" if it has not been stored yet (a
// new session gets its id at the first Save or Rotate). The id identifies the
// session to the server only; it is as secret as the cookie, so never log it
// or put it in a URL. Use it to bind pre-login state (such as an OIDC state)
// to the browser session; it changes at Rotate.
func IDOf(sess *sessions.Session) string {
	if sess == nil {
		return ""
	}
	return sess.ID
}

// Get returns the session called name for r, cached per request in the
// gorilla/sessions registry; an empty name means Options.CookieName. See New
// for how the session is loaded.
func (s *Store) Get(r *http.Request, name string) (*sessions.Session, error) {
	if name == "" {
		name = s.opt.CookieName
	}
	return sessions.GetRegistry(r).Get(s, name)
}

// New loads the session called name from r's cookie, without the registry
// cache; an empty name means Options.CookieName. A missing, tampered or
// unknown cookie and an expired session all give a new, empty session (IsNew)
// and a nil error; an expired session's row is deleted. The error is non-nil
// only when the database fails or the stored values cannot be decoded (a type
// that was not gob.Register-ed); a usable new session is returned then too.
func (s *Store) New(r *http.Request, name string) (*sessions.Session, error) {
	if name == "" {
		name = s.opt.CookieName
	}
	sess := sessions.NewSession(s, name)
	sess.Options = s.sessionOptions()
	sess.IsNew = true

	c, err := r.Cookie(s.cookieName(name))
	if err != nil {
		return sess, nil
	}
	var raw []byte
	if err := s.codec.Decode(s.cookieName(name), c.Value, &raw); err != nil {
		return sess, nil
	}
	id := base64.RawURLEncoding.EncodeToString(raw)
	hash, ok := hashID(id)
	if !ok {
		return sess, nil
	}

	ctx := r.Context()
	now := s.now()
	var (
		data                         []byte
		created, lastSeen, expiresAt time.Time
	)
	err = s.pool.QueryRow(ctx,
		`SELECT data, created_at, last_seen_at, expires_at FROM sessions WHERE id_hash = $1`,
		hash).Scan(&data, &created, &lastSeen, &expiresAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return sess, nil
	}
	if err != nil {
		return sess, fmt.Errorf("sessionstore: load: %w", err)
	}
	if s.expired(now, created, lastSeen, expiresAt) {
		if _, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE id_hash = $1`, hash); err != nil {
			return sess, fmt.Errorf("sessionstore: delete expired: %w", err)
		}
		return sess, nil
	}
	values, err := s.decoded.decode(data)
	if err != nil {
		return sess, err
	}
	if now.Sub(lastSeen) >= TouchInterval {
		_, err := s.pool.Exec(ctx, `
			UPDATE sessions
			   SET last_seen_at = greatest(last_seen_at, $2),
			       expires_at = least(created_at + $3 * interval '1 microsecond',
			                          greatest(last_seen_at, $2) + $4 * interval '1 microsecond')
			 WHERE id_hash = $1`,
			hash, now, s.opt.Absolute.Microseconds(), s.opt.Idle.Microseconds())
		if err != nil {
			return sess, fmt.Errorf("sessionstore: touch: %w", err)
		}
	}
	sess.ID = id
	sess.Values = values
	sess.IsNew = false
	return sess, nil
}

// Save stores sess and sets its cookie. A session without id gets a fresh one
// (and a row); a session with an id updates its row, its last_seen_at and
// expires_at. If that row is gone, Save writes nothing, expires the cookie and
// returns ErrSessionGone. A session with Options.MaxAge < 0 is destroyed, as
// with Destroy. Other session Options are ignored: the cookie attributes are
// fixed by the Store.
func (s *Store) Save(r *http.Request, w http.ResponseWriter, sess *sessions.Session) error {
	if sess.Options != nil && sess.Options.MaxAge < 0 {
		return s.Destroy(w, r, sess)
	}
	data, err := encodeValues(sess.Values)
	if err != nil {
		return err
	}
	ctx := r.Context()
	now := s.now()
	if sess.ID == "" {
		id, err := s.insert(ctx, s.pool, data, now)
		if err != nil {
			return err
		}
		sess.ID = id
		return s.setCookie(w, sess)
	}
	hash, ok := hashID(sess.ID)
	if !ok {
		return errors.New("sessionstore: save: session has an id this store did not issue")
	}
	tag, err := s.pool.Exec(ctx, `
		UPDATE sessions
		   SET data = $2,
		       last_seen_at = greatest(last_seen_at, $3),
		       expires_at = least(created_at + $4 * interval '1 microsecond',
		                          greatest(last_seen_at, $3) + $5 * interval '1 microsecond')
		 WHERE id_hash = $1
		   AND expires_at > $3
		   AND created_at + $4 * interval '1 microsecond' > $3
		   AND last_seen_at + $5 * interval '1 microsecond' > $3`,
		hash, data, now, s.opt.Absolute.Microseconds(), s.opt.Idle.Microseconds())
	if err != nil {
		return fmt.Errorf("sessionstore: save: %w", err)
	}
	if tag.RowsAffected() == 0 {
		s.expireCookie(w, sess.Name())
		return ErrSessionGone
	}
	return s.setCookie(w, sess)
}

// Rotate gives sess a new id: in one transaction it deletes the old row (if
// any) and stores the current values under the new id with created_at and
// last_seen_at set to now, so the absolute timeout starts again. It then sets
// the new cookie. Call it at login and at every change of privilege, after
// reading whatever pre-login state is needed and before writing the identity
// into the session. Values are kept; to start from a clean slate, call
// clear(sess.Values) first. The old cookie no longer loads anything.
func (s *Store) Rotate(w http.ResponseWriter, r *http.Request, sess *sessions.Session) error {
	data, err := encodeValues(sess.Values)
	if err != nil {
		return err
	}
	ctx := r.Context()
	now := s.now()
	var id string
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if hash, ok := hashID(sess.ID); ok {
			if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE id_hash = $1`, hash); err != nil {
				return fmt.Errorf("sessionstore: rotate: delete old: %w", err)
			}
		}
		var err error
		id, err = s.insert(ctx, tx, data, now)
		return err
	})
	if err != nil {
		return err
	}
	sess.ID = id
	if sess.Options != nil && sess.Options.MaxAge < 0 {
		sess.Options.MaxAge = 0
	}
	return s.setCookie(w, sess)
}

// Destroy ends sess: it deletes the row, expires the cookie, empties
// sess.Values and marks sess (Options.MaxAge = -1) so that a later Save in the
// same request destroys again rather than creating a new session. A replayed
// old cookie then loads a new, empty session.
func (s *Store) Destroy(w http.ResponseWriter, r *http.Request, sess *sessions.Session) error {
	var err error
	if hash, ok := hashID(sess.ID); ok {
		if _, derr := s.pool.Exec(r.Context(), `DELETE FROM sessions WHERE id_hash = $1`, hash); derr != nil {
			err = fmt.Errorf("sessionstore: destroy: %w", derr)
		}
	}
	s.expireCookie(w, sess.Name())
	clear(sess.Values)
	sess.ID = ""
	sess.IsNew = true
	if sess.Options == nil {
		sess.Options = s.sessionOptions()
	}
	sess.Options.MaxAge = -1
	return err
}

// Cleanup deletes every session whose expires_at has passed and returns how
// many it deleted. Run it periodically (a janitor); correctness does not
// depend on it, since loading checks expiry itself.
func (s *Store) Cleanup(ctx context.Context) (int64, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, s.now())
	if err != nil {
		return 0, fmt.Errorf("sessionstore: cleanup: %w", err)
	}
	return tag.RowsAffected(), nil
}

// execer is what insert needs of a pool or a transaction.
type execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// insert stores data under a fresh id, created and last seen at now, and
// returns the id.
func (s *Store) insert(ctx context.Context, q execer, data []byte, now time.Time) (string, error) {
	raw := make([]byte, idLen)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("sessionstore: random id: %w", err)
	}
	id := base64.RawURLEncoding.EncodeToString(raw)
	hash := sha256.Sum256(raw)
	expires := now.Add(min(s.opt.Idle, s.opt.Absolute))
	_, err := q.Exec(ctx, `
		INSERT INTO sessions (id_hash, data, created_at, last_seen_at, expires_at)
		VALUES ($1, $2, $3, $3, $4)`,
		hash[:], data, now, expires)
	if err != nil {
		return "", fmt.Errorf("sessionstore: insert: %w", err)
	}
	return id, nil
}

// hashID returns SHA-256 of the raw bytes of id, and whether id is
// well-formed (base64url of idLen bytes).
func hashID(id string) ([]byte, bool) {
	if len(id) != base64.RawURLEncoding.EncodedLen(idLen) {
		return nil, false
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(id)
	if err != nil || len(raw) != idLen {
		return nil, false
	}
	h := sha256.Sum256(raw)
	return h[:], true
}

// expired reports whether a session with these stored times is expired at now.
func (s *Store) expired(now, created, lastSeen, expiresAt time.Time) bool {
	return !now.Before(expiresAt) ||
		!now.Before(created.Add(s.opt.Absolute)) ||
		!now.Before(lastSeen.Add(s.opt.Idle))
}

// now returns the clock at the precision PostgreSQL stores.
func (s *Store) now() time.Time {
	return s.opt.Now().Truncate(time.Microsecond)
}

// cookieName returns the cookie name for the session called name.
func (s *Store) cookieName(name string) string {
	if s.opt.Secure && !strings.HasPrefix(name, hostPrefix) {
		return hostPrefix + name
	}
	return name
}

// sessionOptions returns the cookie attributes of every session, for
// information: Save ignores changes other than MaxAge < 0.
func (s *Store) sessionOptions() *sessions.Options {
	return &sessions.Options{
		Path:     "/",
		Secure:   s.opt.Secure,
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
	}
}

// cookie returns the session cookie for value with the fixed attributes.
func (s *Store) cookie(name, value string) *http.Cookie {
	return &http.Cookie{
		Name:     s.cookieName(name),
		Value:    value,
		Path:     "/",
		Secure:   s.opt.Secure,
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
	}
}

// setCookie sets the signed id of sess as a browser-session cookie.
func (s *Store) setCookie(w http.ResponseWriter, sess *sessions.Session) error {
	raw, err := base64.RawURLEncoding.Strict().DecodeString(sess.ID)
	if err != nil {
		return fmt.Errorf("sessionstore: sign cookie: %w", err)
	}
	v, err := s.codec.Encode(s.cookieName(sess.Name()), raw)
	if err != nil {
		return fmt.Errorf("sessionstore: sign cookie: %w", err)
	}
	http.SetCookie(w, s.cookie(sess.Name(), v))
	return nil
}

// expireCookie tells the browser to drop the cookie of the session called name.
func (s *Store) expireCookie(w http.ResponseWriter, name string) {
	c := s.cookie(name, "")
	c.MaxAge = -1
	http.SetCookie(w, c)
}

// encodeValues gob-encodes session values.
func encodeValues(values map[any]any) ([]byte, error) {
	if values == nil {
		values = map[any]any{}
	}
	b, err := (securecookie.GobEncoder{}).Serialize(values)
	if err != nil {
		return nil, fmt.Errorf("sessionstore: encode values (gob.Register custom types): %w", err)
	}
	return b, nil
}

// decodeCache remembers the values decoded from recent session data. A
// session's data changes only when it is saved, so most requests find theirs
// here and skip decoding gob, which builds its decoder anew for every value
// (a tenth of the CPU time of a page). The key is the stored data itself:
// equal bytes decode to equal values, and the row, not this cache, says
// whether the session exists. Each caller gets its own copy of the map.
type decodeCache struct {
	mu sync.Mutex
	m  map[string]map[any]any
}

// decodeCacheSize bounds the cache; when full it starts again empty.
const decodeCacheSize = 4096

func (c *decodeCache) decode(data []byte) (map[any]any, error) {
	c.mu.Lock()
	v, ok := c.m[string(data)]
	c.mu.Unlock()
	if ok {
		return maps.Clone(v), nil
	}
	values := make(map[any]any)
	if err := (securecookie.GobEncoder{}).Deserialize(data, &values); err != nil {
		return nil, fmt.Errorf("sessionstore: decode values (gob.Register custom types): %w", err)
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= decodeCacheSize {
		c.m = make(map[string]map[any]any)
	}
	c.m[string(data)] = maps.Clone(values)
	c.mu.Unlock()
	return values, nil
}
