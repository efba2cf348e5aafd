#!/usr/bin/env bash
# End-to-end test of the VS Code extension (editors/vscode): type-checks, bundles and packages it as
# a linux-x64 .vsix, installs it into code-server 4.100.3 (VS Code 1.100.3, from npm, under
# target/editors/code-server), serves that on 127.0.0.1 and drives it with playwright-core in Debian's
# chromium (tests/editors/vscode.mjs says what it checks). Screenshots and logs go to
# target/editors/vscode-run. Run from anywhere: bash tests/editors/vscode.sh
#
# The .vsix bundles the debug binary of the test build, which run-all.sh has just built
# (NIANBAO_EDITORS_RELEASE=1: the release binary, as `npm run package` does by default; it costs a
# release build). NIANBAO_UPDATE_SCREENSHOTS=1 copies the README's screenshots to editors/vscode/images.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/editors/common.sh
start=$SECONDS
CODE_SERVER_VERSION=4.100.3

build_nianbao
ensure_apt chromium fonts-noto-cjk libkrb5-dev pkg-config build-essential ripgrep python3 curl
ensure_node

# The extension: its npm packages, tsc --noEmit, the esbuild bundle, then the .vsix.
npm_ci editors/vscode
log "tsc --noEmit"
(cd editors/vscode && npm run --silent typecheck)
log "esbuild bundle"
(cd editors/vscode && npm run --silent bundle -- --log-level=warning)
log "npm run package"
if [ "${NIANBAO_EDITORS_RELEASE:-}" = 1 ]; then
    (cd editors/vscode && npm run --silent package)
else
    (cd editors/vscode && NIANBAO_BIN="$NIANBAO_BIN" npm run --silent package)
fi
vsix="$PWD/editors/vscode/nianbao-linux-x64-$(node -p 'require("./editors/vscode/package.json").version').vsix"
[ -f "$vsix" ] || die "$vsix was not built"
python3 - "$vsix" <<'PY'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
for need in ("extension/package.json", "extension/dist/extension.js", "extension/server/nianbao",
             "extension/language-configuration.json", "extension/package.nls.zh-cn.json"):
    if need not in names:
        sys.exit(f"editors: {need} is missing from {sys.argv[1]}")
print(f"== editors: {sys.argv[1]} holds {len(names)} files, the server binary among them")
PY

# code-server from npm, with the workarounds of shared/editors.md: its install scripts need root
# permission (unsafe-perm), npm 11 must be allowed to run them, ripgrep comes from Debian instead of
# a download, and node-gyp is fetched without a prompt.
cs_dir="$EDITORS_TARGET/code-server"
cs="$cs_dir/node_modules/.bin/code-server"
cs_home="$EDITORS_TARGET/code-server-home"
# code-server writes a config file and logs under the home folders: they are kept in target/.
cs_env=(env XDG_CONFIG_HOME="$cs_home/config" XDG_DATA_HOME="$cs_home/data" XDG_STATE_HOME="$cs_home/state"
    XDG_CACHE_HOME="$cs_home/cache")
# `code-server --version` may print a log line first; the version line starts with the number.
cs_installed() {
    local out
    out=$("${cs_env[@]}" "$cs" --version 2>/dev/null || true)
    [[ $'\n'"$out" == *$'\n'"$CODE_SERVER_VERSION "* ]]
}
if ! cs_installed; then
    log "npm install code-server@$CODE_SERVER_VERSION into $cs_dir (about 1.5 min)"
    rm -rf "$cs_dir"
    mkdir -p "$cs_dir"
    # `set -e` does not apply inside a command list followed by `||`: the steps are chained with `&&`.
    (
        export npm_config_yes=true npm_config_unsafe_perm=true npm_config_dangerously_allow_all_scripts=true
        export npm_config_loglevel=error npm_config_audit=false npm_config_fund=false
        cd "$cs_dir" &&
            echo '{ "name": "nianbao-code-server", "private": true, "version": "0.0.0" }' >package.json &&
            "${cs_env[@]}" npm install --ignore-scripts "code-server@$CODE_SERVER_VERSION" &&
            cd node_modules/code-server/lib/vscode &&
            "${cs_env[@]}" npm install --omit=dev --ignore-scripts &&
            mkdir -p node_modules/@vscode/ripgrep/bin &&
            ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg &&
            "${cs_env[@]}" npm rebuild --foreground-scripts &&
            cd "$cs_dir" &&
            "${cs_env[@]}" npm rebuild --foreground-scripts
    ) >"$EDITORS_TARGET/code-server-install.log" 2>&1 ||
        { tail -40 "$EDITORS_TARGET/code-server-install.log" >&2; die "installing code-server failed"; }
    cs_installed || die "code-server does not run"
