#!/bin/sh
# Run the real-app end-to-end test headless:
#   tests/app-e2e/run.sh [APP_BINARY]     (default: target/debug/orderdock-desktop)
# Needs: xvfb-run, dbus-run-session, tauri-driver (cargo install tauri-driver --locked),
# /usr/bin/WebKitWebDriver (webkit2gtk-driver), node 20, and the app built with the UI embedded
# (cd ui && npm ci && npm run build; cargo build -p orderdock-desktop).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
app=${1:-$root/target/debug/orderdock-desktop}
[ -x "$app" ] || { echo "app binary not found: $app" >&2; exit 2; }
export HOME=$(mktemp -d)
export XDG_CONFIG_HOME=$HOME/.config XDG_DATA_HOME=$HOME/.local/share
exec xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- sh -c '
  echo "" | gnome-keyring-daemon --unlock >/dev/null 2>&1 || true
  tauri-driver --port 4444 --native-port 4445 >"$HOME/tauri-driver.log" 2>&1 &
  drv=$!
  for i in $(seq 1 50); do curl -s http://127.0.0.1:4444/status >/dev/null 2>&1 && break; sleep 0.2; done
  node "'"$here"'/run.mjs" "'"$app"'" --out "'"${E2E_OUT:-$here/screenshots}"'"
  rc=$?
  kill $drv 2>/dev/null
  exit $rc
'
