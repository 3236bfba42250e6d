package nlid

import (
	"strings"
	"testing"
)

func TestValidBSN(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"111222333", true},
		{"123456782", true},
		{"999999990", true},
		{"100000009", true},
		{"012345672", true},
		{"12345672", true}, // 8 digits: leading zero was dropped
		{"123456781", false},
		{"111222334", false},
		{"000000000", false}, // passes the elfproef arithmetically, but never issued
		{"00000000", false},
		{"12345678a", false},
		{"abcdefghi", false},
		{"1234567820", false}, // 10 digits
		{"1234567", false},
		{"", false},
		{"123 456 782", false}, // Valid* takes the canonical form only
		{"１２３４５６７８２", false},   // full-width digits
	}
	for _, tt := range tests {
		if got := ValidBSN(tt.in); got != tt.want {
			t.Errorf("ValidBSN(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeBSN(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"111222333", "111222333", true},
		{"1234.56.782", "123456782", true},
		{" 123 456 782 ", "123456782", true},
		{"12345672", "012345672", true},
		{"1234.5672", "012345672", true},
		{"123456781", "", false},
		{"000.000.000", "", false},
		{"123-456-782", "", false}, // only spaces and dots are separators
		{"1234567820", "", false},
		{"1234567", "", false},
		{"", "", false},
		{"12345678x", "", false},
	}
	for _, tt := range tests {
		got, ok := NormalizeBSN(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalizeBSN(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestValidAGB(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"01234567", true},
		{"03012345", true},
		{"99999999", true},
		{"00123456", false}, // zorgsoort 00 does not exist
		{"00000000", false},
		{"1234567", false},
		{"123456789", false},
		{"0123456a", false},
		{"0123 4567", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := ValidAGB(tt.in); got != tt.want {
			t.Errorf("ValidAGB(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestValidKvKAndVestigingsnummer(t *testing.T) {
	kvk := []struct {
		in   string
		want bool
	}{
		{"12345678", true},
		{"01234567", true},
		{"1234567", false},
		{"123456789", false},
		{"1234567a", false},
		{" 12345678", false},
		{"", false},
	}
	for _, tt := range kvk {
		if got := ValidKvK(tt.in); got != tt.want {
			t.Errorf("ValidKvK(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	vest := []struct {
		in   string
		want bool
	}{
		{"000012345678", true},
		{"123456789012", true},
		{"12345678901", false},
		{"1234567890123", false},
		{"12345678901x", false},
		{"", false},
	}
	for _, tt := range vest {
		if got := ValidVestigingsnummer(tt.in); got != tt.want {
			t.Errorf("ValidVestigingsnummer(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeIBAN(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"NL91ABNA0417164300", "NL91ABNA0417164300", true},
		{"nl91 abna 0417 1643 00", "NL91ABNA0417164300", true},
		{"  NL91ABNA0417164300\t", "NL91ABNA0417164300", true},
		{"NL20INGB0001234567", "NL20INGB0001234567", true},
		{"NL02ABNA0123456789", "NL02ABNA0123456789", true},
		{"DE89 3704 0044 0532 0130 00", "DE89370400440532013000", true},
		{"BE68539007547034", "BE68539007547034", true},                               // shortest in the EU
		{"NO9386011117947", "NO9386011117947", true},                                 // shortest in SEPA
		{"MT84MALT011000012345MTLCAST001S", "MT84MALT011000012345MTLCAST001S", true}, // longest
		{"FR1420041010050500013M02606", "FR1420041010050500013M02606", true},
		{"GB82WEST12345698765432", "GB82WEST12345698765432", true},
		{"CH9300762011623852957", "CH9300762011623852957", true},

		{"NL91ABNA0417164301", "", false},   // checksum
		{"NL19ABNA0417164300", "", false},   // swapped check digits
		{"NL91ABNA041716430", "", false},    // too short for NL
		{"NL91ABNA04171643000", "", false},  // too long for NL
		{"NL99ABNA0123456789", "", false},   // 99 ≡ 02 (mod 97), but not issued
		{"NL6112340123456789", "", false},   // mod-97 ok, bank code not letters
		{"NL03ABNA012345678X", "", false},   // mod-97 ok, account not digits
		{"XK051212012345678906", "", false}, // mod-97 ok, Kosovo is not SEPA
		{"US64SVBKUS6S3300958879", "", false},
		{"NL91-ABNA-0417-1643-00", "", false},
		{"NLXXABNA0417164300", "", false},
		{"NL9", "", false},
		{"", "", false},
		{"nl91 abna 0417 1643 0ı", "", false}, // dotless i must not become I
	}
	for _, tt := range tests {
		got, ok := NormalizeIBAN(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalizeIBAN(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFormatIBAN(t *testing.T) {
	tests := []struct{ in, want string }{
		{"NL91ABNA0417164300", "NL91 ABNA 0417 1643 00"},
		{"nl91abna0417164300", "NL91 ABNA 0417 1643 00"},
		{"BE68539007547034", "BE68 5390 0754 7034"},
		{"NO9386011117947", "NO93 8601 1117 947"},
		{"not an iban", "not an iban"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := FormatIBAN(tt.in); got != tt.want {
			t.Errorf("FormatIBAN(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIBANLengthTable(t *testing.T) {
	// Guard against typos in the table: every SEPA IBAN is 15..31 long.
	for cc, n := range ibanLength {
		if len(cc) != 2 || !allLetters(cc) || n < 15 || n > 31 {
			t.Errorf("ibanLength[%q] = %d", cc, n)
		}
	}
}

func TestNormalizePostcode(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"1234AB", "1234 AB", true},
		{"1234 AB", "1234 AB", true},
		{"1234ab", "1234 AB", true},
		{" 1234  aB ", "1234 AB", true},
		{"1000AA", "1000 AA", true},
		{"9999ZZ", "9999 ZZ", true},
		{"1234SB", "1234 SB", true},
		{"0123AB", "", false}, // no leading zero
		{"1234SA", "", false},
		{"1234sd", "", false},
		{"1234 SS", "", false},
		{"123AB", "", false},
		{"12345AB", "", false},
		{"1234A", "", false},
		{"1234ABC", "", false},
		{"1234-AB", "", false},
		{"ABCD12", "", false},
		{"1234ÄB", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := NormalizePostcode(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalizePostcode(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestValidEmail(t *testing.T) {
	local64 := strings.Repeat("a", 64)
	long := strings.Repeat("a", 64) + "@" + strings.Repeat("b", 186) + ".nl" // 254 bytes, the limit
	tests := []struct {
		in   string
		want bool
	}{
		{"jan@example.nl", true},
		{"jan.de.vries+pgb@mail.example.nl", true},
		{"j@x.nl", true},
		{local64 + "@example.nl", true},
		{long, true},
		{long + "x", false}, // 255
		{local64 + "a@example.nl", false},
		{"jan@localhost", false},
		{"jan@example.nl.", false},
		{"jan@.example.nl", false},
		{"jan@example..nl", false},
		{"jan@[192.168.0.1]", false},
		{"Jan <jan@example.nl>", false},
		{"<jan@example.nl>", false},
		{"jan@example.nl (Jan)", false},
		{" jan@example.nl", false},
		{"jan", false},
		{"@example.nl", false},
		{"jan@", false},
		{"jan@@example.nl", false},
		{"jan de vries@example.nl", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := ValidEmail(tt.in); got != tt.want {
			t.Errorf("ValidEmail(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"0612345678", "0612345678", true},
		{"06-12345678", "0612345678", true},
		{"06 123 456 78", "0612345678", true},
		{"020 123 4567", "0201234567", true},
		{"(020) 123 45 67", "0201234567", true},
		{"+31612345678", "0612345678", true},
		{"+31 6 12345678", "0612345678", true},
		{"+31 (0)6 12345678", "0612345678", true},
		{"+31 06 12345678", "0612345678", true},
		{"0031612345678", "0612345678", true},
		{"0031 20 123 4567", "0201234567", true},
		{"061234567", "", false},    // 9 digits
		{"06123456789", "", false},  // 11 digits
		{"0012345678", "", false},   // 00 is the international prefix
		{"612345678", "", false},    // no trunk 0
		{"+32412345678", "", false}, // Belgium
		{"0032412345678", "", false},
		{"+3100612345678", "", false},
		{"08001234", "", false},
		{"06123456ab", "", false},
		{"", "", false},
		{"+31", "", false},
	}
	for _, tt := range tests {
		got, ok := NormalizePhone(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
