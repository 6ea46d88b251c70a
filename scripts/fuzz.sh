#!/usr/bin/env bash
# Fuzzes the config reader, the storage codec, the TC string and GPP string codecs for a bounded time
# each (FUZZ_SECONDS, default 10), starting from the checked-in corpora. Needs the nightly
# toolchain (fuzzing only; everything else builds on stable) and cargo-fuzz, which it installs
# when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

if ! rustup toolchain list | grep -q '^nightly'; then
  rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --root "$NOREN_TOOLS"
fi
seconds="${FUZZ_SECONDS:-10}"
for target in config codec tc_string gpp; do
  # A scratch copy of the corpus: new inputs libFuzzer finds do not dirty the clone.
  work="target/fuzz-corpus/$target"
  mkdir -p "$work"
  cp fuzz/corpus/"$target"/* "$work"/
  cargo +nightly fuzz run --fuzz-dir fuzz "$target" "$work" -- \
    -max_total_time="$seconds" -max_len=8192 -print_final_stats=0 2>&1 | tail -n 3
done
