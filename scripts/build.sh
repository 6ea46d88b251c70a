#!/usr/bin/env bash
# Builds the distributable into dist/: noren.js (loader), noren_core.js + noren_core_bg.wasm
# (the module and its glue), noren.d.ts and noren.schema.json. Skips work already done.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

cargo build --release --target wasm32-unknown-unknown --quiet
raw=target/wasm32-unknown-unknown/release/noren.wasm
mkdir -p dist target/bindgen
if [ "$raw" -nt dist/noren_core_bg.wasm ] || [ ! -f dist/noren_core.js ]; then
  wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
    --out-dir target/bindgen --out-name noren_core "$raw"
  wasm-opt -Oz --strip-debug --strip-producers target/bindgen/noren_core_bg.wasm -o dist/noren_core_bg.wasm
  esbuild target/bindgen/noren_core.js --minify --format=esm --log-level=warning --outfile=dist/noren_core.js
fi
if [ src/loader.js -nt dist/noren.js ] || [ ! -f dist/noren.js ]; then
  esbuild src/loader.js --minify --legal-comments=none --log-level=warning --target=es2017 --outfile=dist/noren.js
fi
cp src/noren.d.ts src/noren.schema.json dist/
echo "built dist/: $(cd dist && ls | tr '\n' ' ')"
