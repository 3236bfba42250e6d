#!/usr/bin/env bash
# Makes sure a mail catcher receives the portal's e-mail in development and
# prints where to read it. With PGB_SMTP_HOST set, the mail goes there and
# nothing is started. Otherwise Mailpit listens for SMTP on 127.0.0.1:1025
# (the portal's default) and shows the mail on http://localhost:8025; it is
# installed into bin/ with `go install` and started once (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
MAILPIT_VERSION=v1.27.11
smtp_port="${PGB_SMTP_PORT:-1025}"
ui_port="${MAILPIT_UI_PORT:-8025}"
if [[ -n "${PGB_SMTP_HOST:-}" ]]; then
  echo "your own mail server ${PGB_SMTP_HOST}:${smtp_port}"
  exit 0
fi
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if listening "$smtp_port"; then
  echo "http://localhost:${ui_port} (a mail catcher already listens on SMTP port ${smtp_port})"
  exit 0
fi
# go install builds report no version of their own: a stamp file records it.
bin=bin/mailpit
if [[ ! -x "$bin" || "$(cat bin/.mailpit-version 2>/dev/null)" != "$MAILPIT_VERSION" ]]; then
  echo "installing Mailpit ${MAILPIT_VERSION} into bin/ (once) ..." >&2
  GOBIN="$PWD/bin" go install "github.com/axllent/mailpit@${MAILPIT_VERSION}" >&2
  echo "$MAILPIT_VERSION" > bin/.mailpit-version
fi
mkdir -p .data
nohup "$bin" --smtp "127.0.0.1:${smtp_port}" --listen "127.0.0.1:${ui_port}" --disable-version-check >.data/mailpit.log 2>&1 &
for _ in $(seq 50); do
  listening "$smtp_port" && break
  sleep 0.1
done
listening "$smtp_port" || { echo "Mailpit did not start; see .data/mailpit.log" >&2; exit 1; }
echo "http://localhost:${ui_port} (Mailpit)"
