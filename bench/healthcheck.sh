#!/usr/bin/env bash
# Benchmark: `tunnelkeeper healthcheck` against a live health server vs `curl -fsS` on the same URL, runs
# interleaved in the same session. Writes wall time and peak RSS (median, p10-p90) to bench/results/healthcheck.md.
# Usage: bench/healthcheck.sh [runs]   (default 30, or $BENCH_ROUNDS; builds the jar first if needed; ~1 min)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
. bench/lib.sh
runs="${1:-${BENCH_ROUNDS:-30}}"
out=$(results_file healthcheck)
export JAVA_HOME="$(find_java_home jdk)"
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time; }
[ -f target/tunnelkeeper.jar ] && [ -d target/test-classes/dev/tunnelkeeper/bench ] || mvn -q -B package -DskipTests
port=$(( 20000 + RANDOM % 20000 ))
work=$(mktemp -d)
trap 'exec 3>&-; [ -n "${fixture:-}" ] && wait "$fixture" 2>/dev/null; rm -rf "$work"' EXIT
mkfifo "$work/in"
"$JAVA_HOME/bin/java" -cp "target/test-classes:target/tunnelkeeper.jar" dev.tunnelkeeper.bench.HealthServerFixture "$port" \
    < "$work/in" > "$work/fixture.out" 2>&1 &
fixture=$!
exec 3> "$work/in"
for _ in $(seq 100); do grep -q ready "$work/fixture.out" 2>/dev/null && break; sleep 0.1; done
grep -q ready "$work/fixture.out" || { cat "$work/fixture.out"; exit 1; }
url="http://127.0.0.1:$port/"
export HEALTH_SERVER_ADDRESS="127.0.0.1:$port"

# The AOT cache (JDK 25): trained once on this JDK and jar, as the Dockerfile could do at build time.
aot="$work/healthcheck.aot"
# shellcheck disable=SC2046
"$JAVA_HOME/bin/java" $(healthcheck_jvm_flags | sed 's/-Xshare:auto//') -XX:AOTCacheOutput="$aot" \
    -cp target/tunnelkeeper.jar dev.tunnelkeeper.Main healthcheck >/dev/null 2>&1 || true

# The image's layout (Dockerfile): the jar, its libs and the AOT cache side by side under TK_HOME, with TK_JAVA_HOME
# set, so the launcher neither searches for a JDK nor misses the cache (trained on this very jar path).
image="$work/image"
mkdir -p "$image"
cp target/tunnelkeeper.jar "$image/"
ln -s "$PWD/target/libs" "$image/libs"
ln -s "$PWD/bin" "$image/bin"
# shellcheck disable=SC2046
"$JAVA_HOME/bin/java" $(healthcheck_jvm_flags | sed 's/-Xshare:auto//') -XX:AOTCacheOutput="$image/healthcheck.aot" \
    -cp "$image/tunnelkeeper.jar" dev.tunnelkeeper.Main healthcheck >/dev/null 2>&1 || true

declare -A cmd
cmd[curl]="curl -fsS $url"
cmd[launcher]="bin/tunnelkeeper healthcheck"
cmd[launcher-as-in-image]="env TK_HOME=$image TK_JAVA_HOME=$JAVA_HOME bin/tunnelkeeper healthcheck"
cmd[java-flags]="$JAVA_HOME/bin/java $(healthcheck_jvm_flags) -cp target/tunnelkeeper.jar dev.tunnelkeeper.Main healthcheck"
[ -f "$aot" ] && cmd[java-flags-aot]="$JAVA_HOME/bin/java $(healthcheck_jvm_flags | sed 's/-Xshare:auto//') -XX:AOTCache=$aot -cp target/tunnelkeeper.jar dev.tunnelkeeper.Main healthcheck"
cmd[java-plain]="$JAVA_HOME/bin/java -jar target/tunnelkeeper.jar healthcheck"
names=(curl launcher-as-in-image launcher java-flags java-flags-aot java-plain)

