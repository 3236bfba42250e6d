package demo

// Persona is a demo login: the claims a test identity provider puts in the ID token.
type Persona struct {
	Means       string // digid, eherkenning, vecozo
	Label       string
	Description string
	Claims      map[string]any
}

const (
	loa3  = "urn:etoegang:core:assurance-class:loa3"
	kvkZK = "41000001" // Zorgkantoor Amstelland
	kvkZ2 = "41000002" // Zorgkantoor Rijnmond
	kvkSV = "27000001" // SVB
	kvkBW = "60000001" // Bewindvoering Horizon
)

// Personas are the demo logins, one for every case the access rules distinguish.
var Personas = []Persona{
	{"digid", "Budgethouder", "Mevrouw J. de Vries beheert haar eigen pgb.", map[string]any{"bsn": "111222333"}},
	{"digid", "Budgethouder met wettelijk vertegenwoordiger", "De heer P. Bakker: zijn mentor beheert het pgb, hij kan niet zelf inloggen.", map[string]any{"bsn": "123456782"}},
	{"digid", "Wettelijk vertegenwoordiger", "Mevrouw S. Bakker, mentor van de heer P. Bakker.", map[string]any{"bsn": "999990019"}},
	{"digid", "Budgethouder met gevolmachtigde", "Mevrouw E. Visser kan haar pgb alleen bekijken; haar zoon beheert het.", map[string]any{"bsn": "200000007"}},
	{"digid", "Gevolmachtigde", "De heer T. Visser beheert het pgb van zijn moeder.", map[string]any{"bsn": "300000005"}},
	{"digid", "Vertegenwoordiger van twee budgethouders", "Mevrouw M. Smit, ouder van Kees en Lotte Smit.", map[string]any{"bsn": "400000003"}},
	{"digid", "Budgethouder zonder toekenning", "De heer R. Mulder: zijn toekenningsbeschikking is nog niet geregistreerd.", map[string]any{"bsn": "314159265"}},
	{"digid", "Zorgverlener (informeel)", "De heer H. de Boer, buurman die zorg verleent.", map[string]any{"bsn": "135792460"}},
	{"eherkenning", "Bewindvoerder, medewerker 1", "Bewindvoering Horizon B.V.", map[string]any{"urn:etoegang:core:LegalSubjectID": kvkBW, "urn:etoegang:core:ActingSubjectID": "horizon-medewerker-1", "org_name": "Bewindvoering Horizon B.V."}},
	{"eherkenning", "Bewindvoerder, medewerker 2", "Een collega bij Bewindvoering Horizon B.V.", map[string]any{"urn:etoegang:core:LegalSubjectID": kvkBW, "urn:etoegang:core:ActingSubjectID": "horizon-medewerker-2", "org_name": "Bewindvoering Horizon B.V."}},
	{"eherkenning", "Beoordelaar zorgkantoor", "Zorgkantoor Amstelland.", map[string]any{"urn:etoegang:core:LegalSubjectID": kvkZK, "urn:etoegang:core:ActingSubjectID": "amstelland-beoordelaar-1", "org_name": "Zorgkantoor Amstelland"}},
	{"eherkenning", "Beoordelaar ander zorgkantoor", "Zorgkantoor Rijnmond (andere regio).", map[string]any{"urn:etoegang:core:LegalSubjectID": kvkZ2, "urn:etoegang:core:ActingSubjectID": "rijnmond-beoordelaar-1", "org_name": "Zorgkantoor Rijnmond"}},
	{"eherkenning", "Medewerker SVB", "Sociale Verzekeringsbank.", map[string]any{"urn:etoegang:core:LegalSubjectID": kvkSV, "urn:etoegang:core:ActingSubjectID": "svb-medewerker-1", "org_name": "Sociale Verzekeringsbank"}},
	{"vecozo", "Zorgverlener (formeel)", "Thuiszorg De Linde, AGB-code 75012345.", map[string]any{"agb_code": "75012345", "name": "Thuiszorg De Linde"}},
}

// PersonasFor returns the personas of one login means.
func PersonasFor(means string) []Persona {
	var out []Persona
	for _, p := range Personas {
		if p.Means == means {
			out = append(out, p)
		}
	}
	return out
}
