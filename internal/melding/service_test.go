package melding_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/db"
	"pgbportaal/internal/demo"
	"pgbportaal/internal/melding"
	"pgbportaal/internal/testutil"
	zov "pgbportaal/internal/zorgovereenkomst"
)

// world is the demo on 15 March of this year with three agreements: mevrouw
// De Vries employs H. de Boer (arbeidsovereenkomst, approved) and has
// Thuiszorg De Linde (instelling, approved); P. Bakker's mentor has shared a
// draft with De Linde (not approved).
type world struct {
	t                         *testing.T
	pool                      *pgxpool.Pool
	svc                       *melding.Service
	now                       time.Time
	bh                        int64
	zovDienst, zovLinde, zovB int64
}

func newWorld(t *testing.T) *world {
	t.Helper()
	pool, err := db.Open(context.Background(), testutil.DatabaseURL(t)+"&pool_max_conns=12")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if err := demo.Load(context.Background(), pool); err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, pool: pool, now: time.Date(time.Now().Year(), 3, 15, 10, 0, 0, 0, time.UTC)}
	w.svc = &melding.Service{Pool: pool, Now: func() time.Time { return w.now }}
	w.bh = w.id(`SELECT id FROM budgethouders WHERE relatienummer = 'PGB1000001'`)
	jan := civil.Date{Year: w.now.Year(), Month: 1, Day: 1}
	w.zovDienst = w.agreement("PGB1000001", `SELECT z.id FROM zorgverleners z JOIN personen p ON p.id = z.persoon_id WHERE p.bsn = '135792460'`,
		zov.Inhoud{Soort: zov.SoortDienst, BudgethouderNaam: "J. de Vries", Zorgverlener: zov.Zorgverlener{Naam: "H. de Boer"}, Ingangsdatum: jan, Onbepaald: true}, "goedgekeurd")
	w.zovLinde = w.agreement("PGB1000001", `SELECT id FROM zorgverleners WHERE agb_code = '75012345'`,
		zov.Inhoud{Soort: zov.SoortInstelling, BudgethouderNaam: "J. de Vries", Zorgverlener: zov.Zorgverlener{Naam: "Thuiszorg De Linde"}, Ingangsdatum: jan, Onbepaald: true}, "goedgekeurd")
	w.zovB = w.agreement("PGB1000002", `SELECT id FROM zorgverleners WHERE agb_code = '75012345'`,
		zov.Inhoud{Soort: zov.SoortInstelling, BudgethouderNaam: "P. Bakker", Zorgverlener: zov.Zorgverlener{Naam: "Thuiszorg De Linde"}, Ingangsdatum: jan, Onbepaald: true}, "gedeeld")
	return w
}

func (w *world) agreement(rel, zvQuery string, in zov.Inhoud, status string) int64 {
	w.t.Helper()
	zv := w.id(zvQuery)
	doc, _ := json.Marshal(in)
	return w.id(`INSERT INTO zorgovereenkomsten (budgethouder_id, zorgverlener_id, status, inhoud, ingediend_op)
		SELECT b.id, $2, $3, $4, now() FROM budgethouders b WHERE b.relatienummer = $1 RETURNING id`, rel, zv, status, doc)
}

func (w *world) id(q string, args ...any) int64 {
	w.t.Helper()
	var id int64
	if err := w.pool.QueryRow(context.Background(), q, args...).Scan(&id); err != nil {
		w.t.Fatalf("%s: %v", q, err)
	}
	return id
}

func (w *world) as(id auth.Identity) context.Context {
	w.t.Helper()
	if id.Assurance == "" {
		id.Assurance = map[auth.Means]string{auth.DigiD: "urn:nl:digid:substantieel", auth.EHerkenning: "urn:etoegang:core:assurance-class:loa3"}[id.Means]
	}
	opts, err := auth.Resolve(context.Background(), w.pool, id, w.now)
	if err != nil {
		w.t.Fatalf("resolve %+v: %v", id, err)
	}
	return auth.WithActor(context.Background(), opts[0].Actor)
}

