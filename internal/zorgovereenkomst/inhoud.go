// Package zorgovereenkomst is the care agreement between a budgethouder and a
// zorgverlener: its content, the rules it must satisfy, its states, and the
// service that drafts, shares, signs and assesses it.
package zorgovereenkomst

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"pgbportaal/internal/civil"
)

// Soort is the kind of agreement.
type Soort string

// The four kinds of agreement.
const (
	SoortInstelling Soort = "instelling" // Zorgovereenkomst met een zorginstelling
	SoortOpdracht   Soort = "opdracht"   // Zorgverlener werkt in opdracht
	SoortDienst     Soort = "dienst"     // Zorgverlener is bij mij in dienst
	SoortFamilie    Soort = "familie"    // Zorgovereenkomst met partner of familielid
)

// Soorten lists the kinds in the order the wizard offers them.
var Soorten = []Soort{SoortInstelling, SoortOpdracht, SoortDienst, SoortFamilie}

// Label is the Dutch label of the kind.
func (s Soort) Label() string {
	switch s {
	case SoortInstelling:
		return "Zorgovereenkomst met een zorginstelling"
	case SoortOpdracht:
		return "Zorgverlener werkt in opdracht"
	case SoortDienst:
		return "Zorgverlener is bij mij in dienst"
	case SoortFamilie:
		return "Zorgovereenkomst met partner of familielid"
	}
	return string(s)
}

// Zorgfunctie is a kind of care work.
type Zorgfunctie string

// The zorgfuncties.
const (
	PersoonlijkeVerzorging  Zorgfunctie = "persoonlijke_verzorging"
	Verpleging              Zorgfunctie = "verpleging"
	BegeleidingIndividueel  Zorgfunctie = "begeleiding_individueel"
	BegeleidingGroep        Zorgfunctie = "begeleiding_groep"
	VervoerNaarDagbesteding Zorgfunctie = "vervoer_dagbesteding"
	HuishoudelijkeHulp      Zorgfunctie = "huishoudelijke_hulp"
	Logeeropvang            Zorgfunctie = "logeeropvang"
)

// Zorgfuncties lists every zorgfunctie in display order.
var Zorgfuncties = []Zorgfunctie{PersoonlijkeVerzorging, Verpleging, BegeleidingIndividueel, BegeleidingGroep,
	VervoerNaarDagbesteding, HuishoudelijkeHulp, Logeeropvang}

// Label is the Dutch label of the zorgfunctie.
func (z Zorgfunctie) Label() string {
	switch z {
	case PersoonlijkeVerzorging:
		return "Persoonlijke verzorging"
	case Verpleging:
		return "Verpleging"
	case BegeleidingIndividueel:
		return "Begeleiding individueel"
	case BegeleidingGroep:
		return "Begeleiding groep (dagbesteding)"
	case VervoerNaarDagbesteding:
		return "Vervoer naar dagbesteding"
	case HuishoudelijkeHulp:
		return "Huishoudelijke hulp"
	case Logeeropvang:
		return "Logeeropvang"
	}
	return string(z)
}

// Eenheid is the unit a rate is agreed in; rates are never converted between units.
type Eenheid string

// Units of a rate.
const (
	PerUur     Eenheid = "uur"
	PerDagdeel Eenheid = "dagdeel"
	PerEtmaal  Eenheid = "etmaal"
)

// Tarief is the agreed gross rate for one zorgfunctie, in cents per unit.
type Tarief struct {
	Zorgfunctie Zorgfunctie `json:"zorgfunctie"`
	Eenheid     Eenheid     `json:"eenheid"`
	Bedrag      int64       `json:"bedrag"` // cents per unit
}

// Adres is a postal address.
type Adres struct {
	Straat     string `json:"straat"`
	Huisnummer string `json:"huisnummer"`
	Postcode   string `json:"postcode"`
	Woonplaats string `json:"woonplaats"`
}

