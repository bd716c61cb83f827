#!/usr/bin/env bash
# Makes sure Node >= 22 and the pinned pnpm are on PATH. Source it: `. scripts/ensure-toolchain.sh`.
# On a machine whose Node is older (Node 20 on a fresh machine) it installs the registry
# package `node@24` (a real Node 24 binary) and pnpm into .tmp/toolchain, once.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pnpm_version="$(node -p "require('$root/package.json').packageManager.split('@')[1]" 2>/dev/null || sed -n 's/.*"packageManager": "pnpm@\([^"]*\)".*/\1/p' "$root/package.json")"
toolchain="$root/.tmp/toolchain"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 22 ]; then
  if [ ! -x "$toolchain/bin/node" ] || [ "$("$toolchain/bin/node" -p 'process.versions.node.split(".")[0]')" -lt 22 ]; then
    echo "toolchain: node $(node --version 2>/dev/null || echo none) is below 22; installing node@24 + pnpm@$pnpm_version into $toolchain"
    npm install --global --prefix "$toolchain" --no-audit --no-fund --loglevel=error "node@24" "pnpm@$pnpm_version"
  fi
  export PATH="$toolchain/bin:$PATH"
fi

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$pnpm_version" ]; then
  echo "toolchain: installing pnpm@$pnpm_version into $toolchain"
  npm install --global --prefix "$toolchain" --no-audit --no-fund --loglevel=error "pnpm@$pnpm_version"
  export PATH="$toolchain/bin:$PATH"
fi

echo "toolchain: node $(node --version), pnpm $(pnpm --version)"
