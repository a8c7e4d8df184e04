#!/usr/bin/env bash
# Benchmark: the image where users run it. Builds it (bin/image), starts a lab (two real OpenVPN servers, a health
# target reachable only through a tunnel: LabDemoServers, as bin/demo) and runs the image with podman in the lab's
# client namespace with the shipped config and a user's settings. Measures, in one run: the image size; start ->
# health port answering and start -> healthy (podman run to the first answer / first 200, polled every 5 ms from the
# same namespace), beside podman's own `run` of `true` in the same image; idle RSS of the JVM after 60 s with the
# hook examples loaded and with no hooks, and its CPU time over BENCH_IDLE_MINUTES (10) of healthy checks;
# `tunnelkeeper healthcheck` against curl inside the same container; podman stop; the hook call p99 and the runaway
# hook stop (HookBenchmark) and VPN restart -> ready against the bare clients (VpnBenchmark's restart part, in its own
# lab) on the image's JRE and VPN tools. Then what bounds them: the start split into its steps (-Xlog:startuptime and
# the product's log lines), also with the cache trained without hooks; the idle JVM's memory by Native Memory Tracking.
# Writes bench/results/container.md.
# Usage: bench/container.sh [rounds]   (default 5; root; ~24 min with the idle CPU sample)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
. bench/lib.sh
. bin/lib/podman.sh
[ "$(id -u)" -eq 0 ] || { echo "bench/container.sh needs root (namespaces, podman)" >&2; exit 1; }
ensure_lab_packages
ensure_build
ensure_podman
podman_env
rounds="${1:-${BENCH_ROUNDS:-5}}"
out=$(results_file container)
machine=$(machine_line)
work=$(mktemp -d)
image=localhost/tunnelkeeper:latest
bench_image=localhost/tunnelkeeper:bench
containers=()
cleanup() {
    for c in "${containers[@]}"; do podman rm --force --time 0 --ignore "$c" >/dev/null 2>&1 || true; done
    [ -n "${lab_pid:-}" ] && { exec 3>&- 2>/dev/null || true; wait "$lab_pid" 2>/dev/null || true; }
    rm -rf "$work"
}
trap cleanup EXIT

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2}'; }
range() { sort -n | awk '{a[NR]=$1} END {printf "%s-%s", a[1], a[NR]}'; }

build_start=$(date +%s%N)
bin/image "$image" >/dev/null   # builds the jar too: the image must be of this checkout's code and config
build_ms=$(( ($(date +%s%N) - build_start) / 1000000 ))
# The yardstick needs curl in the same container: a bench-only layer on top (the product's layers are unchanged).
printf 'FROM %s\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n' \
    "$image" > "$work/Containerfile"
podman build --quiet --format docker --network host -t "$bench_image" -f "$work/Containerfile" "$work" >/dev/null
size_mb=$(podman image inspect "$image" --format '{{.Size}}' | awk '{printf "%.0f", $1/1e6}')
base_mb=$(podman image inspect localhost/tunnelkeeper-base:trixie --format '{{.Size}}' | awk '{printf "%.0f", $1/1e6}')
aot_mb=$(podman run --rm --entrypoint sh "$image" -c 'du -cb /app/*.aot | tail -1' | awk '{printf "%.0f", $1/1e6}')

