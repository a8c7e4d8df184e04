# tunnelkeeper: a VPN container's supervisor (health loop, auto-heal, VPN client, kill switch).
# Build the jar first (mvn -B package -DskipTests), then: docker build -t tunnelkeeper .
FROM eclipse-temurin:25-jre

RUN apt-get update \
 && apt-get install -y --no-install-recommends openvpn wireguard-tools wireguard-go iptables iproute2 \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY target/tunnelkeeper.jar /app/tunnelkeeper.jar
COPY target/libs/ /app/libs/
COPY bin/tunnelkeeper /app/bin/tunnelkeeper
COPY bin/lib/ /app/bin/lib/
COPY config/ /app/config/
COPY scripts/ /app/scripts/

# The seed's defaults (gluetun's), written out so `docker inspect` shows them.
ENV TK_HOME=/app \
    TK_JAVA_HOME=/opt/java/openjdk \
    VPN_TYPE=openvpn \
    VPN_SERVICE_PROVIDER=custom \
    HEALTH_TARGET_ADDRESS=cloudflare.com:443 \
    HEALTH_SERVER_ADDRESS=127.0.0.1:9999 \
    HEALTH_SUCCESS_WAIT_DURATION=5s \
    HEALTH_VPN_DURATION_INITIAL=6s \
    HEALTH_VPN_DURATION_ADDITION=5s \
    HEALTH_RESTART_VPN=on \
    HTTP_CONTROL_SERVER_ADDRESS=:8000 \
    LOG_LEVEL=info

# Train the healthcheck client's AOT cache on this JDK and jar (no server answers here: the client's start-up
# path is what is cached). The launcher uses /app/healthcheck.aot when present.
RUN /opt/java/openjdk/bin/java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss256k -XX:CICompilerCount=1 -Xmx16m \
        -XX:AOTCacheOutput=/app/healthcheck.aot -cp /app/tunnelkeeper.jar dev.tunnelkeeper.Main healthcheck || true

# The launcher picks the JVM flags: a 64 MB serial-GC heap and C1 only for `run` (idle RSS ~125 MB with the hook
# examples, bench/rss.sh), client flags for `healthcheck`; TK_JAVA_OPTS adds to or overrides them.
EXPOSE 8000
ENTRYPOINT ["/app/bin/tunnelkeeper"]
CMD ["run"]
HEALTHCHECK --interval=5s --timeout=5s --start-period=10s --retries=1 CMD ["/app/bin/tunnelkeeper", "healthcheck"]
