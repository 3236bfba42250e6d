#!/usr/bin/env bash
# Runs every test against a real PostgreSQL and a headless Chromium, then the
# fault tests (the portal binary killed and run twice), a short fuzz run, and
# finally scans every log, URL and error page the tests captured for
# personal data (a BSN or a demo person's name fails the run).
set -euo pipefail
cd "$(dirname "$0")/.."
export PGB_TEST_DATABASE_URL="${PGB_TEST_DATABASE_URL:-$(scripts/ensure-postgres.sh)}"
export PGB_CHROMIUM="$(scripts/ensure-chromium.sh)"
scripts/assets.sh
scripts/check-generated.sh
go vet ./...
rm -rf test-output/logs
go test -count=1 -timeout 25m "$@" ./...
go test -count=1 -timeout 6m -tags faults ./internal/faults/
scripts/fuzz.sh
go run ./internal/logscan/cmd/logscan test-output/logs
