#!/usr/bin/env bash
# Makes sure a mail catcher receives the portal's e-mail in development and
# prints where to read it. With PGB_SMTP_HOST set, the mail goes there and
# nothing is started. Otherwise Mailpit listens for SMTP on 127.0.0.1:1025
# (the portal's default) and shows the mail on http://localhost:8025; it is
# installed into bin/ with `go install` and started once (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
MAILPIT_VERSION=v1.27.11
if [[ -n "${PGB_SMTP_HOST:-}" ]]; then
  echo "your own mail server ${PGB_SMTP_HOST}:${PGB_SMTP_PORT:-1025}"
  exit 0
fi
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if listening "${PGB_SMTP_PORT:-1025}"; then
  echo "http://localhost:8025 (a mail catcher already listens on port ${PGB_SMTP_PORT:-1025})"
  exit 0
fi
bin=bin/mailpit
if [[ ! -x "$bin" ]] || ! "$bin" version 2>/dev/null | grep -q "${MAILPIT_VERSION#v}"; then
  if command -v mailpit >/dev/null && mailpit version 2>/dev/null | grep -q "${MAILPIT_VERSION#v}"; then
    bin=$(command -v mailpit)
  else
    echo "installing Mailpit ${MAILPIT_VERSION} into bin/ (once) ..." >&2
    GOBIN="$PWD/bin" go install "github.com/axllent/mailpit@${MAILPIT_VERSION}" >&2
  fi
fi
mkdir -p .data
nohup "$bin" --smtp "127.0.0.1:${PGB_SMTP_PORT:-1025}" --listen 127.0.0.1:8025 >.data/mailpit.log 2>&1 &
for _ in $(seq 50); do
  listening "${PGB_SMTP_PORT:-1025}" && break
  sleep 0.1
done
listening "${PGB_SMTP_PORT:-1025}" || { echo "Mailpit did not start; see .data/mailpit.log" >&2; exit 1; }
echo "http://localhost:8025 (Mailpit)"
