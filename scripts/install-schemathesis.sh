#!/usr/bin/env bash
# Installs schemathesis (PyPI, pinned) into its own virtualenv for the API fuzzing test
# (apps/server/test/api-fuzz.test.ts), which finds it at the path this prints. Idempotent.
set -euo pipefail
VERSION=4.32.5
DIR="${EVENTIDE_TOOLS_DIR:-$HOME/.cache/eventide}/schemathesis-$VERSION"
if [ ! -x "$DIR/bin/schemathesis" ]; then
  python3 -m venv "$DIR"
  "$DIR/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION"
fi
echo "$DIR/bin/schemathesis"
