#!/usr/bin/env bash
# Sets up what is missing and runs every test: formatting, lints (native and
# wasm32), the engine's and the CLI's tests, the app's unit tests, its components
# in headless Chromium, then the real bundle end to end in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "format"
cargo fmt --all --check
step "lints (native)"
cargo clippy --workspace --all-targets --locked -- -D warnings
step "lints (wasm32)"
cargo clippy -p biaslens -p biaslens-worker --target wasm32-unknown-unknown --all-targets --locked -- -D warnings
step "engine, CLI and app unit tests"
cargo test --workspace --exclude biaslens-e2e --locked
step "component tests in headless Chromium (wasm-bindgen-test)"
WASM_BINDGEN_TEST_TIMEOUT=180 WASM_BINDGEN_TEST_DRIVER_TIMEOUT=60 \
  cargo test -p biaslens --lib --target wasm32-unknown-unknown --locked
step "build the app (trunk build --release)"
trunk build --release
step "end to end in headless Chromium"
cargo test -p biaslens-e2e --test e2e --locked -- --test-threads=1
