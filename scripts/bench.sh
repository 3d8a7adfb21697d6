#!/usr/bin/env bash
# The benchmark command: sets up what is missing (the test tools, NumPy, and the
# PyPI package bias-amplification with PyTorch in .tools/bench-venv: about 6 GB,
# skipped with BIASLENS_BENCH_NO_PACKAGE=1 or where it does not install), then
# times biaslens natively (criterion) and in headless Chromium (the real bundle's
# bench mode) beside the NumPy reference and the package, on the same generated
# data sets.
#   scripts/bench.sh              every data set (about 35 minutes here)
#   scripts/bench.sh coco-like    only the sets whose name contains the word
# Writes target/bench/summary.json and target/bench/app.json; prints a table.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
if ! python3 -c "import numpy" 2>/dev/null; then
  printf '\033[1msetup:\033[0m installing NumPy (the reference implementation)\n'
  if ! python3 -m pip --version >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends python3-numpy
  else
    python3 -m pip install -q numpy || python3 -m pip install -q --break-system-packages numpy
  fi
fi
venv=.tools/bench-venv
if [ -z "${BIASLENS_BENCH_NO_PACKAGE:-}" ] && ! "$venv/bin/python" -c "import bias_amplification" 2>/dev/null; then
  printf '\033[1msetup:\033[0m installing bias-amplification and PyTorch into %s (about 6 GB)\n' "$venv"
  # Debian's Python makes venvs only with python3-venv.
  if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c "import ensurepip" 2>/dev/null; then
    { export DEBIAN_FRONTEND=noninteractive; apt-get update -q && apt-get install -y -q --no-install-recommends python3-venv; } || true
  fi
  rm -rf "$venv"
  if ! { python3 -m venv "$venv" && "$venv/bin/pip" install -q bias-amplification; }; then
    printf '\033[1msetup:\033[0m bias-amplification did not install: the benchmark goes on without it\n'
  fi
fi
exec python3 bench/run.py "$@"
