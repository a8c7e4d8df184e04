# tunnelkeeper: a VPN container's supervisor (health loop, auto-heal, VPN client, kill switch, DNS through the tunnel).
# Build the jar first (mvn -B package -DskipTests), then: docker build -t tunnelkeeper .
# Without a reachable registry, bin/image builds it with podman from a Debian base it makes itself.
ARG BASE_IMAGE=debian:trixie-slim
FROM ${BASE_IMAGE}

# Debian's JRE 25 and VPN tools. openjdk's postinst needs /usr/share/man/man1, which slim images leave out.
RUN mkdir -p /usr/share/man/man1 \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        openjdk-25-jre-headless openvpn wireguard-tools wireguard-go iptables iproute2 \
 && rm -rf /var/lib/apt/lists/* \
 && ln -s "$(dirname "$(dirname "$(readlink -f /usr/bin/java)")")" /opt/java

WORKDIR /app
COPY target/libs/ /app/libs/
COPY target/tunnelkeeper.jar target/tunnelkeeper-healthcheck.jar /app/
COPY bin/tunnelkeeper /app/bin/tunnelkeeper
COPY bin/lib/common.sh /app/bin/lib/common.sh
COPY config/ /app/config/
COPY scripts/ /app/scripts/

# No settings here: an ENV of the image is an environment variable, which would win over a mounted YAML file.
# The defaults are in /app/config/tunnelkeeper.yaml. Without a UTF-8 locale the settings tree prints ???.
ENV LANG=C.UTF-8 \
    TK_HOME=/app \
    TK_JAVA_HOME=/opt/java

# Trains the JDK's AOT caches on this JDK and these jars (the launcher picks them, see bin/tunnelkeeper): `run` with
# the hook examples loaded (run.aot) and with no hooks (run-nohooks.aot), each up to a health server answering and the
# VPN client being refused, and `healthcheck` asking that instance. openvpn is refused on the build's loopback, where
# everything stays; the kill switch and DNS are off. Then every cache must be usable with the launcher's flags
# (AOTMode=on fails otherwise), and /app/healthcheck.args holds the healthcheck's java command line for HEALTHCHECK.
RUN set -eu; mkdir -p /tmp/train/none; \
    printf 'client\ndev tun\nremote 127.0.0.1 1194\nauth-user-pass\npeer-fingerprint %s\n' \
        00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00 \
        > /tmp/train/train.ovpn; \
    train() { \
        rm -f /tmp/train/health-server; \
        env FIREWALL=off DNS_SERVER=off PUBLICIP_ENABLED=off HEALTH_TARGET_ADDRESS=127.0.0.1:1 \
            HEALTH_SERVER_ADDRESS=127.0.0.1:39999 HTTP_CONTROL_SERVER_ADDRESS=127.0.0.1:0 TK_RUN_DIR=/tmp/train \
            OPENVPN_CUSTOM_CONFIG=/tmp/train/train.ovpn OPENVPN_USER=train OPENVPN_PASSWORD=train SCRIPTS_DIR="$2" \
            TK_AOT_TRAIN="$1" /app/bin/tunnelkeeper run > /tmp/train/run.log 2>&1 & pid=$!; \
        for i in $(seq 1 300); do [ -s /tmp/train/health-server ] && break; sleep 0.1; done; \
        sleep 8; \
        [ -z "$3" ] || TK_RUN_DIR=/tmp/train TK_AOT_TRAIN="$3" /app/bin/tunnelkeeper healthcheck || true; \
        kill -TERM "$pid" 2>/dev/null || true; wait "$pid" || { cat /tmp/train/run.log; exit 1; }; \
    }; \
    train /app/run.aot /app/scripts/examples /app/healthcheck.aot; \
    train /app/run-nohooks.aot /tmp/train/none ""; \
    rm -rf /tmp/train /tmp/tunnelkeeper; \
    SCRIPTS_DIR=/app/scripts/examples TK_AOT_REQUIRE=1 /app/bin/tunnelkeeper --version; \
    SCRIPTS_DIR=/nonexistent TK_AOT_REQUIRE=1 /app/bin/tunnelkeeper --version; \
    TK_AOT_REQUIRE=1 TK_RUN_DIR=/tmp/none /app/bin/tunnelkeeper healthcheck 2>&1 | grep -q '^healthcheck: nothing answers'; \
    TK_HEALTHCHECK_ARGS=/app/healthcheck.args /app/bin/tunnelkeeper healthcheck; \
    TK_RUN_DIR=/tmp/none /opt/java/bin/java -XX:AOTMode=on @/app/healthcheck.args 2>&1 | grep -q '^healthcheck: nothing answers'; \
    cat /app/healthcheck.args; ls -l /app/*.aot

EXPOSE 8000
ENTRYPOINT ["/app/bin/tunnelkeeper"]
CMD ["run"]
# `tunnelkeeper healthcheck` without the launcher script in between (the same command line: see the RUN above).
HEALTHCHECK --interval=5s --timeout=5s --start-period=10s --retries=1 CMD ["/opt/java/bin/java", "@/app/healthcheck.args"]
