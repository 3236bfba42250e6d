#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers and prints an admin connection URL.
# Order: $PGB_ADMIN_URL if set; a server on 127.0.0.1:5432; the machine's own
# cluster (started if stopped); a project-local cluster under .data/pg.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "ensure-postgres: $*" >&2; }

if [[ -n "${PGB_ADMIN_URL:-}" ]]; then echo "$PGB_ADMIN_URL"; exit 0; fi

answers() { pg_isready -q -h 127.0.0.1 -p "$1" >/dev/null 2>&1; }
url() { echo "postgres://postgres@127.0.0.1:$1/postgres?sslmode=disable"; }

if ! command -v pg_isready >/dev/null 2>&1 && [[ -d /usr/lib/postgresql ]]; then
  PATH="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1):$PATH"
fi
if ! command -v pg_isready >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    log "installing PostgreSQL from Debian's packages"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  else
    log "PostgreSQL is not installed; install it (e.g. apt-get install postgresql) or set PGB_ADMIN_URL"; exit 1
  fi
fi

if answers 5432 && psql "$(url 5432)" -Atqc 'select 1' >/dev/null 2>&1; then url 5432; exit 0; fi

# The machine's own cluster, if there is one and we may start it.
if [[ $(id -u) -eq 0 ]] && command -v pg_ctlcluster >/dev/null && ls /etc/postgresql/*/main >/dev/null 2>&1; then
  ver=$(ls /etc/postgresql | sort -V | tail -1)
  log "starting the PostgreSQL $ver cluster"
  pg_ctlcluster --skip-systemctl-redirect "$ver" main start >&2 || true
  for _ in $(seq 1 30); do answers 5432 && break; sleep 1; done
  if answers 5432 && psql "$(url 5432)" -Atqc 'select 1' >/dev/null 2>&1; then url 5432; exit 0; fi
fi

# A project-local cluster under .data/pg on port 54329.
PORT=54329
DATA="$PWD/.data/pg"
bindir=$(dirname "$(command -v pg_isready)")
[[ -x "$bindir/initdb" ]] || bindir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
as=()
if [[ $(id -u) -eq 0 ]]; then
  user=postgres; id postgres >/dev/null 2>&1 || user=nobody
  as=(runuser -u "$user" --)
fi
if ! answers $PORT; then
  mkdir -p "$DATA"
  [[ ${#as[@]} -gt 0 ]] && chown -R "${as[2]}" "$PWD/.data"
  if [[ ! -f "$DATA/PG_VERSION" ]]; then
    log "creating a project-local cluster in .data/pg"
    "${as[@]}" "$bindir/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >&2
  fi
  log "starting the project-local cluster on port $PORT"
  "${as[@]}" "$bindir/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
    -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1" start >&2
fi
url $PORT
