#!/usr/bin/env bash
# Installs what building (and with --browser, testing) Noren needs. Idempotent: a warm run only
# checks versions. Tools go to $NOREN_TOOLS (default ~/.cache/noren/tools), outside the clone,
# so fresh clones on the same machine share them.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

step() { printf '\033[1m• %s\033[0m\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for c in rustfmt clippy; do
  rustup component list --installed | grep -q "^$c" || rustup component add "$c"
done

# The CLI must match the wasm-bindgen crate exactly (Cargo.toml pins it with =).
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $want"; then
  step "installing wasm-bindgen-cli $want (about 2 minutes, once)"
  # Not --locked: the CLI's own lock file names versions the registry index may lack.
  cargo install wasm-bindgen-cli --version "=$want" --root "$NOREN_TOOLS" --force
fi

if ! cmp -s package-lock.json node_modules/.noren-lock 2>/dev/null; then
  step "installing npm dev dependencies"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.noren-lock
fi

if [ "${1:-}" = "--browser" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  step "installing Debian postgresql (the server's tests run a throw-away cluster)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi
if [ "${1:-}" = "--browser" ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  step "installing Debian chromium and chromium-driver"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi
