// Package declaratie is what a budgethouder claims from the budget: geleverde
// zorg per day under an approved agreement, and the other soorten (factuur
// reiskosten budgethouder, bijkomende zorgkosten, feestdagenuitkering,
// verantwoordingsvrij bedrag). It holds the types, the rules (pure functions,
// table-tested) and the service that drafts, submits, approves and withdraws
// declaraties, planning their payment on the budget in the same transaction.
package declaratie

import (
	"fmt"
	"time"

	"pgbportaal/internal/civil"
	zov "pgbportaal/internal/zorgovereenkomst"
)

// Soort is the kind of declaratie.
type Soort string

// The soorten declaratie, in the order "Indienen declaratie" offers them.
const (
	SoortZorg                   Soort = "zorg"                    // Geleverde zorg en reiskosten zorgverlener
	SoortReiskostenBudgethouder Soort = "reiskosten_budgethouder" // Factuur reiskosten budgethouder
	SoortBijkomendeKosten       Soort = "bijkomende_kosten"       // Bijkomende zorgkosten
	SoortFeestdagen             Soort = "feestdagen"              // Feestdagenuitkering
	SoortVVB                    Soort = "vvb"                     // Verantwoordingsvrij bedrag
)

// Soorten lists every soort in display order.
var Soorten = []Soort{SoortZorg, SoortReiskostenBudgethouder, SoortBijkomendeKosten, SoortFeestdagen, SoortVVB}

// Label is the Dutch name of the soort.
func (s Soort) Label() string {
	switch s {
	case SoortZorg:
		return "Geleverde zorg en reiskosten zorgverlener"
	case SoortReiskostenBudgethouder:
		return "Factuur reiskosten budgethouder"
	case SoortBijkomendeKosten:
		return "Bijkomende zorgkosten"
	case SoortFeestdagen:
		return "Feestdagenuitkering"
	case SoortVVB:
		return "Verantwoordingsvrij bedrag"
	}
	return string(s)
}

// Geldig reports whether s is one of the soorten.
func (s Soort) Geldig() bool {
	for _, x := range Soorten {
		if x == s {
			return true
		}
	}
	return false
}

// MetZorgovereenkomst reports whether the soort belongs to an agreement and
// is paid to its zorgverlener; the others are paid to the budgethouder's own
// account.
func (s Soort) MetZorgovereenkomst() bool {
	return s == SoortZorg || s == SoortBijkomendeKosten || s == SoortFeestdagen
}

// Status is where a declaratie stands.
type Status string

// The states of a declaratie. Uitbetaald is never stored: it is read from
// the betaling the SVB's betaalrun paid.
const (
	Concept               Status = "concept"
	TerBeoordeling        Status = "ter_beoordeling"
	Afgekeurd             Status = "afgekeurd"
	Ingepland             Status = "ingepland"
	IntrekkingAangevraagd Status = "intrekking_aangevraagd"
	Ingetrokken           Status = "ingetrokken"
	Uitbetaald            Status = "uitbetaald"
)

// Statussen lists every status in the order of the way a declaratie goes.
var Statussen = []Status{Concept, TerBeoordeling, Afgekeurd, Ingepland, IntrekkingAangevraagd, Ingetrokken, Uitbetaald}

// Label is the Dutch label of the status.
func (s Status) Label() string {
	switch s {
	case Concept:
		return "concept"
	case TerBeoordeling:
		return "ter beoordeling"
	case Afgekeurd:
		return "afgekeurd"
	case Ingepland:
		return "ingepland"
	case IntrekkingAangevraagd:
		return "intrekking aangevraagd"
	case Ingetrokken:
		return "ingetrokken"
	case Uitbetaald:
		return "uitbetaald"
	}
	return string(s)
}

// Ingevoerd door: who entered the declaratie.
const (
	DoorBudgethouder = "budgethouder" // the budgethouder or whoever acts for them
	DoorZorgverlener = "zorgverlener"
	DoorSVB          = "svb" // a postal or scanned declaratie
)

// PerKm is the unit of a reiskosten regel: kilometres, in hundredths.
const PerKm zov.Eenheid = "km"

// Regel is one entry of a declaratie of geleverde zorg: on Datum (through
// EindDatum for a rate over several days, such as a weekend logeeropvang),
// Aantal hundredths of the agreed Eenheid of a Zorgfunctie, or, with
// Eenheid PerKm and no Zorgfunctie, hundredths of a kilometre of
// reiskosten. Tarief and Bedrag are filled in by the portal from the
// agreement (Bereken); what a client sends there is ignored.
type Regel struct {
	Datum       civil.Date      `json:"datum"`
	EindDatum   civil.Date      `json:"eind_datum,omitzero"`
	Zorgfunctie zov.Zorgfunctie `json:"zorgfunctie,omitempty"`
	Eenheid     zov.Eenheid     `json:"eenheid"`
	Aantal      int64           `json:"aantal"` // hundredths: 1,5 uur is 150, 2 etmalen 200
	Tarief      int64           `json:"tarief"` // cents per unit
	Bedrag      int64           `json:"bedrag"` // cents
}

