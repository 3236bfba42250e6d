package money

import (
	"errors"
	"math"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Cents
		msg  string // expected ParseError message; empty means success
	}{
		{"0", 0, ""},
		{"1234", 123400, ""},
		{"1234,5", 123450, ""},
		{"1234,56", 123456, ""},
		{"1234,05", 123405, ""},
		{"1.234,56", 123456, ""},
		{"12.345.678,90", 1234567890, ""},
		{"€ 1.234,56", 123456, ""},
		{"€1.234,56", 123456, ""},
		{"€\u00a01.234,56", 123456, ""},
		{"  12,50  ", 1250, ""},
		{"12,-", 1200, ""},
		{"€ 12,--", 1200, ""},
		{",50", 50, ""},
		{"0,01", 1, ""},
		{"007", 700, ""},
		{"1234.56", 123456, ""},
		{"0.99", 99, ""},
		{"1.234", 123400, ""}, // thousands separator
		{"1.234.567", 123456700, ""},
		{"92233720368547758,07", math.MaxInt64, ""},
		{"92.233.720.368.547.758,07", math.MaxInt64, ""},

		{"", 0, msgEmpty},
		{"   ", 0, msgEmpty},
		{"€", 0, msgEmpty},
		{"-12,50", 0, msgNegative},
		{"-€ 12,50", 0, msgNegative},
		{"€ -12,50", 0, msgNegative},
		{"-0", 0, msgNegative},
		{"1,234", 0, msgDecimals},
		{"1.234,567", 0, msgDecimals},
		{"1234.5678", 0, msgDecimals},
		{"1.5", 0, msgAmbiguous},
		{"1234.5", 0, msgAmbiguous},
		{"92233720368547758,08", 0, msgTooLarge},
		{"99999999999999999999999999", 0, msgTooLarge},
		{"184467440737095516,16", 0, msgTooLarge}, // 2^64 cents: would wrap a uint64
		{"1.23,45", 0, msgInvalid},
		{"1234.567", 0, msgInvalid},
		{"12.34.56", 0, msgInvalid},
		{".50", 0, msgInvalid},
		{"1,", 0, msgInvalid},
		{",", 0, msgInvalid},
		{",-", 0, msgInvalid},
		{"1,2,3", 0, msgInvalid},
		{"1.234.56", 0, msgInvalid},
		{"12 500", 0, msgInvalid},
		{"+12", 0, msgInvalid},
		{"--12", 0, msgInvalid},
		{"12 euro", 0, msgInvalid},
		{"EUR 12", 0, msgInvalid},
		{"1e3", 0, msgInvalid},
		{"١٢", 0, msgInvalid}, // Arabic-Indic digits
		{"12€", 0, msgInvalid},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if tt.msg == "" {
			if err != nil || got != tt.want {
				t.Errorf("Parse(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
			}
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("Parse(%q) = %d, %v; want *ParseError %q", tt.in, got, err, tt.msg)
			continue
		}
		if pe.Msg != tt.msg || pe.Input != tt.in || err.Error() != tt.msg {
			t.Errorf("Parse(%q) error = %+v; want message %q", tt.in, pe, tt.msg)
		}
	}
}

