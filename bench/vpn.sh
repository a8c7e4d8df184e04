#!/usr/bin/env bash
# Benchmark (root, lab): VPN restart -> ready, supervised vs the bare client measured the same way in the same run,
# and a server's death -> traffic through another server with the seed's default timing.
# Prints Markdown rows for BENCHMARKS.md. Usage: bench/vpn.sh [rounds]   (default 10; about 4 minutes)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
. bin/lib/common.sh
ensure_lab_packages
export JAVA_HOME="$(find_java_home jdk)"
mvn -q -B --no-transfer-progress test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath >/dev/null
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(openvpn --version | head -1 | cut -d' ' -f1-2), $(wireguard-go --version 2>&1 | head -1)"
"$JAVA_HOME/bin/java" -cp "target/test-classes:target/classes:$(cat target/test.classpath)" dev.tunnelkeeper.app.VpnBenchmark "${1:-10}"
