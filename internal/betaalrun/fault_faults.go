//go:build faults

package betaalrun

import (
	"fmt"
	"os"
	"time"
)

// faultPoint lets the fault tests stop a betaalrun halfway: when PGB_FAULT
// names this point, the process says so on stderr and waits to be killed.
func faultPoint(name string) {
	if os.Getenv("PGB_FAULT") != name {
		return
	}
	fmt.Fprintln(os.Stderr, "FAULT "+name)
	time.Sleep(time.Hour)
}
