#!/usr/bin/env bash
# Makes sure a headless Chromium is installed (Debian's package) and prints its path.
set -euo pipefail
for c in "${PGB_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
  if [[ -n "$c" && -x "$c" ]]; then echo "$c"; exit 0; fi
done
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "ensure-chromium: installing chromium from Debian's packages" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >&2
  echo /usr/bin/chromium; exit 0
fi
echo "ensure-chromium: Chromium not found; install it (apt-get install chromium) or set PGB_CHROMIUM" >&2
exit 1
