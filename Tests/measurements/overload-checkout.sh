#!/usr/bin/env bash
# Admitted checkout under a load spike beyond capacity (issue 12: reserve and commit p99 under
# 300 ms while new visitors get the queued page with 503 and Retry-After, and no 5xx without a
# body). A release daemon (embedded Redis; no per-source or per-token rate limits, so that only
# the priority gate sheds) with a sale of SHOPPERS (200) admitted and as many waiting shoppers;
# then for LOAD_SECONDS (10, at most 30) three wrk runs at once (shoppers.lua): new
# registrations on REGISTER_CONNECTIONS (256; every other one with Accept: text/html, as a
# browser), status polls of the waiting shoppers on STATUS_CONNECTIONS (256), and the admitted
# shoppers reserving and committing one unit at a time on CHECKOUT_CONNECTIONS (32); curl
# samples a browser's registration meanwhile. The daemon runs with --request-capacity
# REQUEST_CAPACITY, 32 by default, so that wrk's connections are several times what the gate
# lets in and queues (16 registrations in progress, 128 waiting); at the daemon's default of 256
# no registration waited past its class's limit or 2 s in a run here, and none was shed.
# Prints each run's answers by status, its 503s with Retry-After and with the page, its 5xx
# without a body, reserve and commit p50/p99/p99.9, and the daemon's priority-gate metrics.
# About 20 s; compare runs on a quiet machine only.
#
#   FLOODGATE_BIN=.build/release/floodgate Tests/measurements/overload-checkout.sh
#   REQUEST_CAPACITY=256 REGISTER_CONNECTIONS=1500 LOAD_SECONDS=15 FLOODGATE_BIN=.build/release/floodgate Tests/measurements/overload-checkout.sh
source "$(dirname "$0")/daemon.sh"
shoppers=${SHOPPERS:-200}
seconds=$(load_seconds 10)
lua=Tests/measurements/shoppers.lua
require "$bin" wrk
scratch=$(mktemp -d /tmp/floodgate-overload-checkout.XXXXXX)
port=$(free_port)
base="http://127.0.0.1:$port"
token=measure-admin
capacity=${REQUEST_CAPACITY:-32}
# Its own session: a Ctrl-C reaches the script (whose trap stops it), not its Redis.
setsid "$bin" serve --listen "127.0.0.1:$port" --data-dir "$scratch/data" --admin-token "$token" --registrations-per-source 0 \
    --checkout-per-token 0 --request-capacity "$capacity" --log-level warning >"$scratch/daemon.log" 2>&1 &
daemon=$!
loads=()
trap 'for load in "${loads[@]}"; do kill -INT $load 2>/dev/null || true; done; kill -TERM $daemon 2>/dev/null || true; wait $daemon 2>/dev/null || true; rm -rf "$scratch"' EXIT
wait_ready "$base"

# A sale with stock for every cycle; its shoppers are admitted at once, then admission all but
# stops, so the others (and wrk's) wait.
create_sale "$base" "$token" overload
python3 Tests/measurements/register_shoppers.py "$base" overload buyer- "$shoppers" --admitted >"$scratch/admitted.txt"
curl -fs -X POST "$base/admin/sales/overload/throttle" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"admit_per_second":0.01}' >/dev/null
python3 Tests/measurements/register_shoppers.py "$base" overload waiter- "$shoppers" >"$scratch/waiting.txt"
echo "daemon $base (request capacity $capacity), $shoppers admitted and $shoppers waiting shoppers; ${seconds} s of load"

load() { # load NAME MODE CONNECTIONS THREADS TOKENS: one wrk run in the background
    FLOODGATE_MODE=$2 FLOODGATE_SALE=overload FLOODGATE_RUN=$$ FLOODGATE_TOKENS=$5 \
        timeout --signal=INT --kill-after=10 $((seconds + 20)) \
        wrk -t"$4" -c"$3" -d"${seconds}s" --timeout 10s -s "$lua" "$base" >"$scratch/$1.txt" 2>&1 &
    loads+=($!)
}
load register register "${REGISTER_CONNECTIONS:-256}" 2 ""
load status status "${STATUS_CONNECTIONS:-256}" 2 "$scratch/waiting.txt"
load checkout checkout "${CHECKOUT_CONNECTIONS:-32}" "${CHECKOUT_CONNECTIONS:-32}" "$scratch/admitted.txt"

# A browser's registration, sampled during the load: status, type, body size and Retry-After.
samples=()
for sample in $(seq 5); do
    sleep "$(python3 -c "print($seconds / 6)")"
    samples+=("$(curl -s -o /dev/null --max-time 15 -X POST "$base/queue/register" -H 'Accept: text/html' -H 'Content-Type: application/json' \
        -d "{\"sale_id\":\"overload\",\"user_id\":\"curl-$$-$sample\"}" \
        -w '%{http_code} %{content_type}, %{size_download} bytes, Retry-After: %header{retry-after}')")
done
for load in "${loads[@]}"; do wait "$load" || true; done
loads=()

for name in checkout register status; do
    echo "wrk $name:"
    sed -n '/^  [a-z]*: [0-9]* requests/,$p' "$scratch/$name.txt"
    grep -q ' requests in ' "$scratch/$name.txt" || cat "$scratch/$name.txt"
done
echo "curl, a browser registering during the load:"
printf '  %s\n' "${samples[@]}"
echo "the daemon's priority gate (/metrics):"
curl -fs "$base/metrics" -H "Authorization: Bearer $token" >"$scratch/metrics.txt"
grep -E '^floodgate_(requests_shed_total|requests_shed_pages_total|requests_queued_total|status_polls_stretched_total)' "$scratch/metrics.txt" \
    | sort | sed 's/^/  /'
if ! grep -qE '^floodgate_requests_shed_total\{class="register"\} [1-9]' "$scratch/metrics.txt"; then
    echo "overload-checkout: no registration was shed: the load stayed within the gate (raise REGISTER_CONNECTIONS or lower REQUEST_CAPACITY)" >&2
fi
