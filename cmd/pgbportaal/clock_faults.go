//go:build faults

package main

import (
	"fmt"
	"os"
	"sync"
	"time"
)

// processClock is the clock of the portal process. In the fault-test build
// PGB_FAULT_CLOCK (RFC 3339) is the time at the clock's first reading, from
// where it runs on in real time, so a test can have the scheduler start just
// before 17:00 however long the process took to start.
func processClock() func() time.Time {
	v := os.Getenv("PGB_FAULT_CLOCK")
	if v == "" {
		return time.Now
	}
	start, err := time.Parse(time.RFC3339, v)
	if err != nil {
		fmt.Fprintln(os.Stderr, "PGB_FAULT_CLOCK:", err)
		os.Exit(2)
	}
	var once sync.Once
	var offset time.Duration
	return func() time.Time {
		once.Do(func() { offset = time.Until(start) })
		return time.Now().Add(offset)
	}
}
