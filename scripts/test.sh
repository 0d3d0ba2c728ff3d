#!/usr/bin/env bash
# pnpm test: every test of the repository (lint, types, unit, integration against real local
# servers, end-to-end in Chromium), from a fresh machine as from a developer's. It installs what the
# tests need and is missing (Debian's chromium, schemathesis, the services' packages and jars), starts
# the local servers that are not running yet, and stops, by PID, only those it started.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-chromium.sh
bash scripts/install-schemathesis.sh >/dev/null

# The deploy tests need Flink's session cluster and SQL Gateway, not only its jars.
export EVENTIDE_FLINK_SESSION=1
started=()
for script in scripts/services/*.sh; do
  name="$(basename "$script" .sh)"
  [ "$name" = "lib" ] && continue
  if ! bash "$script" status >/dev/null 2>&1; then
    bash "$script" start
    started+=("$name")
  fi
done
stop_started() {
  for name in "${started[@]}"; do bash "scripts/services/$name.sh" stop || true; done
}
trap stop_started EXIT

# The service tests fail, rather than skip, when a server they need is not there.
export CI="${CI:-true}"
# Every step runs even after one fails (turbo's --continue does the same across packages), so one
# run shows every failure instead of the first; the exit status is still non-zero if any failed.
failed=()
pnpm exec biome check . || failed+=("lint")
bash scripts/check-lint-ignores.sh || failed+=("lint-ignores")
pnpm exec turbo run typecheck test --concurrency=1 --continue || failed+=("typecheck/test")
pnpm --filter @eventide/web run e2e || failed+=("e2e")
if [ "${#failed[@]}" -gt 0 ]; then
  echo "pnpm test: failed: ${failed[*]}" >&2
  exit 1
fi
