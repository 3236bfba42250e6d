#!/usr/bin/env bash
# Fails when the generated templ code differs from what its sources produce.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp go.mod go.sum "$tmp/"
mkdir -p "$tmp/web"
(cd web && find . \( -name "*.templ" -o -name "*_templ.go" \) -not -path "./node_modules/*" -print0 | tar --null -cf - -T - | tar -xf - -C "$tmp/web")
find "$tmp/web" -name '*_templ.go' -delete
(cd "$tmp" && go tool templ generate >/dev/null 2>&1)
fail=0
while IFS= read -r f; do
  if ! cmp -s "web/$f" "$tmp/web/$f"; then echo "check-generated: web/$f is out of date" >&2; fail=1; fi
done < <(cd "$tmp/web" && find . -name '*_templ.go' | sed 's#^\./##')
extra=$(comm -13 <(cd "$tmp/web" && find . -name '*_templ.go' | sort) <(cd web && find . -name '*_templ.go' -not -path './node_modules/*' | sort))
[[ -z "$extra" ]] || { echo "check-generated: stale generated files: $extra" >&2; fail=1; }
if [[ $fail -ne 0 ]]; then echo "run 'make generate' and commit the result" >&2; exit 1; fi
echo "check-generated: templ code up to date"