fi

# playwright-core (no browser download: it drives Debian's chromium).
npm_ci tests/editors
log "installs and builds done in $((SECONDS - start)) s"

# A scratch profile: user settings, the extension, a workspace with the seed report.
run="$EDITORS_TARGET/vscode-run"
rm -rf "$run"
mkdir -p "$run/user/User" "$run/ext" "$run/ws" "$run/screenshots"
cp tests/corpus/seeds/002_763b898b65aef6cb.txt "$run/ws/report-002.txt"
cp examples/example-report-2021.txt "$run/ws/example-report-2021.txt"
cp examples/example-report-2021.txt "$run/ws/年报.nianbao.txt"
# The Problems panel must count what `nianbao check` finds in the seed.
expected_002=$("$NIANBAO_BIN" check --format json "$run/ws/report-002.txt" |
    python3 -c 'import json, sys; print(len(json.load(sys.stdin)["files"][0]["diagnostics"]))') || true
[ -n "$expected_002" ] || die "nianbao check could not count the seed's diagnostics"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$port" >"$run/config.yaml"
cat >"$run/user/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "workbench.enableExperiments": false,
  "workbench.tips.enabled": false,
  "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "editor.minimap.enabled": false,
  "editor.fontFamily": "'Noto Sans Mono CJK SC', monospace",
  "editor.fontSize": 15,
  "editor.quickSuggestions": { "other": false, "comments": false, "strings": false },
  "window.title": "nianbao",
  "git.enabled": false,
  "editor.stickyScroll.enabled": false,
  "editor.inlayHints.enabled": "on",
  "editor.occurrencesHighlight": "off",
  "editor.selectionHighlight": false,
  "editor.autoClosingBrackets": "never",
  "editor.autoClosingQuotes": "never",
  "editor.autoSurround": "never",
  "nianbao.language": "zh"
}
JSON
cs_args=(--config "$run/config.yaml" --user-data-dir "$run/user" --extensions-dir "$run/ext")
log "code-server --install-extension $(basename "$vsix")"
"${cs_env[@]}" "$cs" "${cs_args[@]}" --install-extension "$vsix" >"$run/install-extension.log" 2>&1 ||
    { cat "$run/install-extension.log" >&2; die "installing the .vsix failed"; }
grep -q 'successfully installed' "$run/install-extension.log" || { cat "$run/install-extension.log" >&2; die "the .vsix was not installed"; }

cs_pid=
cleanup() {
    if [ -n "$cs_pid" ]; then
        # code-server runs in its own process group (setsid): end the group, then wait for it.
        kill -TERM -- "-$cs_pid" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$cs_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL -- "-$cs_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log "code-server on http://127.0.0.1:$port"
setsid "${cs_env[@]}" "$cs" "${cs_args[@]}" --disable-telemetry --disable-update-check --disable-workspace-trust \
    --disable-getting-started-override "$run/ws" >"$run/code-server.log" 2>&1 &
cs_pid=$!
ready=
for _ in $(seq 600); do
    if curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; then
        ready=1
        break
    fi
    kill -0 "$cs_pid" 2>/dev/null || break
    sleep 0.1
done
[ -n "$ready" ] || { cat "$run/code-server.log" >&2; die "code-server did not come up within 60 s"; }

status=0
# Chromium writes crash reports and dconf state under the XDG folders: they go to the scratch folder.
env XDG_CONFIG_HOME="$run/browser/config" XDG_CACHE_HOME="$run/browser/cache" XDG_DATA_HOME="$run/browser/data" \
    CS_URL="http://127.0.0.1:$port" CS_RUN="$run" CS_WS="$run/ws" CS_EXPECTED_002="$expected_002" \
    timeout 300 node tests/editors/vscode.mjs || status=$?
if [ "$status" != 0 ]; then
    echo "editors: the VS Code test failed (exit $status); logs of the nianbao extension:" >&2
    find "$run/user/logs" -name '*nianbao*' -type f -print -exec tail -30 {} \; >&2 || true
    tail -20 "$run/code-server.log" >&2 || true
fi
if [ "$status" = 0 ] && [ "${NIANBAO_UPDATE_SCREENSHOTS:-}" = 1 ]; then
    cp "$run"/screenshots/vscode-{diagnostics,hover,completion}.png editors/vscode/images/
    log "copied the screenshots to editors/vscode/images"
fi
log "VS Code test took $((SECONDS - start)) s in all; screenshots in $run/screenshots"
if [ "$status" = 0 ]; then
    echo "vscode: 1 passed, 0 failed"
else
    echo "vscode: 0 passed, 1 failed"
fi
exit "$status"
