package zorgovereenkomst_test

import (
	"errors"
	"strings"
	"testing"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/civil"
	zov "pgbportaal/internal/zorgovereenkomst"
)

func TestZorgverlenerPastDeWerkafsprakenVanEenVerlengingOfBeeindigingNietAan(t *testing.T) {
	w := newWorld(t)
	bh, zv := w.as(digid("111222333"), 0), w.as(digid("135792460"), 0)
	in := geldigeInhoud(w.now)
	in.Onbepaald, in.Einddatum = false, civil.Date{Year: in.Ingangsdatum.Year, Month: 12, Day: 31}
	id := w.goedgekeurd(in)
	nieuwEind := civil.Date{Year: in.Ingangsdatum.Year + 1, Month: 12, Day: 31}

	cid, err := w.svc.Verlengen(bh, id, w.get(bh, id).Versie, nieuwEind, false)
	if err != nil {
		t.Fatal(err)
	}
	voor := w.get(zv, cid)
	for naam, wijzig := range map[string]func(*zov.Inhoud){
		"uren": func(x *zov.Inhoud) { x.Uren = 1200 },
		"tarief": func(x *zov.Inhoud) {
			x.Tarieven = []zov.Tarief{{Zorgfunctie: zov.PersoonlijkeVerzorging, Eenheid: zov.PerUur, Bedrag: 2400}}
		},
		"einddatum": func(x *zov.Inhoud) { x.Einddatum = nieuwEind.AddMonths(6) },
		"looptijd":  func(x *zov.Inhoud) { x.Onbepaald, x.Einddatum = true, civil.Date{} },
	} {
		x := voor.Inhoud
		x.Tarieven = append([]zov.Tarief(nil), x.Tarieven...)
		wijzig(&x)
		_, err := w.svc.Aanpassen(zv, cid, voor.Versie, x)
		if !errors.Is(err, apperr.ErrInvalid) || !strings.Contains(melding(err), "Bij een verlenging gaat het alleen om de einddatum") {
			t.Errorf("%s of a verlenging: %v", naam, err)
		}
	}
	if na := w.get(zv, cid); na.Versie != voor.Versie || na.Inhoud.Hash() != voor.Inhoud.Hash() {
		t.Fatalf("verlenging changed: versie %d → %d", voor.Versie, na.Versie)
	}
	// Their own phone number is theirs to fill in; the werkafspraken stay.
	x := voor.Inhoud
	x.Zorgverlener.Telefoon = "0612345678"
	if _, err := w.svc.Aanpassen(zv, cid, voor.Versie, x); err != nil {
		t.Fatalf("telefoon: %v", err)
	}
	na := w.get(zv, cid)
	if na.Inhoud.Zorgverlener.Telefoon != "0612345678" || na.Inhoud.Uren != voor.Inhoud.Uren || na.Inhoud.Einddatum != nieuwEind {
		t.Fatalf("after aanpassen: telefoon %q, uren %d, eind %s", na.Inhoud.Zorgverlener.Telefoon, na.Inhoud.Uren, na.Inhoud.Einddatum)
	}
	// Take it through (a new phone number is for the zorgkantoor to see).
	w.must(w.svc.OndertekenenZV(zv, cid, na.Versie))
	w.must(w.svc.OndertekenenBH(bh, cid, w.get(bh, cid).Versie))
	if c := w.get(bh, cid); c.Status == zov.TerBeoordeling {
		zk := w.as(eh("41000001"), 0)
		w.must(w.svc.Beoordelen(zk, cid, w.get(zk, cid).Versie, zov.Goedkeuren, ""))
	}

	// A beëindiging: the same.
	eind := civil.Today(w.now).AddMonths(2).LastOfMonth()
	cid, err = w.svc.Beeindigen(bh, id, w.get(bh, id).Versie, eind, "")
	if err != nil {
		t.Fatal(err)
	}
	voor = w.get(zv, cid)
	x = voor.Inhoud
	x.Uren, x.Einddatum = 500, eind.AddMonths(3)
	if _, err := w.svc.Aanpassen(zv, cid, voor.Versie, x); !errors.Is(err, apperr.ErrInvalid) || !strings.Contains(melding(err), "Bij een beëindiging gaat het alleen om de einddatum") {
		t.Fatalf("uren of a beëindiging: %v", err)
	}
	if na := w.get(zv, cid); na.Inhoud.Uren != voor.Inhoud.Uren || na.Inhoud.Einddatum != eind {
		t.Fatalf("beëindiging changed: uren %d, eind %s", na.Inhoud.Uren, na.Inhoud.Einddatum)
	}
}
