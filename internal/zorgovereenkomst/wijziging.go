package zorgovereenkomst

import (
	"fmt"
	"time"

	"pgbportaal/internal/civil"
)

// SoortWijziging is what a change of an approved agreement does.
type SoortWijziging string

// The kinds of change.
const (
	SoortWijzigen     SoortWijziging = "wijziging"   // Wijzigen: the same steps on a new version
	SoortVerlengen    SoortWijziging = "verlenging"  // Verlengen: a later einddatum
	SoortBeeindigen   SoortWijziging = "beeindiging" // Beëindigen: an earlier einddatum
	OpzegtermijnMnd                  = 1             // the wettelijke opzegtermijn of the standaard afspraken
	PerMaandenVooruit                = 12            // how far ahead a change may take effect
)

// Label is the Dutch name of the change.
func (s SoortWijziging) Label() string {
	switch s {
	case SoortWijzigen:
		return "Wijziging"
	case SoortVerlengen:
		return "Verlenging"
	case SoortBeeindigen:
		return "Beëindiging"
	}
	return string(s)
}

// Wijzigingsgegevens describes a row that changes another agreement.
type Wijzigingsgegevens struct {
	Van        int64          // the agreement it changes
	Soort      SoortWijziging // wijziging, verlenging, beëindiging
	Per        civil.Date     // the first day it governs
	Onenigheid string         // the zorgverlener's disagreement with a beëindiging
}

// Versie is a version of an agreement that took effect: it governs from
// Vanaf until the next version's Vanaf.
type Versie struct {
	Nummer      int
	Vanaf       civil.Date
	Inhoud      Inhoud
	WijzigingID int64 // the change that made it; 0 for version 1
	Vastgesteld time.Time
}

// InWerking returns the version of versies (ascending by Nummer) that
// governs day d: the newest one whose Vanaf is on or before d. Before the
// first version's Vanaf the first version governs.
func InWerking(versies []Versie, d civil.Date) (Versie, bool) {
	if len(versies) == 0 {
		return Versie{}, false
	}
	out := versies[0]
	for _, v := range versies[1:] {
		if !v.Vanaf.After(d) {
			out = v
		}
	}
	return out, true
}

// InMaand returns the version of versies (ascending by Nummer) that governs
// the month of d. A change always takes effect on the first day of a month
// (ControleerPer for a wijziging, perVoorEinde for a verlenging or
// beëindiging), so one version governs a whole month: the one in force on
// its first day. Only version 1 may start later in a month, on the
// agreement's ingangsdatum, and before that no version governs at all.
func InMaand(versies []Versie, d civil.Date) (Versie, bool) {
	return InWerking(versies, d.FirstOfMonth())
}

// ZorgkantoorNodig reports whether a change from oud to nieuw needs the
// zorgkantoor's approval: anything but a new looptijd or other overige
// afspraken does. The date a version starts is not part of the comparison.
func ZorgkantoorNodig(oud, nieuw Inhoud) bool {
	nieuw.Ingangsdatum = oud.Ingangsdatum
	return !AlleenVerlengingOfOverige(oud, nieuw)
}

// PerMogelijk are the dates a change may take effect on, made on today: the
// first of every month from the next month up to PerMaandenVooruit months
// ahead, within the agreement's looptijd (in).
func PerMogelijk(in Inhoud, today civil.Date) []civil.Date {
	var out []civil.Date
	for i := 1; i <= PerMaandenVooruit; i++ {
		d := today.FirstOfMonth().AddMonths(i)
		if !in.Onbepaald && !in.Einddatum.IsZero() && d.After(in.Einddatum) {
			break
		}
		out = append(out, d)
	}
	return out
}

// ControleerPer says why a change of agreement in cannot take effect on per
// (made on today), or "": a change always takes effect on the first day of
// a month, no earlier than next month, at most a year ahead, and within the
// looptijd.
func ControleerPer(per civil.Date, in Inhoud, today civil.Date) string {
	eerste := today.FirstOfMonth().AddMonths(1)
	switch {
	case per.IsZero():
		return "Kies de datum waarop de wijziging ingaat."
	case !per.IsValid():
		return "Vul een bestaande datum in, bijvoorbeeld " + eerste.String() + "."
	case per.Day != 1:
		return fmt.Sprintf("Een wijziging gaat altijd in op de eerste dag van een maand. Kies bijvoorbeeld %s.", per.FirstOfMonth().AddMonths(1))
	case per.Before(eerste):
		return fmt.Sprintf("Een wijziging kan op zijn vroegst ingaan op %s.", eerste)
	case per.After(today.FirstOfMonth().AddMonths(PerMaandenVooruit)):
		return "Een wijziging kan hoogstens 1 jaar vooruit ingaan."
	case !in.Onbepaald && !in.Einddatum.IsZero() && per.After(in.Einddatum):
		return fmt.Sprintf("De zorgovereenkomst loopt tot en met %s. Een wijziging moet daarvoor ingaan; wilt u langer doorgaan, kies dan Verlengen.", in.Einddatum)
	}
	return ""
}

