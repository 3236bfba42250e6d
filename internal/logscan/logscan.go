// Package logscan looks through logs for personal data: numbers that pass
// the BSN elfproef and the names of the demo persons. The test run writes
// every portal log it captures to test-output/logs, and with Traffic every
// URL that the tests' clients and browsers requested and every error page the
// portal answered with to test-output/logs/http and test-output/logs/browser;
// scripts/test.sh scans them all at the end, so a log line, URL or error page
// with a BSN or a name fails `make test`.
package logscan

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"pgbportaal/internal/nlid"
)

// Names are the surnames of the demo and fixture persons; none may appear in
// a log line. (Organisation names are no personal data and may.)
var Names = []string{"de Vries", "Bakker", "Visser", "Smit", "Mulder", "de Boer", "Jansen"}

// Finding is one line with personal data.
type Finding struct {
	File string
	Line int
	What string
}

func (f Finding) String() string { return fmt.Sprintf("%s:%d: %s", f.File, f.Line, f.What) }

var (
	nineDigits = regexp.MustCompile(`(^|[^0-9])([0-9]{9})($|[^0-9])`)
	// A BSN as it is usually written for people: 1234.56.782.
	dottedBSN = regexp.MustCompile(`(^|[^0-9.])([0-9]{4})\.([0-9]{2})\.([0-9]{3})($|[^0-9])`)
	// Timestamps carry nine digits of nanoseconds; they are no BSN.
	timestamp = regexp.MustCompile(`[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?`)
	// Static files carry ten hex digits of their content's hash in their
	// name (app.f7e3a08e8b.css), which can hold nine decimal ones.
	fingerprint = regexp.MustCompile(`\.[0-9a-f]{10}\.(css|js|svg|png|ico|woff2?|map)\b`)
)

// Line reports what personal data line holds ("" when none).
func Line(line string) string {
	line = timestamp.ReplaceAllString(line, "")
	line = fingerprint.ReplaceAllString(line, ".$1")
	for _, m := range nineDigits.FindAllStringSubmatch(line, -1) {
		if nlid.ValidBSN(m[2]) {
			return "a number passing the BSN elfproef: " + m[2][:3] + "…"
		}
	}
	for _, m := range dottedBSN.FindAllStringSubmatch(line, -1) {
		if nlid.ValidBSN(m[2] + m[3] + m[4]) {
			return "a number passing the BSN elfproef: " + m[2][:3] + "…"
		}
	}
	for _, n := range Names {
		if strings.Contains(line, n) {
			return "the name " + n
		}
	}
	return ""
}

// Dir scans every file under dir.
func Dir(dir string) (files int, findings []Finding, err error) {
	err = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for n := 1; sc.Scan(); n++ {
			if what := Line(sc.Text()); what != "" {
				findings = append(findings, Finding{File: path, Line: n, What: what})
			}
		}
		return sc.Err()
	})
	return files, findings, err
}

// Root is the repository root (the directory holding go.mod) above the
// working directory.
func Root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("logscan: no go.mod above the working directory")
		}
		dir = parent
	}
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// Save writes the captured logs of one test to test-output/logs/<name>.log
// under the repository root, for the scan at the end of the run.
func Save(name, logs string) error {
	root, err := Root()
	if err != nil {
		return err
	}
	dir := filepath.Join(root, "test-output", "logs")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, unsafeName.ReplaceAllString(name, "_")+".log"), []byte(logs), 0o644)
}
