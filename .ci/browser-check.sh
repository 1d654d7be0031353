#!/usr/bin/env bash
# Renders a report.html in headless Chromium and checks the screenshot is a
# real page: the expected size, not blank, and the charts' colours present.
# The report comes from a short real run of the baseline scenario (20
# replications, a few seconds), so the whole path `corridor run` → charts →
# report.html → browser is checked.
#
# Usage: .ci/browser-check.sh [REPORT_HTML]   (Chromium: /usr/bin/chromium)
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

report=${1:-}
if [ -z "$report" ]; then
  cargo run --locked --profile quick -q -- run baseline --replications 20 --out "$work/run" >/dev/null
  report="$work/run/report.html"
fi
[ -f "$report" ] || { echo "browser-check: $report not found" >&2; exit 1; }

width=1280
height=3000
shot="$work/report.png"
# Flags: no sandbox (CI runs as root), no GPU, and no background networking,
# which this machine's closed network would refuse many times over.
timeout 120 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic \
  --no-first-run --disable-background-networking --disable-component-update \
  --disable-sync --hide-scrollbars --user-data-dir="$work/profile" \
  --window-size=$width,$height --screenshot="$shot" "file://$(realpath "$report")" \
  >"$work/chromium.log" 2>&1 || { cat "$work/chromium.log" >&2; exit 1; }
[ -s "$shot" ] || { echo "browser-check: no screenshot" >&2; cat "$work/chromium.log" >&2; exit 1; }
python3 .ci/png-check.py "$shot" $width $height
if [ -n "${CORRIDOR_BROWSER_SHOT:-}" ]; then cp "$shot" "$CORRIDOR_BROWSER_SHOT"; fi
echo "browser-check: report.html rendered"
