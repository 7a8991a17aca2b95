#!/usr/bin/env bash
# The benchmark suite: Rumbl against the raw-WebSocket limit and socket.io 4.8,
# on loopback, with the same generator (server/src/bin/bench). Prints a table.
#
#   scripts/bench.sh [--smoke|--quick|--full] [generator flags, e.g. --only rumbl]
#
# --quick (the default) gives rough figures in under two minutes; --full is
# the issue's method at this machine's limits; --smoke runs tiny sizes in
# seconds and exits non-zero if the generator or a server fails (the test
# command calls it). Every run is bounded and stops by itself.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

mode=quick
case "${1:-}" in
  --smoke) mode=smoke; shift ;;
  --quick) mode=quick; shift ;;
  --full) mode=full; shift ;;
  -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
esac
case "$mode" in
  smoke) time_limit=180 ;;
  quick) time_limit=300 ;;
  full) time_limit=3600 ;;
esac

echo "==> building the server, the generator and the raw baseline (release)"
cargo build --locked --profile server-release -p server --bins
bin_dir="$CARGO_TARGET_DIR/server-release"

if [ ! -d server/bench/socketio/node_modules/socket.io ]; then
  echo "==> installing the socket.io baseline's packages"
  (cd server/bench/socketio && npm ci --no-audit --no-fund)
fi

# Each socket is a file descriptor in the generator and one in the server:
# take all the open files this machine allows (the servers inherit it).
hard=$(ulimit -Hn)
[ "$hard" = unlimited ] && hard=1048576
ulimit -n "$hard"

echo "==> running the $mode benchmark (open-file limit $(ulimit -n))"
exec timeout --kill-after=10 "$time_limit" "$bin_dir/bench" --mode "$mode" \
  --server-bin "$bin_dir/server" --raw-bin "$bin_dir/bench_raw_broadcast" \
  --socketio-dir "$ROOT/server/bench/socketio" "$@"
