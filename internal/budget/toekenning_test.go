package budget_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/budget"
	"pgbportaal/internal/civil"
	"pgbportaal/internal/db"
)

func TestToekenningValideer(t *testing.T) {
	vandaag := civil.Date{Year: 2026, Month: time.March, Day: 15}
	ok := budget.Toekenning{BudgethouderRelatienummer: "PGB1", Jaar: 2026, Bedrag: 100, Ingangsdatum: civil.Date{Year: 2026, Month: 1, Day: 1}, Zorgprofiel: "5VV"}
	cases := []struct {
		name  string
		edit  func(*budget.Toekenning)
		field string // "" = valid
		msg   string
	}{
		{"valid", func(*budget.Toekenning) {}, "", ""},
		{"by id", func(t *budget.Toekenning) { t.BudgethouderRelatienummer, t.BudgethouderID = "", 7 }, "", ""},
		{"next year", func(t *budget.Toekenning) { t.Jaar, t.Ingangsdatum = 2027, civil.Date{Year: 2027, Month: 1, Day: 1} }, "", ""},
		{"last year", func(t *budget.Toekenning) { t.Jaar, t.Ingangsdatum = 2025, civil.Date{Year: 2025, Month: 7, Day: 1} }, "", ""},
		{"mid-year start", func(t *budget.Toekenning) { t.Ingangsdatum = civil.Date{Year: 2026, Month: 12, Day: 31} }, "", ""},
		{"no budgethouder", func(t *budget.Toekenning) { t.BudgethouderRelatienummer = "  " }, "relatienummer", "relatienummer"},
		{"no year", func(t *budget.Toekenning) { t.Jaar = 0 }, "jaar", "jaar"},
		{"two years ahead", func(t *budget.Toekenning) { t.Jaar, t.Ingangsdatum = 2028, civil.Date{Year: 2028, Month: 1, Day: 1} }, "jaar", "2025, 2026 of 2027"},
		{"zero amount", func(t *budget.Toekenning) { t.Bedrag = 0 }, "bedrag", "groter"},
		{"negative amount", func(t *budget.Toekenning) { t.Bedrag = -1 }, "bedrag", "groter"},
		{"no start", func(t *budget.Toekenning) { t.Ingangsdatum = civil.Date{} }, "ingangsdatum", "ingangsdatum"},
		{"start in other year", func(t *budget.Toekenning) { t.Ingangsdatum = civil.Date{Year: 2025, Month: 12, Day: 31} }, "ingangsdatum", "in 2026"},
		{"no profile", func(t *budget.Toekenning) { t.Zorgprofiel = "" }, "zorgprofiel", "Kies"},
		{"profile without pgb", func(t *budget.Toekenning) { t.Zorgprofiel = "ZP 9B VV" }, "zorgprofiel", "niet mogelijk"},
		{"unknown profile", func(t *budget.Toekenning) { t.Zorgprofiel = "11VV" }, "zorgprofiel", "geen toegang"},
	}
	for _, c := range cases {
		tk := ok
		c.edit(&tk)
		errs := tk.Valideer(vandaag)
		if c.field == "" {
			if len(errs) > 0 {
				t.Errorf("%s: unexpected errors %v", c.name, errs)
			}
			continue
		}
		if len(errs) != 1 || !strings.Contains(errs[c.field], c.msg) {
			t.Errorf("%s: errors %v, want only %s mentioning %q", c.name, errs, c.field, c.msg)
		}
	}
}

