# Sourced by bench/rss.sh and bench/startup.sh: runs the built product (`bin/tunnelkeeper run`, the launcher's
# flags) in a private network namespace of its own (`unshare -n`: only a loopback, which this function brings up),
# so its kill switch and its openvpn touch nothing outside. The health target is its own health port on loopback
# (always healthy, never the default cloudflare.com); the VPN config names 127.0.0.1:1194, where nothing answers;
# FIREWALL=off: the namespace has no default route for a kill switch to guard, and nothing to leak to.
# shellcheck shell=bash

# start_product DIR SCRIPTS_DIR [ENV=VALUE...] -> sets PRODUCT_PID, PRODUCT_LOG, PRODUCT_HEALTH_PORT
# With BENCH_JVM_FLAGS=... among the ENV, java runs the jar with exactly those flags instead of the launcher.
start_product() {
    local dir="$1" scripts="$2"
    shift 2
    mkdir -p "$dir"
    : > "$dir/empty.yaml"
    printf 'client\ndev tun\nproto udp\nremote 127.0.0.1 1194\nnobind\n' > "$dir/client.ovpn"
    PRODUCT_HEALTH_PORT=$(( 20000 + RANDOM % 20000 ))
    PRODUCT_LOG="$dir/product-$RANDOM.log"
    env TK_CONFIG="$dir/empty.yaml" OPENVPN_CUSTOM_CONFIG="$dir/client.ovpn" \
        HEALTH_SERVER_ADDRESS="127.0.0.1:$PRODUCT_HEALTH_PORT" HEALTH_TARGET_ADDRESS="127.0.0.1:$PRODUCT_HEALTH_PORT" \
        HTTP_CONTROL_SERVER_ADDRESS="127.0.0.1:$(( PRODUCT_HEALTH_PORT + 1 ))" PUBLICIP_ENABLED=off FIREWALL=off \
        SCRIPTS_DIR="$scripts" LOG_LEVEL=info "$@" \
        unshare -n -- bash -c 'ip link set lo up && if [ -n "${BENCH_JVM_FLAGS:-}" ]; then
            exec "$JAVA_HOME/bin/java" $BENCH_JVM_FLAGS -jar target/tunnelkeeper.jar run; else exec bin/tunnelkeeper run; fi' \
        > "$PRODUCT_LOG" 2>&1 &
    PRODUCT_PID=$!
}

stop_product() {
    kill -TERM "$PRODUCT_PID" 2>/dev/null || true
    wait "$PRODUCT_PID" 2>/dev/null || true
}

# The resident set of a PID in MB (VmRSS).
rss_mb() {
    awk '/^VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"
}

# Its peak resident set so far in MB (VmHWM).
peak_mb() {
    awk '/^VmHWM/ {printf "%.1f", $2/1024}' "/proc/$1/status"
}
