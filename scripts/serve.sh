#!/usr/bin/env bash
# Sets up what is missing, builds the app and serves it on http://127.0.0.1:8080
# with the built-in kitchen demo loaded. PORT=9000 scripts/serve.sh picks another port.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh serve
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
port=${PORT:-8080}
printf '\n  biaslens: open http://127.0.0.1:%s/?demo=kitchen  (Ctrl-C stops)\n\n' "$port"
exec trunk serve --release --port "$port" --address 127.0.0.1
