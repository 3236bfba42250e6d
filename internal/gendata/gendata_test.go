package gendata

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/declaratie"
	"pgbportaal/internal/nlid"
	"pgbportaal/internal/testutil"
)

func TestIdentifiersAreValidAndDistinct(t *testing.T) {
	seen := map[string]bool{}
	for _, base := range []int{bsnBudgethouder, bsnVertegenwoordiger, bsnInformeel} {
		for x := 0; x < 20000; x++ {
			b := bsnFor(base, x)
			if !nlid.ValidBSN(b) || len(b) != 9 {
				t.Fatalf("bsnFor(%d, %d) = %s: not a valid BSN", base, x, b)
			}
			if seen[b] {
				t.Fatalf("bsnFor(%d, %d) = %s: given twice", base, x, b)
			}
			seen[b] = true
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		if iban := ibanFor(r); func() bool { _, ok := nlid.NormalizeIBAN(iban); return !ok }() {
			t.Fatalf("ibanFor = %s: not a valid IBAN", iban)
		}
	}
	for _, k := range []int{0, 1, 74999, 199999} {
		if a := agbFor(k); !nlid.ValidAGB(a) {
			t.Fatalf("agbFor(%d) = %s: not a valid AGB-code", k, a)
		}
	}
}

func TestRegelsJSONMatchesEncodingJSON(t *testing.T) {
	g := &generator{cfg: Config{Budgethouders: 50, Seed: 9}, win: newWindow(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))}
	n := 0
	for i := 0; i < 50; i++ {
		for _, a := range g.planBudgethouder(i).afspraken {
			regels, _ := declaratieRegels(rand.New(rand.NewPCG(uint64(i), 1)), a.inhoud, g.win.Month(4))
			regels = append(regels, declaratie.Regel{Datum: g.win.Month(4), EindDatum: g.win.Month(4).AddDays(2),
				Zorgfunctie: "logeeropvang", Eenheid: "etmaal", Aantal: 200, Tarief: 15000, Bedrag: 30000})
			want, _ := json.Marshal(regels)
			if got := regelsJSON(regels); string(got) != string(want) {
				t.Fatalf("regelsJSON:\n%s\nencoding/json:\n%s", got, want)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no agreements planned")
	}
}

// fingerprint summarises the generated rows that matter, to compare two loads.
func fingerprint(t *testing.T, pool *pgxpool.Pool) string {
	t.Helper()
	var s string
	err := pool.QueryRow(context.Background(), `SELECT concat_ws('/',
		(SELECT md5(string_agg(bsn || achternaam, ',' ORDER BY id)) FROM personen),
		(SELECT md5(string_agg(status || inhoud::text, ',' ORDER BY id)) FROM zorgovereenkomsten),
		(SELECT md5(string_agg(status || periode || totaal || regels::text, ',' ORDER BY id)) FROM declaraties),
		(SELECT md5(string_agg(status || bedrag || iban, ',' ORDER BY id)) FROM betalingen),
		(SELECT count(*) FROM berichten), (SELECT count(*) FROM audit_log))`).Scan(&s)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestGenerateIsDeterministicAndConsistent: the same seed gives the same
// data; the data passes every rule of the schema; Verify notices a ledger
// that does not add up.
func TestGenerateIsDeterministicAndConsistent(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	cfg := Config{Budgethouders: 25, Seed: 3, Now: now, OpenMonths: 2}
	a, b := testutil.NewPool(t), testutil.NewPool(t)
	for _, p := range []*pgxpool.Pool{a, b} {
		if err := Generate(context.Background(), p, cfg); err != nil {
			t.Fatal(err)
		}
	}
	if fa, fb := fingerprint(t, a), fingerprint(t, b); fa != fb {
		t.Fatalf("same seed, different data: %s vs %s", fa, fb)
	}
	if err := Generate(context.Background(), a, cfg); err != ErrNotEmpty {
		t.Fatalf("second load into the same database: %v, want ErrNotEmpty", err)
	}
	var decl, open int
	if err := a.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM declaraties),
		(SELECT count(*) FROM betalingen WHERE status = 'ingepland')`).Scan(&decl, &open); err != nil {
		t.Fatal(err)
	}
	if decl < 25*5 || open == 0 {
		t.Fatalf("too little generated: %d declaraties, %d planned payments", decl, open)
	}

	// Break the ledger behind the triggers' back: Verify must see it.
	ctx := context.Background()
	conn, err := a.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SET session_replication_role = replica`); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `UPDATE toekenningen SET gepland = gepland + 100 WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `RESET session_replication_role`); err != nil {
		t.Fatal(err)
	}
	if err := Verify(ctx, a); err == nil {
		t.Fatal("Verify accepted a toekenning whose gepland differs from its betalingen")
	}
}
