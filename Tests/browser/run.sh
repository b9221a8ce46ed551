#!/usr/bin/env bash
# The waiting-room page in a real browser: headless Chromium (Debian's chromium and
# chromium-driver) driven by Selenium against a real daemon on loopback (embedded Redis in a
# scratch directory). Screenshots of every state go to .build/browser-artifacts/.
#
#   Tests/browser/run.sh                        # the debug build (swift build first)
#   FLOODGATE_BIN=.build/release/floodgate Tests/browser/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
here=Tests/browser
bin=${FLOODGATE_BIN:-.build/debug/floodgate}
venv=.build/browser-venv
artifacts=${BROWSER_ARTIFACTS:-.build/browser-artifacts}

[ -x "$bin" ] || { echo "browser: no daemon binary at $bin (swift build first)" >&2; exit 2; }
for tool in chromium chromedriver; do
    command -v "$tool" >/dev/null || { echo "browser: $tool is missing (make deps installs chromium and chromium-driver)" >&2; exit 2; }
done
if ! "$venv/bin/python" -c 'import selenium, axe_selenium_python' 2>/dev/null \
    || ! "$venv/bin/pip" freeze 2>/dev/null | grep -qx "$(grep -m1 '^selenium==' "$here/requirements.txt")"; then
    echo "browser: installing $(grep -v '^#' "$here/requirements.txt" | tr '\n' ' ')into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt"
fi
mkdir -p "$artifacts"
exec timeout --signal=INT --kill-after=20 "${BROWSER_SECONDS:-300}" \
    "$venv/bin/python" "$here/test_page.py" --bin "$bin" --artifacts "$artifacts" "$@"
