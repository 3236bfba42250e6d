//go:build !faults

package betaalrun

// faultPoint is where the fault tests stop a betaalrun halfway; in a normal
// build it does nothing.
func faultPoint(string) {}