func digid(bsn string) auth.Identity { return auth.Identity{Means: auth.DigiD, BSN: bsn} }
func eh(kvk string) auth.Identity {
	return auth.Identity{Means: auth.EHerkenning, KvK: kvk, ActingSubject: "tester"}
}

func (w *world) date(m, day int) string {
	return civil.Date{Year: w.now.Year(), Month: time.Month(m), Day: day}.String()
}

func fouten(err error) melding.FieldErrors {
	var f apperr.Fields
	if errors.As(err, &f) {
		return melding.FieldErrors(f)
	}
	return nil
}

func (w *world) berichten(onderwerp string) (bh, zv int64) {
	w.t.Helper()
	bh = w.id(`SELECT count(*) FROM berichten WHERE onderwerp = $1 AND budgethouder_id IS NOT NULL`, onderwerp)
	zv = w.id(`SELECT count(*) FROM berichten WHERE onderwerp = $1 AND zorgverlener_id IS NOT NULL`, onderwerp)
	return bh, zv
}

func TestZiekmeldingBetermeldingEnDeWerklijstVanDeSVB(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid("111222333"))
	deBoer := w.as(digid("135792460"))
	deLinde := w.as(auth.Identity{Means: auth.Vecozo, AGB: "75012345"})
	svb := w.as(eh("27000001"))
	zk := w.as(eh("41000001"))
	mentor := w.as(digid("999990019"))

	// The budget side sees only its approved agreements to choose from.
	af, err := w.svc.Afspraken(bh)
	if err != nil || len(af) != 2 || af[0].ZorgverlenerNaam != "H. de Boer" || !af[0].Arbeidsovereenkomst || af[1].Arbeidsovereenkomst {
		t.Fatalf("afspraken %+v %v", af, err)
	}

	id, err := w.svc.Melden(bh, melding.Invoer{Soort: melding.Ziek, ZorgovereenkomstID: w.zovDienst, Begindatum: w.date(3, 10)})
	if err != nil {
		t.Fatal(err)
	}
	if b, z := w.berichten("Ziekmelding"); b != 1 || z != 1 {
		t.Fatalf("berichten ziekmelding: %d %d", b, z)
	}
	// No second, overlapping ziekmelding while the first is open.
	_, err = w.svc.Melden(bh, melding.Invoer{Soort: melding.Ziek, ZorgovereenkomstID: w.zovDienst, Begindatum: w.date(3, 12)})
	if f := fouten(err); !strings.Contains(f[melding.VeldZorgovereenkomst], "al ziek gemeld sinds "+w.date(3, 10)) {
		t.Fatalf("second ziekmelding: %v", err)
	}

	// The zorgverlener concerned sees it; another zorgverlener, the
	// zorgkantoor and another budgethouder's side do not.
	if l, err := w.svc.Lijst(deBoer); err != nil || len(l) != 1 || l[0].ID != id || l[0].BudgethouderNaam != "J. de Vries" {
		t.Fatalf("De Boer's list %+v %v", l, err)
	}
	if m, err := w.svc.Get(deBoer, id); err != nil || !m.Open() || m.SVBStatus != melding.SVBTeBehandelen {
		t.Fatalf("De Boer's melding %+v %v", m, err)
	}
	if l, err := w.svc.Lijst(deLinde); err != nil || len(l) != 0 {
		t.Fatalf("De Linde's list %+v %v", l, err)
	}
	for name, ctx := range map[string]context.Context{"De Linde": deLinde, "zorgkantoor": zk, "mentor": mentor} {
		if _, err := w.svc.Get(ctx, id); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("%s reads the melding: %v", name, err)
		}
	}
	if _, err := w.svc.Lijst(zk); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("zorgkantoor lists meldingen: %v", err)
	}
	if l, err := w.svc.Lijst(mentor); err != nil || len(l) != 0 {
		t.Errorf("mentor's list %+v %v", l, err)
	}
	// Only the budget side reports better; the SVB only handles.
	if err := w.svc.Betermelden(deBoer, id, 1, w.date(3, 12)); !errors.Is(err, apperr.ErrForbidden) {
		t.Errorf("zorgverlener reports better: %v", err)
	}
	if err := w.svc.Betermelden(mentor, id, 1, w.date(3, 12)); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("other budgethouder reports better: %v", err)
	}
	for name, ctx := range map[string]context.Context{"budgethouder": bh, "zorgverlener": deBoer} {
		if err := w.svc.Afhandelen(ctx, id, 1); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("%s handles for the SVB: %v", name, err)
		}
	}
	if _, err := w.svc.Melden(svb, melding.Invoer{Soort: melding.Ziek, ZorgovereenkomstID: w.zovDienst, Begindatum: w.date(3, 10)}); !errors.Is(err, apperr.ErrForbidden) {
		t.Errorf("SVB reports: %v", err)
	}

	// The SVB's queue: the employee's melding waits, first.
	l, err := w.svc.Lijst(svb)
	if err != nil || len(l) != 1 || l[0].ID != id || l[0].Relatienummer != "PGB1000001" {
		t.Fatalf("SVB list %+v %v", l, err)
	}
	if err := w.svc.Afhandelen(svb, id, 0); !errors.Is(err, apperr.ErrConflict) {
		t.Fatalf("stale afhandelen: %v", err)
	}
	if err := w.svc.Afhandelen(svb, id, 1); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.Afhandelen(svb, id, 2); !errors.Is(err, apperr.ErrConflict) {
		t.Fatalf("second afhandelen: %v", err)
	}
	if b, z := w.berichten("Melding verwerkt door de SVB"); b != 1 || z != 1 {
		t.Fatalf("berichten verwerkt: %d %d", b, z)
	}

	// Betermelding: not before the ziekmelding, not in the future, the
	// version must be current; then the SVB must end the loondoorbetaling.
	err = w.svc.Betermelden(bh, id, 2, w.date(3, 9))
	if f := fouten(err); f[melding.VeldEinddatum] != "De laatste ziektedag kan niet vóór de eerste ziektedag ("+w.date(3, 10)+") liggen." {
		t.Fatalf("betermelding before the ziekmelding: %v", err)
	}
	if f := fouten(w.svc.Betermelden(bh, id, 2, w.date(3, 16))); !strings.Contains(f[melding.VeldEinddatum], "toekomst") {
		t.Fatalf("betermelding in the future: %v", f)
	}
	if err := w.svc.Betermelden(bh, id, 1, w.date(3, 12)); !errors.Is(err, apperr.ErrConflict) {
		t.Fatalf("stale betermelding: %v", err)
	}
	if err := w.svc.Betermelden(bh, id, 2, w.date(3, 12)); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.Betermelden(bh, id, 3, w.date(3, 13)); !errors.Is(err, apperr.ErrConflict) {
		t.Fatalf("second betermelding: %v", err)
	}
	m, err := w.svc.Get(svb, id)
	if err != nil || m.Open() || m.Einddatum.Date.String() != w.date(3, 12) || m.SVBStatus != melding.SVBTeBehandelen {
		t.Fatalf("after betermelding %+v %v", m, err)
	}
	if b, z := w.berichten("Betermelding"); b != 1 || z != 1 {
		t.Fatalf("berichten betermelding: %d %d", b, z)
	}
	// A new ziekmelding after the last sick day is fine; one overlapping it is not.
	_, err = w.svc.Melden(bh, melding.Invoer{Soort: melding.Ziek, ZorgovereenkomstID: w.zovDienst, Begindatum: w.date(3, 12)})
	if f := fouten(err); !strings.Contains(f[melding.VeldBegindatum], "overlapt") {
		t.Fatalf("overlapping ziekmelding: %v", err)
	}
	if _, err := w.svc.Melden(bh, melding.Invoer{Soort: melding.Ziek, ZorgovereenkomstID: w.zovDienst, Begindatum: w.date(3, 14)}); err != nil {
		t.Fatal(err)
	}

	// Every read and change is in the audit trail, with internal ids only.
	var n int64
	if err := w.pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE object_type = 'melding'
		AND action IN ('melden', 'lezen', 'betermelden', 'afhandelen') AND budgethouder_id = $1`, w.bh).Scan(&n); err != nil || n < 8 {
		t.Fatalf("audit: %d %v", n, err)
	}
	if err := w.pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE object_type = 'melding'
		AND outcome = 'geweigerd'`).Scan(&n); err != nil || n == 0 {
		t.Fatalf("refusals not audited: %d %v", n, err)
	}
}

