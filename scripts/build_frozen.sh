#!/usr/bin/env bash
# Build the frozen (PyInstaller, one-folder) app, then run its self-test: ship only what ran.
# Usage: bash scripts/build_frozen.sh
# Output: dist/pixdesk-<version>/pixdesk; work files in build/. scripts/test.sh runs this in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
pixdesk_apt
# The dev extra holds PyInstaller; bootstrap reinstalls only when pyproject or extras change.
PIXDESK_EXTRAS=dev pixdesk_venv

version="$(.venv/bin/python -c 'import pixdesk; print(pixdesk.__version__)')"
app="dist/pixdesk-${version}"

echo "== pyinstaller (build.spec)"
started=$SECONDS
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --workpath build/pyinstaller --distpath dist build.spec
echo "built ${app} in $((SECONDS - started)) s, $(du -sh "${app}" | cut -f1)"

echo "== frozen self-test (offscreen)"
# env -i: the frozen app must not lean on the venv, the sources or the developer's settings.
env -i PATH=/usr/bin:/bin HOME="$(mktemp -d)" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
  "${app}/pixdesk" --self-test

if command -v xvfb-run >/dev/null 2>&1; then
  # The platform lab PCs use (X11): catches a Qt plugin or library the spec dropped wrongly.
  echo "== frozen self-test (xcb, virtual screen)"
  env -i PATH=/usr/bin:/bin HOME="$(mktemp -d)" LANG=C.UTF-8 \
    xvfb-run -a -s "-screen 0 1280x800x24" "${app}/pixdesk" --self-test
fi
