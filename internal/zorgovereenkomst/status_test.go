package zorgovereenkomst

import (
	"errors"
	"testing"
)

var (
	alleStatussen = []Status{Concept, Gedeeld, OndertekendZorgverlener, TerBeoordeling, Goedgekeurd, Afgekeurd, AanvullingGevraagd, Doorgevoerd}
	alleActies    = []Actie{Opslaan, Delen, Aanpassen, OndertekenenZV, Terugsturen, OndertekenenBH, Goedkeuren, Afkeuren, AanvullingVragen, Verwijderen, NietAkkoord}
	allePartijen  = []Partij{PartijBudgethouder, PartijZorgverlener, PartijZorgkantoor}
)

type overgang struct {
	from   Status
	actie  Actie
	partij Partij
}

// legaal is the state machine as DOMAIN.md §3 describes it, written out
// independently of the map in status.go. Every other combination must fail.
var legaal = map[overgang]Status{
	// The budgethouder may change the draft until it is submitted; a change
	// after sharing voids the sharing and the zorgverlener's signature.
	{Concept, Opslaan, PartijBudgethouder}:                 Concept,
	{Gedeeld, Opslaan, PartijBudgethouder}:                 Concept,
	{OndertekendZorgverlener, Opslaan, PartijBudgethouder}: Concept,
	{AanvullingGevraagd, Opslaan, PartijBudgethouder}:      Concept,
	// Delen met zorgverlener.
	{Concept, Delen, PartijBudgethouder}: Gedeeld,
	// The zorgverlener may adjust, then signs.
	{Gedeeld, Aanpassen, PartijZorgverlener}:      Gedeeld,
	{Gedeeld, OndertekenenZV, PartijZorgverlener}: OndertekendZorgverlener,
	// The budgethouder accepts and signs (→ zorgkantoor) or sends it back.
	{OndertekendZorgverlener, Terugsturen, PartijBudgethouder}:    Gedeeld,
	{OndertekendZorgverlener, OndertekenenBH, PartijBudgethouder}: TerBeoordeling,
	// The zorgkantoor assesses.
	{TerBeoordeling, Goedkeuren, PartijZorgkantoor}:       Goedgekeurd,
	{TerBeoordeling, Afkeuren, PartijZorgkantoor}:         Afgekeurd,
	{TerBeoordeling, AanvullingVragen, PartijZorgkantoor}: AanvullingGevraagd,
	// A draft may be deleted; the empty status means it is gone.
	{Concept, Verwijderen, PartijBudgethouder}: "",
	// A zorgverlener who disagrees with a beëindiging sends it to the
	// zorgkantoor instead of signing it.
	{Gedeeld, NietAkkoord, PartijZorgverlener}: TerBeoordeling,
}

func TestTransitionsExhaustive(t *testing.T) {
	n, ok := 0, 0
	for _, from := range alleStatussen {
		for _, a := range alleActies {
			for _, p := range allePartijen {
				n++
				got, err := Next(from, a, p)
				want, legal := legaal[overgang{from, a, p}]
				if Allowed(from, a, p) != legal {
					t.Errorf("Allowed(%s, %s, %s) = %v, want %v", from, a, p, !legal, legal)
				}
				if legal {
					ok++
					if err != nil || got != want {
						t.Errorf("Next(%s, %s, %s) = %q, %v; want %q", from, a, p, got, err, want)
					}
					continue
				}
				if !errors.Is(err, ErrTransition) {
					t.Errorf("Next(%s, %s, %s) = %q, %v; want ErrTransition", from, a, p, got, err)
				}
			}
		}
	}
	if n != 8*11*3 || ok != len(legaal) {
		t.Fatalf("checked %d combinations, %d legal; want 264 and %d", n, ok, len(legaal))
	}
}

func TestTransitionsUnknownStatus(t *testing.T) {
	for _, from := range []Status{"", "ingetrokken"} {
		for _, a := range alleActies {
			for _, p := range allePartijen {
				if _, err := Next(from, a, p); !errors.Is(err, ErrTransition) {
					t.Errorf("Next(%q, %s, %s): %v, want ErrTransition", from, a, p, err)
				}
			}
		}
	}
}

