#!/usr/bin/env bash
# Benchmark: DNS query latency through the product's resolver (cached and not) vs the same query straight to its
# upstream, one raw UDP client for all rows, in the same run, on loopback only. Writes bench/results/dns.md.
# Usage: bench/dns.sh [queries]   (default 5000 per row; well under a minute)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
. bench/lib.sh
ensure_build
queries="${1:-5000}"
out=$(results_file dns)
machine=$(machine_line)
flags=$(run_jvm_flags "$JAVA_HOME" | tr '\n' ' ')
# shellcheck disable=SC2086
table=$("$JAVA_HOME/bin/java" $flags -cp "$(test_classpath)" dev.tunnelkeeper.dns.DnsBenchmark "$queries")
{
echo "## DNS: the local resolver vs its upstream"
echo
echo "Command: \`bench/all.sh dns\` (= \`bench/dns.sh $queries\`: \`DnsBenchmark\`, the product's \`LocalDns\` on a free"
echo "loopback port in front of a loopback dnsjava server, the launcher's \`run\` JVM flags; each row sends the same kind"
echo "of A query, one at a time, from one raw UDP socket)."
echo "Machine: $machine."
echo
echo "$table"
echo
echo "- The uncached row is the resolver's own cost per query: parse, a cache miss, a fresh ID, the upstream round trip,"
echo "  checking the answer, caching it, writing the reply. It makes two UDP round trips where the yardstick makes one,"
echo "  so 2x is its floor; where the rest goes (for example a new upstream socket per query) is not yet profiled."
echo "  The cached row never reaches the upstream."
echo "- Loopback only: in a container the upstream sits behind the tunnel, so its round trip (milliseconds) dwarfs both."
} > "$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
