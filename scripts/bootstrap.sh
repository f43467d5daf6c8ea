# Sourced by demo.sh and test.sh: make this machine able to run pixdesk and its tests.
# Installs the Debian packages Qt needs (when root or with sudo), creates .venv with the
# Python given by $PYTHON (default python3, 3.11+), and installs pixdesk with the extras
# named in $PIXDESK_EXTRAS. Re-running it is cheap: each step is skipped when already done.

APT_PACKAGES=(
  xvfb xauth libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxkbcommon-x11-0 libegl1 libgl1
  libfontconfig1 libdbus-1-3 fonts-dejavu-core poppler-utils
  msitools wixl  # the MSI structural check (tests/packaging/test_msi.py)
)

pixdesk_apt() {
  command -v dpkg-query >/dev/null 2>&1 || return 0  # not Debian: the README lists the packages
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "pixdesk: please install: ${missing[*]}" >&2; return 1
    fi
  fi
  echo "pixdesk: installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

pixdesk_venv() {
  local python="${PYTHON:-python3}"
  if [ ! -x .venv/bin/python ]; then
    echo "pixdesk: creating .venv with $($python --version)"
    "$python" -m venv .venv
    .venv/bin/python -m pip install -q --upgrade pip
  fi
  # Reinstall only when pyproject.toml or the extras changed.
  local stamp=".venv/.pixdesk-installed"
  local want
  want="$(sha256sum pyproject.toml | cut -d' ' -f1) ${PIXDESK_EXTRAS:-}"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "pixdesk: installing Python dependencies"
    local target="."
    [ -n "${PIXDESK_EXTRAS:-}" ] && target=".[${PIXDESK_EXTRAS}]"
    .venv/bin/python -m pip install -q -e "$target"
    echo "$want" > "$stamp"
  fi
}