func TestParseSigned(t *testing.T) {
	tests := []struct {
		in   string
		want Cents
		ok   bool
	}{
		{"12,50", 1250, true},
		{"-12,50", -1250, true},
		{"-€ 12,50", -1250, true},
		{"€ -12,50", -1250, true},
		{"- € 1.234,56", -123456, true},
		{"-0", 0, true},
		{"-92233720368547758,08", math.MinInt64, true},
		{"-92233720368547758,09", 0, false},
		{"92233720368547758,08", 0, false},
		{"-€ -12", 0, false},
		{"--12", 0, false},
		{"-", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseSigned(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseSigned(%q) = %d, %v; want %d, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		c          Cents
		str, plain string
	}{
		{0, "€ 0,00", "0,00"},
		{1, "€ 0,01", "0,01"},
		{10, "€ 0,10", "0,10"},
		{99, "€ 0,99", "0,99"},
		{100, "€ 1,00", "1,00"},
		{99999, "€ 999,99", "999,99"},
		{100000, "€ 1.000,00", "1000,00"},
		{123456, "€ 1.234,56", "1234,56"},
		{12345678, "€ 123.456,78", "123456,78"},
		{123456789, "€ 1.234.567,89", "1234567,89"},
		{-1200, "-€ 12,00", "-12,00"},
		{-1, "-€ 0,01", "-0,01"},
		{math.MaxInt64, "€ 92.233.720.368.547.758,07", "92233720368547758,07"},
		{math.MinInt64, "-€ 92.233.720.368.547.758,08", "-92233720368547758,08"},
	}
	for _, tt := range tests {
		if got := tt.c.String(); got != tt.str {
			t.Errorf("Cents(%d).String() = %q, want %q", tt.c, got, tt.str)
		}
		if got := tt.c.Plain(); got != tt.plain {
			t.Errorf("Cents(%d).Plain() = %q, want %q", tt.c, got, tt.plain)
		}
	}
}

func TestPercent(t *testing.T) {
	tests := []struct {
		c    Cents
		bp   int64
		want Cents
	}{
		{10000, 150, 150},   // 1,5% of €100
		{123456, 150, 1852}, // 1851,84 → 1852
		{100, 50, 1},        // exactly 0,5 cent → up
		{100, 49, 0},        // 0,49 cent → down
		{1, 5000, 1},        // half a cent → up
		{1, 4999, 0},
		{3, 5000, 2}, // 1,5 → 2
		{-1, 5000, -1},
		{-100, 50, -1},
		{-3, 5000, -2}, // symmetric: minus the positive result
		{1, -5000, -1},
		{-1, -5000, 1},
		{123456, 10000, 123456},
		{123456, 0, 0},
		{0, 150, 0},
		{math.MaxInt64, 10000, math.MaxInt64}, // 128-bit intermediate
		{math.MinInt64, 10000, math.MinInt64},
		{math.MaxInt64, 5000, math.MaxInt64/2 + 1},
		{math.MaxInt64, -10000, -math.MaxInt64},
	}
	for _, tt := range tests {
		if got := Percent(tt.c, tt.bp); got != tt.want {
			t.Errorf("Percent(%d, %d) = %d, want %d", tt.c, tt.bp, got, tt.want)
		}
	}
}

func TestMulQty(t *testing.T) {
	tests := []struct {
		rate, qty int64
		want      Cents
	}{
		{2345, 150, 3518}, // 35,175 → 35,18
		{2345, 100, 2345},
		{2345, 1, 23}, // 0,2345 → 0,23
		{2350, 1, 24}, // 0,235 → 0,24 (half up)
		{2349, 1, 23}, // 0,2349 → 0,23
		{5000, 25, 1250},
		{3333, 300, 9999},
		{0, 800, 0},
		{2345, 0, 0},
		{-2350, 1, -24},
		{2350, -1, -24},
		{math.MaxInt64, 100, math.MaxInt64},
		{math.MinInt64, 100, math.MinInt64},
		{math.MinInt64, -1, 92233720368547758}, // 92233720368547758,08 → 92233720368547758
	}
	for _, tt := range tests {
		if got := MulQty(tt.rate, tt.qty); got != tt.want {
			t.Errorf("MulQty(%d, %d) = %d, want %d", tt.rate, tt.qty, got, tt.want)
		}
	}
}

func TestOverflowPanics(t *testing.T) {
	for _, f := range []func(){
		func() { Percent(math.MaxInt64, 10001) },
		func() { Percent(math.MinInt64, -10000) }, // +2^63 does not fit
		func() { MulQty(math.MaxInt64, math.MaxInt64) },
		func() { MulQty(math.MinInt64, math.MinInt64) },
		func() { MulQty(math.MaxInt64, 101) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("no panic on overflow")
				}
			}()
			f()
		}()
	}
}