# The lab, as bin/demo starts it.
mkfifo "$work/lab.in"
"$JAVA_HOME/bin/java" -cp "$(test_classpath)" dev.tunnelkeeper.lab.LabDemoServers 2 < "$work/lab.in" > "$work/lab.out" 2> "$work/lab.err" &
lab_pid=$!
exec 3> "$work/lab.in"
for _ in $(seq 300); do grep -q '^READY=1' "$work/lab.out" 2>/dev/null && break; sleep 0.1; done
grep -q '^READY=1' "$work/lab.out" || { cat "$work/lab.err" >&2; exit 1; }
declare -A fact
while IFS='=' read -r key value; do fact[$key]="$value"; done < <(grep '=' "$work/lab.out")
ns="${fact[CLIENT_NAMESPACE]}"
cat > "$work/env" <<ENV
OPENVPN_CUSTOM_CONFIG=/vpn/client.ovpn
HEALTH_TARGET_ADDRESS=${fact[HEALTH_TARGET]}
PUBLICIP_API_URL=${fact[PUBLICIP_API_URL]}
DOT=off
DNS_UPSTREAM_ADDRESSES=172.16.99.1
ENV
chmod 600 "$work/env"
mkdir -p "$work/examples" "$work/none" "$work/one"
cp scripts/examples/*.mjs "$work/examples/"
cp scripts/examples/priority-failback.mjs "$work/one/"
examples_count=$(ls "$work/examples" | wc -l)

# start_container NAME SCRIPTS_DIR [PODMAN-ARGS...]: podman run in the lab's client namespace, as ContainerLabTest does.
start_container() {
    local name="$1" scripts="$2"
    shift 2
    containers+=("$name")
    podman run --detach --name "$name" --network "ns:/run/netns/$ns" --cap-add NET_ADMIN --device /dev/net/tun \
        -v "${fact[OPENVPN_CLIENT_CONFIG]}:/vpn/client.ovpn:ro" -v "$scripts:/app/scripts:ro" --env-file "$work/env" \
        "$@" "$bench_image" >/dev/null
}
http_code() { nsenter --net="/run/netns/$ns" curl -s -o /dev/null -w '%{http_code}' --max-time 1 http://127.0.0.1:9999/ 2>/dev/null || true; }
rss_mb() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$(podman inspect --format '{{.State.Pid}}' "$1")/status"; }
# "anon A + file F": RssAnon (heap, metaspace, code, stacks, C heap) and RssFile (libjvm, the AOT cache's pages).
rss_split() { awk '/RssAnon/ {a=$2} /RssFile/ {f=$2} END {printf "anon %.1f + file %.1f", a/1024, f/1024}' \
    "/proc/$(podman inspect --format '{{.State.Pid}}' "$1")/status"; }
stop_ms() {
    local t0; t0=$(date +%s%N)
    podman stop --time 10 "$1" >/dev/null
    echo $(( ($(date +%s%N) - t0) / 1000000 ))
    [ "$(podman inspect --format '{{.State.ExitCode}}' "$1")" = 0 ] || echo "$1 exited non-zero" >&2
    podman rm "$1" >/dev/null
}

: > "$work/port"; : > "$work/healthy"; : > "$work/true"; : > "$work/stop"; : > "$work/port-noaot"
# time_start NAME FILE-FOR-PORT [FILE-FOR-HEALTHY] [PODMAN-ARGS...]
time_start() {
    local name="$1" port_file="$2" healthy_file="$3" t0 port="" code now
    shift 3
    t0=$(date +%s%N)
    start_container "$name" "$work/examples" "$@"
    for _ in $(seq 6000); do
        code=$(http_code)
        now=$(( ($(date +%s%N) - t0) / 1000000 ))
        [ -z "$port" ] && [ "$code" != 000 ] && [ -n "$code" ] && port=$now && echo "$now" >> "$port_file"
        [ "$code" = 200 ] && { echo "$now" >> "$healthy_file"; break; }
        sleep 0.005
    done
    [ -n "$port" ] || { podman logs "$name" >&2; exit 1; }
}
for r in $(seq "$rounds"); do
    t0=$(date +%s%N)
    podman run --rm --network "ns:/run/netns/$ns" --entrypoint true "$bench_image"
    echo $(( ($(date +%s%N) - t0) / 1000000 )) >> "$work/true"
    time_start "tkb-$r" "$work/port" "$work/healthy"
    stop_ms "tkb-$r" >> "$work/stop"
    time_start "tkb-noaot-$r" "$work/port-noaot" /dev/null -e TK_AOT=off
    stop_ms "tkb-noaot-$r" >/dev/null
done

# Where the start goes: 3 more starts with the JVM's start-up log (-Xlog:startuptime, which costs nothing measurable),
# split on the product's own log lines: podman -> the JVM's start, the JVM's creation (the AOT cache mapped and its
# classes loaded), -> the settings read, -> the health server listening, -> the first answer curl sees (its poll and
# the first request); and after the health server, off the port's path: the kill switch on, the control server.
mkdir -p "$work/jvmlog"; chmod 777 "$work/jvmlog"
ms_of() { date -d "$1" +%s%3N; }
# phases_round NAME OUT [JVM-OPTIONS]: one start of the examples, its steps appended to OUT as one line of ms.
phases_round() {
    local name="$1" out="$2" opts="${3:-}" t0 answered code vm created jvm_start settings listening firewall control
    t0=$(( $(date +%s%N) / 1000000 ))
    start_container "$name" "$work/examples" -v "$work/jvmlog:/jvmlog" \
        -e TK_JAVA_OPTS="-Xlog:startuptime:file=/jvmlog/$name.txt:utctime,uptime $opts"
    for _ in $(seq 3000); do code=$(http_code); [ -n "$code" ] && [ "$code" != 000 ] && break; sleep 0.005; done
    answered=$(( $(date +%s%N) / 1000000 ))
    for _ in $(seq 100); do podman logs "$name" 2>&1 | grep -q 'control server listening' && break; sleep 0.1; done
    podman logs "$name" > "$work/$name.log" 2>&1
    stop_ms "$name" >/dev/null
    vm=$(grep 'Create VM' "$work/jvmlog/$name.txt" | sed -E 's/^\[([^]+]*)\+0000\]\[([0-9.]+)s\].*/\1 \2/')
    created=$(ms_of "${vm% *}Z"); jvm_start=$(awk -v c="$created" -v u="${vm#* }" 'BEGIN {printf "%.0f", c - u * 1000}')
    at() { ms_of "$({ grep -m1 -F "$1" "$work/$name.log" || echo "no line '$1'" >&2; } | cut -d' ' -f1)"; }
    settings=$(at '[settings] Settings summary'); listening=$(at '[main] health server listening')
    firewall=$(at '[firewall] kill switch on'); control=$(at '[control] control server listening')
    echo "$(( jvm_start - t0 )) $(( created - jvm_start )) $(( settings - created )) $(( listening - settings )) $(( answered - listening )) $(( answered - t0 )) $(( firewall - listening )) $(( control - firewall ))" >> "$out"
}
# The same with the cache trained without hooks (what the hooks' cache costs the start), interleaved.
: > "$work/phases"; : > "$work/phases-nohooks-cache"
for r in 1 2 3; do
    phases_round "tkb-phases-$r" "$work/phases"
    phases_round "tkb-phases-nohooks-cache-$r" "$work/phases-nohooks-cache" -XX:AOTCache=/app/run-nohooks.aot
