//go:build !faults

package main

import "time"

// processClock is the clock of the portal process.
func processClock() func() time.Time { return time.Now }
