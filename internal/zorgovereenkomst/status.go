package zorgovereenkomst

import (
	"errors"
	"fmt"
)

// Status is where an agreement stands.
type Status string

// The states of an agreement.
const (
	Concept                 Status = "concept"
	Gedeeld                 Status = "gedeeld"
	OndertekendZorgverlener Status = "ondertekend_zorgverlener"
	TerBeoordeling          Status = "ter_beoordeling"
	Goedgekeurd             Status = "goedgekeurd"
	Afgekeurd               Status = "afgekeurd"
	AanvullingGevraagd      Status = "aanvulling_gevraagd"
	// Doorgevoerd is a change (wijziging, verlenging, beëindiging) that took
	// effect: its content is now a version of the agreement it changed.
	Doorgevoerd Status = "doorgevoerd"
)

// Label is the Dutch label shown in the portal.
func (s Status) Label() string {
	switch s {
	case Concept:
		return "concept"
	case Gedeeld:
		return "gedeeld"
	case OndertekendZorgverlener:
		return "ondertekend door zorgverlener"
	case TerBeoordeling:
		return "ter beoordeling"
	case Goedgekeurd:
		return "goedgekeurd"
	case Afgekeurd:
		return "afgekeurd"
	case AanvullingGevraagd:
		return "aanvulling gevraagd"
	case Doorgevoerd:
		return "doorgevoerd"
	}
	return string(s)
}

// Partij is the side taking an action.
type Partij string

// The parties of the state machine.
const (
	PartijBudgethouder Partij = "budgethouder" // or whoever acts for them
	PartijZorgverlener Partij = "zorgverlener"
	PartijZorgkantoor  Partij = "zorgkantoor"
)

// Actie is something a party does to an agreement.
type Actie string

// The actions.
const (
	Opslaan          Actie = "opslaan"         // budgethouder changes the content
	Delen            Actie = "delen"           // Delen met zorgverlener
	Aanpassen        Actie = "aanpassen"       // zorgverlener changes werkafspraken or own details
	OndertekenenZV   Actie = "ondertekenen_zv" // Onderteken (zorgverlener)
	Terugsturen      Actie = "terugsturen"     // Terugsturen naar zorgverlener
	OndertekenenBH   Actie = "ondertekenen_bh" // Onderteken (budgethouder) → zorgkantoor
	Goedkeuren       Actie = "goedkeuren"
	Afkeuren         Actie = "afkeuren"
	AanvullingVragen Actie = "aanvulling_vragen"
	Verwijderen      Actie = "verwijderen"  // a draft the zorgkantoor never saw
	NietAkkoord      Actie = "niet_akkoord" // the zorgverlener disagrees with a beëindiging
)

type edge struct {
	from   Status
	actie  Actie
	partij Partij
}

// transitions is the whole state machine: (from, action, party) → to.
var transitions = map[edge]Status{
	{Concept, Opslaan, PartijBudgethouder}:                        Concept,
	{Gedeeld, Opslaan, PartijBudgethouder}:                        Concept, // a change voids the sharing
	{OndertekendZorgverlener, Opslaan, PartijBudgethouder}:        Concept, // and the zorgverlener's signature
	{AanvullingGevraagd, Opslaan, PartijBudgethouder}:             Concept,
	{Concept, Delen, PartijBudgethouder}:                          Gedeeld,
	{Gedeeld, Aanpassen, PartijZorgverlener}:                      Gedeeld,
	{Gedeeld, OndertekenenZV, PartijZorgverlener}:                 OndertekendZorgverlener,
	{OndertekendZorgverlener, Terugsturen, PartijBudgethouder}:    Gedeeld,
	{OndertekendZorgverlener, OndertekenenBH, PartijBudgethouder}: TerBeoordeling,
	{TerBeoordeling, Goedkeuren, PartijZorgkantoor}:               Goedgekeurd,
	{TerBeoordeling, Afkeuren, PartijZorgkantoor}:                 Afgekeurd,
	{TerBeoordeling, AanvullingVragen, PartijZorgkantoor}:         AanvullingGevraagd,
	{Concept, Verwijderen, PartijBudgethouder}:                    "",
	// A beëindiging the zorgverlener disagrees with goes to the zorgkantoor.
	{Gedeeld, NietAkkoord, PartijZorgverlener}: TerBeoordeling,
}

// ErrTransition is returned for an action that is not allowed in the current state.
var ErrTransition = errors.New("zorgovereenkomst: action not allowed in this state")

// Next returns the state after partij does actie in state from, or
// ErrTransition. An empty next state means the agreement is gone (deleted draft).
func Next(from Status, actie Actie, partij Partij) (Status, error) {
	to, ok := transitions[edge{from, actie, partij}]
	if !ok {
		return from, fmt.Errorf("%w: %s by %s in %s", ErrTransition, actie, partij, from)
	}
	return to, nil
}

// Allowed reports whether partij may do actie in state from.
func Allowed(from Status, actie Actie, partij Partij) bool {
	_, ok := transitions[edge{from, actie, partij}]
	return ok
}

// Editable reports whether the budgethouder may still change the content.
func (s Status) Editable() bool { return Allowed(s, Opslaan, PartijBudgethouder) }
