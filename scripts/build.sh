#!/usr/bin/env bash
# Builds the distributable into dist/: noren.js (loader), wording.<hash>/<tag>.json (the
# wording, one file per language), messages.<hash>.json (the loaders' console messages), noren_core.<hash>.js +
# noren_core.<hash>.wasm (the glue and the module), noren_iab.<hash>.js + noren_iab.<hash>.wasm
# (the same with IAB TCF and GPP), noren-iab.js, noren.d.ts and noren.schema.json,
# noren-head.json (the loaders' CSP hashes and module pairs, for sites that inline or preload
# them) and noren-sw.js (the barrier's optional service worker); and into node/ the config
# checker for Node (the npm package's `noren check`). Skips work already done.
#
# Safe upgrades: the glue and the module carry a hash of their contents in their names (the
# same hash for the pair), and each loader is built with the names of exactly its own pairs, so
# a cached old loader never meets a new module, nor a new loader an old one. The loaders keep
# fixed names (serve them with a short cache); hashed files never change (immutable).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

# Two modules from the same crate: noren_core (every site) and noren_iab (with the `iab`
# feature: IAB TCF v2.2 and GPP), which the loader loads only for configs with `tcf` or `gpp`.
# Cargo keeps both builds (the feature set is part of each artifact's hash); each is copied out
# at once because both uplift to the same target/…/noren.wasm.
mkdir -p dist target/bindgen
variant() { # name, cargo feature arguments…
  local name=$1; shift
  local out=target/bindgen/$name
  mkdir -p "$out"
  cargo build --release --target wasm32-unknown-unknown --lib --quiet "$@"
  local raw=$out/raw.wasm
  cmp -s target/wasm32-unknown-unknown/release/noren.wasm "$raw" || cp target/wasm32-unknown-unknown/release/noren.wasm "$raw"
  # (Again when this script changed: its steps may have.)
  if [ "$raw" -nt "$out/stamp" ] || [ scripts/build.sh -nt "$out/stamp" ] || [ ! -f "$out/stamp" ]; then
    wasm-bindgen --target web --no-typescript --encode-into always --remove-name-section --remove-producers-section \
      --out-dir "$out" --out-name "$name" "$raw"
    # Size first: restructure control flow (flatten + rereloop) then -Oz until it stops
    # helping (~0.3 KB gzip over plain -Oz); and short import/export names (wasm-bindgen's
    # carry 16-digit hashes that do not compress; ~3 KB gzip), which rename-imports.mjs
    # applies to the glue as well. --low-memory-unused folds small constant adds into load and
    # store offsets: the two differ only when the add wraps past 4 GiB, which Rust's pointer
    # arithmetic never does (~0.25 KB gzip); then --gufa (whole-program type flow) and a second
    # flatten/rereloop/-Oz round (~0.15 KB).
    wasm-opt --flatten --rereloop --converge -Oz -Oz --low-memory-unused --gufa --flatten --rereloop -Oz -Oz \
      --strip-debug --strip-producers "$out/${name}_bg.wasm" -o "$out/opt.wasm"
    # A separate run: with --converge the renaming would be applied, and reported, twice.
    wasm-opt --minify-imports-and-exports-and-modules \
      "$out/opt.wasm" -o "$out/min.wasm" >"$out/names.json"
    node scripts/rename-imports.mjs "$out/names.json" "$out/$name.js" "$out/glue.js"
    # Bundle through an entry that re-exports only the module's API and init, so esbuild drops
    # what the loader never calls (initSync).
    local api
    api=$(grep -oP '^export function \K\w+' "$out/glue.js" | paste -sd, -)
    echo "export { default, $api } from './glue.js';" >"$out/entry.js"
    esbuild "$out/entry.js" --bundle --minify --format=esm --log-level=warning --outfile="$out/bundle.js"
    # terser once more, as for the loaders (~60 B gzip per glue).
    terser "$out/bundle.js" --module --compress passes=3 --mangle --ecma 2020 --output "$out/final.js"
    cp "$out/min.wasm" "$out/final.wasm"
    # Last, so that a failed step above leaves the stamp older than the build and it runs again.
    touch "$out/stamp"
  fi
  # The content hash of the pair names both files.
  local hash
  hash=$(cat "$out/final.js" "$out/final.wasm" | sha256sum | cut -c1-10)
  if [ ! -f "dist/$name.$hash.wasm" ]; then
    rm -f "dist/$name".*.js "dist/$name".*.wasm "dist/$name.js" "dist/${name}_bg.wasm"
    cp "$out/final.js" "dist/$name.$hash.js"
    cp "$out/final.wasm" "dist/$name.$hash.wasm"
  fi
  printf '%s' "$name.$hash" >"$out/hashed-name"
}
variant noren_core
variant noren_iab --features iab
# The wording, per language (src/wording/<tag>.json, minified): <tag>.json without the TCF
# part's keys (tcf.*) for noren.js, <tag>.iab.json with them for noren-iab.js, in a folder
# named by the hash of its contents (wording.<hash>/): immutable like the modules, and each
# loader knows its folder (WORDING). The module has no wording of its own; a visitor downloads
# only the file of their language, in parallel with the module.
wording=$(node -e '
  const fs = require("fs"), crypto = require("crypto");
  const tags = fs.readdirSync("src/wording").filter((f) => f.endsWith(".json") && f !== "terms.json").sort();
  const files = [];
  for (const f of tags) {
    const all = JSON.parse(fs.readFileSync("src/wording/" + f, "utf8"));
    const core = Object.fromEntries(Object.entries(all).filter(([k]) => !k.startsWith("tcf.")));
    files.push([f, JSON.stringify(core)], [f.replace(/\.json$/, ".iab.json"), JSON.stringify(all)]);
  }
  const hash = crypto.createHash("sha256");
  for (const [f, text] of files) hash.update(f + "\0" + text + "\0");
  const dir = "wording." + hash.digest("hex").slice(0, 10);
  if (!fs.existsSync("dist/" + dir)) {
    for (const old of fs.readdirSync("dist").filter((f) => /^wording\.[0-9a-f]+(\.tmp)?$/.test(f))) fs.rmSync("dist/" + old, { recursive: true });
    fs.mkdirSync("dist/" + dir + ".tmp");
    for (const [f, text] of files) fs.writeFileSync("dist/" + dir + ".tmp/" + f, text);
    fs.renameSync("dist/" + dir + ".tmp", "dist/" + dir);
  }
  process.stdout.write(dir);
')
# The loader's console messages (src/loader/messages.json, and the config's issues the module
# finds, src/config/messages.json; listed in docs/messages.md): the loader says a code and its
# parameters; the sentences are in messages.<hash>.json, which it
# fetches only when it has something to say (every visitor would pay ~1.7 KB gzip for
# sentences almost none reads), named by its contents like the wording so that each loader
# meets its own. The few marked `inline` (those that must not depend on that file) are built
# into the loaders (INLINE).
messages=$(node -e '
  const fs = require("fs"), crypto = require("crypto");
  const read = (f) => JSON.parse(fs.readFileSync(f, "utf8"));
  const all = { ...read("src/loader/messages.json"), ...read("src/config/messages.json") };
  const pick = (inline) => JSON.stringify(Object.fromEntries(Object.entries(all).filter(([, m]) => !m.inline === !inline).map(([c, m]) => [c, m.text])));
  const text = pick(false);
  const name = "messages." + crypto.createHash("sha256").update(text).digest("hex").slice(0, 10) + ".json";
  if (!fs.existsSync("dist/" + name)) {
    for (const old of fs.readdirSync("dist").filter((f) => /^messages\.[0-9a-f]+\.json$/.test(f))) fs.rmSync("dist/" + old);
    fs.writeFileSync("dist/" + name + ".tmp", text);
    fs.renameSync("dist/" + name + ".tmp", "dist/" + name);
  }
  process.stdout.write(name + "\n" + pick(true));
')
inline_messages=$(printf '%s' "$messages" | tail -n +2)
messages=$(printf '%s' "$messages" | head -n 1)
# Two loaders: noren.js, and noren-iab.js with the IAB TCF/GPP stubs (IAB = true), for sites
# whose config has `tcf` or `gpp`; esbuild drops the stubs' code from noren.js. Each is given
# the hashed names of the modules it may load, and the version (Cargo.toml's, which
# package.json repeats; a test checks they agree). esbuild bundles and minifies; terser then
# compresses and renames once more (its safe options only: ~0.35 KB gzip less per loader, every
# visitor's bytes). The loader's syntax stays ES2017 (2 bytes more than ES2020): the module
# needs Chrome/Edge 96, Firefox 79, Safari 15, but in an older browser the loader must still
# parse and hold every tag (fail closed), even though the notice cannot show there.
core=$(cat target/bindgen/noren_core/hashed-name)
iab=$(cat target/bindgen/noren_iab/hashed-name)
version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
for pair in noren:false noren-iab:true; do
  out=dist/${pair%%:*}.js
  esbuild src/loader/main.js --bundle --format=iife --banner:js='"use strict";' --minify --legal-comments=none --log-level=warning --target=es2017 \
    --define:IAB="${pair##*:}" --define:CORE_MODULE="\"$core\"" --define:IAB_MODULE="\"$iab\"" --define:WORDING="\"$wording\"" \
    --define:VERSION="\"$version\"" \
    --define:MESSAGES="\"$messages\"" --define:INLINE="$inline_messages" --outfile="$out.esbuild"
  terser "$out.esbuild" --compress passes=3 --mangle --ecma 2017 --output "$out.tmp"
  rm "$out.esbuild"
  cmp -s "$out.tmp" "$out" && rm "$out.tmp" || mv "$out.tmp" "$out"
done
# What a site may put in <head>: each loader's CSP hash (to inline it) and its module pair (to
# preload it): dist/noren-head.json, docs/loading.md.
node scripts/head.mjs
# The optional service worker of the browser-enforced barrier (docs/barrier.md): in dist/, but
# loaded only by sites that register it.
if [ src/noren-sw.js -nt dist/noren-sw.js ] || [ ! -f dist/noren-sw.js ]; then
  esbuild src/noren-sw.js --minify --legal-comments=none --log-level=warning --target=es2020 --outfile=dist/noren-sw.js
fi
# The config checker for Node (bin/noren.mjs: `npx noren-cmp check consent.json`): the Rust
# checker commands (checker/node/) compiled to wasm32, bound for Node as an ES module. No page
# loads it, so its size is not the visitors'; -Oz keeps the package small (~0.3 MB).
mkdir -p node target/bindgen/noren_check
cargo build --release --target wasm32-unknown-unknown -p noren-check-node --quiet
checker=target/bindgen/noren_check
cmp -s target/wasm32-unknown-unknown/release/noren_check_node.wasm "$checker/raw.wasm" ||
  cp target/wasm32-unknown-unknown/release/noren_check_node.wasm "$checker/raw.wasm"
if [ "$checker/raw.wasm" -nt "$checker/stamp" ] || [ ! -f "$checker/stamp" ] || [ ! -f node/noren_check_bg.wasm ]; then
  wasm-bindgen --target experimental-nodejs-module --no-typescript --out-dir "$checker" --out-name noren_check "$checker/raw.wasm"
  wasm-opt -Oz --strip-debug --strip-producers "$checker/noren_check_bg.wasm" -o node/noren_check_bg.wasm
  cp "$checker/noren_check.js" node/noren_check.js
  touch "$checker/stamp"
fi
cp src/noren.d.ts src/noren.schema.json dist/
cp src/disclosure.css dist/noren-disclosure.css
echo "built dist/: $(cd dist && ls | tr '\n' ' ')and node/: $(cd node && ls | tr '\n' ' ')"
