#!/usr/bin/env bash
# Every check: formatting, lints (native and wasm32), native unit and property tests (the core,
# the checker and the server, against SQLite and a throw-away PostgreSQL cluster), browser unit
# tests in headless Chromium, the release build, the end-to-end tests, and the scanner tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
. scripts/env.sh

step() { printf '\n\033[1m• %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all --check
step "clippy (native: the workspace; then wasm32: the browser module, and the checker for Node)"
cargo clippy --quiet --workspace --all-targets -- -D warnings
cargo clippy --quiet --lib --target wasm32-unknown-unknown -- -D warnings
cargo clippy --quiet --lib --target wasm32-unknown-unknown --features iab -- -D warnings
cargo clippy --quiet --lib --tests --target wasm32-unknown-unknown --features std -- -D warnings
cargo clippy --quiet -p noren-check-node --target wasm32-unknown-unknown -- -D warnings
step "a throw-away PostgreSQL cluster on a loopback port (stopped on exit, even on failure)"
. scripts/postgres.sh
trap pg_stop EXIT
pg_start
echo "$NOREN_TEST_POSTGRES_URL"
step "native tests (the core, the checker, the server on SQLite and PostgreSQL)"
cargo test --quiet --workspace
step "the config corpus: the JSON Schema and the checker judge every config alike"
node --test tests/configs/
step "the docs: every relative link and #anchor in README.md, CHANGELOG.md and docs/ resolves; the loader's messages and docs/messages.md agree"
node --test tests/docs.test.mjs tests/messages.test.mjs
step "fuzzing the config reader, the storage codec, the TC and GPP string codecs (bounded: FUZZ_SECONDS each)"
bash scripts/fuzz.sh
step "browser unit tests (wasm-bindgen-test in headless Chromium)"
CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --lib --features std
step "release build, and the size budget (gzip -9 shipped; see the README's Benchmark)"
bash scripts/build.sh
node scripts/size.mjs --budget 63040 --iab-budget 92610
step "the checker for Node (npx noren-cmp check) prints what the native noren prints, byte for byte"
node --test --test-concurrency=1 tests/checker/
step "end-to-end tests (playwright-core + /usr/bin/chromium)"
node --test --test-concurrency=1 --test-timeout=300000 tests/e2e/
step "the npm package (npm pack, installed into an empty project, a page served from it) and the release zip"
node --test --test-concurrency=1 tests/package/
step "scanner tests (noren scan: unit tests, the fixture site, the demo; playwright-core + /usr/bin/chromium)"
node --test --test-concurrency=1 --test-timeout=300000 tests/scan/
step "benchmark harness, smoke run (one run of each page on loopback; figures not checked)"
node scripts/bench.mjs --smoke > /dev/null
