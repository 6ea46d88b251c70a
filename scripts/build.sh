#!/usr/bin/env bash
# Builds the distributable into dist/: noren.js (loader), noren_core.js + noren_core_bg.wasm
# (the module and its glue), noren.d.ts and noren.schema.json. Skips work already done.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

cargo build --release --target wasm32-unknown-unknown --lib --quiet
raw=target/wasm32-unknown-unknown/release/noren.wasm
mkdir -p dist target/bindgen
if [ "$raw" -nt dist/noren_core_bg.wasm ] || [ ! -f dist/noren_core.js ]; then
  wasm-bindgen --target web --no-typescript --encode-into always --remove-name-section --remove-producers-section \
    --out-dir target/bindgen --out-name noren_core "$raw"
  # Size first: restructure control flow (flatten + rereloop) then -Oz until it stops
  # helping (~0.3 KB gzip over plain -Oz); and short import/export names (wasm-bindgen's
  # carry 16-digit hashes that do not compress; ~3 KB gzip), which rename-imports.mjs
  # applies to the glue as well.
  wasm-opt --flatten --rereloop --converge -Oz -Oz --strip-debug --strip-producers \
    target/bindgen/noren_core_bg.wasm -o target/bindgen/opt.wasm
  # A separate run: with --converge the renaming would be applied, and reported, twice.
  wasm-opt --minify-imports-and-exports-and-modules \
    target/bindgen/opt.wasm -o target/bindgen/min.wasm >target/bindgen/names.json
  node scripts/rename-imports.mjs target/bindgen/names.json target/bindgen/noren_core.js target/bindgen/glue.js
  # Bundle through an entry that re-exports only the module's API and init, so esbuild drops
  # what the loader never calls (initSync).
  api=$(grep -oP '^export function \K\w+' target/bindgen/glue.js | paste -sd, -)
  echo "export { default, $api } from './glue.js';" >target/bindgen/entry.js
  esbuild target/bindgen/entry.js --bundle --minify --format=esm --log-level=warning --outfile=dist/noren_core.js
  # Last, so that a failed step above leaves dist/ older than the build and it runs again.
  cp target/bindgen/min.wasm dist/noren_core_bg.wasm
fi
if [ src/loader.js -nt dist/noren.js ] || [ ! -f dist/noren.js ]; then
  esbuild src/loader.js --minify --legal-comments=none --log-level=warning --target=es2017 --outfile=dist/noren.js
fi
cp src/noren.d.ts src/noren.schema.json dist/
echo "built dist/: $(cd dist && ls | tr '\n' ' ')"
