#!/usr/bin/env bash
# The fast checks, under a minute once built: formatting, lints (native and
# wasm32), the engine's, the CLI's and the app's native tests, and the API docs
# with warnings denied. scripts/test.sh runs this first, then the SQL tests
# (DuckDB and Spark, about two minutes) and the browser tests. Needs only Rust
# (it adds the wasm32 target when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
step "format"
cargo fmt --all --check
step "lints (native)"
cargo clippy --workspace --all-targets --locked -- -D warnings
step "lints (wasm32)"
cargo clippy -p biaslens -p biaslens-worker --target wasm32-unknown-unknown --all-targets --locked -- -D warnings
step "engine, CLI and app unit tests"
# Every native test but the SQL engines' (crates/cli/tests/sql.rs), which test.sh runs.
cargo test --workspace --exclude biaslens-e2e --locked -- --skip counts_equal_biaslens_counts
# The libraries' docs (the binaries' share the name `biaslens`, which collide in
# target/doc): broken or private intra-doc links fail.
step "docs (cargo doc, warnings denied)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --lib --locked
