#!/usr/bin/env bash
# Make the pixdesk DMG from the signed app bundle (macOS runner only: hdiutil).
# Usage: bash installers/macos/make_dmg.sh dist/pixdesk.app VERSION OUT.dmg
# The app inside must already be signed; the workflow signs and notarizes the DMG itself after.
set -euo pipefail
app="$1"
version="$2"
out="$3"

[ -d "${app}/Contents/MacOS" ] || { echo "not an app bundle: ${app}" >&2; exit 2; }
staging="$(mktemp -d)"
trap 'rm -rf "${staging}"' EXIT
# ditto keeps the bundle's symlinks, extended attributes and code signature intact (cp -R
# does not always).
ditto "${app}" "${staging}/pixdesk.app"
# The usual drag-to-install layout: the app next to a link to /Applications.
ln -s /Applications "${staging}/Applications"
rm -f "${out}"
hdiutil create -volname "pixdesk ${version}" -srcfolder "${staging}" -fs HFS+ \
  -format UDZO -imagekey zlib-level=9 -ov "${out}"
hdiutil verify "${out}"
echo "${out}"
