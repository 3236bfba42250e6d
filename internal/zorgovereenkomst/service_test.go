package zorgovereenkomst_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/demo"
	"pgbportaal/internal/testutil"
	zov "pgbportaal/internal/zorgovereenkomst"
)

type world struct {
	t    *testing.T
	pool *pgxpool.Pool
	svc  *zov.Service
	now  time.Time
}

func newWorld(t *testing.T) *world {
	pool := testutil.NewPool(t)
	if err := demo.Load(context.Background(), pool); err != nil {
		t.Fatal(err)
	}
	now := time.Date(time.Now().Year(), 3, 15, 10, 0, 0, 0, time.UTC)
	// The informal zorgverlener has completed their profile (with IBAN).
	if _, err := pool.Exec(context.Background(), `INSERT INTO profielen (persoon_id, straat, huisnummer, postcode, woonplaats, email, iban)
		SELECT id, 'Dorpsstraat', '1', '1234 AB', 'Amstelveen', 'h@voorbeeld.nl', 'NL91ABNA0417164300' FROM personen WHERE bsn = '135792460'`); err != nil {
		t.Fatal(err)
	}
	return &world{t: t, pool: pool, svc: &zov.Service{Pool: pool, Now: func() time.Time { return now }}, now: now}
}

// as returns a context acting as the demo persona with this identity (option i).
func (w *world) as(id auth.Identity, i int) context.Context {
	w.t.Helper()
	if id.Assurance == "" {
		id.Assurance = map[auth.Means]string{auth.DigiD: "urn:nl:digid:substantieel", auth.EHerkenning: "urn:etoegang:core:assurance-class:loa3"}[id.Means]
	}
	opts, err := auth.Resolve(context.Background(), w.pool, id, w.now)
	if err != nil {
		w.t.Fatalf("resolve %+v: %v", id, err)
	}
	return auth.WithActor(context.Background(), opts[i].Actor)
}

func digid(bsn string) auth.Identity { return auth.Identity{Means: auth.DigiD, BSN: bsn} }
func eh(kvk string) auth.Identity {
	return auth.Identity{Means: auth.EHerkenning, KvK: kvk, ActingSubject: "tester"}
}

func geldigeInhoud(now time.Time) zov.Inhoud {
	start := civil.Today(now).AddMonths(1).FirstOfMonth()
	return zov.Inhoud{
		Soort:            zov.SoortFamilie,
		BudgethouderNaam: "J. de Vries",
		Zorgverlener: zov.Zorgverlener{Naam: "H. de Boer", BSN: "135792460", Geboortedatum: civil.Date{Year: 1960, Month: 5, Day: 1},
			Adres: zov.Adres{Straat: "Dorpsstraat", Huisnummer: "1", Postcode: "1234 AB", Woonplaats: "Amstelveen"}},
		Ingangsdatum: start, Onbepaald: true,
		Uren: 1000, UrenPer: "week", Vast: false,
		Tarieven:           []zov.Tarief{{Zorgfunctie: zov.PersoonlijkeVerzorging, Eenheid: zov.PerUur, Bedrag: 2000}},
		Zorgbehoefte:       "Hulp bij wassen en aankleden.",
		WelkeZorg:          "Persoonlijke verzorging in de ochtend.",
		WaaromZorg:         "Door een beperking lukt dit niet zelfstandig.",
		StandaardAfspraken: true,
	}
}

func (w *world) get(ctx context.Context, id int64) zov.Overeenkomst {
	w.t.Helper()
	o, err := w.svc.Get(ctx, id)
	if err != nil {
		w.t.Fatalf("get: %v", err)
	}
	return o
}

