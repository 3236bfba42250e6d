package budget_test

import (
	"errors"
	"strings"
	"testing"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/budget"
)

func TestControleerZorgprofiel(t *testing.T) {
	cases := []struct {
		in, want string
		err      error
		msg      string
	}{
		{"5VV", "5VV", nil, ""},
		{"ZZP 5 VV", "5VV", nil, ""},
		{" 4vv ", "4VV", nil, ""},
		{"3VG", "3VG", nil, ""},
		{"8VG", "8VG", nil, ""},
		{"2LG", "2LG", nil, ""},
		{"7 LG", "7LG", nil, ""},
		{"2ZGvis", "2ZGvis", nil, ""},
		{"5 ZG VIS", "5ZGvis", nil, ""},
		{"4ZGaud", "4ZGaud", nil, ""},
		{"1GGZ W", "1GGZ W", nil, ""},
		{"4ggzw", "4GGZ W", nil, ""},
		// Stap 2: no right to a pgb.
		{"ZP 9B VV", "", budget.ErrGeenPGB, "9B VV"},
		{"9BVV", "", budget.ErrGeenPGB, "herstelgerichte behandeling"},
		{"1 LVG", "", budget.ErrGeenPGB, "1 LVG"},
		{"ZP 3 LVG", "", budget.ErrGeenPGB, "3 LVG"},
		{"5LVG", "", budget.ErrGeenPGB, "5 LVG"},
		{"SGLVG", "", budget.ErrGeenPGB, "SGLVG"},
		{"ZP GGZ-B", "", budget.ErrGeenPGB, "GGZ-B"},
		{"GGZB", "", budget.ErrGeenPGB, "GGZ-B"},
		{"ZP 5GGZ W", "", budget.ErrGeenPGB, "5GGZ W"},
		// Not in bijlage 3, or nothing at all.
		{"1VV", "", budget.ErrZorgprofielOnbekend, "geen toegang"},
		{"10VV", "", budget.ErrZorgprofielOnbekend, "geen toegang"},
		{"3LG", "", budget.ErrZorgprofielOnbekend, "geen toegang"},
		{"6LVG", "", budget.ErrZorgprofielOnbekend, "geen toegang"},
		{"VV", "", budget.ErrZorgprofielOnbekend, "geen toegang"},
		{"", "", budget.ErrZorgprofielOnbekend, "Kies het zorgprofiel"},
		{"   ", "", budget.ErrZorgprofielOnbekend, "Kies het zorgprofiel"},
	}
	for _, c := range cases {
		z, err := budget.ControleerZorgprofiel(c.in)
		if c.err == nil {
			if err != nil || z.Code != c.want {
				t.Errorf("%q: got %q, %v; want %q", c.in, z.Code, err, c.want)
			}
			continue
		}
		if !errors.Is(err, c.err) {
			t.Errorf("%q: error %v, want %v", c.in, err, c.err)
			continue
		}
		code, msg := apperr.Classify(err)
		if code != 422 || !strings.Contains(msg, c.msg) {
			t.Errorf("%q: %d %q, want 422 mentioning %q", c.in, code, msg, c.msg)
		}
	}
}

func TestZorgprofielTablesAreDisjointAndComplete(t *testing.T) {
	if len(budget.Zorgprofielen) != 27 {
		t.Errorf("bijlage 3 lists 27 ZZP's, table has %d", len(budget.Zorgprofielen))
	}
	if len(budget.ZonderPGB) != 9 {
		t.Errorf("stap 2 lists 9 zorgprofielen without pgb, table has %d", len(budget.ZonderPGB))
	}
	for _, z := range budget.Zorgprofielen {
		if got, err := budget.ControleerZorgprofiel(z.Code); err != nil || got != z {
			t.Errorf("%s does not give access: %v", z.Code, err)
		}
	}
	for _, z := range budget.ZonderPGB {
		if _, err := budget.ControleerZorgprofiel(z.Code); !errors.Is(err, budget.ErrGeenPGB) {
			t.Errorf("%s accepted: %v", z.Code, err)
		}
	}
}
