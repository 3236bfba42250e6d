package zorgovereenkomst_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/civil"
	zov "pgbportaal/internal/zorgovereenkomst"
)

// goedgekeurd is an agreement of De Vries with De Boer through every step
// up to the zorgkantoor's approval.
func (w *world) goedgekeurd(in zov.Inhoud) int64 {
	w.t.Helper()
	bh, zv, zk := w.as(digid("111222333"), 0), w.as(digid("135792460"), 0), w.as(eh("41000001"), 0)
	id, err := w.svc.Nieuw(bh, in)
	if err != nil {
		w.t.Fatal(err)
	}
	w.must(w.svc.Delen(bh, id, w.get(bh, id).Versie, ""))
	w.must(w.svc.OndertekenenZV(zv, id, w.get(zv, id).Versie))
	w.must(w.svc.OndertekenenBH(bh, id, w.get(bh, id).Versie))
	w.must(w.svc.Beoordelen(zk, id, w.get(zk, id).Versie, zov.Goedkeuren, ""))
	return id
}

func (w *world) must(err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
}

// berichten counts the berichten with this subject for a kind of recipient
// ("budgethouder", "zorgverlener", "organisatie"), of any kenmerk.
func (w *world) berichten(ontvanger, onderwerp string) int {
	w.t.Helper()
	var n int
	if err := w.pool.QueryRow(context.Background(), `SELECT count(*) FROM berichten WHERE onderwerp = $1 AND `+ontvanger+`_id IS NOT NULL`,
		onderwerp).Scan(&n); err != nil {
		w.t.Fatal(err)
	}
	return n
}

func melding(err error) string {
	var e *apperr.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return ""
}

func tarief(in zov.Inhoud) int64 {
	t, _ := in.Tarief(zov.PersoonlijkeVerzorging)
	return t.Bedrag
}