func TestFullFlow(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid("111222333"), 0)
	zv := w.as(digid("135792460"), 0)
	zk := w.as(eh("41000001"), 0)
	in := geldigeInhoud(w.now)
	if errs := zov.ValidateAll(in, civil.Today(w.now), mustMax(t, w, bh, in.Ingangsdatum.Year), true); len(errs) > 0 {
		t.Fatalf("test content invalid: %v", errs)
	}

	id, err := w.svc.Nieuw(bh, in)
	if err != nil {
		t.Fatal(err)
	}
	// A concept is invisible to the zorgverlener and the zorgkantoor.
	for name, ctx := range map[string]context.Context{"zorgverlener": zv, "zorgkantoor": zk} {
		if _, err := w.svc.Get(ctx, id); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("%s sees a concept: %v", name, err)
		}
	}
	o := w.get(bh, id)
	if err := w.svc.Delen(bh, id, o.Versie, "Graag tekenen"); err != nil {
		t.Fatal(err)
	}
	o = w.get(zv, id)
	if o.Status != zov.Gedeeld || o.Notitie != "Graag tekenen" {
		t.Fatalf("after delen: %s %q", o.Status, o.Notitie)
	}
	changed := o.Inhoud
	changed.Uren = 1200
	v, err := w.svc.Aanpassen(zv, id, o.Versie, changed)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.svc.OndertekenenZV(zv, id, v); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.OndertekenenZV(zv, id, v+1); err == nil {
		t.Fatal("zorgverlener signed twice")
	}
	o = w.get(bh, id)
	if o.Status != zov.OndertekendZorgverlener || o.Inhoud.Uren != 1200 || o.GedeeldInhoud.Uren != 1000 {
		t.Fatalf("after zv signs: %s uren %d gedeeld %d", o.Status, o.Inhoud.Uren, o.GedeeldInhoud.Uren)
	}
	if o.Inhoud.Zorgverlener.IBAN != "NL91ABNA0417164300" {
		t.Errorf("IBAN not taken from the zorgverlener's profile: %q", o.Inhoud.Zorgverlener.IBAN)
	}
	// The zorgkantoor may not decide before the budgethouder signed.
	if err := w.svc.Beoordelen(zk, id, o.Versie, zov.Goedkeuren, ""); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("zorgkantoor approved before submission: %v", err)
	}
	if err := w.svc.OndertekenenBH(bh, id, o.Versie); err != nil {
		t.Fatal(err)
	}
	o = w.get(zk, id)
	if o.Status != zov.TerBeoordeling || o.IngediendOp == nil {
		t.Fatalf("after bh signs: %s", o.Status)
	}
	q, err := w.svc.Wachtrij(zk)
	if err != nil || len(q) != 1 || q[0].ID != id {
		t.Fatalf("queue: %v %+v", err, q)
	}
	// The agreement follows its budgethouder to another region and back: the
	// zorgkantoor sees it only while it is theirs.
	moveTo := func(regio string) {
		t.Helper()
		if _, err := w.pool.Exec(context.Background(), `UPDATE budgethouders SET zorgkantoor_id =
			(SELECT id FROM organisaties WHERE soort = 'zorgkantoor' AND regio = $1 ORDER BY id LIMIT 1)
			WHERE id = (SELECT budgethouder_id FROM zorgovereenkomsten WHERE id = $2)`, regio, id); err != nil {
			t.Fatal(err)
		}
		var volgt bool
		if err := w.pool.QueryRow(context.Background(), `SELECT z.zorgkantoor_id = b.zorgkantoor_id
			FROM zorgovereenkomsten z JOIN budgethouders b ON b.id = z.budgethouder_id WHERE z.id = $1`, id).Scan(&volgt); err != nil || !volgt {
			t.Fatalf("the agreement's zorgkantoor did not follow its budgethouder to %s: %v", regio, err)
		}
	}
	var regio string
	if err := w.pool.QueryRow(context.Background(), `SELECT o.regio FROM zorgovereenkomsten z
		JOIN organisaties o ON o.id = z.zorgkantoor_id WHERE z.id = $1`, id).Scan(&regio); err != nil {
		t.Fatal(err)
	}
	if _, err := w.pool.Exec(context.Background(), `INSERT INTO organisaties (naam, soort, regio, kvk)
		VALUES ('Zorgkantoor Elders', 'zorgkantoor', 'Elders', '99999991')`); err != nil {
		t.Fatal(err)
	}
	moveTo("Elders")
	if q, err := w.svc.Wachtrij(zk); err != nil || len(q) != 0 {
		t.Fatalf("queue after the budgethouder moved away: %v %+v", err, q)
	}
	if _, err := w.svc.Get(zk, id); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("the old zorgkantoor still sees the agreement: %v", err)
	}
	moveTo(regio)
	if q, err := w.svc.Wachtrij(zk); err != nil || len(q) != 1 {
		t.Fatalf("queue after the budgethouder moved back: %v %+v", err, q)
	}
	// A zorgverlener can never approve.
	if err := w.svc.Beoordelen(zv, id, o.Versie, zov.Goedkeuren, ""); err == nil {
		t.Fatal("zorgverlener approved")
	}
	if err := w.svc.Beoordelen(zk, id, o.Versie, zov.Afkeuren, ""); err == nil {
		t.Fatal("afkeuren without reason accepted")
	}
	if err := w.svc.Beoordelen(zk, id, o.Versie, zov.Goedkeuren, ""); err != nil {
		t.Fatal(err)
	}
	o = w.get(bh, id)
	if o.Status != zov.Goedgekeurd {
		t.Fatalf("status %s", o.Status)
	}
	valid := 0
	for _, h := range o.Handtekeningen {
		if h.Geldig {
			valid++
			if h.Hash != o.Inhoud.Hash() {
				t.Errorf("signature on another version: %s", h.Partij)
			}
		}
	}
	if valid != 2 {
		t.Errorf("%d valid signatures, want 2", valid)
	}
	if len(o.Tijdlijn) < 6 {
		t.Errorf("timeline has %d events", len(o.Tijdlijn))
	}
	var nBH, nZV int
	if err := w.pool.QueryRow(context.Background(), `SELECT count(*) FILTER (WHERE budgethouder_id IS NOT NULL AND kenmerk LIKE 'ZO-%'),
		count(*) FILTER (WHERE zorgverlener_id IS NOT NULL) FROM berichten`).Scan(&nBH, &nZV); err != nil {
		t.Fatal(err)
	}
	if nBH < 3 || nZV < 3 {
		t.Errorf("berichten: budgethouder %d, zorgverlener %d", nBH, nZV)
	}
}

