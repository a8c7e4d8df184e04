#!/usr/bin/env bash
# Benchmark: start -> health port answering (the product via the launcher, in a private network namespace, vs a
# bare Helidon server with one route started the same way: HealthServerFixture), and, in the lab (root), start ->
# first tunnel healthy vs the bare openvpn client's start -> ready (StartupBenchmark). Same run, interleaved.
# Writes bench/results/startup.md. Usage: bench/startup.sh [rounds]   (default 10 for the port, 5 for the tunnel; ~2 min)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
. bench/lib.sh
. bench/product-in-netns.sh
ensure_lab_packages
ensure_build
rounds="${1:-${BENCH_ROUNDS:-10}}"
tunnel_rounds=$(( (rounds + 1) / 2 ))
out=$(results_file startup)
machine=$(machine_line)
work=$(mktemp -d)
trap 'stop_product 2>/dev/null; [ -n "${fixture:-}" ] && kill "$fixture" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/scripts"
cp scripts/examples/*.mjs "$work/scripts/"

# Polls the port every 5 ms with curl (any HTTP answer counts); prints the ms since $1 (ns).
await_port() { # START_NS PORT PID
    for _ in $(seq 4000); do
        if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$2/"; then
            echo $(( ($(date +%s%N) - $1) / 1000000 )); return 0
        fi
        kill -0 "$3" 2>/dev/null || break
        sleep 0.005
    done
    echo "port $2 never answered" >&2; return 1
}

: > "$work/product"; : > "$work/helidon"
for _ in $(seq "$rounds"); do
    # The product: its health port is in its own network namespace, so curl runs there too (nsenter, same cost each poll).
    t0=$(date +%s%N)
    start_product "$work/run" "$work/scripts"
    for _ in $(seq 4000); do
        if nsenter --net="/proc/$PRODUCT_PID/ns/net" curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PRODUCT_HEALTH_PORT/" 2>/dev/null; then
            echo $(( ($(date +%s%N) - t0) / 1000000 )) >> "$work/product"; break
        fi
        sleep 0.005
    done
    stop_product
    # The yardstick: a bare Helidon webserver with one route, the same JVM and the launcher's run flags; it stops
    # when its stdin (a fifo held open here) closes.
    port=$(( 20000 + RANDOM % 20000 ))
    rm -f "$work/in"; mkfifo "$work/in"
    t0=$(date +%s%N)
    # shellcheck disable=SC2046
    "$JAVA_HOME/bin/java" $(run_jvm_flags "$JAVA_HOME") -cp "target/test-classes:target/tunnelkeeper.jar" \
        dev.tunnelkeeper.bench.HealthServerFixture "$port" < "$work/in" > "$work/fixture.out" 2>&1 &
    fixture=$!
    exec 4> "$work/in"
    await_port "$t0" "$port" "$fixture" >> "$work/helidon"
    exec 4>&-
    wait "$fixture" 2>/dev/null || true
    fixture=
done
stats() { sort -n | awk '{a[NR]=$1} END {printf "%s ms | %s-%s ms | %d", a[int((NR+1)/2)], a[1], a[NR], NR}'; }
tunnel=$("$JAVA_HOME/bin/java" -cp "$(test_classpath)" dev.tunnelkeeper.app.StartupBenchmark "$tunnel_rounds")
{
echo "## Start-up"
echo
echo "Command: \`bench/all.sh startup\` (= \`bench/startup.sh $rounds\`; root for the lab rows)."
echo "Machine: $machine."
echo
echo "| what | median | min-max | rounds |"
echo "|---|---|---|---|"
echo "| bare Helidon server with one route, launcher's run flags: start -> port answers (yardstick) | $(stats < "$work/helidon") |"
echo "| tunnelkeeper (\`bin/tunnelkeeper run\`, hook examples loaded): start -> health port answers | $(stats < "$work/product") |"
echo "$tunnel"
echo
echo "- Port rows: curl polls every 5 ms; the product runs in a private network namespace (\`unshare -n\`, loopback"
echo "  only) and is polled there with \`nsenter\`; the yardstick is HealthServerFixture (test code) on loopback. The"
echo "  health server answers before the rest (servers, kill switch, VPN, hooks engine) starts."
echo "- Tunnel rows: a one-server lab; both start inside the client namespace (\`ip netns exec\`, ~47 ms each) and are"
echo "  polled every 20 ms; the product's figure includes the JVM start, settings, the kill switch, openvpn's own"
echo "  connect (the yardstick) and the first health check through the tunnel."
} > "$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
trap - EXIT
rm -rf "$work"
