# Sourced by the other scripts: where builds go and which tools they use.
#
# The target folder lives outside the clone so that a fresh clone (CI's, or a
# second checkout) reuses the dependencies already built on this machine.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/rumbl-target}"
# wasm-opt from npm's binaryen 132 comes first: cargo-leptos would otherwise
# try to download one, and Debian's binaryen 108 silently breaks hydration.
export PATH="$ROOT/scripts/toolchain/node_modules/binaryen/bin:$HOME/.cargo/bin:$PATH"
# Where cargo-leptos writes the site (wasm, js, css), and where the server reads it.
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$ROOT/target/site}"
# What cargo-leptos sets when it builds the server. Leptos reads it at compile
# time (it names the wasm file the pages load), so every plain `cargo` build
# here sets it too: the binaries then match cargo-leptos's, and switching
# between the two does not rebuild Leptos.
export LEPTOS_OUTPUT_NAME=rumbl
