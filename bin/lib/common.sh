# Shared by bin/test, bin/demo and bin/tunnelkeeper. Sourced, not run.

# The feature version (21, 25, ...) of the Java home $1. Reads its `release` file (instant) and runs java only
# when there is none: the healthcheck goes through here every 5 s, so this must not start a JVM.
java_feature_version() {
    local home="$1" v=""
    if [ -f "$home/release" ]; then
        v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
    fi
    if [ -z "$v" ]; then
        v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1)
    fi
    echo "${v:-0}"
}

# Prints the home of a JDK >= 21 (JAVA_HOME first, then /usr/lib/jvm/*, then java on PATH),
# the newest first; fails with a message saying what to install. $1 = "jdk" also requires javac.
find_java_home() {
    local need="${1:-jre}" best="" best_version=0 candidate version
    local candidates=()
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    for candidate in /usr/lib/jvm/* /opt/java/openjdk; do
        [ -d "$candidate" ] && candidates+=("$candidate")
    done
    if command -v java >/dev/null 2>&1; then
        candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
    fi
    for candidate in "${candidates[@]}"; do
        [ -x "$candidate/bin/java" ] || continue
        [ "$need" = jdk ] && [ ! -x "$candidate/bin/javac" ] && continue
        version=$(java_feature_version "$candidate")
        if [ "$version" -ge 21 ] && [ "$version" -gt "$best_version" ]; then
            best="$candidate"
            best_version="$version"
        fi
    done
    if [ -z "$best" ]; then
        echo "tunnelkeeper needs a JDK 21 or newer (found none in JAVA_HOME, /usr/lib/jvm or on PATH)." >&2
        echo "Install one, for example: apt-get install -y openjdk-21-jdk-headless (or Temurin 25), or set JAVA_HOME." >&2
        return 1
    fi
    echo "$best"
}

# Installs the Debian packages of the commands that are missing (COMMAND:PACKAGE ...), when run as root; otherwise
# says what is missing and returns 1 (the tests that need them then report themselves skipped, with the reason).
# --no-install-recommends: otherwise wireguard-tools pulls a whole kernel image, and podman fuse3 (whose trigger
# rebuilds the initramfs for minutes).
ensure_commands() {
    local missing=() cmd pkg pair
    for pair in "$@"; do
        cmd="${pair%%:*}"
        pkg="${pair#*:}"
        command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "missing packages: ${missing[*]} (not root, so not installing them); the tests that need them are skipped" >&2
        return 1
    fi
    echo "installing ${missing[*]} ..." >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# The Debian packages the VPN clients and the lab need.
ensure_lab_packages() {
    ensure_commands openvpn:openvpn wg:wireguard-tools wireguard-go:wireguard-go iptables:iptables ip:iproute2 openssl:openssl
}

# The port forwarding lab (PortForwardLabTest, bench/portforward.sh; PORTFORWARD.md): miniupnpd's iptables flavour
# as the NAT-PMP gateway (plain `miniupnpd` would pull the nftables one), stund for its STUN, qbittorrent-nox in the
# client, natpmpc for the benchmark's yardstick.
ensure_portforward_packages() {
    ensure_commands miniupnpd:miniupnpd-iptables stund:stun-server qbittorrent-nox:qbittorrent-nox natpmpc:natpmpc \
        iptables-legacy:iptables curl:curl
}

# Debian's Chromium for the status page's browser test; that test reports itself skipped, with the reason, without it.
ensure_chromium() {
    command -v chromium >/dev/null 2>&1 && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "chromium is missing (not root, so not installing it); the browser test will be skipped" >&2
        return 1
    fi
    echo "installing chromium ..." >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >&2
}

ensure_maven() {
    command -v mvn >/dev/null 2>&1 && return 0
    if [ "$(id -u)" -eq 0 ]; then
        apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends maven >&2
    else
        echo "Maven is missing: apt-get install maven" >&2
        return 1
    fi
}

# JVM flags for the long-running product: small heap and stacks, serial GC (a supervisor, not a throughput server).
run_jvm_flags() {
    local java_home="$1" version
    version=$(java_feature_version "$java_home")
    # -Xmx64m: the heap would otherwise grow into the GraalJS load's garbage and stay. -Xms8m: the serial GC starts
    # the heap at 1/64 of the machine's memory, capped by -Xmx, and its young generation's pages are all touched
    # soon after; a small start lets it grow only as far as the live data needs. TieredStopAtLevel=1 (C1 only) saves
    # ~30 MB over C2 but costs the hooks' call time (see BENCHMARKS.md, hooks). TK_JAVA_OPTS comes later and
    # overrides. The numbers behind each flag: BENCHMARKS.md, the rss and container sections.
    echo "-XX:+UseSerialGC -Xss512k -XX:TieredStopAtLevel=1 -Xms8m -Xmx64m --enable-native-access=ALL-UNNAMED"
    # JDK 22+: give the C heap's freed memory back to the system every 5 s (glibc keeps it otherwise): ~6 MB idle.
    [ "$version" -ge 22 ] && echo "-XX:TrimNativeHeapInterval=5000"
    # Truffle (the hooks' JavaScript engine) uses sun.misc.Unsafe; JDK 24+ warns unless allowed.
    [ "$version" -ge 24 ] && echo "--sun-misc-unsafe-memory-access=allow"
    return 0
}

# JVM flags for the one-shot healthcheck client: start fast, stay small (measured in BENCHMARKS.md). -Xint: a run
# this short ends before a compiled method pays for its compilation, and without the compiler threads it ends ~4 ms
# sooner. An array, not a function: Docker runs the healthcheck every 5 s and each $(...) is a fork.
HEALTHCHECK_JVM_FLAGS=(-Xint -XX:+UseSerialGC -Xss256k -Xmx16m -XX:-UsePerfData)
healthcheck_jvm_flags() {
    echo "${HEALTHCHECK_JVM_FLAGS[*]} -Xshare:auto"
}

# True when the hooks' scripts directory has hook files (*.mjs directly in it), as the product will see it:
# SCRIPTS_DIR, else `scripts_dir:` in the settings file (TK_CONFIG, else config/tunnelkeeper.yaml), else `scripts`,
# relative to the working directory. Picks the AOT cache only: a wrong answer costs memory or start time, nothing else.
has_hook_files() {
    local dir="${SCRIPTS_DIR:-}" file="${TK_CONFIG:-config/tunnelkeeper.yaml}" line
    if [ -z "$dir" ] && [ -f "$file" ]; then
        while IFS= read -r line; do
            if [[ "$line" =~ ^[[:space:]]+scripts_dir:[[:space:]]*[\"\']?([^\"\'#]*[^\"\'#[:space:]])  ]]; then
                dir="${BASH_REMATCH[1]}"
                break
            fi
        done < "$file"
    fi
    compgen -G "${dir:-scripts}/*.mjs" > /dev/null
}
