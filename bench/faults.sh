#!/usr/bin/env bash
# Fault suite (root, lab): the twelve faults of FaultSuiteLabTest injected into the real product, each healed and
# its time to healthy taken from the product's log, over several rounds (one round = one run of the suite, ~3 min).
# Writes bench/results/faults.md. Usage: bench/faults.sh [rounds]   (default 3, or $BENCH_ROUNDS)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
. bench/lib.sh
ensure_lab_packages
ensure_build
rounds="${1:-${BENCH_ROUNDS:-3}}"
out=$(results_file faults)
machine=$(machine_line)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for round in $(seq 1 "$rounds"); do
    echo "fault suite round $round of $rounds" >&2
    mvn -q -B --no-transfer-progress test -Dtest=FaultSuiteLabTest -Dsurefire.failIfNoSpecifiedTests=false \
        -Dtk.faults.report="$work/round-$round.md" >"$work/round-$round.log" 2>&1 \
        || { echo "round $round failed: see the surefire report (log tail below)" >&2; tail -40 "$work/round-$round.log" >&2; exit 1; }
done
# Per fault (second column), over the rounds: median, min-max of the time to healthy, and how the first round saw it.
table=$(cat "$work"/round-*.md | awk -F' \\| ' '
    /^\| fault|^\|---/ { next }
    {
        fault = substr($1, 3); t = $4; sub(/ s$/, "", t)
        if (!(fault in n)) { order[++faults] = fault; from[fault] = $3; how[fault] = $5; sub(/ \|$/, "", how[fault]) }
        times[fault, ++n[fault]] = t + 0
    }
    END {
        print "| fault | time to healthy, median | min - max | measured from | how (first round) |"
        print "|---|---|---|---|---|"
        for (i = 1; i <= faults; i++) {
            f = order[i]; k = n[f]
            for (a = 1; a <= k; a++) v[a] = times[f, a]
            for (a = 1; a <= k; a++) for (b = a + 1; b <= k; b++) if (v[b] < v[a]) { x = v[a]; v[a] = v[b]; v[b] = x }
            med = (k % 2) ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
            printf "| %s | %.2f s | %.2f - %.2f s | %s | %s |\n", f, med, v[1], v[k], from[f], how[f]
        }
    }')
{
echo "## Fault suite in the lab: time to healthy after each fault"
echo
echo "Command: \`bench/all.sh faults\` (= \`bench/faults.sh $rounds\`: \`FaultSuiteLabTest\`, also part of the default test"
echo "run, $rounds rounds). The real product (OpenVPN, kill switch, resolver, control API; WireGuard for its fault) in a"
echo "three-server lab with the seed's health defaults (5 s success wait, 6 s heal window). Times come from the"
echo "product's log: from the fault to the first \`healthy!\` after the \`unhealthy\` it caused, or, where the product"
echo "repaired it before any check failed, to the line saying so; each heal is confirmed by a dial through the tunnel."
echo "Machine: $machine."
echo
echo "$table"
echo
echo "- Where the faults come from (the test's javadoc has the details): a server's openvpn SIGTERMed; the router"
echo "  dropping a server's packets; the product's openvpn or wireguard-go SIGKILLed; \`ip link del\` of the tunnel"
echo "  interface; the health target stopped behind a working tunnel; every server stopped, then one started again"
echo "  (timed from its return); a server the router lets through the first 40 packets of each flow to, then drops"
echo "  (the product switched to it through the control API; timed from the switch); the router's links down and"
echo "  forwarding off for 12 s (timed from its return); \`iptables -P ... ACCEPT; iptables -F\` in the product's"
echo "  namespace; hooks that never return (the server then blackholed); a 1 MiB tmpfs under the log and PUBLICIP_FILE, filled, then the server killed."
} > "$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