func mustMax(t *testing.T, w *world, ctx context.Context, jaar int) zov.Maxima {
	m, ok, err := w.svc.Maxima(ctx, jaar)
	if err != nil || !ok {
		t.Fatalf("no maxima for %d: %v", jaar, err)
	}
	return m
}

func TestChangeAfterSharingVoidsSignatures(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid("111222333"), 0)
	zv := w.as(digid("135792460"), 0)
	id, _ := w.svc.Nieuw(bh, geldigeInhoud(w.now))
	o := w.get(bh, id)
	must(t, w.svc.Delen(bh, id, o.Versie, ""))
	o = w.get(zv, id)
	must(t, w.svc.OndertekenenZV(zv, id, o.Versie))
	o = w.get(bh, id)
	in := o.Inhoud
	in.OverigeAfspraken = "Koffie op maandag"
	if _, err := w.svc.Opslaan(bh, id, o.Versie, in); err != nil {
		t.Fatal(err)
	}
	o = w.get(bh, id)
	if o.Status != zov.Concept {
		t.Fatalf("status %s after change, want concept", o.Status)
	}
	for _, h := range o.Handtekeningen {
		if h.Geldig {
			t.Error("signature survived a change")
		}
	}
	if _, err := w.svc.Get(zv, id); !errors.Is(err, apperr.ErrNotFound) {
		t.Error("zorgverlener still sees the changed concept before it is shared again")
	}
	var told int
	if err := w.pool.QueryRow(context.Background(), `SELECT count(*) FROM berichten WHERE zorgverlener_id IS NOT NULL
		AND onderwerp = 'Zorgovereenkomst gewijzigd door budgethouder'`).Scan(&told); err != nil || told != 1 {
		t.Errorf("zorgverlener not told of the change: %d %v", told, err)
	}
	if err := w.svc.OndertekenenBH(bh, id, o.Versie); err == nil {
		t.Error("budgethouder submitted an unsigned concept")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestStaleSaveRefused(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid("111222333"), 0)
	id, _ := w.svc.Nieuw(bh, geldigeInhoud(w.now))
	o := w.get(bh, id)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			in := o.Inhoud
			in.OverigeAfspraken = string(rune('a' + i))
			_, errs[i] = w.svc.Opslaan(bh, id, o.Versie, in)
		}(i)
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, apperr.ErrConflict):
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d concurrent saves of one version succeeded, want exactly 1", ok)
	}
}

