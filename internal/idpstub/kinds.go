package idpstub

import (
	"strings"

	"pgbportaal/internal/nlid"
)

// Claim names beyond the standard OpenID Connect ones.
const (
	// ClaimBSN is the DigiD person's own burgerservicenummer, 9 digits.
	ClaimBSN = "bsn"
	// ClaimRepresentedBSN is the BSN of the person represented: DigiD
	// Machtigen, or bewindvoering through eHerkenning.
	ClaimRepresentedBSN = "represented_bsn"
	// ClaimLegalSubjectID is the eHerkenning organisation's KvK-nummer, 8 digits.
	ClaimLegalSubjectID = "urn:etoegang:core:LegalSubjectID"
	// ClaimActingSubjectID is the pseudonymous id of the eHerkenning employee.
	ClaimActingSubjectID = "urn:etoegang:core:ActingSubjectID"
	// ClaimVestigingsnummer is the eHerkenning service restriction to one
	// branch (KvK vestigingsnummer, 12 digits); absent when unrestricted.
	ClaimVestigingsnummer = "vestigingsnummer"
	// ClaimOrgName is the eHerkenning organisation's name.
	ClaimOrgName = "org_name"
	// ClaimAGBCode is the Vecozo care provider's AGB-code, 8 digits.
	ClaimAGBCode = "agb_code"
	// ClaimName is the Vecozo care provider's name.
	ClaimName = "name"
)

// Assurance levels (acr values) per scheme.
const (
	// ACRDigiDBasis is DigiD Basis (username and password).
	ACRDigiDBasis = "urn:nl:digid:basis"
	// ACRDigiDMidden is DigiD Midden (with SMS or app).
	ACRDigiDMidden = "urn:nl:digid:midden"
	// ACRDigiDSubstantieel is DigiD Substantieel (app with ID check); the
	// stub's default.
	ACRDigiDSubstantieel = "urn:nl:digid:substantieel"
	// ACRDigiDHoog is DigiD Hoog (identity document with chip).
	ACRDigiDHoog = "urn:nl:digid:hoog"
	// ACREHerkenningLoA2 is eHerkenning EH2, offered so the portal can test
	// refusing it.
	ACREHerkenningLoA2 = "urn:etoegang:core:assurance-class:loa2"
	// ACREHerkenningLoA3 is eHerkenning EH3, the level the portal needs; the
	// stub's default.
	ACREHerkenningLoA3 = "urn:etoegang:core:assurance-class:loa3"
	// ACRVecozo is a Vecozo certificate login, the only Vecozo level.
	ACRVecozo = "urn:vecozo:certificate"
)

// kindSpec is everything that differs between the three schemes.
type kindSpec struct {
	brand      string
	acrs       []acrOption // first is the default; one entry means no choice on the page
	claims     []string    // scheme-specific claims, for discovery
	fields     []fieldSpec
	crossCheck func(vals map[string]string) (field, msg string) // optional check over several fields
	toClaims   func(vals map[string]string) map[string]any
	subjectOf  func(claims map[string]any) string // the identifier the pseudonymous sub is derived from
}

type acrOption struct{ value, label string }

// fieldSpec is one identifier field of the login form. check gets the
// trimmed input (never empty) and returns the normalised value or a Dutch
// error message.
type fieldSpec struct {
	name, label, hint, inputMode string
	optional                     bool
	maxLen                       int
	missing                      string // error when a required field is empty
	check                        func(string) (string, string)
}

