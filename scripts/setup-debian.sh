#!/usr/bin/env bash
# Installs what building and testing OrderDock needs on Debian/Ubuntu (idempotent).
# Rust (rustup) and Node.js 20+ with npm are expected; everything else comes from apt.
set -euo pipefail

packages=(
  build-essential pkg-config curl file
  libdbus-1-dev                     # keyring crate (Secret Service)
  libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev
  libsoup-3.0-dev libjavascriptcoregtk-4.1-dev libssl-dev patchelf xdg-utils
  xvfb xauth webkit2gtk-driver dbus-x11 gnome-keyring keyutils   # headless app tests
  chromium                          # screenshots of the UI (Playwright)
  fonts-noto-cjk                    # Chinese text in the screenshots
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
if ! command -v cargo >/dev/null; then
  echo "Rust is needed: https://rustup.rs (curl https://sh.rustup.rs -sSf | sh)" >&2
  exit 1
fi
