#!/usr/bin/env bash
# Proves that `biome check .` skips what git ignores (biome.json: vcs.useIgnoreFile), so that
# `pnpm build && pnpm test` passes although turbo leaves unformatted JSON under .turbo/cache.
# A badly formatted probe goes into a git-ignored directory; biome must pass with the repo's
# configuration and must report the probe when the ignore file is switched off (so the probe
# really is badly formatted and the first check is not vacuous).
set -euo pipefail
cd "$(dirname "$0")/.."

probe_dir=.turbo/cache
probe="$probe_dir/lint-ignores-probe-$$.json"
mkdir -p "$probe_dir"
trap 'rm -f "$probe"' EXIT
printf '{"a":1,   "b":[1,2,\n3]}' >"$probe"

if ! git check-ignore -q "$probe"; then
  echo "check-lint-ignores: $probe is not git-ignored; the probe proves nothing" >&2
  exit 1
fi
if ! pnpm exec biome check --no-errors-on-unmatched "$probe" >/dev/null 2>&1; then
  echo "check-lint-ignores: biome checks the git-ignored $probe (set vcs.useIgnoreFile in biome.json)" >&2
  exit 1
fi
if pnpm exec biome check --vcs-use-ignore-file=false "$probe" >/dev/null 2>&1; then
  echo "check-lint-ignores: biome accepts the badly formatted probe even without the ignore file" >&2
  exit 1
fi
echo "check-lint-ignores: biome skips git-ignored files"
