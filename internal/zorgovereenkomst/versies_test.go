package zorgovereenkomst_test

import (
	"testing"

	"pgbportaal/internal/civil"
	zov "pgbportaal/internal/zorgovereenkomst"
)

func TestEenVersieGeldtVoorEenHeleMaand(t *testing.T) {
	w := newWorld(t)
	bh, zv, zk := w.as(digid("111222333"), 0), w.as(digid("135792460"), 0), w.as(eh("41000001"), 0)
	today := civil.Today(w.now)
	in := geldigeInhoud(w.now)
	in.Onbepaald, in.Einddatum = false, civil.Date{Year: in.Ingangsdatum.Year + 1, Month: 6, Day: 30}
	id := w.goedgekeurd(in)

	// Every change takes effect on the first of a month, whatever einddatum
	// a verlenging or beëindiging proposes: in the middle, at the end or on
	// the first of a month.
	for _, eind := range []civil.Date{
		in.Einddatum.AddMonths(1).AddDays(-15), // a verlenging to the middle of a month
		today.AddMonths(4).FirstOfMonth(),      // a beëindiging on the first of a month
		today.AddMonths(3).LastOfMonth(),       // a beëindiging on the last day of a month
		today.AddMonths(2).AddDays(3),          // a beëindiging in the middle of a month
	} {
		o := w.get(bh, id)
		var cid int64
		var err error
		if eind.After(o.Inhoud.Einddatum) {
			cid, err = w.svc.Verlengen(bh, id, o.Versie, eind, false)
		} else {
			cid, err = w.svc.Beeindigen(bh, id, o.Versie, eind, "")
		}
		if err != nil {
			t.Fatalf("einddatum %s: %v", eind, err)
		}
		if per := w.get(bh, cid).Wijziging.Per; per.Day != 1 {
			t.Errorf("einddatum %s takes effect on %s", eind, per)
		}
		w.must(w.svc.OndertekenenZV(zv, cid, w.get(zv, cid).Versie))
		w.must(w.svc.OndertekenenBH(bh, cid, w.get(bh, cid).Versie))
	}
	// A wijziging chooses the first of a month itself (TestWijzigingAlleenPerDeEersteVanDeMaand).
	cid, err := w.svc.Wijzigen(bh, id, w.get(bh, id).Versie, today.FirstOfMonth().AddMonths(2))
	if err != nil {
		t.Fatal(err)
	}
	c := w.get(bh, cid)
	x := c.Inhoud
	x.Uren = 800
	v, err := w.svc.Opslaan(bh, cid, c.Versie, x)
	if err != nil {
		t.Fatal(err)
	}
	w.must(w.svc.Delen(bh, cid, v, ""))
	w.must(w.svc.OndertekenenZV(zv, cid, w.get(zv, cid).Versie))
	w.must(w.svc.OndertekenenBH(bh, cid, w.get(bh, cid).Versie))
	w.must(w.svc.Beoordelen(zk, cid, w.get(zk, cid).Versie, zov.Goedkeuren, ""))

	h, err := w.svc.Historie(bh, id)
	if err != nil || len(h.Versies) != 6 {
		t.Fatalf("versies: %v %d", err, len(h.Versies))
	}
	for _, v := range h.Versies[1:] {
		if v.Vanaf.Day != 1 {
			t.Errorf("version %d from %s", v.Nummer, v.Vanaf)
		}
	}
	// So the version in force on every day of a month is the month's version.
	for m := in.Ingangsdatum; m.Before(in.Ingangsdatum.AddMonths(14)); m = m.AddMonths(1) {
		want, _ := zov.InMaand(h.Versies, m)
		for d := m; d.Month == m.Month; d = d.AddDays(1) {
			if got, _ := zov.InWerking(h.Versies, d); got.Nummer != want.Nummer {
				t.Fatalf("%s: version %d in force, month %s has version %d", d, got.Nummer, m, want.Nummer)
			}
		}
	}
}
