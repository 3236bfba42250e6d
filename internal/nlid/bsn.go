// Package nlid validates Dutch identifiers: BSN, AGB-code, KvK-nummer, IBAN, postcode.
package nlid

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
