#!/usr/bin/env bash
# Benchmark (root, lab): a server's death -> healthy on the other server, without hooks and with notification hooks
# whose every tk.fetch hangs (HookFetchBenchmark). Writes bench/results/hookfetch.md.
# Usage: bench/hookfetch.sh [rounds]   (default 10, or $BENCH_ROUNDS; ~4 min)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
. bench/lib.sh
ensure_lab_packages
ensure_build
rounds="${1:-${BENCH_ROUNDS:-10}}"
out=$(results_file hookfetch)
machine=$(machine_line)
table=$("$JAVA_HOME/bin/java" -cp "$(test_classpath)" dev.tunnelkeeper.app.HookFetchBenchmark "$rounds")
{
echo "## Notification hooks that hang: heal time with and without (lab)"
echo
echo "Command: \`bench/all.sh hookfetch\` (= \`bench/hookfetch.sh $rounds\`; root; two lab servers, seed defaults; the"
echo "current OpenVPN server is killed each round, as in the recovery section)."
echo "Machine: $machine."
echo
echo "$table"
echo
echo "- The hook: onTunnelDown, onRestart, onTunnelUp and onHealthy each await two tk.fetch calls (timeoutMs 30000) to"
echo "  receivers that accept and never answer, one on the LAN side (FIREWALL_OUTBOUND_SUBNETS, told at once) and"
echo "  one behind the tunnel (held until the tunnel is back). Every call is still open when the heal is over."
echo "- Target: no measurable difference. The notifications run on their own thread after the change is committed,"
echo "  and a fetch waits on a thread of its own, so nothing the healer or the supervisor does waits for them"
echo "  (\`NotificationsNeverInTheWayTest\` shows it in virtual time, to the millisecond). The spread between the rows"
echo "  is the kill's timing against the check schedule, as in the recovery section."
} > "$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