func TestTariefwijzigingGaatNaarHetZorgkantoorOudeVersieBlijftGelden(t *testing.T) {
	w := newWorld(t)
	bh, zv, zk := w.as(digid("111222333"), 0), w.as(digid("135792460"), 0), w.as(eh("41000001"), 0)
	id := w.goedgekeurd(geldigeInhoud(w.now)) // from 1 April, € 20,00 per uur
	per := civil.Today(w.now).FirstOfMonth().AddMonths(2)

	cid, err := w.svc.Wijzigen(bh, id, w.get(bh, id).Versie, per)
	if err != nil {
		t.Fatal(err)
	}
	// Only one change at a time.
	if _, err := w.svc.Wijzigen(bh, id, w.get(bh, id).Versie, per); !errors.Is(err, apperr.ErrConflict) {
		t.Fatalf("second change started: %v", err)
	}
	c := w.get(bh, cid)
	if c.Status != zov.Concept || c.Wijziging == nil || c.Wijziging.Van != id || c.Wijziging.Per != per || c.Inhoud.Ingangsdatum != per {
		t.Fatalf("change: %s %+v %s", c.Status, c.Wijziging, c.Inhoud.Ingangsdatum)
	}
	in := c.Inhoud
	in.Tarieven = []zov.Tarief{{Zorgfunctie: zov.PersoonlijkeVerzorging, Eenheid: zov.PerUur, Bedrag: 2200}}
	v, err := w.svc.Opslaan(bh, cid, c.Versie, in)
	if err != nil {
		t.Fatal(err)
	}
	if !zov.ZorgkantoorNodig(w.get(bh, id).Inhoud, in) {
		t.Fatal("a tariff change should need the zorgkantoor")
	}
	w.must(w.svc.Delen(bh, cid, v, ""))
	if w.berichten("zorgverlener", "Gedeelde wijziging zorgovereenkomst") != 1 {
		t.Error("zorgverlener got no bericht about the shared change")
	}
	w.must(w.svc.OndertekenenZV(zv, cid, w.get(zv, cid).Versie))
	w.must(w.svc.OndertekenenBH(bh, cid, w.get(bh, cid).Versie))

	// Ter beoordeling; the approved version stays in force.
	if c = w.get(bh, cid); c.Status != zov.TerBeoordeling {
		t.Fatalf("change status %s, want ter beoordeling", c.Status)
	}
	o := w.get(bh, id)
	if o.Status != zov.Goedgekeurd || tarief(o.Inhoud) != 2000 {
		t.Fatalf("agreement during assessment: %s, tarief %d", o.Status, tarief(o.Inhoud))
	}
	if w.berichten("organisatie", "Wijziging zorgovereenkomst ter beoordeling") != 1 {
		t.Error("zorgkantoor got no bericht")
	}
	q, err := w.svc.Wachtrij(zk)
	if err != nil || len(q) != 1 || q[0].ID != cid {
		t.Fatalf("queue: %v %+v", err, q)
	}

	w.must(w.svc.Beoordelen(zk, cid, w.get(zk, cid).Versie, zov.Goedkeuren, ""))
	if c = w.get(bh, cid); c.Status != zov.Doorgevoerd {
		t.Fatalf("change status %s, want doorgevoerd", c.Status)
	}
	o = w.get(bh, id)
	if o.Status != zov.Goedgekeurd || tarief(o.Inhoud) != 2200 || o.Inhoud.Ingangsdatum != geldigeInhoud(w.now).Ingangsdatum {
		t.Fatalf("agreement after approval: %s, tarief %d, ingang %s", o.Status, tarief(o.Inhoud), o.Inhoud.Ingangsdatum)
	}
	h, err := w.svc.Historie(bh, id)
	if err != nil || len(h.Versies) != 2 {
		t.Fatalf("versies: %v %+v", err, h.Versies)
	}
	if v, _ := zov.InWerking(h.Versies, per.AddDays(-1)); tarief(v.Inhoud) != 2000 || v.Nummer != 1 {
		t.Errorf("day before the change: version %d, tarief %d", v.Nummer, tarief(v.Inhoud))
	}
	if v, _ := zov.InWerking(h.Versies, per); tarief(v.Inhoud) != 2200 || v.Nummer != 2 || v.WijzigingID != cid {
		t.Errorf("day of the change: version %d, tarief %d", v.Nummer, tarief(v.Inhoud))
	}
	// Both signatures of the change are kept with it.
	if n := len(c.Handtekeningen); n != 2 {
		t.Errorf("change has %d signatures", n)
	}
	if w.berichten("zorgverlener", "Wijziging zorgovereenkomst doorgevoerd") != 1 || w.berichten("budgethouder", "Wijziging zorgovereenkomst doorgevoerd") != 1 {
		t.Error("no bericht that the change took effect")
	}
	// The change that took effect is history, not a line of the overview.
	l, _ := w.svc.Lijst(bh)
	for _, s := range l {
		if s.ID == cid {
			t.Error("doorgevoerde wijziging in the overview")
		}
	}
}

func TestVerlengingZonderZorgkantoor(t *testing.T) {
	w := newWorld(t)
	bh, zv, zk := w.as(digid("111222333"), 0), w.as(digid("135792460"), 0), w.as(eh("41000001"), 0)
	in := geldigeInhoud(w.now)
	in.Onbepaald, in.Einddatum = false, civil.Date{Year: in.Ingangsdatum.Year, Month: 12, Day: 31}
	id := w.goedgekeurd(in)
	nieuwEind := civil.Date{Year: in.Ingangsdatum.Year + 1, Month: 12, Day: 31}

	if _, err := w.svc.Verlengen(bh, id, w.get(bh, id).Versie, in.Einddatum.AddDays(-1), false); !strings.Contains(melding(err), "na de huidige einddatum") {
		t.Fatalf("earlier einddatum as verlenging: %v", err)
	}
	cid, err := w.svc.Verlengen(bh, id, w.get(bh, id).Versie, nieuwEind, false)
	if err != nil {
		t.Fatal(err)
	}
	c := w.get(zv, cid)
	if c.Status != zov.Gedeeld || c.Inhoud.Einddatum != nieuwEind {
		t.Fatalf("verlenging: %s %s", c.Status, c.Inhoud.Einddatum)
	}
	w.must(w.svc.OndertekenenZV(zv, cid, c.Versie))
	w.must(w.svc.OndertekenenBH(bh, cid, w.get(bh, cid).Versie))

	if c = w.get(bh, cid); c.Status != zov.Doorgevoerd || c.IngediendOp != nil {
		t.Fatalf("verlenging after both signatures: %s, ingediend %v", c.Status, c.IngediendOp)
	}
	if o := w.get(bh, id); o.Inhoud.Einddatum != nieuwEind || o.Status != zov.Goedgekeurd {
		t.Fatalf("agreement: %s until %s", o.Status, o.Inhoud.Einddatum)
	}
	// The zorgkantoor never had it.
	if _, err := w.svc.Get(zk, cid); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("zorgkantoor sees the verlenging: %v", err)
	}
	if n := w.berichten("organisatie", "Wijziging zorgovereenkomst ter beoordeling"); n != 0 {
		t.Errorf("%d berichten to the zorgkantoor", n)
	}
	if w.berichten("budgethouder", "Verlenging zorgovereenkomst doorgevoerd") != 1 {
		t.Error("no bericht to the budgethouder")
	}
}

