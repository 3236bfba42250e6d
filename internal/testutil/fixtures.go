package testutil

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Fixtures creates rows for tests with the owner's connection (no scope), so
// tests can set up any situation and then look at it through a scope.
type Fixtures struct {
	t    testing.TB
	pool *pgxpool.Pool
}

// NewFixtures returns fixture constructors for pool.
func NewFixtures(t testing.TB, pool *pgxpool.Pool) *Fixtures { return &Fixtures{t: t, pool: pool} }

var seq atomic.Int64

// BSN returns a fresh BSN passing the elfproef.
func BSN() string {
	for {
		n := 100000000 + seq.Add(7919)%800000000
		s := fmt.Sprintf("%09d", n)
		sum := 0
		for i := 0; i < 8; i++ {
			sum += (9 - i) * int(s[i]-'0')
		}
		if sum%11 == int(s[8]-'0') {
			return s
		}
	}
}

func (f *Fixtures) id(query string, args ...any) int64 {
	f.t.Helper()
	var id int64
	if err := f.pool.QueryRow(context.Background(), query, args...).Scan(&id); err != nil {
		f.t.Fatalf("fixture: %v", err)
	}
	return id
}

// Organisatie creates an organisation of a kind and returns its id.
func (f *Fixtures) Organisatie(naam, soort, regio string) int64 {
	kvk := fmt.Sprintf("%08d", 10000000+seq.Add(1))
	return f.id(`INSERT INTO organisaties (kvk, naam, soort, regio) VALUES ($1,$2,$3,$4) RETURNING id`, kvk, naam, soort, regio)
}

// Zorgkantoor creates a zorgkantoor for a region.
func (f *Fixtures) Zorgkantoor(naam, regio string) int64 {
	return f.Organisatie(naam, "zorgkantoor", regio)
}

// Persoon creates a natural person with a fresh BSN.
func (f *Fixtures) Persoon(achternaam string) (id int64, bsn string) {
	bsn = BSN()
	id = f.id(`INSERT INTO personen (bsn, aanhef, voorletters, achternaam) VALUES ($1,'mevrouw','A.',$2) RETURNING id`, bsn, achternaam)
	return id, bsn
}

// BH is a budgethouder created by Fixtures.Budgethouder.
type BH struct {
	ID, PersoonID int64
	BSN           string
}

// Budgethouder creates a person who holds a pgb at zorgkantoor zk.
func (f *Fixtures) Budgethouder(zk int64) BH {
	pid, bsn := f.Persoon("Jansen")
	id := f.id(`INSERT INTO budgethouders (persoon_id, zorgkantoor_id, relatienummer) VALUES ($1,$2,$3) RETURNING id`,
		pid, zk, fmt.Sprintf("R%07d", seq.Add(1)))
	return BH{ID: id, PersoonID: pid, BSN: bsn}
}

// Toekenning registers a budget of bedrag cents for a year.
func (f *Fixtures) Toekenning(bh int64, jaar int, bedrag int64) int64 {
	return f.id(`INSERT INTO toekenningen (budgethouder_id, jaar, bedrag, ingangsdatum, zorgprofiel)
		VALUES ($1,$2,$3,make_date($2,1,1),'5VV') RETURNING id`, bh, jaar, bedrag)
}

// Bericht stores a message for a budgethouder.
func (f *Fixtures) Bericht(bh int64, onderwerp string) int64 {
	return f.id(`INSERT INTO berichten (budgethouder_id, soort, onderwerp, inhoud) VALUES ($1,'test',$2,'Inhoud') RETURNING id`, bh, onderwerp)
}
