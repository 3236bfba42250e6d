package budget

import (
	"errors"
	"net/http"
	"strings"

	"pgbportaal/internal/apperr"
)

// Zorgprofiel is a zorgzwaartepakket (ZZP) from the CIZ's indicatiebesluit,
// such as 5VV or 3VG, with the zorgprofiel it stands for.
type Zorgprofiel struct {
	Code         string // as written in bijlage 3: "5VV", "2ZGvis", "1GGZ W"
	Sector       string
	Omschrijving string
}

// Label is the code with its description, as the registration form lists it.
func (z Zorgprofiel) Label() string { return z.Code + " – " + z.Omschrijving }

// Zorgprofielen are the ZZP's that give access to a pgb-Wlz (seed 004,
// bijlage 3), in the order of that table.
var Zorgprofielen = []Zorgprofiel{
	{"4VV", "Verpleging en verzorging", "Beschut wonen met intensieve begeleiding en uitgebreide verzorging"},
	{"5VV", "Verpleging en verzorging", "Beschermd wonen met intensieve dementiezorg"},
	{"6VV", "Verpleging en verzorging", "Beschermd wonen met intensieve verzorging en verpleging"},
	{"7VV", "Verpleging en verzorging", "Beschermd wonen met zeer intensieve zorg, vanwege specifieke aandoeningen, met de nadruk op begeleiding"},
	{"8VV", "Verpleging en verzorging", "Beschermd wonen met zeer intensieve zorg, vanwege specifieke aandoeningen, met de nadruk op verzorging/verpleging"},
	{"3VG", "Verstandelijk gehandicapt", "Wonen met begeleiding en verzorging"},
	{"4VG", "Verstandelijk gehandicapt", "Wonen met begeleiding en intensieve verzorging"},
	{"5VG", "Verstandelijk gehandicapt", "Wonen met intensieve begeleiding en intensieve verzorging"},
	{"6VG", "Verstandelijk gehandicapt", "Wonen met intensieve begeleiding, verzorging en gedragsregulering"},
	{"7VG", "Verstandelijk gehandicapt", "(Besloten) wonen met zeer intensieve begeleiding, verzorging en gedragsregulering"},
	{"8VG", "Verstandelijk gehandicapt", "Wonen met begeleiding en volledige verzorging en verpleging"},
	{"2LG", "Lichamelijk gehandicapt", "Wonen met begeleiding en enige verzorging"},
	{"4LG", "Lichamelijk gehandicapt", "Wonen met begeleiding en verzorging"},
	{"5LG", "Lichamelijk gehandicapt", "Wonen met begeleiding en intensieve verzorging"},
	{"6LG", "Lichamelijk gehandicapt", "Wonen met intensieve begeleiding en intensieve verzorging"},
	{"7LG", "Lichamelijk gehandicapt", "Wonen met zeer intensieve begeleiding en zeer intensieve verzorging"},
	{"2ZGvis", "Zintuiglijk gehandicapt", "Wonen met begeleiding en enige verzorging"},
	{"3ZGvis", "Zintuiglijk gehandicapt", "Wonen met intensieve begeleiding en verzorging"},
	{"4ZGvis", "Zintuiglijk gehandicapt", "Wonen met intensieve begeleiding en intensieve verzorging"},
	{"5ZGvis", "Zintuiglijk gehandicapt", "Wonen met zeer intensieve begeleiding en zeer intensieve verzorging"},
	{"2ZGaud", "Zintuiglijk gehandicapt", "Wonen met intensieve begeleiding en verzorging"},
	{"3ZGaud", "Zintuiglijk gehandicapt", "Wonen met intensieve begeleiding en intensieve verzorging"},
	{"4ZGaud", "Zintuiglijk gehandicapt", "Wonen met intensieve begeleiding en enige verzorging"},
	{"1GGZ W", "Geestelijke gezondheidszorg", "Wonen met intensieve begeleiding"},
	{"2GGZ W", "Geestelijke gezondheidszorg", "Wonen met intensieve begeleiding en verzorging"},
	{"3GGZ W", "Geestelijke gezondheidszorg", "Wonen met intensieve begeleiding en gedragsregulering"},
	{"4GGZ W", "Geestelijke gezondheidszorg", "Wonen met intensieve begeleiding en intensieve verpleging en verzorging"},
}

