#!/usr/bin/env bash
# The benchmark command: sets up what is missing (the test tools, plus NumPy), then
# times biaslens natively (criterion) and in headless Chromium (the real bundle's
# bench mode) beside the NumPy reference, on the same generated data sets.
#   scripts/bench.sh              every data set (about 30 minutes here)
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
exec python3 bench/run.py "$@"
