package nlid

import (
	"strings"
	"testing"
)

// The fuzz targets assert the invariants the rest of the portal relies on:
// nothing panics on hostile input, what Normalize returns passes validation,
// and normalizing a normalized value changes nothing (so a value read back
// from the database and resubmitted stays equal).

func FuzzBSN(f *testing.F) {
	for _, s := range []string{"111222333", "1234.56.782", "12345672", "000000000", "12345678a", "1234567820", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		valid := ValidBSN(s)
		n, ok := NormalizeBSN(s)
		if !ok {
			if n != "" {
				t.Fatalf("NormalizeBSN(%q) = %q, false; want empty", s, n)
			}
			if valid {
				t.Fatalf("ValidBSN(%q) but NormalizeBSN refuses it", s)
			}
			return
		}
		if len(n) != 9 || !ValidBSN(n) {
			t.Fatalf("NormalizeBSN(%q) = %q, which does not validate", s, n)
		}
		if n2, ok2 := NormalizeBSN(n); !ok2 || n2 != n {
			t.Fatalf("NormalizeBSN not idempotent: %q -> %q -> %q, %v", s, n, n2, ok2)
		}
		if valid && strings.TrimLeft(n, "0") != strings.TrimLeft(s, "0") {
			t.Fatalf("NormalizeBSN(%q) = %q changed a canonical BSN", s, n)
		}
	})
}

func FuzzIBAN(f *testing.F) {
	for _, s := range []string{"NL91ABNA0417164300", "nl91 abna 0417 1643 00", "NL99ABNA0123456789", "MT84MALT011000012345MTLCAST001S", "NO9386011117947", "", "NL"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := NormalizeIBAN(s)
		formatted := FormatIBAN(s)
		if !ok {
			if n != "" {
				t.Fatalf("NormalizeIBAN(%q) = %q, false; want empty", s, n)
			}
			if formatted != s {
				t.Fatalf("FormatIBAN(%q) = %q; invalid input must come back unchanged", s, formatted)
			}
			return
		}
		if ibanMod97(n) != 1 || len(n) != ibanLength[n[:2]] {
			t.Fatalf("NormalizeIBAN(%q) = %q, which does not validate", s, n)
		}
		if n2, ok2 := NormalizeIBAN(n); !ok2 || n2 != n {
			t.Fatalf("NormalizeIBAN not idempotent: %q -> %q -> %q, %v", s, n, n2, ok2)
		}
		// The paper format must read back as the same IBAN.
		if n3, ok3 := NormalizeIBAN(formatted); !ok3 || n3 != n {
			t.Fatalf("FormatIBAN(%q) = %q does not normalize back to %q", s, formatted, n)
		}
		if FormatIBAN(formatted) != formatted {
			t.Fatalf("FormatIBAN not idempotent on %q", formatted)
		}
	})
}

func FuzzPostcode(f *testing.F) {
	for _, s := range []string{"1234AB", " 1234 ab ", "0123AB", "1234SS", "1234ÄB", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := NormalizePostcode(s)
		if !ok {
			if n != "" {
				t.Fatalf("NormalizePostcode(%q) = %q, false; want empty", s, n)
			}
			return
		}
		if len(n) != 7 || n[4] != ' ' || n[0] == '0' {
			t.Fatalf("NormalizePostcode(%q) = %q: not in 1234 AB form", s, n)
		}
		if n2, ok2 := NormalizePostcode(n); !ok2 || n2 != n {
			t.Fatalf("NormalizePostcode not idempotent: %q -> %q -> %q, %v", s, n, n2, ok2)
		}
	})
}

func FuzzPhone(f *testing.F) {
	for _, s := range []string{"06-12345678", "+31 (0)6 12345678", "0031612345678", "0012345678", "+32412345678", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := NormalizePhone(s)
		if !ok {
			if n != "" {
				t.Fatalf("NormalizePhone(%q) = %q, false; want empty", s, n)
			}
			return
		}
		if len(n) != 10 || n[0] != '0' || n[1] == '0' || !allDigits(n) {
			t.Fatalf("NormalizePhone(%q) = %q: not a 10-digit national number", s, n)
		}
		if n2, ok2 := NormalizePhone(n); !ok2 || n2 != n {
			t.Fatalf("NormalizePhone not idempotent: %q -> %q -> %q, %v", s, n, n2, ok2)
		}
	})
}