func TestWijzigingAlleenPerDeEersteVanDeMaand(t *testing.T) {
	w := newWorld(t)
	bh := w.as(digid("111222333"), 0)
	id := w.goedgekeurd(geldigeInhoud(w.now))
	per := civil.Today(w.now).FirstOfMonth().AddMonths(2)

	_, err := w.svc.Wijzigen(bh, id, w.get(bh, id).Versie, per.AddDays(14))
	if !errors.Is(err, apperr.ErrInvalid) || !strings.Contains(melding(err), "eerste dag van een maand") {
		t.Fatalf("change on the 15th: %v", err)
	}
	// Nor can the date be moved to another day in the wizard.
	cid, err := w.svc.Wijzigen(bh, id, w.get(bh, id).Versie, per)
	if err != nil {
		t.Fatal(err)
	}
	c := w.get(bh, cid)
	in := c.Inhoud
	in.Ingangsdatum = per.AddDays(1)
	if _, err := w.svc.Opslaan(bh, cid, c.Versie, in); !strings.Contains(melding(err), "eerste dag van een maand") {
		t.Fatalf("change moved to the 2nd: %v", err)
	}
	if got := w.get(bh, cid).Inhoud.Ingangsdatum; got != per {
		t.Errorf("date saved anyway: %s", got)
	}
	// And never in the past.
	if _, err := w.svc.Opslaan(bh, cid, c.Versie, func() zov.Inhoud { in.Ingangsdatum = civil.Today(w.now).FirstOfMonth(); return in }()); !strings.Contains(melding(err), "op zijn vroegst") {
		t.Fatalf("change this month: %v", err)
	}
}

