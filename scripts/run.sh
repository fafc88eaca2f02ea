#!/usr/bin/env bash
# Builds and starts OrderDock. A first run needs no account: the built-in practice
# server (练习环境) is selected until you add a real connection.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
if [ -f src-tauri/Cargo.toml ] && [ -f ui/package.json ]; then
  (cd ui && npm ci --no-audit --no-fund && npm run build)
  exec cargo run --locked --release -p orderdock-desktop
fi
# Until the desktop app is built: the command line on a generated sample export.
cargo build --locked --release -p orderdock-cli -p orderdock-e2e
sample=$(mktemp -d)
target/release/make-sample "$sample"
bin=target/release/orderdock
$bin inspect "$sample/taobao.xlsx"
$bin suggest "$sample/taobao.xlsx" --target mall2030 > "$sample/mapping.json"
$bin validate "$sample/taobao.xlsx" --mapping "$sample/mapping.json" || true
