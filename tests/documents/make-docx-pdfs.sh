#!/usr/bin/env bash
# Writes three generated reports as Word files and converts them to PDF with LibreOffice, into
# tests/documents/generated/: report-000N.docx, the .pdf made from it, and the .txt it came from (the same
# report as pasted text, whose diagnostics the PDF's must equal). Reports 1 and 3 are clean; report 2 has
# one value of table 三 off by one. The Word files have a running header and a page-number footer, and no
# footnote, comment or tracked change (which the PDF would print as page text). Needs LibreOffice (`apt-get install -y libreoffice-writer-nogui`).
#
#   bash tests/documents/make-docx-pdfs.sh [SEED]      # SEED 120 by default: formats 2021 and 2019, typed and list-numbered headings
set -euo pipefail
cd "$(dirname "$0")/../.."
seed="${1:-120}"
out=tests/documents/generated
if ! command -v soffice >/dev/null 2>&1; then
    echo "make-docx-pdfs: soffice is not installed (apt-get install -y libreoffice-writer-nogui)" >&2
    exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo run -q -p nianbao-tests --example write_documents -- "$work" 3 --seed "$seed" --errors --for-pdf
mkdir -p "$out"
rm -f "$out"/report-*.docx "$out"/report-*.pdf "$out"/report-*.txt
for docx in "$work"/report-*.docx; do
    stem="$(basename "$docx" .docx)"
    cp "$docx" "$work/$stem.txt" "$out/"
done
# A profile of its own, so that a LibreOffice already running (or its lock) does not get in the way.
soffice -env:UserInstallation="file://$work/profile" --headless --convert-to pdf --outdir "$out" "$out"/report-*.docx >/dev/null
for f in "$out"/report-*; do
    size=$(stat -c %s "$f")
    if [ "$size" -gt 204800 ]; then
        echo "make-docx-pdfs: $f is $size bytes, over 200 KB" >&2
        exit 1
    fi
done
ls -l "$out"
