#!/usr/bin/env bash
# Runs every fuzz target of nianbao for a short while and fails on the first crash.
#
#   bash fuzz/run.sh                 # each target for 60 seconds
#   FUZZ_SECONDS=30 bash fuzz/run.sh # each target for 30 seconds
#   bash fuzz/run.sh reparse         # only the named targets
#
# It installs cargo-fuzz from crates.io when it is missing (about a minute and a half), builds the
# targets once (about a minute and a half on two cores), then runs each one from its committed corpus
# (fuzz/corpus/TARGET, never written to) plus a scratch corpus (fuzz/work/TARGET, kept between runs and
# ignored by git) with the dictionary fuzz/report.dict. The targets are built on the stable toolchain
# with `--sanitizer none`: the code under test is safe Rust, so AddressSanitizer would find nothing a
# panic does not, at a third of the speed. A crash, a panic, a broken invariant, an input that takes
# longer than FUZZ_TIMEOUT seconds or memory above FUZZ_RSS_MB stops the run: the input is saved under
# fuzz/artifacts/TARGET/ and printed, and the script exits 1.
set -euo pipefail
cd "$(dirname "$0")"

SECONDS_PER_TARGET="${FUZZ_SECONDS:-60}"
TIMEOUT="${FUZZ_TIMEOUT:-10}"
RSS_MB="${FUZZ_RSS_MB:-2048}"
ALL_TARGETS=(analyze reparse positions documents)
if [ "$#" -gt 0 ]; then
    TARGETS=("$@")
else
    TARGETS=("${ALL_TARGETS[@]}")
fi

if ! command -v cargo >/dev/null 2>&1; then
    echo "fuzz: cargo is not installed; install Rust (https://rustup.rs) and run again" >&2
    exit 1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi

# Release build with debug assertions and overflow checks, as the tests have them.
BUILD_FLAGS=(-O --debug-assertions --sanitizer none)
echo "== building the fuzz targets"
cargo fuzz build "${BUILD_FLAGS[@]}"

status=0
for target in "${TARGETS[@]}"; do
    mkdir -p "work/$target" "artifacts/$target"
    echo "== fuzzing $target for ${SECONDS_PER_TARGET}s"
    log="work/$target.log"
    # The scratch corpus comes first: libFuzzer writes the inputs it finds to the first folder only.
    if cargo fuzz run "${BUILD_FLAGS[@]}" "$target" "work/$target" "corpus/$target" -- \
        -max_total_time="$SECONDS_PER_TARGET" -timeout="$TIMEOUT" -rss_limit_mb="$RSS_MB" \
        -max_len=8192 -dict=report.dict -print_final_stats=1 >"$log" 2>&1; then
        grep -aE '^(stat::number_of_executed_units|stat::new_units_added|Done )' "$log" | sed "s/^/  $target: /" || true
    else
        status=1
        echo "fuzz: $target failed; the end of its log ($log):" >&2
        tail -n 60 "$log" >&2
        for crash in "artifacts/$target"/*; do
            [ -f "$crash" ] || continue
            echo "fuzz: input saved as fuzz/$crash; replay it with:" >&2
            echo "  (cd fuzz && cargo fuzz run ${BUILD_FLAGS[*]} $target $crash)" >&2
        done
    fi
done
exit "$status"