// Zorgverlener is the zorgverlener as the agreement names them.
type Zorgverlener struct {
	ID            int64      `json:"id,omitempty"` // set once the zorgverlener is known to the portal
	Naam          string     `json:"naam"`
	AGB           string     `json:"agb,omitempty"`           // instelling, zzp'er
	KvK           bool       `json:"kvk,omitempty"`           // ingeschreven bij de KvK (opdracht)
	BIG           bool       `json:"big,omitempty"`           // BIG-geregistreerd
	BSN           string     `json:"bsn,omitempty"`           // not an instelling or zzp'er
	Geboortedatum civil.Date `json:"geboortedatum,omitempty"` // idem
	Adres         Adres      `json:"adres,omitempty"`         // idem
	Telefoon      string     `json:"telefoon,omitempty"`      // completed by the zorgverlener
	IBAN          string     `json:"iban,omitempty"`          // completed by the zorgverlener
}

// Inhoud is everything the two parties agree; it is what they sign.
type Inhoud struct {
	// Stap 1: Partijen
	Soort                 Soort        `json:"soort"`
	BudgethouderNaam      string       `json:"budgethouder_naam"`
	VertegenwoordigerNaam string       `json:"vertegenwoordiger_naam,omitempty"`
	Zorgverlener          Zorgverlener `json:"zorgverlener"`

	// Stap 2: Werkafspraken
	Ingangsdatum       civil.Date `json:"ingangsdatum"`
	Onbepaald          bool       `json:"onbepaald"`           // onbepaalde tijd
	Einddatum          civil.Date `json:"einddatum,omitempty"` // bepaalde tijd
	Proeftijd          string     `json:"proeftijd,omitempty"` // dienst only: geen, 1 maand, 2 maanden
	Uren               int64      `json:"uren"`                // hundredths of an hour
	UrenPer            string     `json:"uren_per"`            // week or maand
	Vast               bool       `json:"vast"`                // vaste uren (else onregelmatig)
	Weekrooster        [7]int64   `json:"weekrooster"`         // hundredths of an hour, Monday first; only when vast
	Maandloon          bool       `json:"maandloon"`           // vast maandbedrag (else achteraf declareren)
	MaandBedrag        int64      `json:"maand_bedrag"`        // cents, when maandloon
	Tarieven           []Tarief   `json:"tarieven"`
	Etmalen            int        `json:"etmalen,omitempty"`             // logeeropvang per calendar year
	AndereVergoedingen string     `json:"andere_vergoedingen,omitempty"` // only with maandloon
	Reiskosten         bool       `json:"reiskosten"`
	ReiskostenPerKm    int64      `json:"reiskosten_per_km,omitempty"` // cents
	DagenPerWeek       int        `json:"dagen_per_week,omitempty"`    // dienst: for the salarisadministratie rule

	// Stap 3: Algemene afspraken
	Salarisadministratie bool   `json:"salarisadministratie"`
	Zorgbehoefte         string `json:"zorgbehoefte"`
	WelkeZorg            string `json:"welke_zorg"`
	WaaromZorg           string `json:"waarom_zorg"`
	StandaardAfspraken   bool   `json:"standaard_afspraken"`
	OverigeAfspraken     string `json:"overige_afspraken,omitempty"`
	HogerTarief          bool   `json:"hoger_tarief,omitempty"` // the zorgkantoor allowed a rate above the maximum
}

// Professioneel reports whether the zorgverlener counts as professional for
// the maximum tariff: an instelling, a KvK-registered zzp'er who is not
// partner or 1st/2nd-degree family, or a BIG-registered non-family member.
func (in Inhoud) Professioneel() bool {
	switch in.Soort {
	case SoortInstelling:
		return true
	case SoortOpdracht:
		return in.Zorgverlener.KvK || in.Zorgverlener.BIG
	case SoortDienst:
		return in.Zorgverlener.BIG
	}
	return false
}

// Formeel reports whether the zorgverlener is identified by an AGB-code
// (instelling or zzp'er) rather than by BSN.
func (in Inhoud) Formeel() bool {
	return in.Soort == SoortInstelling || (in.Soort == SoortOpdracht && in.Zorgverlener.AGB != "")
}

// Tarief returns the agreed rate for a zorgfunctie.
func (in Inhoud) Tarief(z Zorgfunctie) (Tarief, bool) {
	for _, t := range in.Tarieven {
		if t.Zorgfunctie == z {
			return t, true
		}
	}
	return Tarief{}, false
}

// Hash is the content hash a signature records: SHA-256 of the canonical JSON.
func (in Inhoud) Hash() string {
	b, err := json.Marshal(in)
	if err != nil {
		panic(err) // only plain data: cannot fail
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
