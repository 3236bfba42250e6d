package declaratie

import (
	"errors"
	"testing"
)

func TestStateMachine(t *testing.T) {
	bh, zv, svb := PartijBudgethouder, PartijZorgverlener, PartijSVB
	cases := []struct {
		from   Status
		actie  Actie
		partij Partij
		door   string
		to     Status // "" = refused
	}{
		// The budgethouder's own declaratie.
		{Concept, Opslaan, bh, DoorBudgethouder, Concept},
		{Concept, Indienen, bh, DoorBudgethouder, Ingepland},
		{Ingepland, IntrekkingAanvragen, bh, DoorBudgethouder, IntrekkingAangevraagd},
		{IntrekkingAangevraagd, IntrekkingToekennen, svb, DoorBudgethouder, Ingetrokken},
		{IntrekkingAangevraagd, IntrekkingWeigeren, svb, DoorBudgethouder, Ingepland},
		// Entered by the zorgverlener.
		{Concept, Opslaan, zv, DoorZorgverlener, Concept},
		{Concept, Versturen, zv, DoorZorgverlener, TerBeoordeling},
		{TerBeoordeling, Goedkeuren, bh, DoorZorgverlener, Ingepland},
		{TerBeoordeling, Afkeuren, bh, DoorZorgverlener, Afgekeurd},
		{Afgekeurd, Opslaan, zv, DoorZorgverlener, Afgekeurd},
		{Afgekeurd, Versturen, zv, DoorZorgverlener, TerBeoordeling},
		{Ingepland, IntrekkingAanvragen, bh, DoorZorgverlener, IntrekkingAangevraagd},

		// A zorgverlener never plans a payment or submits without approval.
		{Concept, Indienen, zv, DoorZorgverlener, ""},
		{TerBeoordeling, Goedkeuren, zv, DoorZorgverlener, ""},
		{Afgekeurd, Indienen, zv, DoorZorgverlener, ""},
		{TerBeoordeling, Opslaan, zv, DoorZorgverlener, ""},
		{Ingepland, IntrekkingAanvragen, zv, DoorZorgverlener, ""},
		// Nobody edits someone else's declaratie.
		{Concept, Opslaan, bh, DoorZorgverlener, ""},
		{Concept, Indienen, bh, DoorZorgverlener, ""},
		{Concept, Opslaan, zv, DoorBudgethouder, ""},
		{Concept, Versturen, zv, DoorBudgethouder, ""},
		// The budgethouder's own declaratie needs no approval.
		{Concept, Versturen, bh, DoorBudgethouder, ""},
		{Concept, Goedkeuren, bh, DoorBudgethouder, ""},
		// Only the SVB decides on a withdrawal; only planned ones can be withdrawn.
		{IntrekkingAangevraagd, IntrekkingToekennen, bh, DoorBudgethouder, ""},
		{Ingepland, IntrekkingToekennen, svb, DoorBudgethouder, ""},
		{Concept, IntrekkingAanvragen, bh, DoorBudgethouder, ""},
		{Uitbetaald, IntrekkingAanvragen, bh, DoorBudgethouder, ""},
		{Ingetrokken, Opslaan, bh, DoorBudgethouder, ""},
		{Ingetrokken, IntrekkingAanvragen, bh, DoorBudgethouder, ""},
		{Ingepland, Opslaan, bh, DoorBudgethouder, ""},
		{Ingepland, Indienen, bh, DoorBudgethouder, ""},
		{Concept, Opslaan, svb, DoorBudgethouder, ""},
	}
	for _, c := range cases {
		to, err := Next(c.from, c.actie, c.partij, c.door)
		if c.to == "" {
			if !errors.Is(err, ErrTransition) || to != c.from {
				t.Errorf("%s %s by %s (entered by %s): allowed to %s", c.from, c.actie, c.partij, c.door, to)
			}
			if Allowed(c.from, c.actie, c.partij, c.door) {
				t.Errorf("Allowed says yes to %s %s by %s", c.from, c.actie, c.partij)
			}
			continue
		}
		if err != nil || to != c.to {
			t.Errorf("%s %s by %s (entered by %s) = %s, %v; want %s", c.from, c.actie, c.partij, c.door, to, err, c.to)
		}
	}
	// No transition ever reaches Uitbetaald: only the betaalrun pays.
	for e, to := range transitions {
		if to == Uitbetaald {
			t.Errorf("transition %+v leads to uitbetaald", e)
		}
		if to == Ingepland && e.partij != PartijBudgethouder && e.actie != IntrekkingWeigeren {
			t.Errorf("transition %+v plans a payment without the budget side", e)
		}
	}
}

func TestLabels(t *testing.T) {
	for _, s := range Statussen {
		if s.Label() == string(s) && s != Concept && s != Afgekeurd && s != Ingepland && s != Ingetrokken && s != Uitbetaald {
			t.Errorf("status %s has no label", s)
		}
	}
	for _, s := range Soorten {
		if s.Label() == string(s) || !s.Geldig() {
			t.Errorf("soort %s has no label", s)
		}
	}
	if Soort("x").Geldig() {
		t.Error("unknown soort valid")
	}
	if Kenmerk(42) != "DC-000042" {
		t.Error(Kenmerk(42))
	}
}
