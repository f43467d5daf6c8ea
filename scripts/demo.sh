#!/usr/bin/env bash
# Create the environment if needed and start pixdesk on its embedded demo.
# Usage: bash scripts/demo.sh [--lang en] [--screenshot FILE.png]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
pixdesk_apt
pixdesk_venv

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "pixdesk: no display here; running on a virtual screen (xvfb-run)." >&2
  echo "pixdesk: add --screenshot demo.png to see what it shows." >&2
  exec xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/pixdesk demo "$@"
fi
exec .venv/bin/pixdesk demo "$@"
