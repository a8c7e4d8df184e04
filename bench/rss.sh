#!/usr/bin/env bash
# Benchmark: idle RSS of the running product (`bin/tunnelkeeper run`, in a private network namespace) with the hook
# examples (scripts/examples/*.mjs) loaded, once the hooks engine is warm, vs the same product with no hooks
# (yardstick), in the same run; and the JVM flags tried to bring it down, one step at a time (each row adds its
# flags to the rows above it). Writes bench/results/rss.md. Usage: bench/rss.sh [rounds]  (default 3, ~8 min)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
. bench/lib.sh
. bench/product-in-netns.sh
ensure_build
rounds="${1:-${BENCH_ROUNDS:-3}}"
[ "$rounds" -le 5 ] || rounds=5
settle="${BENCH_RSS_SETTLE:-10}"
out=$(results_file rss)
machine=$(machine_line)
work=$(mktemp -d)
trap 'stop_product 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/hooks" "$work/none"
cp scripts/examples/*.mjs "$work/hooks/"
examples=$(ls "$work/hooks" | wc -l)

# One measurement: start, wait until every example is loaded (the engine is warm then), let it idle, read VmRSS.
measure() { # SCRIPTS_DIR JAVA_OPTS [ENV=VALUE...]
    local scripts="$1" opts="$2" want=0
    shift 2
    [ "$scripts" = "$work/hooks" ] && want=$examples
    start_product "$work/run" "$scripts" TK_JAVA_OPTS="$opts" "$@"
    for _ in $(seq 300); do
        [ "$(grep -c 'INFO \[hooks\] loaded' "$PRODUCT_LOG" || true)" -ge "$want" ] && grep -q 'health server listening' "$PRODUCT_LOG" && break
        sleep 0.1
    done
    if [ "$(grep -c 'INFO \[hooks\] loaded' "$PRODUCT_LOG" || true)" -lt "$want" ]; then
        echo "the hooks did not load; log:" >&2; cat "$PRODUCT_LOG" >&2; stop_product; return 1
    fi
    sleep "$settle"
    echo "$(rss_mb "$PRODUCT_PID") $(peak_mb "$PRODUCT_PID")"
    stop_product
}

median() { sort -n | awk '{a[NR]=$1} END {printf "%s (%s-%s)", a[int((NR+1)/2)], a[1], a[NR]}'; }

# The steps tried, each adding flags to the row above: java runs the jar with exactly these flags (BENCH_JVM_FLAGS),
# then the launcher as it is now. Name|scripts|flags (empty: the launcher)|extra env
seed="-XX:+UseSerialGC -Xss512k -XX:TieredStopAtLevel=1 -XX:MaxRAMPercentage=25 --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
s1="$seed -Xss256k -XX:CICompilerCount=1"
s2="$s1 -XX:ReservedCodeCacheSize=32m"
s3="$s2 -Xmx64m"
c2=$(echo "$s3" | sed 's/ -XX:TieredStopAtLevel=1//; s/ -XX:CICompilerCount=1//')
steps=(
    "seed flags, no hooks (yardstick)|none|$seed|"
    "seed flags, the examples loaded|hooks|$seed|"
    "+ -Xss256k -XX:CICompilerCount=1|hooks|$s1|"
    "+ -XX:ReservedCodeCacheSize=32m|hooks|$s2|"
    "+ -Xmx64m|hooks|$s3|"
    "+ MALLOC_ARENA_MAX=2|hooks|$s3|MALLOC_ARENA_MAX=2"
    "-Xmx64m but C2 too (no TieredStopAtLevel=1)|hooks|$c2|"
    "the launcher now (\`bin/tunnelkeeper run\`), no hooks|none||"
    "the launcher now (\`bin/tunnelkeeper run\`), the examples loaded|hooks||"
)
[ -z "${BENCH_RSS_STEPS:-}" ] || steps=("${steps[@]:0:$BENCH_RSS_STEPS}")
table=$(
echo "| step | idle RSS median (min-max), MB | peak RSS (VmHWM) median (min-max), MB | rounds |"
echo "|---|---|---|---|"
for step in "${steps[@]}"; do
    IFS='|' read -r name dir flags envs <<< "$step"
    vals=()
    for _ in $(seq "$rounds"); do
        # shellcheck disable=SC2086
        vals+=("$(measure "$work/$dir" "$flags" $envs)")
    done
    printf '| %s | %s | %s | %s |\n' "$name" "$(printf '%s\n' "${vals[@]}" | cut -d' ' -f1 | median)" \
        "$(printf '%s\n' "${vals[@]}" | cut -d' ' -f2 | median)" "$rounds"
    echo "$name: ${vals[*]}" >&2
done
)
now=$(echo "$table" | awk -F'|' '/launcher now.*examples/ {split($3, a, " "); print a[1]}')
{
echo "## Idle RSS with the hook examples loaded"
echo
echo "Command: \`bench/all.sh rss\` (= \`bench/rss.sh $rounds\`): the product in a private network namespace (\`unshare -n\`,"
echo "loopback only, health target its own health port, FIREWALL=off there, openvpn pointed at a closed loopback port"
echo "so the supervisor retries with backoff), $examples examples from \`scripts/examples\` in SCRIPTS_DIR; VmRSS read"
echo "${settle} s after the last example logged \`loaded\` (the engine is warm: the loader runs a call-path warm-up)."
echo "Machine: $machine."
echo
echo "$table"
echo
printf -- '- Target idle RSS <= 128 MB with the examples loaded, as the launcher (and so the image) runs it: **%s** (%s MB).\n' \
    "$( [ "$(echo "${now:-9999} <= 128" | bc -l)" = 1 ] && echo met || echo missed)" "${now:-?}"
echo "- The launcher's \`run\` flags (\`bin/lib/common.sh\` \`run_jvm_flags\`, used by the Dockerfile's ENTRYPOINT):"
echo "  \`$(run_jvm_flags "$JAVA_HOME" | tr '\n' ' ')\`. What each step saved is the difference to the row above"
echo "  it. Only \`-Xmx64m\` went into the launcher (was \`-XX:MaxRAMPercentage=25\`, a quarter of the machine's memory)."
echo "  The savings are not reproducible run to run: in earlier runs on this machine (same day, same build) the seed"
echo "  flags read 182 MB idle with the examples, -Xmx64m 125 MB, and -Xmx64m with C2 157 MB; in the run above every"
echo "  step reads about the same. So the cap bounds how far the heap can grow after the GraalJS load rather than"
echo "  saving a fixed amount; thread stacks, code cache and malloc arenas saved nothing measurable in any run. C1 only"
echo "  (TieredStopAtLevel=1) is kept: the hooks' call time with these flags is in the hooks section."
} > "$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
trap - EXIT
rm -rf "$work"
