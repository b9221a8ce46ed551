#!/usr/bin/env bash
# Redis memory of one sale before and after its archive: a daemon (embedded Redis) with a sale of
# SHOPPERS shoppers who each register, reserve and then commit (odd) or cancel (even); the sale is
# closed and archived (grace 0); the sale's keys are counted and sized with MEMORY USAGE, and
# INFO's used_memory read, before and after.
#
#   swift build && Tests/measurements/archive-memory.sh            # 2,000 shoppers
#   SHOPPERS=10000 FLOODGATE_BIN=.build/release/floodgate Tests/measurements/archive-memory.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${FLOODGATE_BIN:-.build/debug/floodgate}
shoppers=${SHOPPERS:-2000}
scratch=$(mktemp -d /tmp/floodgate-archive-memory.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
token=measure-admin
"$bin" serve --listen "127.0.0.1:$port" --data-dir "$scratch/data" --admin-token "$token" --archive-grace 0 \
    --registrations-per-source 100000 --log-level warning >"$scratch/daemon.log" 2>&1 &
daemon=$!
trap 'kill -TERM $daemon 2>/dev/null; wait $daemon 2>/dev/null; rm -rf "$scratch"' EXIT
for _ in $(seq 150); do curl -fs "$base/ready" >/dev/null 2>&1 && break; sleep 0.2; done
sock="$scratch/data/redis.sock"

sale_keys() {
    redis-cli -s "$sock" --scan --pattern 'fg:{mem}:*' | awk -v sock="$sock" '
        { n++; cmd = "redis-cli -s " sock " MEMORY USAGE \"" $0 "\""; cmd | getline bytes; close(cmd); total += bytes }
        END { printf "%d keys, %d bytes by MEMORY USAGE", n, total }'
}
used() { redis-cli -s "$sock" INFO memory | sed -n 's/^used_memory:\([0-9]*\).*/\1/p'; }

curl -fs -X POST "$base/admin/sales" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"id\":\"mem\",\"skus\":[{\"sku\":\"A\",\"stock\":$shoppers}],\"admit_per_second\":100000,\"admission_factor\":100,\"payment\":{\"latency_ms\":0}}" >/dev/null
baseline=$(used)
python3 - "$base" "$shoppers" <<'PY'
import json, sys, urllib.request
base, shoppers = sys.argv[1], int(sys.argv[2])
def call(method, path, body, token=None, headers=None):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method=method,
                                     headers={"Content-Type": "application/json", **(headers or {})})
    if token: request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)
tokens = [call("POST", "/queue/register", {"sale_id": "mem", "user_id": f"u{i}"})["token"] for i in range(shoppers)]
for i, token in enumerate(tokens):
    reservation = call("POST", "/checkout/reserve", {"sku": "A", "qty": 1}, token)["reservation_id"]
    if i % 2:
        call("POST", "/checkout/commit", {"reservation_id": reservation, "payment": {}}, token, {"Idempotency-Key": f"k{i}"})
    else:
        call("POST", "/checkout/cancel", {"reservation_id": reservation}, token)
PY
before_keys=$(sale_keys); before=$(used)
curl -fs -X POST "$base/admin/sales/mem/close" -H "Authorization: Bearer $token" >/dev/null
summary=$(curl -fs -X POST "$base/admin/sales/mem/archive" -H "Authorization: Bearer $token")
sleep 1
after_keys=$(sale_keys); after=$(used)
echo "shoppers: $shoppers (half committed, half cancelled)"
echo "before archive: $before_keys; used_memory $before (empty sale: $baseline)"
echo "after archive:  $after_keys; used_memory $after"
echo "archive: $summary"
du -sh "$scratch/data/archive/mem" | awk '{print "archive files: " $1}'
