#!/usr/bin/env bash
# Sets up what is missing and runs every test: scripts/check.sh (formatting,
# lints native and wasm32, the engine's, the CLI's and the app's native tests,
# the docs), the SQL engines' counts, the app's components in headless Chromium,
# then the real bundle end to end in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

scripts/check.sh
step "counts from DuckDB and Spark equal the engine's (crates/cli/tests/sql.rs)"
cargo test -p biaslens-cli --test sql --locked
step "component tests in headless Chromium (wasm-bindgen-test)"
WASM_BINDGEN_TEST_TIMEOUT=180 WASM_BINDGEN_TEST_DRIVER_TIMEOUT=60 \
  cargo test -p biaslens --lib --target wasm32-unknown-unknown --locked
step "build the app (trunk build --release)"
trunk build --release
step "end to end in headless Chromium"
cargo test -p biaslens-e2e --test e2e --locked -- --test-threads=1
