# Helpers shared by the editor tests (sourced by nvim.sh and vscode.sh from the repository root).
# Everything they install goes to the repository's ignored target/editors folder, except Debian
# packages, which are installed with apt-get when missing (as root, or through sudo).

EDITORS_TARGET="$PWD/target/editors"
mkdir -p "$EDITORS_TARGET"

log() {
    printf '== editors: %s\n' "$*"
}

die() {
    printf 'editors: error: %s\n' "$*" >&2
    exit 1
}

# Installs the Debian packages that are not installed yet; fails loudly when it cannot.
ensure_apt() {
    local missing=() p
    for p in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$p")
        fi
    done
    if ((${#missing[@]} == 0)); then
        return 0
    fi
    local sudo=()
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null 2>&1 || die "need the Debian packages ${missing[*]}: run as root or install them"
        sudo=(sudo)
    fi
    log "apt-get install ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Node.js 20 or later (the rust machine image has nodesource's nodejs 20).
ensure_node() {
    command -v node >/dev/null 2>&1 || die "node is not installed: install Node.js 20 (e.g. nodesource's nodejs 20 package)"
    local major
    major=$(node -p 'process.versions.node.split(".")[0]')
    ((major >= 20)) || die "node $(node --version) is too old: Node.js 20 or later is needed"
    command -v npm >/dev/null 2>&1 || die "npm is not installed"
}

# Runs `npm ci` in $1 unless its node_modules already match its package-lock.json.
npm_ci() {
    local dir=$1 stamp
    stamp="$EDITORS_TARGET/npm-$(echo "$dir" | tr '/' '_').sha256"
    if [ -d "$dir/node_modules" ] && [ -f "$stamp" ] && sha256sum -c --status "$stamp" 2>/dev/null; then
        log "npm packages of $dir are up to date"
        return 0
    fi
    log "npm ci in $dir"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
    sha256sum "$dir/package-lock.json" >"$stamp"
}

# The nianbao binary the tests run: the debug build, brought up to date by cargo (a no-op after
# run-all.sh's `cargo build`).
build_nianbao() {
    log "cargo build -p nianbao"
    cargo build -p nianbao --locked --quiet
    NIANBAO_BIN="$PWD/target/debug/nianbao"
    "$NIANBAO_BIN" server --help >/dev/null || die "$NIANBAO_BIN has no server subcommand"
}
