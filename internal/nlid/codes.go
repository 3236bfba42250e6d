package nlid

// ValidAGB reports whether s is a well-formed AGB-code (Algemeen
// GegevensBeheer zorgverleners): exactly 8 digits. Vektis publishes no check
// digit, so only the shape can be checked; the first two digits are the
// zorgsoort, and zorgsoort "00" does not exist, which catches the common
// mistake of typing an empty or zero-padded value.
func ValidAGB(s string) bool {
	return len(s) == 8 && allDigits(s) && s[:2] != "00"
}

// ValidKvK reports whether s is a well-formed KvK-nummer (Kamer van
// Koophandel): exactly 8 digits. The KvK documents no check digit that all
// issued numbers satisfy, so only the shape is checked; whether the number
// exists is a question for the Handelsregister, not for a form.
func ValidKvK(s string) bool {
	return len(s) == 8 && allDigits(s)
}

// ValidVestigingsnummer reports whether s is a well-formed KvK
// vestigingsnummer (branch number): exactly 12 digits. Leading zeros are
// significant, so it is text, never a number.
func ValidVestigingsnummer(s string) bool {
	return len(s) == 12 && allDigits(s)
}