func TestBeeindigingZorgverlenerNietAkkoord(t *testing.T) {
	w := newWorld(t)
	bh, zv, zk := w.as(digid("111222333"), 0), w.as(digid("135792460"), 0), w.as(eh("41000001"), 0)
	id := w.goedgekeurd(geldigeInhoud(w.now))
	today := civil.Today(w.now)

	// The opzegtermijn is respected.
	if _, err := w.svc.Beeindigen(bh, id, w.get(bh, id).Versie, today.AddDays(10), ""); !strings.Contains(melding(err), "opzegtermijn") {
		t.Fatalf("end within the opzegtermijn: %v", err)
	}
	eind := today.AddMonths(2).LastOfMonth()
	cid, err := w.svc.Beeindigen(bh, id, w.get(bh, id).Versie, eind, "Ik verhuis.")
	if err != nil {
		t.Fatal(err)
	}
	// Only the zorgverlener can disagree, and must say why.
	if err := w.svc.NietAkkoord(bh, cid, w.get(bh, cid).Versie, "x"); err == nil {
		t.Fatal("budgethouder used niet akkoord")
	}
	if err := w.svc.NietAkkoord(zv, cid, w.get(zv, cid).Versie, " "); !errors.Is(err, apperr.ErrInvalid) {
		t.Fatalf("niet akkoord without reason: %v", err)
	}
	w.must(w.svc.NietAkkoord(zv, cid, w.get(zv, cid).Versie, "De opzegging is te kort."))

	c := w.get(zk, cid)
	if c.Status != zov.TerBeoordeling || c.Wijziging.Onenigheid != "De opzegging is te kort." {
		t.Fatalf("after niet akkoord: %s %+v", c.Status, c.Wijziging)
	}
	if o := w.get(bh, id); !o.Inhoud.Onbepaald || o.Status != zov.Goedgekeurd {
		t.Fatal("agreement ended silently")
	}
	var svb, zkN int
	if err := w.pool.QueryRow(context.Background(), `SELECT
		count(*) FILTER (WHERE o.soort = 'svb'), count(*) FILTER (WHERE o.soort = 'zorgkantoor')
		FROM berichten b JOIN organisaties o ON o.id = b.organisatie_id
		WHERE b.onderwerp = 'Beëindiging zorgovereenkomst: zorgverlener niet akkoord'`).Scan(&svb, &zkN); err != nil {
		t.Fatal(err)
	}
	if svb != 1 || zkN != 1 {
		t.Errorf("berichten: svb %d, zorgkantoor %d", svb, zkN)
	}
	if w.berichten("budgethouder", "Zorgverlener niet akkoord met beëindiging") != 1 {
		t.Error("budgethouder not told")
	}
	// The agreement's history shows the disagreement with the change under way.
	if h, err := w.svc.Historie(bh, id); err != nil || len(h.Wijzigingen) != 1 || !h.Wijzigingen[0].Onenigheid || !h.Wijzigingen[0].Lopend() {
		t.Errorf("historie: %v %+v", err, h.Wijzigingen)
	}
	// The zorgkantoor decides: the end takes effect.
	w.must(w.svc.Beoordelen(zk, cid, c.Versie, zov.Goedkeuren, "Opzegtermijn is gerespecteerd."))
	if o := w.get(bh, id); o.Inhoud.Onbepaald || o.Inhoud.Einddatum != eind {
		t.Fatalf("agreement after the decision: onbepaald %v, eind %s", o.Inhoud.Onbepaald, o.Inhoud.Einddatum)
	}
}

func TestWijzigenAlleenDoorDeEigenBudgethouder(t *testing.T) {
	w := newWorld(t)
	bh, zv, zk := w.as(digid("111222333"), 0), w.as(digid("135792460"), 0), w.as(eh("41000001"), 0)
	ander := w.as(digid("999990019"), 0) // acts for another budgethouder
	id := w.goedgekeurd(geldigeInhoud(w.now))
	per := civil.Today(w.now).FirstOfMonth().AddMonths(2)
	versie := w.get(bh, id).Versie

	if _, err := w.svc.Wijzigen(ander, id, versie, per); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("other budgethouder: %v", err)
	}
	for name, ctx := range map[string]context.Context{"zorgverlener": zv, "zorgkantoor": zk} {
		if _, err := w.svc.Wijzigen(ctx, id, versie, per); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("%s wijzigen: %v", name, err)
		}
		if _, err := w.svc.Beeindigen(ctx, id, versie, per.AddMonths(1), ""); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("%s beëindigen: %v", name, err)
		}
	}
	// A concept change is invisible to the zorgverlener.
	cid, err := w.svc.Wijzigen(bh, id, versie, per)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Get(zv, cid); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("zorgverlener sees the concept change: %v", err)
	}
	if _, err := w.svc.Historie(ander, id); err != nil {
		t.Fatal(err)
	} else if h, _ := w.svc.Historie(ander, id); len(h.Versies)+len(h.Wijzigingen) != 0 {
		t.Errorf("other budgethouder sees the history: %+v", h)
	}
}

