package melding

import (
	"fmt"
	"strings"

	"pgbportaal/internal/civil"
)

// Fields of the forms; the rules name their messages by these.
const (
	VeldSoort            = "soort"
	VeldZorgovereenkomst = "zorgovereenkomst"
	VeldBegindatum       = "begindatum"
	VeldEinddatum        = "einddatum"
)

// MaandenVooruit is how far ahead a pregnancy leave may be reported.
const MaandenVooruit = 6

// FieldErrors are Dutch messages per form field.
type FieldErrors map[string]string

func (f FieldErrors) add(veld, msg string) {
	if _, ok := f[veld]; !ok {
		f[veld] = msg
	}
}

// Afspraak is an approved agreement of the budgethouder, as the rules need
// it: whom it is with, whether it is an arbeidsovereenkomst, its period.
type Afspraak struct {
	ID                  int64
	ZorgverlenerID      int64
	ZorgverlenerNaam    string
	BudgethouderNaam    string
	Arbeidsovereenkomst bool
	Ingangsdatum        civil.Date
	Einddatum           civil.Date // zero: onbepaalde tijd
}

// Invoer is a new melding as typed: dates as text (dd-mm-jjjj).
type Invoer struct {
	Soort              Soort
	ZorgovereenkomstID int64
	Begindatum         string
	Einddatum          string // only for a zwangerschapsmelding
}

// Gecontroleerd is a new melding that passed the rules.
type Gecontroleerd struct {
	Soort      Soort
	Afspraak   Afspraak
	Begindatum civil.Date
	Einddatum  civil.NullDate
}

// ControleerMelding checks a new melding against the rules: a soort; an
// approved agreement of the budgethouder (af; nil when the chosen one is not
// such an agreement); dates dd-mm-jjjj inside the agreement's period; a
// ziekmelding not in the future, not while another ziekmelding of that
// zorgverlener is open and not overlapping an earlier one; a pregnancy leave
// with an expected end on or after its start, at most MaandenVooruit months
// ahead and not overlapping another. bestaande are the budgethouder's
// meldingen about the same zorgverlener.
func ControleerMelding(in Invoer, af *Afspraak, bestaande []Melding, today civil.Date) (Gecontroleerd, FieldErrors) {
	f := FieldErrors{}
	g := Gecontroleerd{Soort: in.Soort}
	if !in.Soort.Geldig() {
		f.add(VeldSoort, "Kies wat u wilt melden: ziekte of zwangerschapsverlof.")
	}
	switch {
	case in.ZorgovereenkomstID == 0:
		f.add(VeldZorgovereenkomst, "Kies de zorgverlener.")
	case af == nil:
		f.add(VeldZorgovereenkomst, "Kies een zorgverlener uit de lijst. U kunt alleen een zorgverlener melden met wie u een goedgekeurde zorgovereenkomst heeft.")
	default:
		g.Afspraak = *af
	}
	begin, err := civil.Parse(in.Begindatum)
	if err != nil {
		f.add(VeldBegindatum, err.Error()+".")
	}
	g.Begindatum = begin
	if in.Soort == Zwanger {
		eind, err := civil.Parse(in.Einddatum)
		switch {
		case err != nil:
			f.add(VeldEinddatum, err.Error()+".")
		case !begin.IsZero() && eind.Before(begin):
			f.add(VeldEinddatum, "De verwachte laatste dag van het verlof kan niet vóór de eerste dag van het verlof liggen.")
		default:
			g.Einddatum = civil.NullDate{Date: eind, Valid: true}
		}
	}
	if _, fout := f[VeldBegindatum]; fout || !in.Soort.Geldig() {
		return g, f
	}
	naam := "deze zorgverlener"
	if af != nil {
		naam = af.ZorgverlenerNaam
		if begin.Before(af.Ingangsdatum) {
			f.add(VeldBegindatum, fmt.Sprintf("%s kan niet vóór de ingangsdatum van de zorgovereenkomst (%s) liggen.", BeginLabel(in.Soort), af.Ingangsdatum))
		}
		if !af.Einddatum.IsZero() && begin.After(af.Einddatum) {
			f.add(VeldBegindatum, fmt.Sprintf("%s kan niet na de einddatum van de zorgovereenkomst (%s) liggen.", BeginLabel(in.Soort), af.Einddatum))
		}
	}
	switch in.Soort {
	case Ziek:
		if begin.After(today) {
			f.add(VeldBegindatum, "De eerste ziektedag kan niet in de toekomst liggen. Meld uw zorgverlener ziek op of na de eerste dag dat hij of zij ziek is.")
		}
		for _, m := range bestaande {
			if m.Soort != Ziek {
				continue
			}
			if m.Open() {
				f.add(VeldZorgovereenkomst, fmt.Sprintf("%s is al ziek gemeld sinds %s. Meld %s eerst beter voordat u een nieuwe ziekmelding doet.",
					hoofdletter(naam), m.Begindatum, naam))
				continue
			}
			if !begin.After(m.Einddatum.Date) {
				f.add(VeldBegindatum, fmt.Sprintf("Deze ziekmelding overlapt een eerdere ziekmelding (%s tot en met %s). De eerste ziektedag moet na %s liggen.",
					m.Begindatum, m.Einddatum.Date, m.Einddatum.Date))
			}
		}
	case Zwanger:
		if begin.After(today.AddMonths(MaandenVooruit)) {
			f.add(VeldBegindatum, fmt.Sprintf("U kunt een zwangerschapsverlof hoogstens %d maanden vooruit melden.", MaandenVooruit))
		}
		if g.Einddatum.Valid {
			for _, m := range bestaande {
				if m.Soort == Zwanger && !begin.After(m.Einddatum.Date) && !g.Einddatum.Date.Before(m.Begindatum) {
					f.add(VeldBegindatum, fmt.Sprintf("Er is al een zwangerschapsverlof gemeld van %s tot en met %s. Deze periode overlapt daarmee.",
						m.Begindatum, m.Einddatum.Date))
				}
			}
		}
	}
	return g, f
}

// ControleerBetermelding checks the laatste ziektedag of a betermelding of
// ziekmelding m: a date dd-mm-jjjj, not before the eerste ziektedag and not
// in the future. The caller has checked that m is still open.
func ControleerBetermelding(m Melding, laatste string, today civil.Date) (civil.Date, FieldErrors) {
	f := FieldErrors{}
	d, err := civil.Parse(laatste)
	switch {
	case err != nil:
		f.add(VeldEinddatum, err.Error()+".")
	case d.Before(m.Begindatum):
		f.add(VeldEinddatum, fmt.Sprintf("De laatste ziektedag kan niet vóór de eerste ziektedag (%s) liggen.", m.Begindatum))
	case d.After(today):
		f.add(VeldEinddatum, "De laatste ziektedag kan niet in de toekomst liggen. Meld uw zorgverlener beter als hij of zij weer aan het werk is.")
	}
	return d, f
}

func hoofdletter(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}