done
phase() { awk -v i="$1" '{print $i}' "${2:-$work/phases}" | median; }

# Idle RSS: 60 s after healthy, with the hook examples and with none (one after the other: both would listen on the
# same port of the namespace); healthcheck vs curl in the first.
idle_rss() { # NAME SCRIPTS_DIR [PODMAN-ARGS...]: "MB|anon A + file F"
    start_container "$@"
    for _ in $(seq 600); do [ "$(http_code)" = 200 ] && break; sleep 0.1; done
    sleep 60
    echo "$(rss_mb "$1")|$(rss_split "$1")"
}
IFS='|' read -r rss_examples split_examples < <(idle_rss tkb-idle-examples "$work/examples")
# CPU time (user + system, clock ticks) of the JVM and its children over the idle minutes, checks running every 5 s.
idle_minutes="${BENCH_IDLE_MINUTES:-10}"
cpu_ticks() { awk '{print $14 + $15 + $16 + $17}' "/proc/$(podman inspect --format '{{.State.Pid}}' tkb-idle-examples)/stat"; }
c0=$(cpu_ticks); sleep $(( idle_minutes * 60 )); c1=$(cpu_ticks)
idle_cpu=$(awk -v d=$(( c1 - c0 )) -v hz="$(getconf CLK_TCK)" -v m="$idle_minutes" 'BEGIN {printf "%.2f s in %d min (%.2f%% of one core)", d/hz, m, 100*d/hz/(m*60)}')
# Interleaved, 30 each, timed inside the container with bash's clock (no podman exec cost in the figures): the image's
# HEALTHCHECK command as Docker runs it, the launcher's `healthcheck` (as users type it), curl, and `java -version`
# with the same flags (the JVM's own start and exit: the floor under any Java client).
hc_cmd=$(podman image inspect --format '{{range .Config.Healthcheck.Test}}{{.}} {{end}}' "$image" | sed 's/^CMD //')
podman exec -e HC="$hc_cmd" tkb-idle-examples bash -c 'for i in $(seq 30); do
    s=$EPOCHREALTIME; $HC >/dev/null 2>&1; e=$EPOCHREALTIME; echo "healthcheck $s $e"
    s=$EPOCHREALTIME; /app/bin/tunnelkeeper healthcheck >/dev/null 2>&1; e=$EPOCHREALTIME; echo "launcher $s $e"
    s=$EPOCHREALTIME; curl -s -o /dev/null http://127.0.0.1:9999/; e=$EPOCHREALTIME; echo "curl $s $e"
    s=$EPOCHREALTIME; /opt/java/bin/java $(grep -v -e "^-cp" -e "^/app/" -e "^dev\." -e "^-XX:AOT" -e "^-Xlog" /app/healthcheck.args) -version \
        >/dev/null 2>&1; e=$EPOCHREALTIME; echo "version $s $e"; done' \
    | awk '{printf "%s %.1f\n", $1, ($3 - $2) * 1000}' > "$work/hc"
