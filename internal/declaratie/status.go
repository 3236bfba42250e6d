package declaratie

import (
	"errors"
	"fmt"
)

// Partij is the side taking an action.
type Partij string

// The parties of the state machine.
const (
	PartijBudgethouder Partij = "budgethouder" // or whoever acts for them
	PartijZorgverlener Partij = "zorgverlener"
	PartijSVB          Partij = "svb"
)

// Actie is something a party does to a declaratie.
type Actie string

// The actions.
const (
	Opslaan             Actie = "opslaan"              // Tussentijds opslaan
	Indienen            Actie = "indienen"             // Indienen declaratie (budgethouder): planned for payment
	Versturen           Actie = "versturen"            // Versturen naar budgethouder (zorgverlener)
	Goedkeuren          Actie = "goedkeuren"           // the budgethouder plans the zorgverlener's declaratie
	Afkeuren            Actie = "afkeuren"             // back to the zorgverlener with a note
	IntrekkingAanvragen Actie = "intrekking_aanvragen" // budgethouder asks the SVB to withdraw
	IntrekkingToekennen Actie = "intrekking_toekennen" // SVB
	IntrekkingWeigeren  Actie = "intrekking_weigeren"  // SVB
)

type edge struct {
	from      Status
	actie     Actie
	partij    Partij
	invoerder bool // the party entered the declaratie itself
}

// transitions is the whole state machine: (from, action, party, whether the
// party entered it) → to. The database enforces the same moves (trigger
// declaraties_wijziging), so a zorgverlener can never plan a payment.
var transitions = map[edge]Status{
	{Concept, Opslaan, PartijBudgethouder, true}:                   Concept,
	{Concept, Indienen, PartijBudgethouder, true}:                  Ingepland,
	{Concept, Opslaan, PartijZorgverlener, true}:                   Concept,
	{Afgekeurd, Opslaan, PartijZorgverlener, true}:                 Afgekeurd,
	{Concept, Versturen, PartijZorgverlener, true}:                 TerBeoordeling,
	{Afgekeurd, Versturen, PartijZorgverlener, true}:               TerBeoordeling,
	{TerBeoordeling, Goedkeuren, PartijBudgethouder, false}:        Ingepland,
	{TerBeoordeling, Afkeuren, PartijBudgethouder, false}:          Afgekeurd,
	{Ingepland, IntrekkingAanvragen, PartijBudgethouder, true}:     IntrekkingAangevraagd,
	{Ingepland, IntrekkingAanvragen, PartijBudgethouder, false}:    IntrekkingAangevraagd,
	{IntrekkingAangevraagd, IntrekkingToekennen, PartijSVB, false}: Ingetrokken,
	{IntrekkingAangevraagd, IntrekkingWeigeren, PartijSVB, false}:  Ingepland,
}

// ErrTransition is returned for an action that is not allowed in the current state.
var ErrTransition = errors.New("declaratie: action not allowed in this state")

// invoerder reports whether partij entered a declaratie entered by ingevoerdDoor.
func invoerder(partij Partij, ingevoerdDoor string) bool {
	return (partij == PartijBudgethouder && ingevoerdDoor == DoorBudgethouder) ||
		(partij == PartijZorgverlener && ingevoerdDoor == DoorZorgverlener)
}

// Next returns the state after partij does actie on a declaratie in state
// from that ingevoerdDoor entered, or ErrTransition.
func Next(from Status, actie Actie, partij Partij, ingevoerdDoor string) (Status, error) {
	to, ok := transitions[edge{from, actie, partij, invoerder(partij, ingevoerdDoor)}]
	if !ok {
		return from, fmt.Errorf("%w: %s by %s in %s (entered by %s)", ErrTransition, actie, partij, from, ingevoerdDoor)
	}
	return to, nil
}

// Allowed reports whether partij may do actie in state from.
func Allowed(from Status, actie Actie, partij Partij, ingevoerdDoor string) bool {
	_, err := Next(from, actie, partij, ingevoerdDoor)
	return err == nil
}
