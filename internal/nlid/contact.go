package nlid

import (
	"net/mail"
	"strings"
)

// ValidEmail reports whether s is a usable e-mail address. It is pragmatic
// rather than RFC-complete: s must be a bare address that net/mail parses to
// itself (no display name, no angle brackets, no comments), at most 254
// characters (the SMTP path limit) with a local part of at most 64, and the
// domain must contain a dot, because addresses like "jan@localhost" cannot
// receive mail from us and are nearly always typos.
func ValidEmail(s string) bool {
	if len(s) > 254 {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	if at < 1 || at > 64 {
		return false
	}
	domain := s[at+1:]
	if !strings.Contains(domain, ".") || strings.Contains(domain, "..") ||
		strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") ||
		strings.HasPrefix(domain, "[") {
		return false
	}
	return true
}

// NormalizePhone accepts a Dutch phone number as people write it
// ("06-12345678", "020 123 4567", "+31 6 12345678", "+31 (0)6 12345678",
// "0031612345678") and returns the 10-digit national form ("0612345678"),
// which is what Dutch users recognize and what the SMS gateway is given.
// Foreign numbers and short service numbers (e.g. 8-digit 0800 numbers) are
// refused: the portal only calls and texts budgetholders in the Netherlands.
func NormalizePhone(s string) (string, bool) {
	s = strip(s, func(r rune) bool {
		switch r {
		case ' ', '\t', '\u00a0', '-', '.', '/', '(', ')':
			return true
		}
		return false
	})
	switch {
	case strings.HasPrefix(s, "+31"):
		s = s[3:]
	case strings.HasPrefix(s, "0031"):
		s = s[4:]
	case strings.HasPrefix(s, "0"):
		s = s[1:]
	default:
		return "", false
	}
	// After the country code people often keep the trunk 0 ("+31 (0)6",
	// "+31 06"); it is dropped here once so both spellings give one number.
	if len(s) == 10 && s[0] == '0' {
		s = s[1:]
	}
	// A national number has 9 digits after the trunk 0, and never starts
	// with 0 there: "00" is the international access prefix.
	if len(s) != 9 || !allDigits(s) || s[0] == '0' {
		return "", false
	}
	return "0" + s, true
}
