// Package loginlimit counts login attempts per client and per identifier in
// PostgreSQL, so the limit holds across every instance of the portal. Keys
// are keyed hashes: the table never holds an IP address or a BSN.
package loginlimit

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/db"
)

// Limiter allows at most PerClient attempts from one client and PerID
// attempts for one identifier in each Window.
type Limiter struct {
	Pool      *pgxpool.Pool
	Secret    []byte
	Window    time.Duration
	PerClient int
	PerID     int
}

// Kind is what a key counts.
type Kind string

// Kinds of key.
const (
	Client     Kind = "client"
	Identifier Kind = "id"
)

func (l Limiter) key(kind Kind, value string) string {
	m := hmac.New(sha256.New, l.Secret)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(value))
	return string(kind) + ":" + hex.EncodeToString(m.Sum(nil))
}

// Hit counts one attempt of value (a client address or an identifier) at
// now. It reports whether the attempt is within the limit and, when it is
// not, how long until the window ends.
func (l Limiter) Hit(ctx context.Context, kind Kind, value string, now time.Time) (ok bool, retryAfter time.Duration, err error) {
	max := l.PerClient
	if kind == Identifier {
		max = l.PerID
	}
	if max <= 0 || l.Window <= 0 {
		return true, 0, nil
	}
	start := now.Truncate(l.Window)
	var n int
	err = db.TxAs(ctx, l.Pool, db.System, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO login_pogingen (sleutel, venster, aantal) VALUES ($1, $2, 1)
			ON CONFLICT (sleutel, venster) DO UPDATE SET aantal = login_pogingen.aantal + 1
			RETURNING aantal`, l.key(kind, value), start).Scan(&n); err != nil {
			return err
		}
		// Old windows are of no use; the first attempt of a window clears them.
		if n == 1 {
			_, err := tx.Exec(ctx, `DELETE FROM login_pogingen WHERE venster < $1`, start.Add(-l.Window))
			return err
		}
		return nil
	})
	if err != nil {
		return false, 0, err
	}
	if n > max {
		return false, start.Add(l.Window).Sub(now), nil
	}
	return true, 0, nil
}
