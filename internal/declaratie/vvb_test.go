package declaratie

import (
	"strings"
	"testing"
)

func TestVVBJaarmaximum(t *testing.T) {
	cases := []struct {
		name   string
		budget int64
		want   int64
	}{
		{"€ 10.000: 1,5% is € 150, raised to € 250", 1_000_000, 25000},
		{"€ 100.000: 1,5% is € 1.500, capped at € 1.250", 10_000_000, 125000},
		{"1,5% is € 249: raised to € 250", 1_660_000, 25000},
		{"1,5% is € 250", 1_666_667, 25000},    // 25.000,005 cents, rounded
		{"1,5% is € 250,01", 1_666_800, 25002}, // above the floor: 1,5% itself
		{"1,5% is € 1.250", 8_333_333, 125000}, // 124.999,995 cents, rounded half up
		{"1,5% is € 1.251: capped at € 1.250", 8_340_000, 125000},
		{"1,5% is € 1.000", 6_666_667, 100000},
	}
	for _, c := range cases {
		if got := VVBJaarmaximum(c.budget); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}

func TestVVBRuimte(t *testing.T) {
	klein := VVBRuimte{Jaar: 2025, Budget: 1_000_000, Resterend: 900_000, Maximum: VVBJaarmaximum(1_000_000), ZorgBetaald: true}
	groot := VVBRuimte{Jaar: 2025, Budget: 10_000_000, Resterend: 9_000_000, Maximum: VVBJaarmaximum(10_000_000), ZorgBetaald: true}
	with := func(r VVBRuimte, f func(*VVBRuimte)) VVBRuimte { f(&r); return r }
	cases := []struct {
		name   string
		r      VVBRuimte
		bedrag int64
		want   string // "" = allowed
	}{
		{"€ 249 of € 250", klein, 24900, ""},
		{"€ 250 of € 250", klein, 25000, ""},
		{"€ 251 of € 250", klein, 25100, "hoogstens € 250,00"},
		{"€ 1.250 of € 1.250", groot, 125000, ""},
		{"€ 1.251 of € 1.250", groot, 125100, "hoogstens € 1.250,00"},
		{"in parts: € 250 after € 1.000", with(groot, func(r *VVBRuimte) { r.Gedeclareerd = 100000 }), 25000, ""},
		{"in parts: € 250,01 after € 1.000", with(groot, func(r *VVBRuimte) { r.Gedeclareerd = 100000 }), 25001, "nog € 250,00"},
		{"everything taken", with(klein, func(r *VVBRuimte) { r.Gedeclareerd = 25000 }), 1, "nog € 0,00"},
		{"no care paid yet this year", with(klein, func(r *VVBRuimte) { r.ZorgBetaald = false }), 100, "pas declareren"},
		{"the budget allows it exactly", with(klein, func(r *VVBRuimte) { r.Resterend = 20000 }), 20000, ""},
		{"one cent over the remaining budget", with(klein, func(r *VVBRuimte) { r.Resterend = 20000 }), 20001, "resterende budget"},
	}
	for _, c := range cases {
		got := c.r.Controleer(c.bedrag)
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	if b := with(groot, func(r *VVBRuimte) { r.Gedeclareerd = 100000 }).Beschikbaar(); b != 25000 {
		t.Errorf("Beschikbaar after € 1.000 of € 1.250: %d", b)
	}
	if b := with(groot, func(r *VVBRuimte) { r.Resterend = 10000 }).Beschikbaar(); b != 10000 {
		t.Errorf("Beschikbaar with € 100 budget left: %d", b)
	}
	if b := with(klein, func(r *VVBRuimte) { r.Gedeclareerd = 30000 }).Beschikbaar(); b != 0 {
		t.Errorf("Beschikbaar below zero: %d", b)
	}
}
