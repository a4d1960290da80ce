#!/usr/bin/env bash
# Debian packages jixiao needs beyond Python: CJK fonts (report PDF/DOCX, charts),
# WeasyPrint's Pango/HarfBuzz, poppler (PDF→PNG in tests), LibreOffice (DOCX→PDF and
# XLSX recalculation checks). Installs only what is missing; needs root.
# With --test it also installs what only the tests need: Chromium for the browser tests
# (Playwright drives Debian's /usr/bin/chromium; `make demo` does not need it).
set -euo pipefail
PACKAGES=(
  fonts-noto-cjk fonts-wqy-zenhei fonts-arphic-gkai00mp fonts-arphic-gbsn00lp fontconfig
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
  poppler-utils
  libreoffice-writer-nogui libreoffice-calc-nogui
)
if [ "${1:-}" = "--test" ]; then
  PACKAGES+=(chromium)
fi
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "jixiao: missing Debian packages: ${missing[*]} (run as root to install them)" >&2
  exit 1
fi
echo "jixiao: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# matplotlib caches the font list; rebuild it so the new CJK fonts are found.
rm -rf "${HOME:-/root}/.cache/matplotlib"
