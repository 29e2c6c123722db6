#!/usr/bin/env bash
# Rebuild static/fonts/NotoSansTifinagh-Regular.woff2 from Debian's fonts-noto-core (SIL OFL 1.1).
# The result is committed: nothing is downloaded when the platform is installed or run.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get download fonts-noto-core
dpkg-deb -x fonts-noto-core_*_all.deb x
python3 -m venv venv
venv/bin/pip install --quiet fonttools==4.60.1 brotli==1.1.0
venv/bin/python - "$here/static/fonts/NotoSansTifinagh-Regular.woff2" <<'PY'
import sys
from fontTools.ttLib import TTFont

font = TTFont("x/usr/share/fonts/truetype/noto/NotoSansTifinagh-Regular.ttf")
font.flavor = "woff2"
font.save(sys.argv[1])
PY
