// Package faults holds the fault tests: the portal binary, built once with
// the fault hooks (build tag faults), killed in the middle of a betaalrun,
// run twice on one database, losing its database in the middle of a request,
// and sent SIGTERM with a request in flight. They run with `go test -tags
// faults ./internal/faults/`, which scripts/test.sh does after the other
// tests.
package faults
