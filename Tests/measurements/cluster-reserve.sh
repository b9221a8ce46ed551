#!/usr/bin/env bash
# Reserve throughput of two daemons on a Redis Cluster of three primaries against one daemon on one
# Redis (issue 10). Setup A: one redis-server (TCP, AOF everysec, no RDB, as the daemon's embedded
# one) and one release daemon on it. Setup B: six redis-servers on CLUSTER_PORT (7201) to +5 and
# their bus ports (17201-17206), the same config with cluster-enabled yes, joined by
# `redis-cli --cluster create ... --cluster-replicas 1` (three primaries, three replicas), and two
# daemons on it (--redis redis+cluster://...). Both setups get the same six sales, two on each
# primary (ids picked with CLUSTER KEYSLOT), 10,000,000 units, 1,000 per shopper, no proof of work,
# and SHOPPERS (100) admitted shoppers each. Then ROUNDS (3) rounds, A then B, of LOAD_SECONDS
# (6, at most 30) each: wrk in reserve mode (shoppers.lua: the shoppers in turn, sales
# interleaved, each call reserves 1 unit that is never released, so every call runs the same
# reserve script; wrk does not tell which request an answer belongs to, so with 64 connections on
# one thread a reservation cannot be cancelled with its shopper's token; the shoppers' limits last
# while ROUNDS x LOAD_SECONDS x req/s stays under SHOPPERS x 6,000, and a 429 is shown). A: one
# wrk -t1 -c64 on its daemon. B: two wrk -t1 -c32 at once, one on each daemon with half the
# shoppers; their req/s are added.
# CPU per request: utime + stime (/proc/PID/stat) of each process over the round, divided by the
# requests answered: the daemons, the redis-servers (all of them; and the primaries alone), and the
# total of both (wrk's own CPU is left out). Prints each round, then the medians with the ratio
# B/A, and for each setup the rate it would reach with a core per process:
#   min(1e6 / daemon_us x daemons, 1e6 / primary_us x primaries)
# daemon_us is the daemons' CPU per request: a request costs the one daemon that answers it that
# much, so a daemon with a core of its own answers 1e6 / daemon_us a second, and the daemons
# together that many times their number; primary_us is the primaries' CPU per request, likewise
# (each reserve runs on the one primary of its sale). The estimate assumes the requests spread
# evenly over the daemons (wrk does that) and the primaries (two sales each, as many shoppers),
# replicas and load generators on cores of their own, and a CPU cost per request that load does
# not change (it does: batching lowers it, two shared cores raise it), so it is a bound to check
# on real hardware, not a measurement. Everything here shares this machine's cores: compare the
# ratios, on a quiet machine only. About 70 s with the defaults; loopback only; the cleanup stops
# only the processes this script started, by their process ids.
#
#   FLOODGATE_BIN=.build/release/floodgate Tests/measurements/cluster-reserve.sh
#   ROUNDS=5 LOAD_SECONDS=10 CLUSTER_PORT=7301 FLOODGATE_BIN=.build/release/floodgate Tests/measurements/cluster-reserve.sh
source "$(dirname "$0")/daemon.sh"
rounds=${ROUNDS:-3}
seconds=$(load_seconds 6)
shoppers=${SHOPPERS:-100}
first=${CLUSTER_PORT:-7201}
lua=Tests/measurements/shoppers.lua
require "$bin" wrk redis-server redis-cli
ports=($(seq "$first" $((first + 5))))
python3 - "${ports[@]}" <<'PY' || exit 2
import socket, sys
for port in [int(p) for p in sys.argv[1:]] + [int(p) + 10000 for p in sys.argv[1:]]:
    try:
        socket.create_server(("127.0.0.1", port)).close()
    except OSError:
        sys.exit(f"cluster-reserve: port {port} is taken (CLUSTER_PORT={sys.argv[1]} needs 6 ports and their bus ports)")