// laatsteBericht is the text of the newest bericht to the budgethouder with this subject.
func (w *world) laatsteBericht(onderwerp string) string {
	w.t.Helper()
	var txt string
	if err := w.pool.QueryRow(context.Background(), `SELECT inhoud FROM berichten WHERE onderwerp = $1 AND budgethouder_id IS NOT NULL
		ORDER BY id DESC LIMIT 1`, onderwerp).Scan(&txt); err != nil {
		w.t.Fatal(err)
	}
	return txt
}

func TestZorgverlenerPastDeIngangsdatumVanEenWijzigingNietAan(t *testing.T) {
	w := newWorld(t)
	bh, zv := w.as(digid("111222333"), 0), w.as(digid("135792460"), 0)
	id := w.goedgekeurd(geldigeInhoud(w.now))
	per := civil.Today(w.now).FirstOfMonth().AddMonths(2)
	cid, err := w.svc.Wijzigen(bh, id, w.get(bh, id).Versie, per)
	if err != nil {
		t.Fatal(err)
	}
	w.must(w.svc.Delen(bh, cid, w.get(bh, cid).Versie, ""))

	// The zorgverlener adjusts the hours and sends another date along: the
	// hours change, the date the budgethouder chose stays.
	c := w.get(zv, cid)
	in := c.Inhoud
	in.Uren, in.Ingangsdatum = 1200, per.AddMonths(3)
	if _, err := w.svc.Aanpassen(zv, cid, c.Versie, in); err != nil {
		t.Fatal(err)
	}
	c = w.get(zv, cid)
	if c.Inhoud.Uren != 1200 || c.Inhoud.Ingangsdatum != per || c.Wijziging.Per != per {
		t.Fatalf("after aanpassen: uren %d, ingangsdatum %s, per %s", c.Inhoud.Uren, c.Inhoud.Ingangsdatum, c.Wijziging.Per)
	}
	// More hours need the zorgkantoor, and the budgethouder is told so.
	w.must(w.svc.OndertekenenZV(zv, cid, c.Versie))
	if txt := w.laatsteBericht("Zorgovereenkomst ondertekend door zorgverlener"); !strings.Contains(txt, "daarna beoordeelt het zorgkantoor haar") {
		t.Errorf("bericht after the zorgverlener's signature of a change: %q", txt)
	}
}

func TestBerichtNaOndertekeningZorgverlenerPerSoortWijziging(t *testing.T) {
	w := newWorld(t)
	bh, zv := w.as(digid("111222333"), 0), w.as(digid("135792460"), 0)
	in := geldigeInhoud(w.now)
	in.Onbepaald, in.Einddatum = false, civil.Date{Year: in.Ingangsdatum.Year, Month: 12, Day: 31}
	id := w.goedgekeurd(in)

	// A verlenging takes effect without the zorgkantoor.
	cid, err := w.svc.Verlengen(bh, id, w.get(bh, id).Versie, civil.Date{Year: in.Ingangsdatum.Year + 1, Month: 12, Day: 31}, false)
	if err != nil {
		t.Fatal(err)
	}
	w.must(w.svc.OndertekenenZV(zv, cid, w.get(zv, cid).Versie))
	txt := w.laatsteBericht("Zorgovereenkomst ondertekend door zorgverlener")
	if !strings.Contains(txt, "verlenging") || !strings.Contains(txt, "zonder beoordeling door het zorgkantoor") || strings.Contains(txt, "naar het zorgkantoor") {
		t.Errorf("verlenging: %q", txt)
	}
	w.must(w.svc.OndertekenenBH(bh, cid, w.get(bh, cid).Versie))

	// An agreed beëindiging ends the agreement once the budgethouder signs.
	eind := civil.Today(w.now).AddMonths(2).LastOfMonth()
	cid, err = w.svc.Beeindigen(bh, id, w.get(bh, id).Versie, eind, "")
	if err != nil {
		t.Fatal(err)
	}
	w.must(w.svc.OndertekenenZV(zv, cid, w.get(zv, cid).Versie))
	if txt := w.laatsteBericht("Zorgovereenkomst ondertekend door zorgverlener"); !strings.Contains(txt, "akkoord met de beëindiging") || !strings.Contains(txt, eind.String()) {
		t.Errorf("beëindiging: %q", txt)
	}
}
