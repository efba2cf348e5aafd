#!/usr/bin/env bash
# Runs every test of nianbao: the workspace's unit, corpus, property and end-to-end tests, and clippy.
# It installs what it needs (a Rust toolchain is expected on the machine; the crates come from crates.io).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null 2>&1; then
    echo "run-all: cargo is not installed; install Rust (https://rustup.rs) and run again" >&2
    exit 1
fi
rustup component add clippy rustfmt >/dev/null 2>&1 || true

echo "== cargo fmt --check"
cargo fmt --all --check
(cd fuzz && cargo fmt --all --check)

echo "== cargo build"
cargo build --workspace --all-targets --locked
echo "== cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== cargo test"
cargo test --workspace --locked
echo "== editor integrations: Neovim 0.11.4 and 0.7.2, VS Code (code-server 4.100.3 in chromium)"
bash tests/editors/nvim.sh
bash tests/editors/vscode.sh
echo "== fuzzing: each target for ${FUZZ_SECONDS:-20} s (analyze, reparse, positions, documents)"
FUZZ_SECONDS="${FUZZ_SECONDS:-20}" bash fuzz/run.sh
