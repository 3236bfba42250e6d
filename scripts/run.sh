#!/usr/bin/env bash
# Runs the portal with demo data on a real PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${DATABASE_URL:-}" ]]; then
  admin=$(scripts/ensure-postgres.sh)
  exists=$(psql "$admin" -Atqc "select 1 from pg_database where datname='pgbportaal'")
  [[ "$exists" == 1 ]] || psql "$admin" -qc 'create database pgbportaal' >/dev/null
  export DATABASE_URL="${admin%/postgres?sslmode=disable}/pgbportaal?sslmode=disable"
fi
scripts/assets.sh
mail_url=$(scripts/ensure-mailpit.sh)
go build -o bin/pgbportaal ./cmd/pgbportaal
bin/pgbportaal demo-data
echo "PGB Portaal: open ${PGB_BASE_URL:-http://localhost:8080} (demo logins: see README.md)"
echo "E-mail van het portaal: lees de mail op ${mail_url}"
exec bin/pgbportaal serve
