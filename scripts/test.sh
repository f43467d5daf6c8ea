#!/usr/bin/env bash
# Install everything the tests need, then run the whole suite: lint, architecture, types, tests.
# Usage: bash scripts/test.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
pixdesk_apt
# CI also builds the frozen app: install PyInstaller (the dev extra) with everything else.
if [ "${CI:-}" = "true" ]; then PIXDESK_EXTRAS=dev pixdesk_venv; else PIXDESK_EXTRAS=test pixdesk_venv; fi

export QT_QPA_PLATFORM=offscreen
export PYTHONDONTWRITEBYTECODE=1

echo "== ruff"
.venv/bin/ruff check pixdesk tests bench drills tools installers
echo "== import-linter (architecture)"
.venv/bin/lint-imports --no-cache
echo "== mypy"
.venv/bin/mypy
echo "== pytest"
.venv/bin/python -m pytest "$@"

if [ "${CI:-}" = "true" ]; then
  # Ship only what ran: build the frozen app and run its self-test (about a minute here).
  echo "== frozen build and self-test"
  bash scripts/build_frozen.sh
fi
