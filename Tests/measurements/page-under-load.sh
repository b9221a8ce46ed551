#!/usr/bin/env bash
# The waiting-room page under the 100x rehearsal (issue 12: first load under 50 KB, first state
# under 1 s, a later load costing the daemon only the page and a status poll). Starts
# `floodgate rehearse --spawn --profile Rehearsals/spike-100x.json` (its own Redis and daemon on
# loopback), waits PLATEAU seconds (15) after the rehearsal started, when the load is at its
# plateau, then headless Chromium (Debian's chromium and chromium-driver, Selenium in
# .build/browser-venv) opens /wait/SALE COLD times (10), each in a new browser profile, and WARM
# times (3) more in the last one (page_under_load.py). Prints each load, the median and max of
# the time from navigation start to the first state shown and of the bytes transferred, then the
# rehearsal's own load, latency and answers. About 80 s; compare runs on a quiet machine only.
#
#   FLOODGATE_BIN=.build/release/floodgate Tests/measurements/page-under-load.sh
#   COLD=20 WARM=5 PLATEAU=20 FLOODGATE_BIN=.build/release/floodgate Tests/measurements/page-under-load.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${FLOODGATE_BIN:-.build/release/floodgate}
profile=Rehearsals/spike-100x.json
[ -x "$bin" ] || { echo "page-under-load: no daemon binary at $bin (swift build -c release first)" >&2; exit 2; }
if ! command -v chromedriver >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -q chromium chromium-driver >/dev/null
fi
source Tests/browser/venv.sh

scratch=$(mktemp -d /tmp/floodgate-page-under-load.XXXXXX)
# Its own session: a Ctrl-C reaches the script (whose trap stops it), not its Redis.
setsid "$bin" rehearse --spawn --profile "$profile" --work-dir "$scratch/work" >"$scratch/report.txt" 2>"$scratch/rehearse.log" &
rehearsal=$!
trap 'kill -TERM $rehearsal 2>/dev/null || true; wait $rehearsal 2>/dev/null || true; rm -rf "$scratch"' EXIT

for _ in $(seq 600); do
    grep -q 'rehearsal started' "$scratch/rehearse.log" && break
    kill -0 $rehearsal 2>/dev/null || { echo "page-under-load: the rehearsal ended before it started:" >&2; tail -20 "$scratch/rehearse.log" >&2; exit 2; }
    sleep 0.1
done
started=$(date +%s)
url=$(grep -m1 -o 'daemons=\["http://127\.0\.0\.1:[0-9]*' "$scratch/rehearse.log" | sed 's/.*\["//')
sale=$(grep -m1 -o 'sale=[^ ]*.*rehearsal started' "$scratch/rehearse.log" | sed 's/^sale=\([^ ]*\).*/\1/')
[ -n "$url" ] && [ -n "$sale" ] || { echo "page-under-load: no daemon or sale in the rehearsal's log:" >&2; head -20 "$scratch/rehearse.log" >&2; exit 2; }
duration=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["duration_seconds"])' "$profile")
echo "rehearsal $profile on $url, sale $sale; the page is loaded from ${PLATEAU:-15} s on"
sleep "${PLATEAU:-15}"

timeout --foreground --signal=INT --kill-after=10 90 "$venv/bin/python" Tests/measurements/page_under_load.py \
    --url "$url/wait/$sale" --scratch "$scratch/browser" --cold "${COLD:-10}" --warm "${WARM:-3}" --stop-after $((duration - ${PLATEAU:-15} - 12))
took=$(($(date +%s) - started))
if [ "$took" -gt "$duration" ]; then
    echo "page-under-load: the loads ended ${took} s after the start, past the rehearsal's ${duration} s of load (the last ones were not under load)" >&2
fi

echo
echo "waiting for the rehearsal to finish (${duration} s of load, then its drain and checks)"
for _ in $(seq 1800); do kill -0 $rehearsal 2>/dev/null || break; sleep 0.1; done
kill -0 $rehearsal 2>/dev/null && { echo "page-under-load: the rehearsal did not finish within 180 s" >&2; exit 1; }
wait $rehearsal && outcome=0 || outcome=$?
# The rehearsal's summary beside the page's figures: its load, latencies and answers, and its verdict.
sed -n '/^Load$/,/^Funnel$/p' "$scratch/report.txt" | sed '$d'
tail -1 "$scratch/report.txt"
[ "$outcome" = 0 ] || { echo "page-under-load: the rehearsal exited $outcome; its invariants:" >&2; sed -n '/^Invariants$/,$p' "$scratch/report.txt" >&2; }
