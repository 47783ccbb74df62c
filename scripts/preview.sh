#!/usr/bin/env bash
# Render a workbook to PNG pages for a look: xlsx -> PDF (LibreOffice) -> PNG (pdftoppm).
# Usage: scripts/preview.sh [workbook.xlsx] [out_dir]   (defaults: out/demo-shop.xlsx, out/preview)
# Only the tabs sheetsync owns (Dashboard, Data issues) are printed, from a copy: raw tabs of
# thousands of rows would be hundreds of pages. PREVIEW_ALL_TABS=1 prints every tab.
# Installs libreoffice-calc and poppler-utils with apt-get when they are missing.
set -euo pipefail

workbook="${1:-out/demo-shop.xlsx}"
out_dir="${2:-out/preview}"

if [[ ! -f "$workbook" ]]; then
    echo "preview: no workbook at $workbook (run 'make demo' first, or pass a path)" >&2
    exit 1
fi

missing=()
command -v libreoffice >/dev/null 2>&1 || missing+=(libreoffice-calc)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
if (( ${#missing[@]} )); then
    echo "preview: installing ${missing[*]}" >&2
    sudo_cmd=()
    [[ "$(id -u)" -ne 0 ]] && sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq \
        --no-install-recommends "${missing[@]}"
fi

mkdir -p "$out_dir"
rm -f "$out_dir"/*.png "$out_dir"/*.pdf
name="$(basename "${workbook%.*}")"
# A private profile: a desktop LibreOffice that is already open would otherwise swallow the job.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python="${PYTHON:-.venv/bin/python}"
[[ -x "$python" ]] || python=python3
source_book="$workbook"
if [[ -z "${PREVIEW_ALL_TABS:-}" ]]; then
    source_book="$work/$name.xlsx"
    "$python" - "$workbook" "$source_book" <<'PY'
import sys

from openpyxl import load_workbook

book = load_workbook(sys.argv[1])
owned = {"dashboard", "data issues"}
for sheet in list(book.worksheets):
    if sheet.title.casefold() not in owned and len(book.worksheets) > 1:
        book.remove(sheet)
book.active = 0
book.save(sys.argv[2])
PY
fi
libreoffice -env:UserInstallation="file://$work/profile" --headless --convert-to pdf \
    --outdir "$out_dir" "$source_book" >/dev/null
pdftoppm -png -r 80 "$out_dir/$name.pdf" "$out_dir/$name"
echo "preview: $(ls "$out_dir"/*.png | wc -l) pages in $out_dir"
