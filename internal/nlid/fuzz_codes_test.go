package nlid

import "testing"

// FuzzAGB and FuzzKvK: the shape checks never panic, accept only eight
// digits, and agree with a plain reading of the rule.
func FuzzAGB(f *testing.F) {
	for _, s := range []string{"75012345", "00123456", "7501234", "750123456", "7501234a", " 75012345", "７５０１２３４５", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := ValidAGB(s)
		want := len(s) == 8 && s[:2] != "00"
		for _, c := range []byte(s) {
			if c < '0' || c > '9' {
				want = false
			}
		}
		if got != want {
			t.Fatalf("ValidAGB(%q) = %v, want %v", s, got, want)
		}
	})
}

func FuzzKvK(f *testing.F) {
	for _, s := range []string{"41000001", "00000000", "4100000", "410000011", "4100000x", "４１０００００１", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := ValidKvK(s)
		want := len(s) == 8
		for _, c := range []byte(s) {
			if c < '0' || c > '9' {
				want = false
			}
		}
		if got != want {
			t.Fatalf("ValidKvK(%q) = %v, want %v", s, got, want)
		}
		if ValidVestigingsnummer(s) != (len(s) == 12 && want12(s)) {
			t.Fatalf("ValidVestigingsnummer(%q) = %v", s, ValidVestigingsnummer(s))
		}
	})
}

func want12(s string) bool {
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
