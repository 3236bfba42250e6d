package testutil

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// DatabaseName is the name of the database a connection URL points at.
func DatabaseName(t testing.TB, dbURL string) string {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatalf("testutil: database URL: %v", err)
	}
	return strings.TrimPrefix(u.Path, "/")
}

// WaitForQuery waits (at most 15 s) until a session on database runs a
// statement containing fragment, and returns its backend's pid. admin is a
// connection of a superuser, which sees every session's statement.
func WaitForQuery(t testing.TB, admin *pgx.Conn, database, fragment string) uint32 {
	t.Helper()
	return waitForBackend(t, admin, "a statement with "+fragment, `SELECT pid FROM pg_stat_activity
		WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid() AND strpos(query, $2) > 0
		ORDER BY backend_start LIMIT 1`, database, fragment)
}

// WaitForLockWait waits (at most 15 s) until a session on database waits
// for a lock that another session holds, in a statement containing
// fragment, and returns its backend's pid.
func WaitForLockWait(t testing.TB, admin *pgx.Conn, database, fragment string) uint32 {
	t.Helper()
	return waitForBackend(t, admin, "a statement with "+fragment+" waiting for a lock", `SELECT pid FROM pg_stat_activity
		WHERE datname = $1 AND wait_event_type = 'Lock' AND pid <> pg_backend_pid() AND strpos(query, $2) > 0
		ORDER BY backend_start LIMIT 1`, database, fragment)
}

func waitForBackend(t testing.TB, admin *pgx.Conn, what, query string, args ...any) uint32 {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		var pid uint32
		err := admin.QueryRow(context.Background(), query, args...).Scan(&pid)
		if err == nil {
			return pid
		}
		if err != pgx.ErrNoRows {
			t.Fatalf("testutil: look for %s: %v", what, err)
		}
		if time.Now().After(deadline) {
			t.Fatalf("testutil: no %s after 15 s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
