#!/usr/bin/env bash
# Benchmark: schedule precision of the health checks (ScheduleBenchmark: the real loop and scheduler, a loopback
# target), on the machine as found vs with every core busy-spinning, in the same run. Writes bench/results/schedule.md.
# Usage: bench/schedule.sh [checks]   (default 200 per phase, or $BENCH_ROUNDS x 20; ~1 min)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
. bench/lib.sh
ensure_build
checks="${1:-$(( ${BENCH_ROUNDS:-10} * 20 ))}"
out=$(results_file schedule)
machine=$(machine_line)
flags=$(run_jvm_flags "$JAVA_HOME" | tr '\n' ' ')
# shellcheck disable=SC2086
table=$("$JAVA_HOME/bin/java" $flags -cp "$(test_classpath)" dev.tunnelkeeper.bench.ScheduleBenchmark "$checks" 100)
worst=$(echo "$table" | awk -F'|' '/busy/ {gsub(/[ ms]/, "", $6); print $6}')
{
echo "## Schedule precision of the health checks"
echo
echo "Command: \`bench/all.sh schedule\` (= \`bench/schedule.sh $checks\`: the real health loop on the real scheduler"
echo "(\`time/SystemScheduler\`), a TCP check against a loopback listener, 100 ms success wait, the launcher's \`run\` JVM"
echo "flags; lateness = the prober's real call time minus (previous check's end + success wait))."
echo "Machine: $machine."
echo
echo "$table"
echo
printf -- '- Target: within 50 ms (max lateness) while both cores are busy: **%s** (max %s ms).\n' \
    "$( [ "$(echo "${worst:-9999} <= 50" | bc -l)" = 1 ] && echo met || echo missed)" "${worst:-?}"
echo "- The busy phase runs one \`yes > /dev/null\` per core, started and stopped by this benchmark; the loop's thread"
echo "  competes with them at the same nice level."
} > "$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