// Meerdaags reports whether the regel is a rate over several days.
func (r Regel) Meerdaags() bool { return !r.EindDatum.IsZero() }

// Reiskosten reports whether the regel is kilometres of reiskosten.
func (r Regel) Reiskosten() bool { return r.Eenheid == PerKm }

// Declaratie is a declaratie as its parties see it.
type Declaratie struct {
	ID                 int64
	BudgethouderID     int64
	ZorgovereenkomstID int64 // 0: none (VVB, factuur reiskosten budgethouder)
	ZorgverlenerID     int64 // 0: paid to the budgethouder's own account
	Soort              Soort
	Periode            civil.Date // first of the month
	Status             Status     // as shown: uitbetaald once its betaling is paid
	IngevoerdDoor      string
	Regels             []Regel
	Totaal             int64 // cents
	NaarWaarheid       bool
	Notitie            string // the budgethouder's reason for a rejection
	Omschrijving       string
	IBAN               string // the budgethouder's own account (VVB, reiskosten budgethouder)
	Versie             int
	Aangemaakt         time.Time
	Gewijzigd          time.Time
	IngediendOp        *time.Time

	// Read with it, for display.
	ZorgverlenerNaam string
	BudgethouderNaam string
	BetalingID       int64 // the planned or paid betaling; 0: none
	UitbetaaldOp     *time.Time
	Afspraak         *zov.Inhoud // the agreement's content (soorten with an agreement)
	AfspraakStatus   zov.Status
	Versies          []zov.Versie // the agreement's versions that took effect, oldest first
}

// MaandAfspraak is the agreement as it applies to the declaratie's month
// (AfspraakInMaand): what the entry form offers and the rules check. Nil
// without an agreement.
func (d Declaratie) MaandAfspraak() *zov.Inhoud {
	if d.Afspraak == nil {
		return nil
	}
	in := AfspraakInMaand(*d.Afspraak, d.Versies, d.Periode)
	return &in
}

// MaandVersie is the version of the agreement in force in the declaratie's
// month; false when the agreement has no versions.
func (d Declaratie) MaandVersie() (zov.Versie, bool) {
	return zov.InMaand(d.Versies, d.Periode)
}

// Kenmerk is the declaratie's reference, on berichten and pages.
func (d Declaratie) Kenmerk() string { return Kenmerk(d.ID) }

// Kenmerk is the reference of declaratie id: "DC-000123".
func Kenmerk(id int64) string { return fmt.Sprintf("DC-%06d", id) }

// Maand is the periode in Dutch: "november 2025".
func (d Declaratie) Maand() string { return MaandNaam(d.Periode) }

var maanden = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
	"september", "oktober", "november", "december"}

// MaandNaam is a month in Dutch: "november 2025".
func MaandNaam(d civil.Date) string {
	if d.Month < time.January || d.Month > time.December {
		return ""
	}
	return fmt.Sprintf("%s %d", maanden[d.Month-1], d.Year)
}

var weekdagen = [...]string{"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"}

// Weekdag is the Dutch name of d's day of the week: "maandag".
func Weekdag(d civil.Date) string { return weekdagen[d.Weekday()] }

// FieldErrors maps a form field id to a Dutch message for that field; empty
// means the declaratie passes.
type FieldErrors map[string]string

func (e FieldErrors) add(field, msg string) {
	if _, ok := e[field]; !ok {
		e[field] = msg
	}
}

// Field ids the rules report errors on; the web layer names its inputs so.
const (
	VeldSoort            = "soort"
	VeldZorgovereenkomst = "zorgovereenkomst"
	VeldPeriode          = "periode"
	VeldRegels           = "regels" // the declaratie as a whole (month totals, nothing filled in)
	VeldOmschrijving     = "omschrijving"
	VeldBedrag           = "bedrag"
	VeldIBAN             = "iban"
	VeldNaarWaarheid     = "naar_waarheid"
	VeldNotitie          = "notitie"
)

// VeldAantal is the id of the input for zorgfunctie z on day d: "u_03_persoonlijke_verzorging".
func VeldAantal(d civil.Date, z zov.Zorgfunctie) string {
	return fmt.Sprintf("u_%02d_%s", d.Day, z)
}

// VeldKm is the id of the reiskosten input on day d: "km_03".
func VeldKm(d civil.Date) string { return fmt.Sprintf("km_%02d", d.Day) }

// VeldMeerdaags is the id of part ("begin", "eind", "functie", "aantal") of
// the i-th rate over several days (0-based): "md_0_begin".
func VeldMeerdaags(i int, part string) string { return fmt.Sprintf("md_%d_%s", i, part) }