// ControleerWijziging checks a change (nieuw, with its Ingangsdatum the date
// it takes effect) of the version oud on today: the date (ControleerPer)
// and the same soort and zorgverlener, since another zorgverlener or soort
// needs a new agreement. Errors are keyed by the wizard's fields.
func ControleerWijziging(oud, nieuw Inhoud, today civil.Date) FieldErrors {
	e := FieldErrors{}
	if msg := ControleerPer(nieuw.Ingangsdatum, oud, today); msg != "" {
		e.add("ingangsdatum", msg)
	}
	if nieuw.Soort != oud.Soort {
		e.add("soort", "Bij een wijziging blijft de soort zorgovereenkomst dezelfde. Stel voor een andere soort een nieuwe zorgovereenkomst op.")
	}
	if nieuw.Zorgverlener.ID != 0 && nieuw.Zorgverlener.ID != oud.Zorgverlener.ID {
		e.add("zv_naam", "Bij een wijziging blijft de zorgverlener dezelfde. Stel voor een andere zorgverlener een nieuwe zorgovereenkomst op.")
	}
	return e
}

// ControleerVerlenging says why in cannot be extended to einddatum (or
// indefinitely) on today, or "".
func ControleerVerlenging(in Inhoud, einddatum civil.Date, onbepaald bool, today civil.Date) string {
	switch {
	case in.Onbepaald:
		return "Deze zorgovereenkomst loopt al voor onbepaalde tijd."
	case onbepaald:
		return ""
	case einddatum.IsZero():
		return "Vul de nieuwe einddatum in, of kies voor onbepaalde tijd."
	case !einddatum.IsValid():
		return "Vul een bestaande datum in, bijvoorbeeld 31-12-" + fmt.Sprint(today.Year+1) + "."
	case !einddatum.After(in.Einddatum):
		return fmt.Sprintf("Kies een einddatum na de huidige einddatum %s. Wilt u eerder stoppen, kies dan Beëindigen.", in.Einddatum)
	case einddatum.After(today.AddMonths(5 * 12)):
		return "Verleng hoogstens 5 jaar vooruit."
	}
	return ""
}

// ControleerBeeindiging says why in cannot end on einddatum on today, or "":
// the einddatum lies before the current one and respects the opzegtermijn.
func ControleerBeeindiging(in Inhoud, einddatum, today civil.Date) string {
	vroegst := today.AddMonths(OpzegtermijnMnd)
	switch {
	case einddatum.IsZero():
		return "Vul de nieuwe einddatum in."
	case !einddatum.IsValid():
		return "Vul een bestaande datum in, bijvoorbeeld " + vroegst.String() + "."
	case !in.Onbepaald && !einddatum.Before(in.Einddatum):
		return fmt.Sprintf("De zorgovereenkomst loopt al tot en met %s. Kies een eerdere einddatum, of kies Verlengen.", in.Einddatum)
	case einddatum.Before(vroegst):
		return fmt.Sprintf("Houd rekening met de opzegtermijn van %d maand: de einddatum kan op zijn vroegst %s zijn.", OpzegtermijnMnd, vroegst)
	case einddatum.Before(in.Ingangsdatum):
		return fmt.Sprintf("De zorgovereenkomst begint op %s. Kies een einddatum daarna.", in.Ingangsdatum)
	}
	return ""
}

// perVoorEinde is the first day a beëindiging (or verlenging) governs: the
// first of next month, unless the einddatum comes first; then the first of
// the einddatum's month (or the month before when it is itself a first).
func perVoorEinde(einddatum civil.Date, onbepaald bool, today civil.Date) civil.Date {
	per := today.FirstOfMonth().AddMonths(1)
	if onbepaald || einddatum.After(per) {
		return per
	}
	per = einddatum.FirstOfMonth()
	if per == einddatum {
		per = per.AddMonths(-1)
	}
	return per
}
