package profiel

import "testing"

func valid() Profiel {
	return Profiel{Straat: "Dorpsstraat", Huisnummer: "12A", Postcode: "1234ab", Woonplaats: "Amstelveen",
		Email: "naam@voorbeeld.nl", Telefoon: "+31 6 12345678", IBAN: "nl91 abna 0417 1643 00", Voorkeur: "digitaal"}
}

func TestValidate(t *testing.T) {
	cases := []struct {
		name     string
		change   func(*Profiel)
		wantIBAN bool
		field    string // the one field expected in error, "" for none
	}{
		{"valid", func(*Profiel) {}, true, ""},
		{"no IBAN needed", func(p *Profiel) { p.IBAN = "" }, false, ""},
		{"IBAN missing", func(p *Profiel) { p.IBAN = "" }, true, "iban"},
		{"IBAN bad check digits", func(p *Profiel) { p.IBAN = "NL92ABNA0417164300" }, true, "iban"},
		{"postcode letters only", func(p *Profiel) { p.Postcode = "ABCD 12" }, true, "postcode"},
		{"postcode leading zero", func(p *Profiel) { p.Postcode = "0123 AB" }, true, "postcode"},
		{"email without domain", func(p *Profiel) { p.Email = "naam@" }, true, "email"},
		{"phone too short", func(p *Profiel) { p.Telefoon = "06123" }, true, "telefoon"},
		{"phone optional", func(p *Profiel) { p.Telefoon = "" }, true, ""},
		{"huisnummer starts with letter", func(p *Profiel) { p.Huisnummer = "A12" }, true, "huisnummer"},
		{"voorkeur unknown", func(p *Profiel) { p.Voorkeur = "fax" }, true, "voorkeur"},
		{"straat empty", func(p *Profiel) { p.Straat = "  " }, true, "straat"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := valid()
			c.change(&p)
			errs := Validate(&p, c.wantIBAN)
			if c.field == "" {
				if len(errs) != 0 {
					t.Fatalf("unexpected errors %v", errs)
				}
				return
			}
			if len(errs) != 1 || errs[c.field] == "" {
				t.Fatalf("errors %v, want exactly %s", errs, c.field)
			}
		})
	}
	p := valid()
	Validate(&p, true)
	if p.Postcode != "1234 AB" || p.IBAN != "NL91ABNA0417164300" || p.Telefoon != "0612345678" {
		t.Fatalf("not normalised: %+v", p)
	}
}