# "JavaScript engine ready in N ms": how long the hooks' engine took to start (its own log line), or "?".
engine_ms() { { podman logs "$1" 2>&1 | grep -o 'JavaScript engine ready in [0-9]* ms' || echo '?'; } | head -1 | tr -dc '0-9?'; }
engine_examples=$(engine_ms tkb-idle-examples)
stop_ms tkb-idle-examples >/dev/null
IFS='|' read -r rss_none split_none < <(idle_rss tkb-idle-none "$work/none")
stop_ms tkb-idle-none >/dev/null
IFS='|' read -r rss_one _ < <(idle_rss tkb-idle-one "$work/one")
stop_ms tkb-idle-one >/dev/null
# What the JVM without hooks holds, by its own account: Native Memory Tracking, asked 60 s after the start with this
# machine's jcmd (the image's JRE has none; the attach works across the container's namespaces). NMT costs ~1 MB.
nmt_pid() { podman inspect --format '{{.State.Pid}}' tkb-nmt-none; }
idle_rss tkb-nmt-none "$work/none" -e TK_JAVA_OPTS=-XX:NativeMemoryTracking=summary > "$work/nmt-rss"
"$JAVA_HOME/bin/jcmd" "$(nmt_pid)" VM.native_memory summary scale=KB > "$work/nmt" 2>&1 || true
stop_ms tkb-nmt-none >/dev/null
IFS='|' read -r rss_none_fixed split_none_fixed < <(idle_rss tkb-idle-none-fixed "$work/none" \
    -e TK_JAVA_OPTS="-XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0")
stop_ms tkb-idle-none-fixed >/dev/null
# "Java Heap 12.7, Shared class space 28.3, ...": the committed MB of the categories of 1 MB and more, largest first.
nmt_summary=$(sed -nE 's/^-[[:space:]]+(.+) \(reserved=[0-9]+KB, committed=([0-9]+)KB.*/\2|\1/p' "$work/nmt" \
    | sort -t'|' -k1,1nr | awk -F'|' '$1 >= 1024 {printf "%s%s %.1f", (n++ ? ", " : ""), $2, $1/1024}')
nmt_total=$(sed -nE 's/^Total: reserved=[0-9]+KB, committed=([0-9]+)KB.*/\1/p' "$work/nmt" | awk '{printf "%.1f", $1/1024}')
IFS='|' read -r rss_none_noaot _ < <(idle_rss tkb-idle-none-noaot "$work/none" -e TK_AOT=off)
stop_ms tkb-idle-none-noaot >/dev/null
IFS='|' read -r rss_examples_noaot _ < <(idle_rss tkb-idle-examples-noaot "$work/examples" -e TK_AOT=off)
stop_ms tkb-idle-examples-noaot >/dev/null
IFS='|' read -r rss_examples_nohooks_cache _ < <(idle_rss tkb-idle-examples-nohooks-cache "$work/examples" \
    -e TK_JAVA_OPTS=-XX:AOTCache=/app/run-nohooks.aot)
engine_nohooks_cache=$(engine_ms tkb-idle-examples-nohooks-cache)
stop_ms tkb-idle-examples-nohooks-cache >/dev/null