func TestZwangerschapsmeldingEnAlleenEigenGoedgekeurdeOvereenkomsten(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid("111222333"))
	visser := w.as(digid("200000007"))
	mentor := w.as(digid("999990019"))

	id, err := w.svc.Melden(bh, melding.Invoer{Soort: melding.Zwanger, ZorgovereenkomstID: w.zovLinde, Begindatum: w.date(5, 1), Einddatum: w.date(8, 21)})
	if err != nil {
		t.Fatal(err)
	}
	m, err := w.svc.Get(bh, id)
	if err != nil || m.Soort != melding.Zwanger || m.Status(civil.Today(w.now)) != "Verlof gepland" || m.SVBStatus != melding.SVBNvt {
		t.Fatalf("%+v %v", m, err)
	}
	if b, z := w.berichten("Zwangerschapsmelding"); b != 1 || z != 1 {
		t.Fatalf("berichten: %d %d", b, z)
	}
	// Not an employee: nothing for the SVB to handle, though the SVB sees it.
	if err := w.svc.Afhandelen(w.as(eh("27000001")), id, 1); !errors.Is(err, apperr.ErrConflict) {
		t.Fatalf("afhandelen of a non-employee: %v", err)
	}
	// No betermelding of a pregnancy leave.
	if err := w.svc.Betermelden(bh, id, 1, w.date(3, 15)); !errors.Is(err, apperr.ErrConflict) {
		t.Fatalf("betermelding of a leave: %v", err)
	}

	// Another budgethouder's agreement, or one not approved: as if not there.
	if _, err := w.svc.Melden(bh, melding.Invoer{Soort: melding.Ziek, ZorgovereenkomstID: w.zovB, Begindatum: w.date(3, 10)}); fouten(err)[melding.VeldZorgovereenkomst] == "" {
		t.Fatalf("reported under another's agreement: %v", err)
	}
	if _, err := w.svc.Melden(mentor, melding.Invoer{Soort: melding.Ziek, ZorgovereenkomstID: w.zovB, Begindatum: w.date(3, 10)}); fouten(err)[melding.VeldZorgovereenkomst] == "" {
		t.Fatalf("reported under a shared draft: %v", err)
	}
	if _, err := w.svc.Melden(mentor, melding.Invoer{Soort: melding.Ziek, ZorgovereenkomstID: w.zovDienst, Begindatum: w.date(3, 10)}); fouten(err)[melding.VeldZorgovereenkomst] == "" {
		t.Fatalf("mentor reported under De Vries' agreement: %v", err)
	}
	// A read-only budgethouder may look, never report.
	if _, err := w.svc.Melden(visser, melding.Invoer{Soort: melding.Ziek, ZorgovereenkomstID: w.zovDienst, Begindatum: w.date(3, 10)}); !errors.Is(err, apperr.ErrForbidden) {
		t.Fatalf("read-only reports: %v", err)
	}
	if _, err := w.svc.Lijst(visser); err != nil {
		t.Fatalf("read-only cannot look: %v", err)
	}
	if n := w.id(`SELECT count(*) FROM meldingen`); n != 1 {
		t.Fatalf("%d meldingen", n)
	}
}