PY
scratch=$(mktemp -d /tmp/floodgate-cluster-reserve.XXXXXX)
token=measure-admin
redises=() daemons=() loads=()
trap 'for pid in "${loads[@]}" "${daemons[@]}" "${redises[@]}"; do kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; done; rm -rf "$scratch"' EXIT

# redis NAME PORT [CONFIG LINE...]: a redis-server in its own directory and session (a Ctrl-C
# reaches the script, whose trap stops it), in the foreground of its process id.
redis() {
    local dir="$scratch/$1"
    mkdir -p "$dir"
    printf '%s\n' "bind 127.0.0.1" "port $2" "dir $dir" "logfile $dir/redis.log" 'save ""' "appendonly yes" "appendfsync everysec" \
        "${@:3}" >"$dir/redis.conf"
    setsid redis-server "$dir/redis.conf" &
    redises+=($!)
    for _ in $(seq 100); do redis-cli -p "$2" PING >/dev/null 2>&1 && return 0; sleep 0.1; done
    echo "cluster-reserve: redis-server on $2 did not start:" >&2; tail -5 "$dir/redis.log" >&2; return 1
}

# daemon NAME REDIS_URL: a release daemon on it, at $base.
daemon() {
    local port; port=$(free_port)
    setsid "$bin" serve --listen "127.0.0.1:$port" --redis "$2" --data-dir "$scratch/$1" --admin-token "$token" \
        --registrations-per-source 0 --checkout-per-token 0 --log-level warning >"$scratch/$1.log" 2>&1 &
    daemons+=($!)
    base="http://127.0.0.1:$port"
}

# Setup A, then setup B's cluster: its primaries by CLUSTER NODES.
single_port=$(free_port)
redis single "$single_port"
single_redis=${redises[0]}
for port in "${ports[@]}"; do redis "node-$port" "$port" "cluster-enabled yes" "cluster-node-timeout 5000"; done
redis-cli --cluster create "${ports[@]/#/127.0.0.1:}" --cluster-replicas 1 --cluster-yes >"$scratch/cluster-create.log" 2>&1 \
    || { echo "cluster-reserve: redis-cli --cluster create failed:" >&2; tail -5 "$scratch/cluster-create.log" >&2; exit 2; }
for attempt in $(seq 101); do
    ok=0
    for port in "${ports[@]}"; do redis-cli -p "$port" CLUSTER INFO | grep -q '^cluster_state:ok' && ok=$((ok + 1)); done
    redis-cli -p "$first" CLUSTER NODES >"$scratch/nodes.txt"
    [ $ok = 6 ] && [ "$(awk '$3 ~ /master/' "$scratch/nodes.txt" | wc -l)" = 3 ] && [ "$(awk '$3 ~ /slave/' "$scratch/nodes.txt" | wc -l)" = 3 ] && break
    [ "$attempt" = 101 ] && { echo "cluster-reserve: the cluster had not 3 primaries and 3 replicas, all ok, within 10 s" >&2; exit 2; }
    sleep 0.1
done
primary_ports=($(awk '$3 ~ /master/ { split($2, a, "[:@]"); print a[2] }' "$scratch/nodes.txt" | sort -n))
node_pids=("${redises[@]:1}") primary_pids=()
for i in "${!ports[@]}"; do
    [[ " ${primary_ports[*]} " == *" ${ports[$i]} "* ]] && primary_pids+=("${node_pids[$i]}")
