#!/usr/bin/env bash
# Runs every benchmark of nianbao (see BENCHMARKS.md): the criterion benches of the core, the LSP
# latency benchmark against the release binary over stdio, the batch benchmark of
# `nianbao check --format json` over a folder of generated reports, and the documents benchmark (Word
# files one at a time and a folder of them, the 50-page PDF fixture).
#
# Usage: tools/bench.sh [--quick]   (--quick: fewer samples and files, for a first look)
set -euo pipefail
cd "$(dirname "$0")/.."

quick=""
files=10000
if [[ "${1:-}" == "--quick" ]]; then
    quick="--quick"
    files=1000
fi

echo "== machine"
echo "nproc: $(nproc)"
lscpu | grep 'Model name' || true
free -h | grep Mem || true

echo "== build (release)"
cargo build --release --locked -p nianbao -p nianbao-bench

echo "== criterion: parse, check, keystroke (incremental vs full), completion and hover"
if [[ -n "$quick" ]]; then
    cargo bench --locked -p nianbao-core --bench core -- --warm-up-time 1 --measurement-time 2
else
    cargo bench --locked -p nianbao-core --bench core
fi

echo "== LSP latency over stdio"
target/release/lsp_bench --bin target/release/nianbao $quick

echo "== batch: nianbao check --format json over $files generated reports"
corpus="target/bench-corpus-$files"
if [[ ! -d "$corpus" ]]; then
    target/release/gen_corpus "$corpus" "$files"
fi
bytes=$(du -sb "$corpus" | cut -f1)
# Twice: the first run warms the page cache.
for run in 1 2; do
    /usr/bin/time -v target/release/nianbao check --format json "$corpus" > /dev/null 2> target/bench-time.txt || true
done
wall=$(grep 'Elapsed (wall clock)' target/bench-time.txt | awk '{print $NF}')
rss=$(grep 'Maximum resident' target/bench-time.txt | awk '{print $NF}')
cpu=$(grep 'Percent of CPU' target/bench-time.txt | awk '{print $NF}')
secs=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
echo "files: $files, bytes: $bytes, wall: ${secs}s, CPU: $cpu, peak RSS: ${rss} KiB"
awk -v b="$bytes" -v s="$secs" 'BEGIN { printf "throughput: %.1f MB/s (%.1f MiB/s)\n", b / 1e6 / s, b / 1048576 / s }'

# Peak memory must not grow with the number of files: the same check over a tenth of them and over
# twice as many (only the list of paths grows, by some 50 bytes a file).
for other in $((files / 10)) $((files * 2)); do
    other_corpus="target/bench-corpus-$other"
    if [[ ! -d "$other_corpus" ]]; then
        target/release/gen_corpus "$other_corpus" "$other"
    fi
    /usr/bin/time -v target/release/nianbao check --format json "$other_corpus" > /dev/null 2> target/bench-time-other.txt || true
    other_rss=$(grep 'Maximum resident' target/bench-time-other.txt | awk '{print $NF}')
    echo "peak RSS: ${other_rss} KiB for $other files (${rss} KiB for $files files)"
done

echo "== documents: one Word file, 1 000 Word files, a 50-page PDF (nianbao check, process start included)"
docx_corpus="target/bench-docx-1000"
if [[ ! -d "$docx_corpus" ]]; then
    target/release/gen_corpus "$docx_corpus" 1000 --docx
fi
# The mean wall time of `runs` runs of `nianbao check` on one file, in milliseconds.
mean_ms() {
    local file=$1 runs=$2 start end
    start=$(date +%s%N)
    for _ in $(seq "$runs"); do target/release/nianbao check --format json "$file" > /dev/null || true; done
    end=$(date +%s%N)
    awk -v s="$start" -v e="$end" -v n="$runs" 'BEGIN { printf "%.1f", (e - s) / 1e6 / n }'
}
one="$docx_corpus/000/00007.docx"
echo "one Word file ($(stat -c %s "$one") bytes): $(mean_ms "$one" 50) ms a run (mean of 50)"
bytes=$(du -sb "$docx_corpus" | cut -f1)
for run in 1 2; do
    /usr/bin/time -v target/release/nianbao check --format json "$docx_corpus" > /dev/null 2> target/bench-time.txt || true
done
wall=$(grep 'Elapsed (wall clock)' target/bench-time.txt | awk '{print $NF}')
rss=$(grep 'Maximum resident' target/bench-time.txt | awk '{print $NF}')
secs=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
echo "1 000 Word files: bytes: $bytes, wall: ${secs}s, peak RSS: ${rss} KiB"
awk -v b="$bytes" -v s="$secs" 'BEGIN { printf "throughput: %.1f MB/s of Word files\n", b / 1e6 / s }'
pdf="tests/documents/pdf/long-50p.pdf"
if [[ -f "$pdf" ]]; then
    echo "50-page PDF ($(stat -c %s "$pdf") bytes): $(mean_ms "$pdf" 5) ms a run (mean of 5)"
fi
