package nlid

import "unicode"

// NormalizePostcode accepts a Dutch postcode written as "1234AB", "1234 ab" or
// " 1234  Ab " and returns the PostNL notation "1234 AB". The number part
// never starts with 0, and PostNL does not issue the letter pairs SA, SD and
// SS (for their historical connotations), so those are refused.
func NormalizePostcode(s string) (string, bool) {
	s = strip(s, unicode.IsSpace)
	if len(s) != 6 || !allDigits(s[:4]) || s[0] == '0' {
		return "", false
	}
	l := []byte(s[4:])
	for i, c := range l {
		if c >= 'a' && c <= 'z' {
			l[i] = c - 'a' + 'A'
		} else if c < 'A' || c > 'Z' {
			return "", false
		}
	}
	switch string(l) {
	case "SA", "SD", "SS":
		return "", false
	}
	return s[:4] + " " + string(l), true
}
