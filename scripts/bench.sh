#!/usr/bin/env bash
# A reduced national-scale run: generate a dataset of BENCH_BUDGETHOUDERS
# (default 5000) budgethouders in a database of its own, serve the portal on
# it, put it under load with BENCH_SESSIONS (default 100) sessions for
# BENCH_DURATION (default 30s), and fail on any failed request. Then the
# query discipline tests (statements per page, indexes) run. The dataset is
# kept between runs (BENCH_FRESH=1 generates it again); docs/PERFORMANCE.md
# describes the full-size run.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${BENCH_BUDGETHOUDERS:-5000}"
SEED="${BENCH_SEED:-1}"
SESSIONS="${BENCH_SESSIONS:-100}"
DURATION="${BENCH_DURATION:-30s}"
PORT="${BENCH_PORT:-18080}"
ADMIN="${PGB_TEST_DATABASE_URL:-$(scripts/ensure-postgres.sh)}"
export PGB_TEST_DATABASE_URL="$ADMIN"
DBNAME="pgbbench_${N}_${SEED}"
# The same server as the tests, another database.
DBURL="$(printf '%s' "$ADMIN" | sed -E "s#/[^/?]+(\?|$)#/${DBNAME}\1#")"

scripts/assets.sh
mkdir -p bin
go build -o bin/pgbportaal ./cmd/pgbportaal
go build -o bin/pgbload ./cmd/pgbload

exists="$(psql "$ADMIN" -Atc "SELECT 1 FROM pg_database WHERE datname = '${DBNAME}'")"
if [[ "${BENCH_FRESH:-0}" == 1 && "$exists" == 1 ]]; then
	psql "$ADMIN" -qc "DROP DATABASE ${DBNAME} WITH (FORCE)"
	exists=""
fi
if [[ "$exists" != 1 ]]; then
	psql "$ADMIN" -qc "CREATE DATABASE ${DBNAME}"
	if ! DATABASE_URL="$DBURL" PGB_LOG_LEVEL=warn bin/pgbportaal generate-data --budgethouders "$N" --seed "$SEED" | grep -v '^generated '; then
		psql "$ADMIN" -qc "DROP DATABASE ${DBNAME} WITH (FORCE)"
		exit 1
	fi
fi

# Every simulated person logs in from this one address, and again at every
# run: the login limits (per address and per person) are off for this server.
DATABASE_URL="$DBURL" PGB_ADDR="127.0.0.1:${PORT}" PGB_BASE_URL="http://127.0.0.1:${PORT}" PGB_SCHEDULER=false \
	PGB_LOGIN_PER_CLIENT=0 PGB_LOGIN_PER_ID=0 PGB_LOG_LEVEL=warn bin/pgbportaal serve > bin/bench-serve.log 2>&1 &
PID=$!
trap 'kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
	curl -fs "http://127.0.0.1:${PORT}/readyz" > /dev/null && break
	sleep 0.2
done

bin/pgbload --url "http://127.0.0.1:${PORT}" --budgethouders "$N" --seed "$SEED" --sessions "$SESSIONS" \
	--duration "$DURATION" --capacity 5s --pid "$PID" --fail-on-errors
go test -count=1 -run 'TestQueryCountIndependentOfDataSize|TestMainPagesUseIndexes' ./internal/web/
