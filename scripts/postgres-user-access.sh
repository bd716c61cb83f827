#!/usr/bin/env bash
# As root, the tests' embedded PostgreSQL runs as the OS user `postgres` (PostgreSQL refuses
# root), who must reach the binaries under node_modules. A checkout inside a directory only its
# owner may enter (`mktemp -d` makes 0700, /root is 0700) stops it with `spawn initdb EACCES`.
# Run as root, this lets others traverse (o+x: enter, not list) each directory above the checkout
# that blocks it, and says so. As any other user it does nothing (PostgreSQL runs as you).
set -euo pipefail
[ "$(id -u)" = 0 ] || exit 0
dir="$(cd "$(dirname "$0")/.." && pwd -P)"
while :; do
  if [ -z "$(find "$dir" -maxdepth 0 -perm -o=x)" ]; then
    echo "verify: chmod o+x $dir (as root, the tests' PostgreSQL runs as the postgres user, who must reach this checkout)" >&2
    chmod o+x "$dir"
  fi
  [ "$dir" = / ] && break
  dir="$(dirname "$dir")"
done