func TestNamedIllegalTransitions(t *testing.T) {
	for _, c := range []struct {
		name string
		o    overgang
	}{
		{"zorgverlener signs twice", overgang{OndertekendZorgverlener, OndertekenenZV, PartijZorgverlener}},
		{"budgethouder signs twice", overgang{TerBeoordeling, OndertekenenBH, PartijBudgethouder}},
		{"budgethouder signs before the zorgverlener", overgang{Gedeeld, OndertekenenBH, PartijBudgethouder}},
		{"budgethouder signs a concept", overgang{Concept, OndertekenenBH, PartijBudgethouder}},
		{"zorgverlener signs a concept", overgang{Concept, OndertekenenZV, PartijZorgverlener}},
		{"zorgverlener signs for the budgethouder", overgang{OndertekendZorgverlener, OndertekenenBH, PartijZorgverlener}},
		{"budgethouder signs for the zorgverlener", overgang{Gedeeld, OndertekenenZV, PartijBudgethouder}},
		{"approving a concept", overgang{Concept, Goedkeuren, PartijZorgkantoor}},
		{"approving before the budgethouder signed", overgang{OndertekendZorgverlener, Goedkeuren, PartijZorgkantoor}},
		{"approving twice", overgang{Goedgekeurd, Goedkeuren, PartijZorgkantoor}},
		{"zorgverlener approving", overgang{TerBeoordeling, Goedkeuren, PartijZorgverlener}},
		{"budgethouder approving", overgang{TerBeoordeling, Goedkeuren, PartijBudgethouder}},
		{"budgethouder rejecting", overgang{TerBeoordeling, Afkeuren, PartijBudgethouder}},
		{"changing during assessment", overgang{TerBeoordeling, Opslaan, PartijBudgethouder}},
		{"changing an approved agreement in place", overgang{Goedgekeurd, Opslaan, PartijBudgethouder}},
		{"changing a rejected agreement", overgang{Afgekeurd, Opslaan, PartijBudgethouder}},
		{"zorgverlener changes the budgethouder's draft", overgang{Concept, Opslaan, PartijZorgverlener}},
		{"zorgverlener adjusts after signing", overgang{OndertekendZorgverlener, Aanpassen, PartijZorgverlener}},
		{"zorgverlener deletes", overgang{Concept, Verwijderen, PartijZorgverlener}},
		{"deleting a submitted agreement", overgang{TerBeoordeling, Verwijderen, PartijBudgethouder}},
		{"deleting an approved agreement", overgang{Goedgekeurd, Verwijderen, PartijBudgethouder}},
		{"sharing twice", overgang{Gedeeld, Delen, PartijBudgethouder}},
		{"sharing without changes after aanvulling gevraagd", overgang{AanvullingGevraagd, Delen, PartijBudgethouder}},
		{"sending back an unsigned agreement", overgang{Gedeeld, Terugsturen, PartijBudgethouder}},
	} {
		if _, legal := legaal[c.o]; legal {
			t.Fatalf("%s: listed as legal", c.name)
		}
		got, err := Next(c.o.from, c.o.actie, c.o.partij)
		if !errors.Is(err, ErrTransition) {
			t.Errorf("%s: Next = %q, %v; want ErrTransition", c.name, got, err)
		}
		if Allowed(c.o.from, c.o.actie, c.o.partij) {
			t.Errorf("%s: Allowed", c.name)
		}
	}
}

// TestHappyPath walks the whole route from draft to approval, including a
// round trip back to the zorgverlener and a request for correction.
func TestHappyPath(t *testing.T) {
	s := Concept
	for _, step := range []struct {
		a    Actie
		p    Partij
		want Status
	}{
		{Opslaan, PartijBudgethouder, Concept},
		{Delen, PartijBudgethouder, Gedeeld},
		{Aanpassen, PartijZorgverlener, Gedeeld},
		{OndertekenenZV, PartijZorgverlener, OndertekendZorgverlener},
		{Terugsturen, PartijBudgethouder, Gedeeld},
		{OndertekenenZV, PartijZorgverlener, OndertekendZorgverlener},
		{OndertekenenBH, PartijBudgethouder, TerBeoordeling},
		{AanvullingVragen, PartijZorgkantoor, AanvullingGevraagd},
		{Opslaan, PartijBudgethouder, Concept},
		{Delen, PartijBudgethouder, Gedeeld},
		{OndertekenenZV, PartijZorgverlener, OndertekendZorgverlener},
		{OndertekenenBH, PartijBudgethouder, TerBeoordeling},
		{Goedkeuren, PartijZorgkantoor, Goedgekeurd},
	} {
		next, err := Next(s, step.a, step.p)
		if err != nil || next != step.want {
			t.Fatalf("%s by %s in %s: %q, %v; want %q", step.a, step.p, s, next, err, step.want)
		}
		s = next
	}
}