# The hooks' costs on the image's JRE: HookBenchmark with the launcher's run flags, this checkout's classes mounted.
flags=$(podman run --rm --entrypoint bash "$image" -c '. /app/bin/lib/common.sh; run_jvm_flags /opt/java' | tr '\n' ' ')
in_image() { # JAVA-ARGS...
    podman run --rm --network none -v "$PWD:$PWD:ro" -v "$HOME/.m2:$HOME/.m2:ro" -w "$PWD" --entrypoint /opt/java/bin/java \
        "$image" "$@"
}
# shellcheck disable=SC2086
in_image $flags -cp "$(test_classpath)" dev.tunnelkeeper.scripting.HookBenchmark > "$work/hooks" 2>&1
hook_p99=$(grep -h '^onHealthCheckFailed hook' "$work/hooks" | sed -E 's/.*p99 +([0-9.]+) us.*/\1/')
java_p99=$(grep -h '^built-in Java policy' "$work/hooks" | head -1 | sed -E 's/.*p99 +([0-9.]+) us.*/\1/')
runaway=$(grep -h '^runaway' "$work/hooks" | sed -E 's/.*median (-?[0-9.]+) ms, max (-?[0-9.]+) ms.*/\2/')
# Restart -> ready in the image, against the bare clients in the same image, namespace and run (a lab of its own).
exec 3>&-; wait "$lab_pid" 2>/dev/null || true; lab_pid=""
"$JAVA_HOME/bin/java" -Dtk.bench.image="$image" -cp "$(test_classpath)" dev.tunnelkeeper.app.VpnBenchmark "$rounds" restart \
    > "$work/restart" 2> "$work/restart.err" || { cat "$work/restart.err" >&2; exit 1; }
overhead() { # YARDSTICK-ROW SUPERVISED-ROW: the difference of the medians
    local bare sup
    bare=$(grep -F "$1" "$work/restart" | awk -F'|' '{print $3}' | tr -dc '0-9.')
    sup=$(grep -F "$2" "$work/restart" | awk -F'|' '{print $3}' | tr -dc '0-9.')
    awk -v a="$bare" -v b="$sup" 'BEGIN {printf "%+.0f ms (%.0f vs %.0f ms)", b - a, b, a}'
}
ovpn_over=$(overhead "OpenVPN restart -> ready, bare" "OpenVPN restart -> ready, tunnelkeeper")
wg_over=$(overhead "WireGuard restart -> handshake, bare" "WireGuard restart -> handshake, tunnelkeeper")

port_med=$(median < "$work/port"); healthy_med=$(median < "$work/healthy"); true_med=$(median < "$work/true")
hc_med=$(awk '$1=="healthcheck" {print $2}' "$work/hc" | median)
curl_med=$(awk '$1=="curl" {print $2}' "$work/hc" | median)
ratio=$(awk -v a="$hc_med" -v b="$curl_med" 'BEGIN {printf "%.1f", a/b}')
launcher_med=$(awk '$1=="launcher" {print $2}' "$work/hc" | median)
launcher_ratio=$(awk -v a="$launcher_med" -v b="$curl_med" 'BEGIN {printf "%.1f", a/b}')
version_med=$(awk '$1=="version" {print $2}' "$work/hc" | median)
version_ratio=$(awk -v a="$version_med" -v b="$curl_med" 'BEGIN {printf "%.1f", a/b}')
hook_file_mb=$(awk -v a="$rss_one" -v b="$rss_none" 'BEGIN {printf "%.1f", a - b}')
more_files_mb=$(awk -v a="$rss_examples" -v b="$rss_one" -v n="$examples_count" 'BEGIN {printf "%.1f", (a - b) / (n - 1)}')
# met_if VALUE LIMIT: "met" when VALUE <= LIMIT
met_if() { awk -v v="$1" -v l="$2" 'BEGIN {print (v + 0 <= l + 0) ? "**met**" : "**missed**"}'; }
jvm_port=$(awk -v a="$port_med" -v b="$true_med" 'BEGIN {printf "%.0f", a - b}')
ovpn_ms=$(echo "$ovpn_over" | sed -E 's/^\+?(-?[0-9]+) ms.*/\1/')
wg_ms=$(echo "$wg_over" | sed -E 's/^\+?(-?[0-9]+) ms.*/\1/')
runaway_over=$(awk -v r="$runaway" 'BEGIN {printf "%.1f", r}')
tmp="$out.tmp"
cat > "$tmp" <<MD

## The container image

