#!/usr/bin/env bash
# Builds and starts OrderDock. A first run needs no account: the built-in practice
# server (练习环境) is selected until you add a real connection.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
(cd ui && npm ci --no-audit --no-fund && npm run build)
exec cargo run --locked --release -p orderdock-desktop
