#!/usr/bin/env bash
# Benchmark: the script host's costs (HookBenchmark, a fresh JVM on the test classpath, with the JVM flags the
# launcher's `run` uses): cold load, hook call median/p99 beside the built-in Java policy called the same way in
# the same run, and how long after the limit a runaway hook is stopped. Writes bench/results/hooks.md.
# Usage: bench/hooks.sh [runs]   (default 3 runs, or $BENCH_ROUNDS; ~1 min each)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
. bench/lib.sh
ensure_build
runs="${1:-${BENCH_ROUNDS:-3}}"
[ "$runs" -le 5 ] || runs=5
out=$(results_file hooks)
machine=$(machine_line)
flags=$(run_jvm_flags "$JAVA_HOME" | tr '\n' ' ')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for i in $(seq "$runs"); do
    # shellcheck disable=SC2086
    "$JAVA_HOME/bin/java" $flags -cp "$(test_classpath)" dev.tunnelkeeper.scripting.HookBenchmark > "$work/run$i" 2>&1
done
# The same once with C2 as well (the launcher runs C1 only, to save memory: see the rss section).
c2flags=$(echo "$flags" | sed 's/-XX:TieredStopAtLevel=1//')
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" $c2flags -cp "$(test_classpath)" dev.tunnelkeeper.scripting.HookBenchmark > "$work/c2" 2>&1
c2line=$(grep -h '^onHealthCheckFailed hook' "$work/c2" | sed -E 's/ +/ /g')
p99s=$(grep -h '^onHealthCheckFailed hook' "$work"/run[0-9]* | sed -E 's/.*p99 +([0-9.]+) us.*/\1/' | sort -n | tr '\n' ' ')
worst=$(echo "$p99s" | awk '{print $NF}')
over=$(grep -h '^runaway' "$work"/run[0-9]* | sed -E 's/.*median (-?[0-9.]+) ms, max (-?[0-9.]+) ms.*/\2/' | sort -n | tail -1)
{
echo "## Hooks: call overhead and runaway stop"
echo
echo "Command: \`bench/all.sh hooks\` (= \`bench/hooks.sh $runs\`: $runs fresh JVMs running \`HookBenchmark\` with the"
echo "launcher's \`run\` flags \`$flags\`; yardstick: the built-in Java policy and selector, called the same way)."
echo "Machine: $machine."
echo
for i in $(seq "$runs"); do
    echo "Run $i:"
    echo
    echo '```'
    # The figures and the hook's own warnings; not the per-call log lines of selectServer, nor JUL's header lines.
    grep -v 'chose se-\|^[A-Z][a-z][a-z] [0-9][0-9], \|sun.misc\|terminally deprecated\|consider reporting' "$work/run$i"
    echo '```'
    echo
done
printf -- '- Hook call p99 over the %s runs: %s µs; target p99 <= 200 µs: **%s**.\n' "$runs" "$p99s" \
    "$( [ "$(echo "$worst <= 200" | bc -l)" = 1 ] && echo met || echo missed)"
printf -- '- Runaway `while (true) {}` with a 50 ms limit: worst stop after the limit %s ms; target limit + 20 ms: **%s**.\n' \
    "$over" "$( [ "$(echo "$over <= 20" | bc -l)" = 1 ] && echo met || echo missed)"
echo "- The same benchmark once more with C2 too (\`$c2flags\`): $c2line. C1 only costs"
echo "  call time and saves memory (rss section); the launcher keeps C1 only while the p99 stays within its target."
echo "- The cold load runs on the hooks thread: the health server answers before (see the startup section)."
} > "$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
