#!/usr/bin/env bash
# Command 2: every test. Rust unit and integration tests (real SQLite files,
# real sockets), the release build, the protocol conformance suite with the
# official phoenix client, Playwright in Debian's Chromium against the
# release build, and the benchmark's smoke check. Installs what is missing
# first. Exits non-zero on any failure.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

step() { printf '\n==> %s\n' "$*"; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

scripts/setup.sh --test

step "Rust unit and integration tests"
# One test at a time: each integration test starts a whole server in the test
# process, and Leptos pages rendered by several servers at once in one process
# can stall (seen about once in six runs; one server per process, as in
# production, served 1,400 page loads without a stall).
RUST_TEST_THREADS=1 cargo test --locked -p app -p server -p migration

step "release build (server and wasm)"
cargo leptos build --release
SERVER_BIN="$CARGO_TARGET_DIR/server-release/server"
export RUMBL_SERVER_BIN="$SERVER_BIN"
ls -l "$LEPTOS_SITE_ROOT/pkg/"

if [ -f end2end/protocol/package.json ]; then
  step "protocol conformance: the official phoenix client against the release server"
  port=$(free_port)
  data_dir=$(mktemp -d)
  env -u DATABASE_URL LEPTOS_SITE_ADDR="127.0.0.1:$port" RUMBL_DATA_DIR="$data_dir" "$SERVER_BIN" > "$data_dir/server.log" 2>&1 &
  server_pid=$!
  trap 'kill $server_pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$port/healthz" > /dev/null 2>&1 && break
    sleep 0.1
  done
  (cd end2end/protocol && RUMBL_URL="http://127.0.0.1:$port" node --test)
  kill $server_pid; wait $server_pid 2>/dev/null || true
  trap - EXIT
fi

step "Playwright in Chromium against the release build"
(cd end2end && RUMBL_E2E_PORT=$(free_port) npx playwright test)

step "benchmark smoke check: the generator and both baselines work (figures are not asserted)"
scripts/bench.sh --smoke
