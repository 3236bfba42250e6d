// Command logscan fails when a file under the given directory (default
// test-output/logs) holds a BSN or a demo person's name: the portal's logs
// the tests captured, and in http/ and browser/ every URL they requested and
// every error page the portal answered with (see logscan.Traffic).
// scripts/test.sh runs it after the tests.
package main

import (
	"fmt"
	"os"

	"pgbportaal/internal/logscan"
)

func main() {
	dir := "test-output/logs"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	files, findings, err := logscan.Dir(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "logscan:", err)
		os.Exit(2)
	}
	if files == 0 {
		fmt.Fprintf(os.Stderr, "logscan: no logs in %s: the tests did not save their logs\n", dir)
		os.Exit(2)
	}
	for _, f := range findings {
		fmt.Fprintln(os.Stderr, "logscan:", f)
	}
	if len(findings) > 0 {
		fmt.Fprintf(os.Stderr, "logscan: %d lines with personal data (BSN or name) in logs, URLs or error pages\n", len(findings))
		os.Exit(1)
	}
	fmt.Printf("logscan: %d files of the test run (portal logs; URLs and error pages in http/ and browser/), no BSN or name in any line\n", files)
}
