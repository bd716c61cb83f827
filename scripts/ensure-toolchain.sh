#!/usr/bin/env bash
# Puts a Node.js that meets the repo's floor (`engines.node` in package.json) and the pinned pnpm
# (`packageManager`) on PATH. Source it (`. scripts/ensure-toolchain.sh`) to keep them on your
# shell's PATH, or run it. When Node is older than the floor (Node 20 on a fresh machine) or
# missing, it installs the registry package `node@24` (a real Node 24 binary) and pnpm into
# .tmp/toolchain with npm, once; when only pnpm is missing or another version, just pnpm.
# It changes no shell options (a sourced `set -e` would close an interactive terminal on the
# next failing command) and returns non-zero, rather than exiting, when it cannot help.

__hrbrain_version_ge() { # $1 >= $2, both x.y.z
  local IFS=.
  # shellcheck disable=SC2206
  local a=($1) b=($2) i
  for i in 0 1 2; do
    if ((${a[i]:-0} > ${b[i]:-0})); then return 0; fi
    if ((${a[i]:-0} < ${b[i]:-0})); then return 1; fi
  done
  return 0
}

__hrbrain_ensure_toolchain() {
  local root floor pnpm_version toolchain current
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)" || return 1
  floor="$(sed -n 's/.*"node": *">=\([0-9.]*\)".*/\1/p' "$root/package.json" | head -n 1)"
  pnpm_version="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$root/package.json")"
  toolchain="$root/.tmp/toolchain"
  if [ -z "$floor" ] || [ -z "$pnpm_version" ]; then
    echo "toolchain: cannot read engines.node / packageManager from $root/package.json" >&2
    return 1
  fi

  current="$(node -p 'process.versions.node' 2>/dev/null || echo 0)"
  if ! __hrbrain_version_ge "$current" "$floor"; then
    if [ -x "$toolchain/bin/node" ] && __hrbrain_version_ge "$("$toolchain/bin/node" -p 'process.versions.node' 2>/dev/null || echo 0)" "$floor"; then
      :
    elif command -v npm >/dev/null 2>&1; then
      echo "toolchain: node ${current/#0/none} is below $floor; installing node@24 + pnpm@$pnpm_version into .tmp/toolchain (once)" >&2
      npm install --global --prefix "$toolchain" --no-audit --no-fund --loglevel=error \
        "node@24" "pnpm@$pnpm_version" >&2 || {
        echo "toolchain: npm could not install node@24 and pnpm@$pnpm_version" >&2
        return 1
      }
    else
      echo "toolchain: Node.js >= $floor is needed (found ${current/#0/none}) and npm is missing to install it" >&2
      return 1
    fi
    case ":$PATH:" in *":$toolchain/bin:"*) ;; *) export PATH="$toolchain/bin:$PATH" ;; esac
  fi

  if [ "$(pnpm --version 2>/dev/null)" != "$pnpm_version" ]; then
    if [ "$("$toolchain/bin/pnpm" --version 2>/dev/null)" != "$pnpm_version" ]; then
      echo "toolchain: installing pnpm@$pnpm_version into .tmp/toolchain (once)" >&2
      npm install --global --prefix "$toolchain" --no-audit --no-fund --loglevel=error \
        "pnpm@$pnpm_version" >&2 || {
        echo "toolchain: npm could not install pnpm@$pnpm_version" >&2
        return 1
      }
    fi
    case ":$PATH:" in *":$toolchain/bin:"*) ;; *) export PATH="$toolchain/bin:$PATH" ;; esac
  fi
  return 0
}

if (return 0 2>/dev/null); then
  # Sourced: keep the caller's shell (and its options) alive whatever happens.
  __hrbrain_ensure_toolchain
  __hrbrain_status=$?
  unset -f __hrbrain_ensure_toolchain __hrbrain_version_ge
  return "$__hrbrain_status"
else
  __hrbrain_ensure_toolchain || exit 1
  echo "toolchain: node $(node --version), pnpm $(pnpm --version)"
fi
