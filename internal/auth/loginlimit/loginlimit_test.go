package loginlimit_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"pgbportaal/internal/auth/loginlimit"
	"pgbportaal/internal/testutil"
)

func TestLimitPerKeyAndWindow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testutil.NewPool(t)
	l := loginlimit.Limiter{Pool: pool, Secret: []byte("s"), Window: 15 * time.Minute, PerClient: 5, PerID: 3}
	now := time.Date(2026, 11, 23, 10, 1, 0, 0, time.UTC)

	// Two instances share the counter: attempts from goroutines with their
	// own limiter value all count.
	var wg sync.WaitGroup
	var mu sync.Mutex
	allowed := 0
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			other := l
			ok, _, err := other.Hit(ctx, loginlimit.Client, "192.0.2.7", now)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				allowed++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if allowed != 5 {
		t.Fatalf("%d of 8 attempts allowed, want 5", allowed)
	}
	ok, retry, _ := l.Hit(ctx, loginlimit.Client, "192.0.2.7", now)
	if ok || retry != 14*time.Minute {
		t.Fatalf("over the limit: ok %v, retry after %v", ok, retry)
	}
	// Another client and an identifier have their own counters.
	if ok, _, _ := l.Hit(ctx, loginlimit.Client, "192.0.2.8", now); !ok {
		t.Fatal("another client refused")
	}
	for i := 1; i <= 4; i++ {
		ok, _, _ := l.Hit(ctx, loginlimit.Identifier, "999990019", now)
		if ok != (i <= 3) {
			t.Fatalf("identifier attempt %d: ok %v", i, ok)
		}
	}
	// The next window starts afresh.
	if ok, _, _ := l.Hit(ctx, loginlimit.Client, "192.0.2.7", now.Add(15*time.Minute)); !ok {
		t.Fatal("refused in the next window")
	}
	// Neither the address nor the BSN is stored.
	rows, err := pool.Query(ctx, `SELECT sleutel FROM login_pogingen`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		_ = rows.Scan(&k)
		if strings.Contains(k, "192.0.2") || strings.Contains(k, "999990019") {
			t.Fatalf("key in the clear: %s", k)
		}
	}
}
