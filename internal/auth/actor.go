// Package auth knows who is acting: the login through OpenID Connect, the
// mapping of an identity to parties, and the acting party in the request context.
package auth

import (
	"context"
	"encoding/gob"

	"pgbportaal/internal/db"
)

// Role is the capacity in which a person acts.
type Role string

// Roles of the portal.
const (
	RoleBudgethouder      Role = "budgethouder"
	RoleVertegenwoordiger Role = "vertegenwoordiger"
	RoleZorgverlener      Role = "zorgverlener"
	RoleZorgkantoor       Role = "zorgkantoor"
	RoleSVB               Role = "svb"
)

// Label is the Dutch name of a role.
func (r Role) Label() string {
	switch r {
	case RoleBudgethouder:
		return "Budgethouder"
	case RoleVertegenwoordiger:
		return "Vertegenwoordiger"
	case RoleZorgverlener:
		return "Zorgverlener"
	case RoleZorgkantoor:
		return "Medewerker zorgkantoor"
	case RoleSVB:
		return "Medewerker SVB"
	}
	return string(r)
}

// Means is the login means used.
type Means string

// Login means.
const (
	DigiD       Means = "digid"
	EHerkenning Means = "eherkenning"
	Vecozo      Means = "vecozo"
)

// Label is the Dutch name of a login means.
func (m Means) Label() string {
	switch m {
	case DigiD:
		return "DigiD"
	case EHerkenning:
		return "eHerkenning"
	case Vecozo:
		return "Vecozo"
	}
	return string(m)
}

// Actor is the logged-in party: who acts, for whom, in which role. It lives in
// the server-side session and in the request context.
type Actor struct {
	Role      Role
	Means     Means
	Assurance string

	PersoonID      int64 // the natural person logged in with DigiD
	OrganisatieID  int64 // the organisation logged in with eHerkenning
	MedewerkerID   int64 // the pseudonymous employee of that organisation
	ZorgverlenerID int64 // when acting as zorgverlener
	BudgethouderID int64 // when acting for a budgethouder (own or represented)

	ReadOnly      bool   // a budgethouder whose pgb a gevolmachtigde manages
	Name          string // display name of the person or organisation
	Aanhef        string // heer, mevrouw or empty
	ActingForName string // the represented budgethouder's name
	Reference     string // relatienummer or AGB-code shown in the header
	Options       int    // how many roles the identity could choose from
}

func init() { gob.Register(Actor{}) }

// Scope is the database scope of the actor.
func (a Actor) Scope() db.Scope {
	s := db.Scope{Role: string(a.Role), BudgethouderID: a.BudgethouderID, OrganisatieID: a.OrganisatieID,
		ZorgverlenerID: a.ZorgverlenerID, PersoonID: a.PersoonID, ReadOnly: a.ReadOnly}
	return s
}

// ActsForBudgethouder reports whether the actor acts for one budgethouder's pgb.
func (a Actor) ActsForBudgethouder() bool {
	return (a.Role == RoleBudgethouder || a.Role == RoleVertegenwoordiger) && a.BudgethouderID != 0
}

// IsStaff reports whether the actor is a zorgkantoor or SVB employee.
func (a Actor) IsStaff() bool { return a.Role == RoleZorgkantoor || a.Role == RoleSVB }

// AuditRef is the pseudonymous reference of the actor for the audit trail:
// internal ids, never a BSN or a name.
func (a Actor) AuditRef() (kind, ref, org string) {
	switch {
	case a.MedewerkerID != 0:
		return "medewerker", itoa(a.MedewerkerID), itoa(a.OrganisatieID)
	case a.OrganisatieID != 0:
		return "organisatie", itoa(a.OrganisatieID), itoa(a.OrganisatieID)
	case a.PersoonID != 0:
		return "persoon", itoa(a.PersoonID), ""
	case a.ZorgverlenerID != 0:
		return "zorgverlener", itoa(a.ZorgverlenerID), ""
	}
	return "onbekend", "", ""
}

type actorKey struct{}

// WithActor returns ctx carrying the actor and its database scope.
func WithActor(ctx context.Context, a Actor) context.Context {
	ctx = context.WithValue(ctx, actorKey{}, a)
	return db.WithScope(ctx, a.Scope())
}

// ActorFrom returns the logged-in actor, if any.
func ActorFrom(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(Actor)
	return a, ok
}
