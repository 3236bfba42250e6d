#!/usr/bin/env bash
# Installs the front-end packages from npm and builds web/static/vendor.
set -euo pipefail
cd "$(dirname "$0")/../web"
if [[ -f package.json ]]; then
  stamp=node_modules/.pgb-stamp
  if [[ ! -f $stamp || package-lock.json -nt $stamp ]]; then
    npm ci --no-audit --no-fund --loglevel=error >&2
    touch $stamp
  fi
  node build-assets.mjs
fi