func TestNeedToKnow(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid("111222333"), 0)
	zv := w.as(digid("135792460"), 0)
	id, _ := w.svc.Nieuw(bh, geldigeInhoud(w.now))
	o := w.get(bh, id)
	must(t, w.svc.Delen(bh, id, o.Versie, ""))
	o = w.get(zv, id)
	must(t, w.svc.OndertekenenZV(zv, id, o.Versie))
	o = w.get(bh, id)
	must(t, w.svc.OndertekenenBH(bh, id, o.Versie))
	o = w.get(bh, id)

	others := map[string]context.Context{
		"other budgethouder (via vertegenwoordiger)": w.as(digid("999990019"), 0),
		"read-only budgethouder":                     w.as(digid("200000007"), 0),
		"unrelated formal zorgverlener":              w.as(auth.Identity{Means: auth.Vecozo, AGB: "75012345"}, 0),
		"assessor of another region":                 w.as(eh("41000002"), 0),
		"svb before approval":                        w.as(eh("27000001"), 0),
	}
	for name, ctx := range others {
		if _, err := w.svc.Get(ctx, id); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("%s: Get %v, want not found", name, err)
		}
		if err := w.svc.Beoordelen(ctx, id, o.Versie, zov.Goedkeuren, ""); err == nil {
			t.Errorf("%s could approve", name)
		}
		if _, err := w.svc.Opslaan(ctx, id, o.Versie, o.Inhoud); err == nil {
			t.Errorf("%s could save", name)
		}
		list, err := w.svc.Lijst(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range list {
			if s.ID == id {
				t.Errorf("%s lists the agreement", name)
			}
		}
	}
	var refused, read int
	if err := w.pool.QueryRow(context.Background(), `SELECT count(*) FILTER (WHERE outcome = 'geweigerd'),
		count(*) FILTER (WHERE outcome = 'ok' AND action = 'lezen')
		FROM audit_log WHERE object_type = 'zorgovereenkomst' AND object_id = $1`, strconv.FormatInt(id, 10)).Scan(&refused, &read); err != nil {
		t.Fatal(err)
	}
	if refused < len(others)*3 || read == 0 {
		t.Errorf("audit trail: %d refusals, %d reads", refused, read)
	}
	if after := w.get(bh, id); after.Versie != o.Versie || after.Status != zov.TerBeoordeling {
		t.Fatalf("agreement changed by others: versie %d→%d, %s", o.Versie, after.Versie, after.Status)
	}
}

func TestZorgverlenerCannotSignWithoutIBAN(t *testing.T) {
	w := newWorld(t)
	if _, err := w.pool.Exec(context.Background(), `DELETE FROM profielen`); err != nil {
		t.Fatal(err)
	}
	bh := w.as(digid("111222333"), 0)
	zv := w.as(digid("135792460"), 0)
	id, _ := w.svc.Nieuw(bh, geldigeInhoud(w.now))
	o := w.get(bh, id)
	must(t, w.svc.Delen(bh, id, o.Versie, ""))
	o = w.get(zv, id)
	err := w.svc.OndertekenenZV(zv, id, o.Versie)
	if code, _ := apperr.Classify(err); code != 422 {
		t.Fatalf("signing without IBAN: %v", err)
	}
	in := o.Inhoud
	in.Zorgverlener.IBAN = "NL91ABNA0417164300"
	v, err := w.svc.Aanpassen(zv, id, o.Versie, in)
	must(t, err)
	must(t, w.svc.OndertekenenZV(zv, id, v))
}

func TestVerwijderen(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid("111222333"), 0)
	zv := w.as(digid("135792460"), 0)
	zk := w.as(eh("41000001"), 0)

	// A fresh concept can be deleted.
	id, _ := w.svc.Nieuw(bh, geldigeInhoud(w.now))
	must(t, w.svc.Verwijderen(bh, id, 1))
	if _, err := w.svc.Get(bh, id); !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("deleted concept still there: %v", err)
	}

	// One the zorgkantoor has seen cannot, even when it is a concept again.
	id, _ = w.svc.Nieuw(bh, geldigeInhoud(w.now))
	o := w.get(bh, id)
	must(t, w.svc.Delen(bh, id, o.Versie, ""))
	o = w.get(zv, id)
	must(t, w.svc.OndertekenenZV(zv, id, o.Versie))
	o = w.get(bh, id)
	must(t, w.svc.OndertekenenBH(bh, id, o.Versie))
	o = w.get(zk, id)
	must(t, w.svc.Beoordelen(zk, id, o.Versie, zov.AanvullingVragen, "Graag de zorgbeschrijving aanvullen."))
	o = w.get(bh, id)
	v, err := w.svc.Opslaan(bh, id, o.Versie, o.Inhoud)
	must(t, err)
	if err := w.svc.Verwijderen(bh, id, v); !errors.Is(err, apperr.ErrConflict) {
		t.Fatalf("deleted an agreement the zorgkantoor had seen: %v", err)
	}
}