func TestRegistreer(t *testing.T) {
	w := newWorld(t)
	zk := w.as(eh(kvkZK), 0)
	ander := w.as(eh(kvkZ2), 0)
	tk := budget.Toekenning{BudgethouderRelatienummer: relMulder, Jaar: w.jaar, Bedrag: 3_600_000,
		Ingangsdatum: civil.Date{Year: w.jaar, Month: 2, Day: 1}, Zorgprofiel: "zzp 4 vg"}

	// Before: Mulder cannot log in.
	if _, err := auth.Resolve(context.Background(), w.pool, auth.Identity{Means: auth.DigiD, BSN: bsnMulder, Assurance: "urn:nl:digid:midden"}, w.now); !errors.Is(err, auth.RefusedNoToekenning) {
		t.Fatalf("Mulder before registration: %v", err)
	}
	// Another region's zorgkantoor does not find him.
	if _, err := w.svc.Registreer(ander, tk); !errors.Is(err, apperr.ErrNotFound) || !errors.Is(err, budget.ErrBudgethouderOnbekend) {
		t.Fatalf("other region: %v", err)
	}
	// Not a zorgkantoor: forbidden.
	for name, ctx := range map[string]context.Context{"budgethouder": w.as(digid(bsnDeVries), 0), "svb": w.as(eh(kvkSVB), 0), "zorgverlener": w.as(digid(bsnDeBoer), 0)} {
		if _, err := w.svc.Registreer(ctx, tk); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("%s registered: %v", name, err)
		}
	}
	// A profile without right to a pgb is refused.
	bad := tk
	bad.Zorgprofiel = "ZP 2 LVG"
	_, err := w.svc.Registreer(zk, bad)
	var ong apperr.Fields
	if !errors.As(err, &ong) || !strings.Contains(ong["zorgprofiel"], "pgb niet mogelijk") {
		t.Fatalf("LVG registered: %v", err)
	}

	id, err := w.svc.Registreer(zk, tk)
	if err != nil {
		t.Fatal(err)
	}
	var profiel string
	if err := w.pool.QueryRow(context.Background(), `SELECT zorgprofiel FROM toekenningen WHERE id = $1`, id).Scan(&profiel); err != nil || profiel != "4VG" {
		t.Fatalf("stored profile %q (%v), want 4VG", profiel, err)
	}
	// A second one for the same year is refused.
	tk2 := tk
	tk2.Bedrag = 1
	if _, err := w.svc.Registreer(zk, tk2); !errors.Is(err, budget.ErrAlToegekend) {
		t.Fatalf("second toekenning: %v", err)
	} else if _, msg := apperr.Classify(err); !strings.Contains(msg, "al een toekenning") {
		t.Fatalf("message %q", msg)
	}
	// Now Mulder can log in and has a bericht.
	mulder := w.as(digid(bsnMulder), 0)
	var n int
	err = db.Tx(mulder, w.pool, func(tx pgx.Tx) error {
		return tx.QueryRow(mulder, `SELECT count(*) FROM berichten WHERE onderwerp = 'Toekenningsbeschikking geregistreerd'`).Scan(&n)
	})
	if err != nil || n != 1 {
		t.Fatalf("berichten: %d %v", n, err)
	}
	o, err := w.svc.Overzicht(mulder, 0)
	if err != nil || o.Toegekend != 3_600_000 || o.Resterend != 3_600_000 || o.Zorgprofiel != "4VG" {
		t.Fatalf("overzicht: %+v %v", o, err)
	}
	// The zorgkantoor lists it; the other one does not.
	list, err := w.svc.Toekenningen(zk)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for i, x := range list {
		if i > 0 && x.GeregistreerdOp.After(list[i-1].GeregistreerdOp) {
			t.Error("list not newest first")
		}
		if x.ID == id {
			found = x.BudgethouderRelatienummer == relMulder && x.BudgethouderNaam == "R. Mulder" && x.Bedrag == 3_600_000
		}
	}
	if !found {
		t.Fatalf("registered toekenning not listed right: %+v", list)
	}
	other, err := w.svc.Toekenningen(ander)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range other {
		if x.ID == id {
			t.Fatal("other region lists the toekenning")
		}
	}
}

func TestZorgkantoorCannotBookOrMoveBudgets(t *testing.T) {
	w := newWorld(t)
	zk := w.as(eh(kvkZK), 0)
	bh := w.budgethouder(relDeVries)
	err := db.Tx(zk, w.pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(zk, `UPDATE toekenningen SET betaald = betaald + 1 WHERE budgethouder_id = $1`, bh)
		return err
	})
	if err == nil {
		t.Fatal("zorgkantoor booked a payment")
	}
	// Another region's zorgkantoor cannot insert for this budgethouder either.
	ander := w.as(eh(kvkZ2), 0)
	err = db.Tx(ander, w.pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(ander, `INSERT INTO toekenningen (budgethouder_id, jaar, bedrag, ingangsdatum, zorgprofiel)
			VALUES ($1, $2, 1, make_date($2, 1, 1), '5VV')`, bh, w.jaar+1)
		return err
	})
	if err == nil {
		t.Fatal("other region inserted a toekenning")
	}
	// And a budgethouder cannot grant itself a budget.
	self := w.as(digid(bsnDeVries), 0)
	err = db.Tx(self, w.pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(self, `INSERT INTO toekenningen (budgethouder_id, jaar, bedrag, ingangsdatum, zorgprofiel)
			VALUES ($1, $2, 1, make_date($2, 1, 1), '5VV')`, bh, w.jaar+1)
		return err
	})
	if err == nil {
		t.Fatal("budgethouder inserted a toekenning")
	}
}
