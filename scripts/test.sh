#!/usr/bin/env bash
# Install everything the tests need, then run the whole suite: lint, architecture, types, tests.
# Usage: bash scripts/test.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
pixdesk_apt
PIXDESK_EXTRAS=test pixdesk_venv

export QT_QPA_PLATFORM=offscreen
export PYTHONDONTWRITEBYTECODE=1

echo "== ruff"
.venv/bin/ruff check pixdesk tests bench drills tools
echo "== import-linter (architecture)"
.venv/bin/lint-imports --no-cache
echo "== mypy"
.venv/bin/mypy
echo "== pytest"
.venv/bin/python -m pytest "$@"
