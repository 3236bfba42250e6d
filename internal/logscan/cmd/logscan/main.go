// Command logscan fails when a log file under the given directory (default
// test-output/logs) holds a BSN or a demo person's name. scripts/test.sh runs
// it after the tests.
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
		fmt.Fprintf(os.Stderr, "logscan: %d log lines with personal data (BSN or name)\n", len(findings))
		os.Exit(1)
	}
	fmt.Printf("logscan: %d log files of the test run, no BSN or name in any line\n", files)
}