done
# The primary (its port) serving a sale's {id} hash slot.
primary_of() {
    awk -v slot="$(redis-cli -p "$first" CLUSTER KEYSLOT "{$1}")" '$3 ~ /master/ {
        split($2, a, "[:@]")
        for (i = 9; i <= NF; i++) { n = split($i, r, "-"); if (slot >= r[1] && slot <= r[n]) print a[2] } }' "$scratch/nodes.txt"
}
sales=()
declare -A taken=()
for n in $(seq 100); do
    primary=$(primary_of "bench-$n")
    [ "${taken[$primary]:-0}" -lt 2 ] || continue
    taken[$primary]=$((${taken[$primary]:-0} + 1)) sales+=("bench-$n")
    [ ${#sales[@]} = 6 ] && break
done

daemon daemon-a "redis://127.0.0.1:$single_port"; single=$base
cluster_url="redis+cluster://$(IFS=,; echo "${primary_ports[*]/#/127.0.0.1:}")"
daemon daemon-b0 "$cluster_url"; cluster0=$base
daemon daemon-b1 "$cluster_url"; cluster1=$base
daemon_a=${daemons[0]} daemons_b=("${daemons[@]:1}")
for base in "$single" "$cluster0" "$cluster1"; do wait_ready "$base"; done

# The same sales and shoppers on both setups; a file of tokens, the sales interleaved (B: first
# and second half of each sale's shoppers).
for setup in a b; do
    base=$single; [ $setup = b ] && base=$cluster0
    files=()
    for sale in "${sales[@]}"; do
        create_sale "$base" "$token" "$sale"
        python3 Tests/measurements/register_shoppers.py "$base" "$sale" shopper- "$shoppers" --admitted >"$scratch/$setup-$sale.txt"
        files+=("$scratch/$setup-$sale.txt")
    done
    paste -d '\n' "${files[@]}" >"$scratch/tokens-$setup.txt"
done
half=$((shoppers * 3))
head -n "$half" "$scratch/tokens-b.txt" >"$scratch/tokens-b0.txt"
tail -n +"$((half + 1))" "$scratch/tokens-b.txt" >"$scratch/tokens-b1.txt"
echo "A: daemon $single on redis-server 127.0.0.1:$single_port; B: daemons $cluster0 and $cluster1 on $cluster_url (and 3 replicas)"
for sale in "${sales[@]}"; do printf '  sale %s: slot %s on 127.0.0.1:%s\n' "$sale" "$(redis-cli -p "$first" CLUSTER KEYSLOT "{$sale}")" "$(primary_of "$sale")"; done
echo "$rounds rounds of ${seconds} s, A then B, $shoppers admitted shoppers a sale; load average $(cut -d' ' -f1-3 /proc/loadavg)"

# cpu PID...: each process' CPU time so far (utime + stime, clock ticks), "pid ticks" a line.
cpu() {
    for pid in "$@"; do echo "$pid $(sed 's/^.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }')"; done
}
# spent BEFORE AFTER PID...: the ticks the processes spent between two cpu snapshots.
spent() {
    awk -v pids=" ${*:3} " 'NR == FNR { before[$1] = $2; next } index(pids, " " $1 " ") { sum += $2 - before[$1] } END { print sum + 0 }' \
        <(echo "$1") <(echo "$2")
}
# load NAME BASE CONNECTIONS TOKENS: one wrk reserve run in the background.
load() {
    FLOODGATE_MODE=reserve FLOODGATE_TOKENS=$4 timeout --signal=INT --kill-after=10 $((seconds + 20)) \
        wrk -t1 -c"$3" -d"${seconds}s" --timeout 10s -s "$lua" "$2" >"$scratch/$1.txt" 2>&1 &
    loads+=($!)
}
# requests NAME: the requests answered in a wrk run and its seconds.
requests() {
    sed -n 's/^  reserve: \([0-9]*\) requests in \([0-9.]*\) s.*/\1 \2/p' "$scratch/$1.txt" | grep . \
        || { echo "cluster-reserve: wrk $1 gave no summary:" >&2; cat "$scratch/$1.txt" >&2; return 1; }
}
# round N SETUP: one run; appends "setup req/s requests daemon redis primaries" (ticks) to results.
round() {
    local daemon_pids=("$daemon_a") redis_pids=("$single_redis") primaries=("$single_redis") runs=("a$1")
    [ "$2" = B ] && daemon_pids=("${daemons_b[@]}") redis_pids=("${node_pids[@]}") primaries=("${primary_pids[@]}") runs=("b$1-0" "b$1-1")
    local before after
    before=$(cpu "${daemon_pids[@]}" "${redis_pids[@]}")
    if [ "$2" = A ]; then
        load "a$1" "$single" 64 "$scratch/tokens-a.txt"
    else
        load "b$1-0" "$cluster0" 32 "$scratch/tokens-b0.txt"; load "b$1-1" "$cluster1" 32 "$scratch/tokens-b1.txt"
    fi
    for pid in "${loads[@]}"; do wait "$pid" || true; done
    after=$(cpu "${daemon_pids[@]}" "${redis_pids[@]}")
    loads=()
    local answered=0 rate=0
    for run in "${runs[@]}"; do
        read -r count duration < <(requests "$run")
        answered=$((answered + count)) rate=$(awk -v r="$rate" -v c="$count" -v d="$duration" 'BEGIN { print r + c / d }')
        # Answers but 201 (429: a shopper at its limit, raise SHOPPERS), socket errors, bare 5xx.
        awk -v run="$run" '/^    reserve +[0-9]+ +[0-9]+$/ && $2 != 201 || / [1-9][0-9]* socket errors/ || /without a body: [1-9]/ {
            sub(/^ +/, ""); print "  " run ": " $0 }' "$scratch/$run.txt"
    done
    echo "$2 $rate $answered $(spent "$before" "$after" "${daemon_pids[@]}") $(spent "$before" "$after" "${redis_pids[@]}")" \
        "$(spent "$before" "$after" "${primaries[@]}")" >>"$scratch/results.txt"
}
for n in $(seq "$rounds"); do round "$n" A; round "$n" B; done

python3 - "$scratch/results.txt" "$(getconf CLK_TCK)" <<'PY'
import statistics, sys
tick_us = 1e6 / int(sys.argv[2])
rows = {"A": [], "B": []}
print("round setup    req/s  daemon us/req  redis us/req (primaries)  total us/req")
for line in open(sys.argv[1]):
    setup, rate, answered, daemon, redis, primaries = line.split()
    answered = max(int(answered), 1)
    row = [float(rate)] + [int(ticks) * tick_us / answered for ticks in (daemon, redis, primaries)]
    row.append(row[1] + row[2])
    rows[setup].append(row)
    print(f"{len(rows[setup]):5} {setup:5} {row[0]:8.0f}  {row[1]:13.1f}  {row[2]:12.1f} ({row[3]:9.1f})  {row[4]:12.1f}")
medians = {setup: [statistics.median(column) for column in zip(*runs)] for setup, runs in rows.items()}
a, b = medians["A"], medians["B"]
print("medians (A: 1 daemon, 1 Redis; B: 2 daemons, 3 primaries, 3 replicas)       A           B     B/A")
for index, name in enumerate(["req/s", "daemon CPU us/req", "redis CPU us/req, all nodes", "redis CPU us/req, primaries",
                              "total CPU us/req"]):
    print(f"  {name:66} {a[index]:9.1f}   {b[index]:9.1f}   {b[index] / a[index]:5.2f}")
reach = {}
for setup, (daemons, primaries) in {"A": (1, 1), "B": (2, 3)}.items():
    daemon_us, primary_us = medians[setup][1], medians[setup][3]
    reach[setup] = min(1e6 / daemon_us * daemons, 1e6 / primary_us * primaries)
    print(f"with a core per process, {setup}: min(1e6/{daemon_us:.1f} x {daemons}, 1e6/{primary_us:.1f} x {primaries})"
          f" = {reach[setup]:,.0f} req/s")
print(f"  B/A {reach['B'] / reach['A']:.2f} (an estimate from CPU per request: see the script's header)")
PY
