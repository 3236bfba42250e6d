// Package nlid validates and normalizes Dutch identifiers and contact details
// as people type them into forms: BSN, AGB-code, KvK-nummer, vestigingsnummer,
// IBAN, postcode, e-mail address and phone number.
//
// Valid* functions check the canonical form only (no spaces, no punctuation);
// Normalize* functions accept the usual ways of writing a value and return the
// canonical form that is stored, so that equal values compare equal in the
// database. Normalize* return ("", false) for input they refuse.
//
// Everything here is pure: no I/O, no registry look-ups. A value that passes is
// well-formed, not necessarily issued to anyone.
package nlid

import (
	"strings"
	"unicode"
)

// ValidBSN reports whether s is a burgerservicenummer: 8 or 9 digits (8 are
// read with a leading zero) passing the elfproef, and not all zeros.
func ValidBSN(s string) bool {
	if len(s) == 8 {
		s = "0" + s
	}
	if len(s) != 9 {
		return false
	}
	sum, nonzero := 0, false
	for i := 0; i < 9; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		if d != 0 {
			nonzero = true
		}
		if i == 8 {
			sum -= d
		} else {
			sum += (9 - i) * d
		}
	}
	return nonzero && sum%11 == 0
}

// NormalizeBSN accepts a BSN as it is commonly written ("1234.56.782",
// "123 456 782") and returns the 9-digit form. Spaces and dots are removed and
// an 8-digit number gets its leading zero back, because spreadsheets and older
// systems drop it and the BSN is stored as text with a fixed width.
func NormalizeBSN(s string) (string, bool) {
	s = strip(s, func(r rune) bool { return unicode.IsSpace(r) || r == '.' })
	if len(s) == 8 {
		s = "0" + s
	}
	if len(s) != 9 || !ValidBSN(s) {
		return "", false
	}
	return s, true
}

// strip returns s without the runes for which drop reports true.
func strip(s string, drop func(rune) bool) string {
	return strings.Map(func(r rune) rune {
		if drop(r) {
			return -1
		}
		return r
	}, s)
}

// allDigits reports whether s is non-empty and consists of ASCII digits only.
// unicode.IsDigit is deliberately not used: it accepts Arabic-Indic and other
// digits that no Dutch register issues.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
