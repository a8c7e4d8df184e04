#!/usr/bin/env bash
# Benchmark (root, lab): VPN restart decision -> tunnel ready, tunnelkeeper's supervisor vs the bare client measured
# the same way in the same namespace and run (VpnBenchmark). Writes bench/results/restart.md.
# Usage: bench/restart.sh [rounds]   (default 10, or $BENCH_ROUNDS; ~1.5 min)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
. bench/lib.sh
ensure_lab_packages
ensure_build
rounds="${1:-${BENCH_ROUNDS:-10}}"
out=$(results_file restart)
machine=$(machine_line)
table=$("$JAVA_HOME/bin/java" -cp "$(test_classpath)" dev.tunnelkeeper.app.VpnBenchmark "$rounds" restart)
{
echo "## VPN restart -> tunnel ready, vs the bare client (lab)"
echo
echo "Command: \`bench/all.sh restart\` (= \`bench/restart.sh $rounds\`; root; a lab of network namespaces with two servers)."
echo "Machine: $machine."
echo
echo "$table"
echo
echo "- Both sides are measured the same way inside the client namespace: SIGTERM the old client, wait for it to exit,"
echo "  start the new one, wait for \`Initialization Sequence Completed\` (OpenVPN) or a recorded handshake (WireGuard)."
echo "  The supervised side also swaps the endpoint in the kill switch (two \`iptables-restore\` transactions) and, for"
echo "  WireGuard, sets and removes the fwmark routing rules."
echo "- Target: overhead <= 150 ms over the bare client, for each VPN (see the medians above)."
} > "$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