Command: \`bench/all.sh container\` (= \`bench/container.sh $rounds\`: the image built by \`bin/image\`, run with podman 4.3
(runc) in a lab namespace with two real OpenVPN servers, the shipped \`/app/config\` and a user's settings; $rounds rounds of
start and stop; one 60 s idle sample each for RSS; 30 interleaved healthcheck/launcher/curl/\`java -version\` runs inside one container).
Machine: $machine.

| figure | measured | yardstick in the same run |
|---|---|---|
| image size | $size_mb MB (Debian trixie base $base_mb MB; JDK AOT caches $aot_mb MB) | - |
| image build (\`bin/image\`: the jar, then the image on cached layers, AOT training included) | $(( build_ms / 1000 )) s | - |
| \`podman run\` -> health port answering | median $port_med ms ($(range < "$work/port")) | \`podman run\` of \`true\` in the same image: median $true_med ms ($(range < "$work/true")) |
| \`podman run\` -> health port answering, AOT cache off (\`TK_AOT=off\`) | median $(median < "$work/port-noaot") ms ($(range < "$work/port-noaot")) | the same rounds, interleaved |
| \`podman run\` -> healthy (first 200, OpenVPN tunnel up and checked) | median $healthy_med ms ($(range < "$work/healthy")) | - |
| idle RSS of the JVM, 60 s after start, the $examples_count hook examples loaded | $rss_examples MB ($split_examples) | - |
| idle RSS of the JVM, 60 s after start, one hook file (\`priority-failback.mjs\`) | $rss_one MB | - |
| idle RSS of the JVM, 60 s after start, no hooks | $rss_none MB ($split_none) | - |
| the same with the AOT caches off (\`TK_AOT=off\`): examples, no hooks | $rss_examples_noaot MB, $rss_none_noaot MB | - |
| the image's HEALTHCHECK (\`$hc_cmd\`) wall, inside the container | median $hc_med ms, **${ratio}x curl** | curl: median $curl_med ms |
| \`tunnelkeeper healthcheck\` (the launcher script) wall | median $launcher_med ms, ${launcher_ratio}x curl | the same runs, interleaved |
| \`java -version\` with the healthcheck's JVM flags (the JVM's start and exit alone) | median $version_med ms, ${version_ratio}x curl | the same runs, interleaved |
| \`podman stop\` (SIGTERM) -> exited 0 | median $(median < "$work/stop") ms ($(range < "$work/stop")) | - |
| CPU of the idle product (examples loaded, healthy checks every 5 s) | $idle_cpu | - |
| hook call p99 (\`onHealthCheckFailed\`, image's JRE, run flags) | $hook_p99 µs | built-in Java policy: $java_p99 µs |
| runaway hook (\`while (true) {}\`, 50 ms limit): stop after the limit, worst | $runaway ms | - |
| VPN restart -> ready, OpenVPN: supervisor over the bare client | $ovpn_over | bare openvpn in the same image |
| VPN restart -> ready, WireGuard: supervisor over the bare client | $wg_over | bare wireguard-go + wg + ip in the same image |

The restart rounds, as VpnBenchmark prints them:

$(cat "$work/restart")

HookBenchmark's output:

\`\`\`
$(grep -v 'chose se-\|^[A-Z][a-z][a-z] [0-9][0-9], \|sun.misc\|terminally deprecated\|consider reporting\|did not return within' "$work/hooks")
\`\`\`

Against the targets (issue 20), all measured in the image:

| figure | target | measured | verdict |
|---|---|---|---|
| start -> health port answering (the JVM's part: podman run -> port, less podman run of \`true\`) | <= 800 ms | $jvm_port ms | $(met_if "$jvm_port" 800) |
| idle RSS, hook examples loaded | <= 100 MB | $rss_examples MB | $(met_if "$rss_examples" 100) |
| idle RSS, no hooks | <= 75 MB | $rss_none MB | $(met_if "$rss_none" 75) |
| \`healthcheck\` wall | <= 4x curl | ${ratio}x | $(met_if "$ratio" 4) |
| hook call p99 | <= 200 µs | $hook_p99 µs | $(met_if "$hook_p99" 200) |
| runaway hook stop | <= limit + 20 ms | limit + $runaway_over ms | $(met_if "$runaway_over" 20) |
| VPN restart overhead, OpenVPN | <= +150 ms | +$ovpn_ms ms | $(met_if "$ovpn_ms" 150) |
| VPN restart overhead, WireGuard | <= +150 ms | +$wg_ms ms | $(met_if "$wg_ms" 150) |
| idle CPU over $idle_minutes min of healthy checks | recorded | $idle_cpu | - |

Where the start goes (3 more starts with \`-Xlog:startuptime\`, medians; the product's log lines mark the steps):

| step | ms |
|---|---|
| \`podman run\` -> the JVM starts (podman, runc, the launcher script) | $(phase 1) |
| the JVM's creation (the AOT cache mapped, its classes loaded: all of them, used or not) | $(phase 2) |
| -> the settings read and checked (Helidon Config, the YAML file, the .ovpn file) | $(phase 3) |
| -> the health server listening (the servers, the hooks' host, Helidon's service registry and web server) | $(phase 4) |
| -> the first answer curl sees (its 5 ms poll, a curl process, the first request) | $(phase 5) |
| total: \`podman run\` -> the health port answering | $(phase 6) |
| after the health server, off the port's path: -> the kill switch on (iptables-restore, ip6tables-restore) | $(phase 7) |
| -> the DNS server and the control server listening | $(phase 8) |

The same starts with the cache trained without hooks (\`TK_JAVA_OPTS=-XX:AOTCache=/app/run-nohooks.aot\`, interleaved):
the JVM's creation $(phase 2 "$work/phases-nohooks-cache") ms, the total $(phase 6 "$work/phases-nohooks-cache") ms; but with it the
hook examples cost $rss_examples_nohooks_cache MB idle (against $rss_examples MB) and the JavaScript engine is ready
${engine_nohooks_cache} ms after it is asked for (against ${engine_examples} ms): the hooks' cache is kept.

What bounds the start: the JVM's part (the total less \`podman run\` of \`true\`) is the JVM's creation, the settings
and Helidon's first server. The AOT cache makes the creation longer and what follows shorter (the \`TK_AOT=off\` row);
the hooks' cache holds GraalJS's classes, which every start loads (the row above).
Taken out of the path to the port: the public IP client's HTTP client (its TLS set-up read the trust store, ~0.3 s) is
made at the first lookup; the health server, on a loopback address, is a server of its own that starts before the
kill switch (nothing outside the container reaches it; the control server on 0.0.0.0 still waits for the kill switch).

What bounds the VPN restart overhead (the restart rows): the kill switch's changes, each one iptables-restore and one
ip6tables-restore process (~10 ms each in the image), on the way down and on the way up; for WireGuard also wg set and
two \`ip -batch\` processes (addresses, link, routes and rules), where the bare client's script runs single commands.

What bounds each RSS figure, from the rows above (the launcher picks the AOT cache trained for the workload:
\`run.aot\` when the scripts directory has hook files, \`run-nohooks.aot\` otherwise; every class in a cache is loaded
at start, used or not, so one cache for both cost a product without hooks GraalJS's classes):
- **Hooks.** The first hook file costs $hook_file_mb MB over none (GraalJS's engine: its classes, the JavaScript built-ins,
  the code the engine compiles), each further file $more_files_mb MB (a context of its own, the sandbox between files).
- **No hooks.** The JVM's own floor. By Native Memory Tracking (one more run, 60 s after its start), the JVM has
  ${nmt_total:-?} MB committed: ${nmt_summary:-not read}. The shared class space is the AOT cache: its pages are
  relocated at start (the JDK maps it at a random address), so most of them count as anonymous memory; mapped at a
  fixed address (\`-XX:ArchiveRelocationMode=0\`, a diagnostic flag that gives up that randomization) they stay
  file-backed and count the same ($rss_none_fixed MB: $split_none_fixed, against $split_none). The rest of the RSS is the JVM's own code (libjvm) and the C heap; the heap is what
  -Xms8m lets grow only as far as the live data. \`TK_AOT=off\` trades the start time for a few MB ($rss_none_noaot MB). What the launcher's flags already
  trade for memory: BENCHMARKS.md's rss section; the C heap is trimmed every 5 s (\`-XX:TrimNativeHeapInterval\`).
- **\`healthcheck\` wall.** The client is a JVM: \`java -version\` with the same flags is ${version_ratio}x curl by itself, and
  the check adds its classes, one connection and the answer. The HEALTHCHECK runs java directly with the launcher's
  command line from \`/app/healthcheck.args\` (interpreter only, the client's own 14 KB jar and AOT cache); the
  launcher script in front adds the difference between the two rows.

- Start times count from \`podman run\` on the host, so they include podman creating the container: the \`true\` column
  is that cost alone. The health port is polled with curl from the same namespace every 5 ms.
- The JVM runs with the launcher's flags and the AOT cache the image build trained for the workload;
  \`healthcheck\` with the client flags and its own cache (\`/app/healthcheck.args\`).
MD
mv "$tmp" "$out"
echo "wrote $out" >&2
