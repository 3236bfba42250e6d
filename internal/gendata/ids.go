package gendata

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strconv"
)

// bsnFor returns a valid BSN (elfproef) for index x in a range starting at
// base7: the first seven digits are base7+x, the eighth is the smallest digit
// that lets the check digit exist, the ninth is the check digit. Different x
// give different numbers, so every person of the dataset has their own BSN.
func bsnFor(base7, x int) string {
	p := base7 + x
	d := make([]int, 9)
	for i := 6; i >= 0; i-- {
		d[i] = p % 10
		p /= 10
	}
	for e := 0; e <= 9; e++ {
		d[7] = e
		s := 0
		for i := 0; i < 8; i++ {
			s += (9 - i) * d[i]
		}
		if c := s % 11; c <= 9 {
			d[8] = c
			b := make([]byte, 9)
			for i, v := range d {
				b[i] = byte('0' + v)
			}
			return string(b)
		}
	}
	panic("unreachable: some eighth digit always gives a check digit")
}

// BSN ranges (first seven digits) of the generated people.
const (
	bsnBudgethouder      = 6000000 // + budgethouder index
	bsnVertegenwoordiger = 6200000 // + budgethouder index
	bsnInformeel         = 6400000 // + budgethouder index × maxAfspraken + agreement index
)

// agbFor is the AGB-code of formal zorgverlener k: zorgsoort 70 or 71 and six digits.
func agbFor(k int) string { return fmt.Sprintf("%02d%06d", 70+k/1_000_000, k%1_000_000) }

// kvkZorgkantoor and kvkBewindvoerder number the generated organisations.
func kvkZorgkantoor(k int) string   { return strconv.Itoa(42000001 + k) }
func kvkBewindvoerder(k int) string { return strconv.Itoa(61000001 + k) }

// ibanFor returns a valid Dutch IBAN (ISO 13616 mod-97) for account number n.
func ibanFor(r *rand.Rand) string {
	bank := banks[r.IntN(len(banks))]
	acct := fmt.Sprintf("%010d", r.Int64N(10_000_000_000))
	// Rearranged: bank, account, country (N=23, L=21) and check digits 00.
	s := bank + acct + "NL00"
	rem := 0
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			rem = (rem*10 + int(c-'0')) % 97
		default:
			v := int(c-'A') + 10
			rem = (rem*100 + v) % 97
		}
	}
	return fmt.Sprintf("NL%02d%s%s", 98-rem, bank, acct)
}

var banks = []string{"ABNA", "INGB", "RABO", "SNSB", "ASNB", "TRIO", "KNAB", "BUNQ", "RBRB"}

// rngFor is the random source of one part of the dataset: the same seed and
// key give the same numbers, whatever else is generated.
func rngFor(seed int64, kind string, i int) *rand.Rand {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d/%s/%d", seed, kind, i)
	s := h.Sum64()
	return rand.New(rand.NewPCG(s, s^0x9e3779b97f4a7c15))
}
