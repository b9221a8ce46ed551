# Sourced first by the measurement scripts (source "$(dirname "$0")/daemon.sh"): strict mode, the
# repository's root as the working directory, the release daemon in $bin (FLOODGATE_BIN), and
# shell helpers.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${FLOODGATE_BIN:-.build/release/floodgate}

# free_port: a free TCP port on 127.0.0.1.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_ready BASE: waits (30 s at most) until the daemon at BASE answers /ready with 200.
wait_ready() {
    for _ in $(seq 150); do curl -fs "$1/ready" >/dev/null 2>&1 && return 0; sleep 0.2; done
    echo "$(basename "$0"): the daemon at $1 was not ready within 30 s" >&2
    return 1
}

# create_sale BASE ADMIN_TOKEN ID: a running sale with stock for every call (SKU A, 10,000,000
# units), its shoppers admitted at once, 1,000 units per shopper, reservations held 600 s, no proof
# of work and a free, instant gateway.
create_sale() {
    curl -fs -X POST "$1/admin/sales" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' -d '{"id":"'"$3"'",
        "skus":[{"sku":"A","stock":10000000}],"admit_per_second":100000,"admission_factor":100,"per_user_limit":1000,
        "reservation_ttl_seconds":600,"admission_window_seconds":3600,"pow_difficulty":0,"payment":{"failure_rate":0,"latency_ms":0}}' >/dev/null
}

# require BIN TOOL...: exits (2) unless BIN is an executable daemon and every TOOL is installed.
require() {
    local name; name=$(basename "$0" .sh)
    [ -x "$1" ] || { echo "$name: no daemon binary at $1 (swift build -c release first)" >&2; exit 2; }
    for tool in "${@:2}"; do
        command -v "$tool" >/dev/null || { echo "$name: $tool is missing (make deps installs it)" >&2; exit 2; }
    done
}

# load_seconds DEFAULT: how long a load runs, LOAD_SECONDS or DEFAULT, 30 at most.
load_seconds() {
    local seconds=${LOAD_SECONDS:-$1}
    echo $((seconds > 30 ? 30 : seconds))
}
