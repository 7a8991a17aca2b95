#!/usr/bin/env bash
# Command 1: run Rumbl. Installs what is missing, builds the release (server
# and wasm), and serves it with the demo data on the embedded SQLite default.
# Settings come from the environment (see the README's configuration table).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
scripts/setup.sh
cargo leptos build --release
echo "Rumbl on http://${LEPTOS_SITE_ADDR:-127.0.0.1:3000}  (demo login: demo / demo-password)"
LEPTOS_ENV=PROD exec "$CARGO_TARGET_DIR/server-release/server" "$@"
