#!/usr/bin/env bash
# Install LibreOffice Calc (headless, no GUI) with apt-get when it is missing: the xlsx tests open
# refreshed workbooks with it. Best effort: without apt or rights, the tests that need it skip
# and say why. About 280 MB; under a minute from a Debian mirror on the development machine.
set -uo pipefail

command -v soffice >/dev/null 2>&1 && exit 0
command -v apt-get >/dev/null 2>&1 || { echo "libreoffice: no apt-get; its tests will skip" >&2; exit 0; }
sudo_cmd=()
[[ "$(id -u)" -ne 0 ]] && sudo_cmd=(sudo -n)
echo "libreoffice: installing libreoffice-calc-nogui (for the xlsx round-trip tests)" >&2
"${sudo_cmd[@]}" apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq \
        --no-install-recommends libreoffice-calc-nogui \
    || echo "libreoffice: could not install it; its tests will skip" >&2
exit 0
