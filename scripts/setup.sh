#!/usr/bin/env bash
# Installs what biaslens needs and is missing, skipping what is already there.
#   scripts/setup.sh serve   the wasm target, Trunk and the wasm-bindgen CLI
#   scripts/setup.sh test    the same, plus Chromium, chromedriver, OpenSSL headers
#                            Java, and DuckDB and PySpark (PyPI, in .tools/sql-venv)
#                            for the SQL tests
# Both also install binaryen's wasm-opt from npm into .tools/.
# Safe to run again: every step checks first. Runs without a terminal (CI).
set -euo pipefail

TRUNK_VERSION=0.21.14
# Must equal the `wasm-bindgen` crate pinned in Cargo.toml and Trunk.toml.
WASM_BINDGEN_VERSION=0.2.130

mode=${1:-test}
export PATH="$HOME/.cargo/bin:$PATH"
say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

command -v cargo >/dev/null || { echo "setup: cargo is missing; install Rust with rustup first" >&2; exit 1; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# Debian packages: installed only when missing; `apt-get update` only when needed.
apt_packages=()
need_pkg() { dpkg -s "$1" >/dev/null 2>&1 || apt_packages+=("$1"); }
if [ "$mode" = test ]; then
  # The WebDriver client of the end-to-end tests links OpenSSL.
  need_pkg pkg-config
  need_pkg libssl-dev
  need_pkg chromium
  need_pkg chromium-driver
  # The SQL tests run DuckDB's and Spark's Python packages in a venv; Spark needs Java.
  need_pkg python3-venv
  command -v java >/dev/null || need_pkg default-jre-headless
fi
if [ ${#apt_packages[@]} -gt 0 ]; then
  say "installing Debian packages: ${apt_packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${apt_packages[@]}"
fi

# wasm-opt from npm's binaryen 132 (Debian's binaryen 108 breaks the output in
# Chromium), and axe-core (the accessibility audit of the end-to-end tests), into
# .tools/ of this checkout; the scripts put wasm-opt on PATH for Trunk. One npm
# call for both: a later `npm install --no-save` would prune the other.
AXE_VERSION=4.14.1
if [ "$(.tools/node_modules/.bin/wasm-opt --version 2>/dev/null || true)" != "wasm-opt version 132 (version_132)" ] \
  || ! grep -q "\"version\": \"$AXE_VERSION\"" .tools/node_modules/axe-core/package.json 2>/dev/null; then
  if ! command -v npm >/dev/null; then
    say "installing Node.js and npm (for binaryen's wasm-opt and axe-core)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends nodejs npm
  fi
  say "installing binaryen 132 (wasm-opt) and axe-core $AXE_VERSION into .tools/"
  npm install --prefix .tools --no-audit --no-fund --no-save binaryen@132 "axe-core@$AXE_VERSION" >/dev/null
fi

# The SQL tests (sql/, crates/cli/tests/sql.rs): DuckDB and PySpark from PyPI in
# .tools/sql-venv (PySpark is about 400 MB).
DUCKDB_VERSION=2.0.1
PYSPARK_VERSION=4.3.0
if [ "$mode" = test ] && ! .tools/sql-venv/bin/python -c "import duckdb, pyspark, sys; \
  sys.exit((duckdb.__version__, pyspark.__version__) != ('$DUCKDB_VERSION', '$PYSPARK_VERSION'))" 2>/dev/null; then
  say "installing DuckDB $DUCKDB_VERSION and PySpark $PYSPARK_VERSION (PyPI) into .tools/sql-venv"
  [ -x .tools/sql-venv/bin/pip ] || python3 -m venv .tools/sql-venv
  .tools/sql-venv/bin/pip install -q --disable-pip-version-check \
    "duckdb==$DUCKDB_VERSION" "pyspark==$PYSPARK_VERSION"
fi

# Start the two long cargo installs side by side (Trunk alone takes 10-30 minutes).
pids=()
if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  say "installing Trunk $TRUNK_VERSION (10-30 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked &
  pids+=($!)
fi
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lock file names a dependency version that is no longer published.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" &
  pids+=($!)
fi
for pid in "${pids[@]}"; do
  wait "$pid"
done
say "ready ($mode)"
