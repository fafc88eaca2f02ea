#!/usr/bin/env bash
# Runs every test of OrderDock: Rust unit, integration and end-to-end tests, the keyring
# round-trip on a real Secret Service, the UI tests, and the real-app tests under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh

# The desktop crate embeds the built UI, so the UI comes first.
echo "== UI tests and build"
(cd ui && npm ci --no-audit --no-fund && npm test && npm run build)

echo "== Formatting, lints, and the release workflows"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
(cd scripts/workflows && npm ci --no-audit --no-fund && node lint.mjs && node --test updater-manifest.test.mjs)

echo "== Rust tests"
cargo test --workspace --locked

echo "== OS keyring round-trip (Secret Service under a private D-Bus session)"
home=$(mktemp -d)
# A throwaway HOME keeps the test keyring away from the user's; rustup and cargo stay found.
# `--workspace` keeps the feature set of the run above, so nothing is compiled again.
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
HOME="$home" dbus-run-session -- sh -c \
  "echo '' | gnome-keyring-daemon --unlock --components=secrets >/dev/null && cargo test --locked --workspace --test keyring -- --ignored"
rm -rf "$home"

echo "== The real app, end to end (Xvfb + tauri-driver + WebKitWebDriver)"
export PATH="$CARGO_HOME/bin:$PATH"
command -v tauri-driver >/dev/null || cargo install tauri-driver --version 2.1.0 --locked
cargo build --locked --workspace   # same features as the test run: nothing rebuilt
tests/app-e2e/run.sh target/debug/orderdock-desktop

echo "== The Linux package (.deb): built, checked, installed and removed"
scripts/package-deb.sh --debug

echo "All tests passed."