for name in "${names[@]}"; do [ -n "${cmd[$name]:-}" ] && : > "$work/$name"; done
for _ in $(seq 3); do for name in "${names[@]}"; do [ -n "${cmd[$name]:-}" ] && ${cmd[$name]} >/dev/null; done; done # warm the page cache
for i in $(seq "$runs"); do
    for name in "${names[@]}"; do
        [ -n "${cmd[$name]:-}" ] || continue
        start=$(date +%s%N)
        # shellcheck disable=SC2086
        /usr/bin/time -f '%M' -o "$work/rss" ${cmd[$name]} >/dev/null
        end=$(date +%s%N)
        echo "$(( (end - start) / 1000 )) $(cat "$work/rss")" >> "$work/$name"
    done
done

stats() { # column -> "median (p10-p90)"
    sort -n | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; lo=a[int(NR*0.1)+1]; hi=a[int(NR*0.9)]; printf "%s %s %s\n", m, lo, hi}'
}
read -r curl_ms _ _ < <(cut -d' ' -f1 "$work/curl" | stats)
read -r curl_kb _ _ < <(cut -d' ' -f2 "$work/curl" | stats)
{
echo "## \`healthcheck\` vs \`curl\`"
echo
echo "Command: \`bench/all.sh healthcheck\` (= \`bench/healthcheck.sh $runs\`: $runs runs each, interleaved, against a live"
echo "Helidon health server on loopback; wall time from \`date +%s%N\` around each run, peak RSS from GNU time's \`%M\`)."
echo "Machine: $(machine_line)."
echo
echo "| client | wall median (p10-p90) | vs curl | peak RSS median (p10-p90) | vs curl |"
echo "|---|---|---|---|---|"
for name in "${names[@]}"; do
    [ -s "$work/$name" ] || continue
    read -r w wlo whi < <(cut -d' ' -f1 "$work/$name" | stats)
    read -r r rlo rhi < <(cut -d' ' -f2 "$work/$name" | stats)
    printf '| %s | %.1f ms (%.1f-%.1f) | %.2fx | %.1f MB (%.1f-%.1f) | %.2fx |\n' "$name" \
        "$(echo "$w/1000" | bc -l)" "$(echo "$wlo/1000" | bc -l)" "$(echo "$whi/1000" | bc -l)" "$(echo "$w/$curl_ms" | bc -l)" \
        "$(echo "$r/1024" | bc -l)" "$(echo "$rlo/1024" | bc -l)" "$(echo "$rhi/1024" | bc -l)" "$(echo "$r/$curl_kb" | bc -l)"
done
read -r img_w _ _ < <(cut -d' ' -f1 "$work/launcher-as-in-image" | stats)
read -r img_r _ _ < <(cut -d' ' -f2 "$work/launcher-as-in-image" | stats)
ratio=$(echo "$img_w/$curl_ms" | bc -l)
echo
echo "- \`launcher-as-in-image\` is what Docker runs: \`bin/tunnelkeeper healthcheck\` with \`TK_HOME\`/\`TK_JAVA_HOME\` set and"
echo "  the AOT cache the Dockerfile trains. \`launcher\` is the same script on a dev machine, where it first looks for a"
echo "  JDK >= 21 among the installed ones. \`java-flags\` is the JVM with the client flags (\`$(healthcheck_jvm_flags)\`),"
echo "  \`-aot\` adds the JDK 25 AOT cache, \`java-plain\` is \`java -jar\` with no flags."
printf -- '- Targets, as the image runs it: peak RSS <= 40 MB: **%s** (%.1f MB); wall <= 4x curl: **%s** (%.2fx).\n' \
    "$( [ "$img_r" -le 40960 ] && echo met || echo missed)" "$(echo "$img_r/1024" | bc -l)" \
    "$( [ "$(echo "$ratio <= 4" | bc -l)" = 1 ] && echo met || echo missed)" "$ratio"
echo "  bash's own start adds ~20 ms to the launcher rows. The client loads no Helidon, GraalJS or YAML class (a test runs"
echo "  it with \`-verbose:class\`) and reads nothing but the environment in the image."
} > "$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