// TestMeldingenInDeDatabase checks the rules the database itself keeps,
// whatever the service does: who sees rows, and what may change.
func TestMeldingenInDeDatabase(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid("111222333"))
	id, err := w.svc.Melden(bh, melding.Invoer{Soort: melding.Ziek, ZorgovereenkomstID: w.zovDienst, Begindatum: w.date(3, 10)})
	if err != nil {
		t.Fatal(err)
	}
	zvDeBoer := w.id(`SELECT zorgverlener_id FROM zorgovereenkomsten WHERE id = $1`, w.zovDienst)
	zvDeLinde := w.id(`SELECT id FROM zorgverleners WHERE agb_code = '75012345'`)
	zk := w.id(`SELECT id FROM organisaties WHERE kvk = '41000001'`)
	svb := w.id(`SELECT id FROM organisaties WHERE kvk = '27000001'`)
	bakker := w.id(`SELECT id FROM budgethouders WHERE relatienummer = 'PGB1000002'`)
	count := func(s db.Scope) int64 {
		var n int64
		if err := db.TxAs(context.Background(), w.pool, s, func(tx pgx.Tx) error {
			return tx.QueryRow(context.Background(), `SELECT count(*) FROM meldingen`).Scan(&n)
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, c := range []struct {
		name  string
		scope db.Scope
		want  int64
	}{
		{"budgethouder", db.Scope{Role: "budgethouder", BudgethouderID: w.bh}, 1},
		{"zorgverlener concerned", db.Scope{Role: "zorgverlener", ZorgverlenerID: zvDeBoer}, 1},
		{"SVB", db.Scope{Role: "svb", OrganisatieID: svb}, 1},
		{"other zorgverlener", db.Scope{Role: "zorgverlener", ZorgverlenerID: zvDeLinde}, 0},
		{"zorgkantoor of the region", db.Scope{Role: "zorgkantoor", OrganisatieID: zk}, 0},
		{"other budgethouder", db.Scope{Role: "vertegenwoordiger", BudgethouderID: bakker}, 0},
	} {
		if got := count(c.scope); got != c.want {
			t.Errorf("%s sees %d meldingen, want %d", c.name, got, c.want)
		}
	}
	exec := func(s db.Scope, q string, args ...any) error {
		return db.TxAs(context.Background(), w.pool, s, func(tx pgx.Tx) error {
			_, err := tx.Exec(context.Background(), q, args...)
			return err
		})
	}
	own := db.Scope{Role: "budgethouder", BudgethouderID: w.bh}
	if err := exec(own, `UPDATE meldingen SET begindatum = begindatum - 5, versie = versie + 1 WHERE id = $1`, id); err == nil {
		t.Error("the budgethouder changed the eerste ziektedag")
	}
	if err := exec(own, `UPDATE meldingen SET svb_status = 'behandeld', behandeld_op = now(), versie = versie + 1 WHERE id = $1`, id); err == nil {
		t.Error("the budgethouder marked the melding handled")
	}
	if err := exec(db.Scope{Role: "svb", OrganisatieID: svb}, `UPDATE meldingen SET einddatum = begindatum, beter_gemeld_op = now(), versie = versie + 1 WHERE id = $1`, id); err == nil {
		t.Error("the SVB reported better")
	}
	if err := exec(db.Scope{Role: "vertegenwoordiger", BudgethouderID: bakker}, `INSERT INTO meldingen (budgethouder_id, zorgovereenkomst_id,
		zorgverlener_id, soort, arbeidsovereenkomst, begindatum, svb_status) VALUES ($1, $2, $3, 'ziek', false, current_date, 'nvt')`,
		bakker, w.zovDienst, zvDeBoer); err == nil {
		t.Error("another budgethouder reported under De Vries' agreement")
	}
	if err := exec(db.Scope{Role: "zorgverlener", ZorgverlenerID: zvDeBoer}, `DELETE FROM meldingen WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if n := w.id(`SELECT count(*) FROM meldingen`); n != 1 {
		t.Error("the zorgverlener deleted the melding")
	}
}

// TestGelijktijdigeZiekmeldingen: two reports at once of one zorgverlener
// leave exactly one open ziekmelding.
func TestGelijktijdigeZiekmeldingen(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid("111222333"))
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = w.svc.Melden(bh, melding.Invoer{Soort: melding.Ziek, ZorgovereenkomstID: w.zovDienst, Begindatum: w.date(3, 1+i)})
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if fouten(err) == nil {
			t.Errorf("unexpected error: %v", err)
		}
	}
	if n := w.id(`SELECT count(*) FROM meldingen`); ok != 1 || n != 1 {
		t.Fatalf("%d succeeded, %d stored", ok, n)
	}
}
