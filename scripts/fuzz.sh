#!/usr/bin/env bash
# A short fuzz run of every fuzz target (FUZZTIME each, default 20000
# inputs). The committed corpora under testdata/fuzz run in every `go test`
# anyway; this looks a little further. The budget is a count, not a duration:
# with a duration, Go 1.26's fuzzing coordinator can report its own deadline
# as a failure of the target ("context deadline exceeded", no input written;
# go.dev/issue/75804) when the machine is busy. A failing input is written to testdata/fuzz: commit
# it with the fix, so it stays a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZTIME="${FUZZTIME:-20000x}"
for file in $(grep -rl --include='*_test.go' '^func Fuzz' internal); do
	pkg="./$(dirname "$file")"
	for target in $(grep -o '^func Fuzz[A-Za-z0-9_]*' "$file" | cut -d' ' -f2); do
		echo "fuzz $pkg $target ($FUZZTIME)"
		go test -run '^$' -fuzz "^${target}\$" -fuzztime "$FUZZTIME" -parallel 1 "$pkg" >/tmp/fuzz.$$.log 2>&1 || {
			cat /tmp/fuzz.$$.log
			rm -f /tmp/fuzz.$$.log
			echo "fuzz: $target in $pkg failed (a failing input is saved under $pkg/testdata/fuzz/$target)" >&2
			exit 1
		}
	done
done
rm -f /tmp/fuzz.$$.log
