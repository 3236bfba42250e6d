// Package melding holds the ziek- en zwangerschapsmeldingen: the budget side
// reports a zorgverlener of an approved agreement sick (eerste ziektedag) and
// later better (laatste ziektedag), or on pregnancy leave (start and expected
// end). The zorgverlener concerned and the SVB see the meldingen; for an
// employee (arbeidsovereenkomst) the SVB arranges the loondoorbetaling from a
// work queue. Nobody else sees them.
package melding

import (
	"fmt"
	"time"

	"pgbportaal/internal/civil"
)

// Soort is what is reported.
type Soort string

// The soorten of melding.
const (
	Ziek    Soort = "ziek"    // ziekmelding, later betermelding
	Zwanger Soort = "zwanger" // zwangerschaps- en bevallingsverlof
)

// Geldig reports whether s is a known soort.
func (s Soort) Geldig() bool { return s == Ziek || s == Zwanger }

// Label is the Dutch name of the soort.
func (s Soort) Label() string {
	switch s {
	case Ziek:
		return "Ziekmelding"
	case Zwanger:
		return "Zwangerschapsmelding"
	}
	return string(s)
}

// SVBStatus is where a melding stands in the SVB's work queue for the
// loondoorbetaling.
type SVBStatus string

// The SVB states.
const (
	SVBNvt          SVBStatus = "nvt"           // not an employee: the SVB pays no wage
	SVBTeBehandelen SVBStatus = "te_behandelen" // waits for the SVB
	SVBBehandeld    SVBStatus = "behandeld"     // the SVB arranged it
)

// Label is the Dutch label of the status.
func (s SVBStatus) Label() string {
	switch s {
	case SVBNvt:
		return "Niet van toepassing (geen arbeidsovereenkomst)"
	case SVBTeBehandelen:
		return "Wacht op de SVB"
	case SVBBehandeld:
		return "Verwerkt door de SVB"
	}
	return string(s)
}

// Melding is one ziek- of zwangerschapsmelding.
type Melding struct {
	ID                  int64
	BudgethouderID      int64
	ZorgovereenkomstID  int64
	ZorgverlenerID      int64
	Soort               Soort
	BudgethouderNaam    string
	Relatienummer       string // only the SVB and the budget side see it
	ZorgverlenerNaam    string
	Arbeidsovereenkomst bool
	Begindatum          civil.Date
	Einddatum           civil.NullDate // laatste ziektedag, or expected end of the leave
	SVBStatus           SVBStatus
	Versie              int
	GemeldOp            time.Time
	BeterGemeldOp       *time.Time
	BehandeldOp         *time.Time
}

// Kenmerk is the melding's reference: "ZM-000012".
func (m Melding) Kenmerk() string { return Kenmerk(m.ID) }

// Kenmerk is the reference of melding id.
func Kenmerk(id int64) string { return fmt.Sprintf("ZM-%06d", id) }

// Open reports whether m is a ziekmelding without betermelding.
func (m Melding) Open() bool { return m.Soort == Ziek && !m.Einddatum.Valid }

// Lopend reports whether m is current on today: still sick, or on leave
// (or about to be).
func (m Melding) Lopend(today civil.Date) bool {
	if m.Open() {
		return true
	}
	return m.Einddatum.Valid && !m.Einddatum.Date.Before(today)
}

// Status is the Dutch state of the melding for its parties.
func (m Melding) Status(today civil.Date) string {
	switch {
	case m.Open():
		return "Ziek"
	case m.Soort == Ziek:
		return "Beter gemeld"
	case m.Begindatum.After(today):
		return "Verlof gepland"
	case m.Lopend(today):
		return "Met verlof"
	}
	return "Verlof voorbij"
}

// BeginLabel and EindLabel name the dates of the melding as the pages show them.
func (m Melding) BeginLabel() string { return BeginLabel(m.Soort) }

// EindLabel names the end date of the melding.
func (m Melding) EindLabel() string { return EindLabel(m.Soort) }

// BeginLabel names the first date of a melding of soort s.
func BeginLabel(s Soort) string {
	if s == Zwanger {
		return "Eerste dag van het verlof"
	}
	return "Eerste ziektedag"
}

// EindLabel names the last date of a melding of soort s.
func EindLabel(s Soort) string {
	if s == Zwanger {
		return "Verwachte laatste dag van het verlof"
	}
	return "Laatste ziektedag"
}
