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
artifacts=${BROWSER_ARTIFACTS:-.build/browser-artifacts}

[ -x "$bin" ] || { echo "browser: no daemon binary at $bin (swift build first)" >&2; exit 2; }
source "$here/venv.sh"
mkdir -p "$artifacts"
exec timeout --signal=INT --kill-after=20 "${BROWSER_SECONDS:-300}" \
    "$venv/bin/python" "$here/test_page.py" --bin "$bin" --artifacts "$artifacts" "$@"