var kindSpecs = map[Kind]*kindSpec{
	DigiD: {
		brand: "DigiD",
		acrs: []acrOption{
			{ACRDigiDSubstantieel, "Substantieel"},
			{ACRDigiDBasis, "Basis"},
			{ACRDigiDMidden, "Midden"},
			{ACRDigiDHoog, "Hoog"},
		},
		claims: []string{ClaimBSN, ClaimRepresentedBSN},
		fields: []fieldSpec{
			{name: "bsn", label: "Burgerservicenummer (BSN)", hint: "9 cijfers.", inputMode: "numeric",
				missing: "Vul uw burgerservicenummer (BSN) in.",
				check:   bsnCheck("Dit is geen geldig BSN. Een BSN heeft 9 cijfers en voldoet aan de elfproef.")},
			{name: "represented_bsn", label: "BSN van de persoon die u vertegenwoordigt", optional: true, inputMode: "numeric",
				hint:  "Alleen bij DigiD Machtigen: als u namens iemand anders inlogt.",
				check: bsnCheck("Dit is geen geldig BSN van de persoon die u vertegenwoordigt. Een BSN heeft 9 cijfers en voldoet aan de elfproef.")},
		},
		crossCheck: func(v map[string]string) (string, string) {
			if v["represented_bsn"] != "" && v["represented_bsn"] == v["bsn"] {
				return "represented_bsn", "Vul het BSN in van de persoon die u vertegenwoordigt, niet uw eigen BSN."
			}
			return "", ""
		},
		toClaims: func(v map[string]string) map[string]any {
			c := map[string]any{ClaimBSN: v["bsn"]}
			if v["represented_bsn"] != "" {
				c[ClaimRepresentedBSN] = v["represented_bsn"]
			}
			return c
		},
		subjectOf: func(c map[string]any) string { return claimString(c, ClaimBSN) },
	},
	EHerkenning: {
		brand: "eHerkenning",
		acrs: []acrOption{
			{ACREHerkenningLoA3, "EH3 (substantieel)"},
			{ACREHerkenningLoA2, "EH2 (laag)"},
		},
		claims: []string{ClaimLegalSubjectID, ClaimActingSubjectID, ClaimVestigingsnummer, ClaimOrgName, ClaimRepresentedBSN},
		fields: []fieldSpec{
			{name: "kvk", label: "KvK-nummer van uw organisatie", hint: "8 cijfers.", inputMode: "numeric",
				missing: "Vul het KvK-nummer van uw organisatie in.",
				check:   digitsCheck(8, "Een KvK-nummer heeft 8 cijfers.")},
			{name: "org_name", label: "Naam van uw organisatie", maxLen: 100,
				missing: "Vul de naam van uw organisatie in.",
				check:   textCheck(100, "De naam van uw organisatie mag niet langer zijn dan 100 tekens.")},
			{name: "acting_subject", label: "Medewerkernummer (pseudoniem)", maxLen: 100,
				hint:    "Een vaste code waaraan de organisatie u herkent, bijvoorbeeld medewerker-1.",
				missing: "Vul uw medewerkernummer in.",
				check:   textCheck(100, "Het medewerkernummer mag niet langer zijn dan 100 tekens.")},
			{name: "vestigingsnummer", label: "Vestigingsnummer", optional: true, inputMode: "numeric",
				hint:  "12 cijfers. Alleen als u namens één vestiging inlogt.",
				check: digitsCheck(12, "Een vestigingsnummer heeft 12 cijfers.")},
			{name: "represented_bsn", label: "BSN van de persoon die u vertegenwoordigt", optional: true, inputMode: "numeric",
				hint:  "Alleen bij bewindvoering.",
				check: bsnCheck("Dit is geen geldig BSN van de persoon die u vertegenwoordigt. Een BSN heeft 9 cijfers en voldoet aan de elfproef.")},
		},
		toClaims: func(v map[string]string) map[string]any {
			c := map[string]any{
				ClaimLegalSubjectID:  v["kvk"],
				ClaimActingSubjectID: v["acting_subject"],
				ClaimOrgName:         v["org_name"],
			}
			if v["vestigingsnummer"] != "" {
				c[ClaimVestigingsnummer] = v["vestigingsnummer"]
			}
			if v["represented_bsn"] != "" {
				c[ClaimRepresentedBSN] = v["represented_bsn"]
			}
			return c
		},
		subjectOf: func(c map[string]any) string {
			kvk, acting := claimString(c, ClaimLegalSubjectID), claimString(c, ClaimActingSubjectID)
			if kvk == "" && acting == "" {
				return ""
			}
			return kvk + "\x00" + acting
		},
	},
	Vecozo: {
		brand:  "Vecozo",
		acrs:   []acrOption{{ACRVecozo, "Certificaat"}},
		claims: []string{ClaimAGBCode, ClaimName},
		fields: []fieldSpec{
			{name: "agb", label: "AGB-code", hint: "8 cijfers.", inputMode: "numeric",
				missing: "Vul uw AGB-code in.",
				check:   digitsCheck(8, "Een AGB-code heeft 8 cijfers.")},
			{name: "name", label: "Naam", maxLen: 100,
				hint:    "Uw naam of de naam van uw zorginstelling.",
				missing: "Vul uw naam of de naam van uw zorginstelling in.",
				check:   textCheck(100, "De naam mag niet langer zijn dan 100 tekens.")},
		},
		toClaims: func(v map[string]string) map[string]any {
			return map[string]any{ClaimAGBCode: v["agb"], ClaimName: v["name"]}
		},
		subjectOf: func(c map[string]any) string { return claimString(c, ClaimAGBCode) },
	},
}

// bsnCheck accepts a BSN passing the elfproef, with spaces or dots between
// the digits, and normalises it to 9 digits.
func bsnCheck(invalid string) func(string) (string, string) {
	return func(s string) (string, string) {
		s = stripSeparators(s)
		if !nlid.ValidBSN(s) {
			return "", invalid
		}
		if len(s) == 8 {
			s = "0" + s
		}
		return s, ""
	}
}

// digitsCheck accepts exactly n digits, with spaces or dots between them.
func digitsCheck(n int, invalid string) func(string) (string, string) {
	return func(s string) (string, string) {
		s = stripSeparators(s)
		if len(s) != n || strings.Trim(s, "0123456789") != "" {
			return "", invalid
		}
		return s, ""
	}
}

// textCheck accepts free text of at most max characters.
func textCheck(max int, tooLong string) func(string) (string, string) {
	return func(s string) (string, string) {
		if len([]rune(s)) > max {
			return "", tooLong
		}
		return s, ""
	}
}

func stripSeparators(s string) string {
	return strings.NewReplacer(" ", "", ".", "", "-", "").Replace(s)
}

// acrAllowed reports whether acr is one of the scheme's levels.
func (k *kindSpec) acrAllowed(acr string) bool {
	for _, a := range k.acrs {
		if a.value == acr {
			return true
		}
	}
	return false
}

func claimString(c map[string]any, name string) string {
	s, _ := c[name].(string)
	return s
}
