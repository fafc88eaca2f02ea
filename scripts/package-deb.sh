#!/usr/bin/env bash
# Build the Linux package (.deb) of the desktop app and check that dpkg accepts it:
#   scripts/package-deb.sh            release build, for shipping
#   scripts/package-deb.sh --debug    debug build (what scripts/test.sh checks: it reuses the test build)
# Needs the UI built (cd ui && npm ci && npm run build). Windows (.msi/.exe) and macOS (.dmg)
# are built on their own systems by scripts/release-build.sh (the release workflow).
set -euo pipefail
cd "$(dirname "$0")/.."
profile=release
[ "${1:-}" = "--debug" ] && profile=debug
[ -f ui/dist/index.html ] || { echo "build the UI first: cd ui && npm ci && npm run build" >&2; exit 2; }

rm -rf "target/$profile/bundle/deb"
npm --prefix ui exec -- tauri build ${1:+"$1"} --bundles deb --ci
deb=$(ls "target/$profile"/bundle/deb/*.deb)

# The package must be installable: a valid name, the app binary, its menu entry in Chinese.
[ "$(dpkg-deb -f "$deb" Package)" = order-dock ]
contents=$(dpkg-deb -c "$deb")
grep -q ' usr/bin/orderdock-desktop$' <<<"$contents"
menu=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO usr/share/applications/OrderDock.desktop)
grep -qx 'Name\[zh_CN\]=订单导入助手' <<<"$menu"
# File associations: 「打开方式」 offers the app for spreadsheets, and the file reaches it (%F).
grep -q '^Exec=orderdock-desktop %F$' <<<"$menu"
grep -q '^MimeType=.*application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' <<<"$menu"
grep -q '^MimeType=.*text/csv' <<<"$menu"
grep -q '^MimeType=.*application/vnd.ms-excel.sheet.macroEnabled.12' <<<"$menu"
if [ "$(id -u)" = 0 ]; then
  dpkg -i "$deb" >/dev/null
  command -v orderdock-desktop >/dev/null
  dpkg -r order-dock >/dev/null
  echo "installed and removed $deb"
fi
echo "package: $deb"
