#!/usr/bin/env bash
# Fuzzes a real daemon from its OpenAPI document with schemathesis, bounded in examples and time:
# no 5xx, every response (and every error envelope) as the document says, the daemon still up,
# and stock conserved in every sale afterwards.
#
#   Tests/schemathesis/run.sh                 # the debug build (swift build first)
#   FLOODGATE_BIN=.build/release/floodgate Tests/schemathesis/run.sh
#   SCHEMATHESIS_EXAMPLES=50 Tests/schemathesis/run.sh
#
# The daemon listens on a free loopback port with an embedded Redis in a scratch directory, the
# sale of fixture-sale.json and raised checkout limits, and is stopped by its PID at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=Tests/schemathesis
bin=${FLOODGATE_BIN:-.build/debug/floodgate}
examples=${SCHEMATHESIS_EXAMPLES:-12}
budget=${SCHEMATHESIS_SECONDS:-120}
venv=.build-venv

[ -x "$bin" ] || { echo "schemathesis: no daemon binary at $bin (swift build first)" >&2; exit 2; }
pinned=$(sed -n 's/^schemathesis==//p' "$here/requirements.txt")
if [ ! -x "$venv/bin/schemathesis" ] || [ "$("$venv/bin/schemathesis" --version 2>/dev/null | awk '{print $NF}')" != "$pinned" ]; then
    echo "schemathesis: installing $pinned into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt"
fi

scratch=$(mktemp -d /tmp/floodgate-schemathesis.XXXXXX)
port=$("$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
export FG_ADMIN_TOKEN="schemathesis-admin-$RANDOM$RANDOM"
"$bin" serve --listen "127.0.0.1:$port" --data-dir "$scratch/data" --admin-token "$FG_ADMIN_TOKEN" \
    --sale "$here/fixture-sale.json" --checkout-per-token 1000 --registrations-per-source 1000 \
    --log-level warning >"$scratch/daemon.log" 2>&1 &
daemon=$!
stop() {
    if kill -0 "$daemon" 2>/dev/null; then
        kill -TERM "$daemon"
        for _ in $(seq 50); do kill -0 "$daemon" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$daemon" 2>/dev/null && kill -KILL "$daemon"
    fi
    wait "$daemon" 2>/dev/null || true
}
trap 'stop; rm -rf "$scratch"' EXIT

for _ in $(seq 150); do
    curl -fs "$base/ready" >/dev/null 2>&1 && break
    kill -0 "$daemon" 2>/dev/null || { echo "schemathesis: the daemon died at start:" >&2; cat "$scratch/daemon.log" >&2; exit 1; }
    sleep 0.2
done
curl -fs "$base/ready" >/dev/null || { echo "schemathesis: the daemon is not ready" >&2; cat "$scratch/daemon.log" >&2; exit 1; }

# An admitted shopper's token for the checkout operations.
FG_QUEUE_TOKEN=$(curl -fs -X POST "$base/queue/register" -H 'Content-Type: application/json' \
    -d '{"sale_id":"drop-42","user_id":"schemathesis"}' | "$venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["token"])')
export FG_QUEUE_TOKEN
for _ in $(seq 100); do
    curl -fs "$base/queue/status" -H "Authorization: Bearer $FG_QUEUE_TOKEN" | grep -q '"state":"admitted"' && break
    sleep 0.1
done

# Two passes: first everything but the switches that stop a sale (a paused or closed sale answers
# checkout with its documented 503 `paused`, which the no-5xx check would count), with the
# reserve -> commit/cancel links followed; then the switches alone.
switches='^/admin/sales/\{id\}/(pause|resume|close|throttle|registration|payment|rollback|archive)$'
checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
# Run from the scratch directory, so schemathesis' cache (.schemathesis/) stays out of the tree.
root=$PWD
fuzz() {
    (cd "$scratch" && timeout --signal=INT --kill-after=20 "$(($1 + 30))" \
        "$root/$venv/bin/schemathesis" --config-file "$root/$here/schemathesis.toml" run "$base/openapi.yaml" \
        --checks "$checks" --max-examples "$examples" --max-time "$1" --request-timeout 10 --workers 1 --seed 7 \
        --generation-database none --no-color "${@:2}")
}
status=0
first=$((budget * 2 / 3))
echo "schemathesis: fuzzing $base ($examples examples an operation; ${first}s, then $((budget - first))s for the switches)"
fuzz "$first" --phases examples,coverage,fuzzing,stateful --exclude-path '/admin/sales/{id}/telemetry' \
    --exclude-path-regex "$switches" || status=$?
"$venv/bin/python" "$here/invariants.py" "$base" "$FG_ADMIN_TOKEN" || status=1
fuzz "$((budget - first))" --phases examples,coverage,fuzzing --include-path-regex "$switches" || status=$?

if ! kill -0 "$daemon" 2>/dev/null; then
    echo "schemathesis: the daemon died during the run:" >&2; tail -50 "$scratch/daemon.log" >&2; exit 1
fi
"$venv/bin/python" "$here/invariants.py" "$base" "$FG_ADMIN_TOKEN" --after-switches || status=1
if grep -q -E 'Fatal error|Illegal instruction' "$scratch/daemon.log"; then
    echo "schemathesis: the daemon logged a crash:" >&2; grep -E 'Fatal error|Illegal' "$scratch/daemon.log" >&2; status=1
fi
exit "$status"
