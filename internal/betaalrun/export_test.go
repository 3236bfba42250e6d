package betaalrun

// Grenzen lowers, for one test, how many transactions a pain.001 file holds,
// how large a stored block is and how many betalingen one FETCH reads, so a
// small run exercises the split; the returned function restores them.
func Grenzen(perBestand, blok, lees int) (herstel func()) {
	oud := [3]int{maxPerBestand, blokGrootte, leesRijen}
	maxPerBestand, blokGrootte, leesRijen = perBestand, blok, lees
	return func() { maxPerBestand, blokGrootte, leesRijen = oud[0], oud[1], oud[2] }
}
