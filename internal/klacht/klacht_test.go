package klacht

import (
	"strings"
	"testing"
)

func TestValideer(t *testing.T) {
	in := Invoer{Soort: "klacht", Onderwerp: "  Knop  ", Toelichting: " Doet niets. "}
	if e := Valideer(&in); len(e) != 0 || in.Onderwerp != "Knop" || in.Toelichting != "Doet niets." {
		t.Fatalf("valid: %v %+v", e, in)
	}
	for _, c := range []struct {
		in    Invoer
		field string
	}{
		{Invoer{Soort: "compliment", Onderwerp: "a", Toelichting: "b"}, "soort"},
		{Invoer{Soort: "klacht", Onderwerp: " ", Toelichting: "b"}, "onderwerp"},
		{Invoer{Soort: "klacht", Onderwerp: strings.Repeat("é", 151), Toelichting: "b"}, "onderwerp"},
		{Invoer{Soort: "suggestie", Onderwerp: "a", Toelichting: ""}, "toelichting"},
		{Invoer{Soort: "suggestie", Onderwerp: "a", Toelichting: strings.Repeat("x", 4001)}, "toelichting"},
	} {
		if e := Valideer(&c.in); e[c.field] == "" {
			t.Errorf("%+v: no error on %s", c.in, c.field)
		}
	}
	a := "  "
	if e := ValideerAntwoord(&a); e["antwoord"] == "" {
		t.Error("empty answer accepted")
	}
}
