package nlid

import (
	"strings"
	"unicode"
)

// ibanLength is the IBAN length per country (ISO 13616 registry) for the SEPA
// countries. A PGB is paid out by the SVB via SEPA credit transfer, so an IBAN
// from any other country cannot be paid to and is refused rather than
// accepted on checksum alone.
var ibanLength = map[string]int{
	// EU member states.
	"AT": 20, "BE": 16, "BG": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18,
	"EE": 20, "ES": 24, "FI": 18, "FR": 27, "GR": 27, "HR": 21, "HU": 28,
	"IE": 22, "IT": 27, "LT": 20, "LU": 20, "LV": 21, "MT": 31, "NL": 18,
	"PL": 28, "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24,
	// EEA.
	"IS": 26, "LI": 21, "NO": 15,
	// Other SEPA participants.
	"AD": 24, "AL": 28, "CH": 21, "GB": 22, "GI": 23, "MC": 27, "MD": 24,
	"ME": 22, "MK": 19, "RS": 22, "SM": 27, "VA": 22,
}

// NormalizeIBAN accepts an IBAN as printed on a bank card or statement
// ("nl91 abna 0417 1643 00") and returns the electronic format: upper case
// without spaces ("NL91ABNA0417164300"). It checks the country's length, the
// ISO 13616 mod-97 checksum and, for NL, the bank code (4 letters) and account
// number (10 digits) layout.
func NormalizeIBAN(s string) (string, bool) {
	s = strip(s, unicode.IsSpace)
	b := []byte(s)
	for i, c := range b {
		switch {
		case c >= 'a' && c <= 'z':
			// ASCII only: strings.ToUpper would map e.g. the dotless ı to I
			// and so accept text that is not an IBAN.
			b[i] = c - 'a' + 'A'
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		default:
			return "", false
		}
	}
	s = string(b)
	if len(s) < 4 {
		return "", false
	}
	n, ok := ibanLength[s[:2]]
	if !ok || len(s) != n || !allDigits(s[2:4]) {
		return "", false
	}
	// Check digits 00, 01 and 99 can satisfy mod-97 by coincidence (they are
	// congruent to 97, 98 and 2) but are never issued: ISO 13616 uses 02..98.
	if cd := s[2:4]; cd == "00" || cd == "01" || cd == "99" {
		return "", false
	}
	if s[:2] == "NL" && !(allLetters(s[4:8]) && allDigits(s[8:])) {
		return "", false
	}
	if ibanMod97(s) != 1 {
		return "", false
	}
	return s, true
}

// ibanMod97 computes the ISO 7064 MOD 97-10 remainder of an upper-case IBAN:
// the first four characters are moved to the end and letters count as 10..35.
// It works digit by digit so no big integers are needed.
func ibanMod97(s string) int {
	r := 0
	for _, c := range s[4:] + s[:4] {
		if c >= 'A' && c <= 'Z' {
			r = (r*100 + int(c-'A'+10)) % 97
		} else {
			r = (r*10 + int(c-'0')) % 97
		}
	}
	return r
}

// FormatIBAN returns the IBAN in the paper format of groups of four
// ("NL91 ABNA 0417 1643 00"), which is how people read and check it. Input
// that is not a valid IBAN is returned unchanged so a form can show back what
// was typed.
func FormatIBAN(s string) string {
	n, ok := NormalizeIBAN(s)
	if !ok {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(n); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(n[i:min(i+4, len(n))])
	}
	return b.String()
}

// allLetters reports whether s is non-empty and consists of A-Z only.
func allLetters(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}
