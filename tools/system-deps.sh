#!/usr/bin/env bash
# Install the Debian/Ubuntu packages the trainer needs, when we can (root or
# password-less sudo); otherwise print the exact command to run. Idempotent:
# only missing packages are installed.
set -euo pipefail

PKGS=(
  python3-venv
  # Qt runtime (even offscreen) and fonts (without them Qt draws empty boxes)
  libglib2.0-0 libgl1 libegl1 libfontconfig1 libfreetype6 fonts-dejavu-core libdbus-1-3 libx11-6 libxkbcommon0
  # Qt on a real X server
  libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render0
  libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0
  # QtMultimedia
  libpulse0 libxrandr2
  # speech out
  libespeak-ng1 espeak-ng
  # for the tests of the real thing: a virtual screen, a virtual microphone, audio tools
  xvfb xauth pulseaudio pulseaudio-utils sox
  # the report tests render PDFs to PNG (pdftoppm) and read their text (pdftotext)
  poppler-utils
  # the instructor console's tests drive the real page in Debian's headless Chromium (no browser downloads)
  chromium
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: not a Debian/Ubuntu system; install the equivalents of: ${missing[*]}" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "system-deps: these Debian packages are missing; install them with:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 0
  fi
fi
echo "system-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null || true
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
