#!/usr/bin/env bash
# Runs every test against a real PostgreSQL and a headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export PGB_TEST_DATABASE_URL="${PGB_TEST_DATABASE_URL:-$(scripts/ensure-postgres.sh)}"
export PGB_CHROMIUM="$(scripts/ensure-chromium.sh)"
scripts/assets.sh
scripts/check-generated.sh
go vet ./...
go test -count=1 -timeout 25m "$@" ./...
