#!/bin/sh
# Regenerates the PDF fixtures of the PDF reader (crates/documents/src/pdf.rs) from their sources.
#
#   sh tests/documents/pdf/make.sh          # from anywhere; writes next to this script
#
# Sources (committed): the *.html pages and the *.txt originals they were written from (the reader's
# output for a PDF must check the same as its .txt; example-flat, -noborder and -16pt have the
# example's text, example-2021.txt). gen_html.py rewrites the HTML and .txt from
# examples/example-report-2021.txt and seed 003; it runs only when an .html is missing or with
# REGEN_HTML=1. Idempotent: every output is rebuilt from the sources each run (LibreOffice stamps a
# new date and ID into each PDF, the text and layout stay the same).
#
# Needs (Debian): libreoffice-writer-nogui fonts-noto-cjk qpdf img2pdf ghostscript python3.
#   apt-get install -y libreoffice-writer-nogui fonts-noto-cjk qpdf img2pdf ghostscript
#
# Outputs:
#   example-2021.pdf   the bundled example report, 3 pages, page header and page numbers, tables
#                      二 三 四 with merged cells, 三 and 四 broken across pages
#   example-flat.pdf  the example with table 三's header flattened (placeholder cells, no rowspan)
#   example-noborder.pdf  the example with tables drawn without borders (columns from x positions)
#   example-16pt.pdf  the example in government-document type sizes (body 16pt, tables 10.5pt)
#   seed003-2019.pdf   seed 003's numbers in the 2019 format, no page header
#   long-50p.pdf       the example with ~50 pages of narrative padding (speed)
#   encrypted.pdf      example-2021.pdf encrypted with user password "u" (AES-256)
#   owner-only.pdf     example-2021.pdf encrypted with an empty user password (opens without one)
#   image-only.pdf     page 1 of example-2021.pdf as a picture (no text layer)
#   broken-xref.pdf    example-2021.pdf with its xref table overwritten
#   truncated.pdf      the first 40% of example-2021.pdf
#   bomb.pdf           one page whose content stream, deflated twice, inflates to 1 GB
set -eu
cd "$(dirname "$0")"
if [ "${REGEN_HTML:-0}" = 1 ] || [ ! -f example-2021.html ] || [ ! -f seed003-2019.html ] || [ ! -f example-flat.html ] || [ ! -f example-noborder.html ] || [ ! -f example-16pt.html ] || [ ! -f long-50p.html ]; then
    python3 gen_html.py
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for name in example-2021 example-flat example-noborder example-16pt seed003-2019 long-50p; do
    # Imported as a Writer document (not Writer/Web) so that the page header, footer and title
    # print as in a report exported from a word processor.
    soffice -env:UserInstallation=file://"$tmp"/profile --headless --infilter="HTML (StarWriter)" \
        --convert-to pdf:writer_pdf_Export --outdir "$tmp" "$name.html" >/dev/null 2>&1
    cp "$tmp/$name.pdf" "$name.pdf"
done
qpdf --encrypt u o 256 -- example-2021.pdf encrypted.pdf
qpdf --encrypt "" o 256 -- example-2021.pdf owner-only.pdf
gs -q -dNOPAUSE -dBATCH -sDEVICE=pnggray -r100 -dFirstPage=1 -dLastPage=1 -sOutputFile="$tmp/page1.png" example-2021.pdf
img2pdf --output image-only.pdf "$tmp/page1.png"
python3 - <<'PY'
data = open("example-2021.pdf", "rb").read()
at = data.rfind(b"\nxref")
assert at > 0, "no xref table"
broken = bytearray(data)
for i in range(at + 1, min(at + 400, len(data))):
    broken[i] = ord("#")
open("broken-xref.pdf", "wb").write(bytes(broken))
open("truncated.pdf", "wb").write(data[: len(data) * 2 // 5])

# A decompression bomb: 1 GB of spaces behind two FlateDecode filters (a few KB on disk).
import zlib
inner = zlib.compressobj(9)
once = b"".join(inner.compress(b" " * (1 << 20)) for _ in range(1024)) + inner.flush()
twice = zlib.compress(once, 9)
objs = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
    b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(twice) + twice + b"\nendstream",
]
out = bytearray(b"%PDF-1.4\n")
offsets = []
for i, body in enumerate(objs, 1):
    offsets.append(len(out))
    out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
xref = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
for off in offsets:
    out += b"%010d 00000 n \n" % off
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
open("bomb.pdf", "wb").write(bytes(out))
PY
ls -l ./*.pdf
