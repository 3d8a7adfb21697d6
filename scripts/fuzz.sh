#!/usr/bin/env bash
# Fuzzes every parser for a bounded time with cargo fuzz (libFuzzer) on the nightly
# toolchain, starting from the seed corpus committed in fuzz/corpus.
#   scripts/fuzz.sh                   every target, 10 minutes each
#   scripts/fuzz.sh 60 csv npy        60 seconds each, these targets
# Targets: csv tsv json json_lines gzip npy projector manifest url_state
# (fuzz/fuzz_targets). A crash leaves its input in fuzz/artifacts/TARGET/; every
# crash found becomes a regression test (crates/core/tests/robustness.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(csv tsv json json_lines gzip npy projector manifest url_state counts)
fi
say() { printf '\033[1mfuzz:\033[0m %s\n' "$*"; }
if ! rustup toolchain list | grep -q '^nightly'; then
  say "installing the nightly toolchain"
  rustup toolchain install nightly --profile minimal
fi
if ! command -v cargo-fuzz >/dev/null; then
  say "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi
cd fuzz
cargo +nightly fuzz build --release
for t in "${targets[@]}"; do
  say "$t for $seconds s"
  # New inputs go to target/corpus (the first folder); fuzz/corpus holds the
  # committed seeds (real files and every malformed case), read only.
  mkdir -p "target/corpus/$t" "corpus/$t"
  cargo +nightly fuzz run --release "$t" "target/corpus/$t" "corpus/$t" -- \
    -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=4096 -timeout=30 -print_final_stats=1
done
say "done: no crash in ${targets[*]}"
