#!/usr/bin/env bash
# Benchmark (root, lab): tunnel up -> the forwarded port usable in qBittorrent, tunnelkeeper's VPN_PORT_FORWARDING
# beside natpmpc driven by a shell loop next to a bare openvpn (as users script it today), against a real miniupnpd
# and a real qbittorrent-nox, in the same run (PortForwardBenchmark). Writes bench/results/portforward.md.
# Usage: bench/portforward.sh [rounds]   (default 5, or $BENCH_ROUNDS; ~1 min)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
. bench/lib.sh
ensure_lab_packages
ensure_portforward_packages
ensure_build
rounds="${1:-${BENCH_ROUNDS:-5}}"
out=$(results_file portforward)
machine=$(machine_line)
table=$("$JAVA_HOME/bin/java" -cp "$(test_classpath)" dev.tunnelkeeper.app.PortForwardBenchmark "$rounds")
{
echo "## Port forwarding: tunnel up -> port usable in qBittorrent, vs natpmpc in a shell loop (lab)"
echo
echo "Command: \`bench/all.sh portforward\` (= \`bench/portforward.sh $rounds\`; root; one lab server with miniupnpd 2.3.1 as"
echo "the NAT-PMP gateway in the tunnel, qbittorrent-nox 4.5.2 in the client namespace; rounds alternate)."
echo "Machine: $machine."
echo
echo "$table"
echo
echo "- Both rows are timed by one 20 ms log poller, from the line that says the tunnel is up (tunnelkeeper's"
echo "  \`-> running\`, openvpn's \`Initialization Sequence Completed\`) to the line that says qBittorrent has the port"
echo "  (tunnelkeeper's \`[qbittorrent] listen port set to\` after reading it back, the script's \`SYNCED\`). Every round"
echo "  is then checked from the far side: a BitTorrent handshake with qBittorrent through miniupnpd's mapping."
echo "- The yardstick (\`PortForwardBenchmark.SCRIPT\`) waits for tun0 with a 1 s \`sleep\`, maps UDP then TCP with"
echo "  \`natpmpc -g GATEWAY -a PORT PORT udp|tcp 60\`, then logs in to the WebUI and sets \`listen_port\` with curl."
echo "  Its time is mostly where its poll lands in that second; tunnelkeeper starts on the supervisor's own event."
echo "- tunnelkeeper also reads the port back, opens it in the kill switch (the yardstick runs without one) and"
echo "  writes the status file before qBittorrent is told; the JVM was already running (its start is not counted)."
} > "$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