// ZonderPGB are the zorgprofielen with which a pgb is not possible (seed 004,
// stap 2): the zorgkantoor cannot register a budget for them.
var ZonderPGB = []Zorgprofiel{
	{"9B VV", "Verpleging en verzorging", "herstelgerichte behandeling met verpleging en verzorging"},
	{"1 LVG", "Licht verstandelijk gehandicapt", "wonen met enige behandeling en begeleiding"},
	{"2 LVG", "Licht verstandelijk gehandicapt", "wonen met behandeling en begeleiding"},
	{"3 LVG", "Licht verstandelijk gehandicapt", "wonen met intensieve behandeling en begeleiding, kleine groep"},
	{"4 LVG", "Licht verstandelijk gehandicapt", "wonen met zeer intensieve behandeling en begeleiding"},
	{"5 LVG", "Licht verstandelijk gehandicapt", "besloten wonen met zeer intensieve behandeling en begeleiding"},
	{"SGLVG", "Licht verstandelijk gehandicapt", "behandeling in een SGLVG behandelcentrum"},
	{"GGZ-B", "Geestelijke gezondheidszorg", "voortgezet verblijf GGZ met behandeling"},
	{"5GGZ W", "Geestelijke gezondheidszorg", "beveiligd wonen vanwege extreme gedragsproblematiek met zeer intensieve begeleiding"},
}

// Errors of ControleerZorgprofiel; the returned error is an *apperr.Error
// (422) with a Dutch message that wraps one of these.
var (
	ErrZorgprofielOnbekend = errors.New("budget: zorgprofiel onbekend")
	ErrGeenPGB             = errors.New("budget: zorgprofiel geeft geen recht op een pgb")
)

// zorgprofielSleutel reduces the ways a code is written ("ZZP 5 VV", "5vv",
// "ZP GGZ-B", "5GGZ W") to one key: upper case without spaces, hyphens or
// the ZZP/ZP prefix.
func zorgprofielSleutel(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	for _, p := range []string{"ZZP", "ZP"} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			s = rest
			break
		}
	}
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '.' || r == '\u00a0' {
			return -1
		}
		return r
	}, s)
}

var (
	metPGB    = index(Zorgprofielen)
	zonderPGB = index(ZonderPGB)
)

func index(zs []Zorgprofiel) map[string]Zorgprofiel {
	m := make(map[string]Zorgprofiel, len(zs))
	for _, z := range zs {
		m[zorgprofielSleutel(z.Code)] = z
	}
	return m
}

// ControleerZorgprofiel returns the zorgprofiel a code names, written as in
// bijlage 3, if it gives access to a pgb-Wlz. A profile without right to a
// pgb, or a code that is not in the table, is refused with a Dutch message.
func ControleerZorgprofiel(code string) (Zorgprofiel, error) {
	k := zorgprofielSleutel(code)
	if k == "" {
		return Zorgprofiel{}, apperr.WithCode(http.StatusUnprocessableEntity,
			"Kies het zorgprofiel uit het indicatiebesluit, bijvoorbeeld 5VV.", ErrZorgprofielOnbekend)
	}
	if z, ok := metPGB[k]; ok {
		return z, nil
	}
	if z, ok := zonderPGB[k]; ok {
		return Zorgprofiel{}, apperr.WithCode(http.StatusUnprocessableEntity,
			"Met zorgprofiel ZP "+z.Code+" ("+z.Omschrijving+") is een pgb niet mogelijk. Deze zorg wordt alleen in natura geleverd.", ErrGeenPGB)
	}
	return Zorgprofiel{}, apperr.WithCode(http.StatusUnprocessableEntity,
		"Dit zorgprofiel geeft geen toegang tot een pgb-Wlz. Kies een zorgprofiel uit de lijst, bijvoorbeeld 5VV of 3VG.", ErrZorgprofielOnbekend)
}
