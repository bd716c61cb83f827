#!/usr/bin/env bash
# The README's two commands: `npm run demo` / `npm run verify` (and `pnpm demo` / `pnpm verify`,
# the same root scripts). Works from a fresh clone on a machine with only an old Node and npm:
# it puts the pinned toolchain on PATH, installs the dependencies when they are missing or
# older than the lockfile, then runs the task itself (never `pnpm demo` again: no recursion).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
task="${1:-}"
shift || true

. scripts/ensure-toolchain.sh || exit 1

# No telemetry banner or update notice from turbo in anyone's terminal or CI log.
export TURBO_TELEMETRY_DISABLED=1 TURBO_NO_UPDATE_NOTIFIER=1 DO_NOT_TRACK=1

# A stamp of our own: pnpm writes pnpm-lock.yaml just after node_modules/.modules.yaml, so the
# lockfile always looked newer and every run reinstalled (and said so).
stamp=node_modules/.task-installed
if [ ! -f node_modules/.modules.yaml ] || [ ! -f "$stamp" ] || [ pnpm-lock.yaml -nt "$stamp" ]; then
  echo "$task: installing dependencies (pnpm install --frozen-lockfile)" >&2
  pnpm install --frozen-lockfile >&2
  touch "$stamp"
fi

case "$task" in
  demo)
    # Build what the quickstart imports; quiet when it works (a warm build is all cache hits),
    # the whole log when it does not.
    mkdir -p .tmp
    if ! ls packages/*/dist/index.mjs >/dev/null 2>&1; then
      echo "demo: building the packages (first run only)…" >&2
    fi
    if ! pnpm exec turbo run build --filter=@example/quickstart^... --output-logs=errors-only \
      >.tmp/demo-build.log 2>&1; then
      cat .tmp/demo-build.log >&2
      echo "demo: building the packages failed (log above, also in .tmp/demo-build.log)" >&2
      exit 1
    fi
    # Run the quickstart's own `demo` script directly (no nested pnpm: its one-line error is
    # the last thing printed, without ELIFECYCLE / ERR_PNPM_RECURSIVE_RUN_FIRST_FAIL after it).
    cd examples/quickstart
    script="$(node -p 'require("./package.json").scripts.demo')"
    # `npm run demo -- --dry-run` / `pnpm demo -- --dry-run`: the quickstart ignores a leading `--`.
    eval "exec $script \"\$@\""
    ;;
  verify)
    bash scripts/postgres-user-access.sh
    status=0
    pnpm exec biome check . || status=1
    # site:verify: the docs site, after @example/server#test took the screenshots it shows.
    pnpm exec turbo run typecheck build test check:packages site:verify --continue || status=1
    # Tests of the repo itself (exit codes, packed installs): after the packages' own tests,
    # since they run vitest in the same packages.
    node --test --test-reporter=spec --test-concurrency=1 scripts/test/*.test.mjs || status=1
    if [ "$status" -ne 0 ]; then echo "verify: FAILED (see above)" >&2; fi
    exit "$status"
    ;;
  *)
    echo "usage: bash scripts/task.sh demo|verify [args…]" >&2
    exit 2
    ;;
esac
