# Shared by the bench/*.sh section scripts (sourced): the machine line and the results file of a section.
# shellcheck shell=bash
. bin/lib/common.sh

machine_line() {
    local jdk ovpn wg busy
    jdk=$("$(find_java_home jdk)/bin/java" -version 2>&1 | head -1 || true)
    ovpn=$(openvpn --version 2>/dev/null | head -1 | cut -d' ' -f1-2 || true)
    wg=$(wireguard-go --version 2>&1 | head -1 || true)
    busy=$(awk '{print $1}' /proc/loadavg)
    printf '%s cores (%s), %s memory, %s, kernel %s, JDK: %s, %s, %s; load average %s at the start' "$(nproc)" \
        "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)" \
        "$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)" \
        "$(. /etc/os-release && echo "$PRETTY_NAME")" "$(uname -r)" "${jdk:-none}" "${ovpn:-openvpn missing}" \
        "${wg:-wireguard-go missing}" "$busy"
}

# Where a section writes: bench/results/<section>.md (written to a temporary file, moved into place at the end,
# so a failed run keeps the previous results).
results_file() {
    mkdir -p bench/results
    echo "bench/results/$1.md"
}

# The build the sections run: the product jar, its libs, the test classes and the test classpath.
ensure_build() {
    export JAVA_HOME="${JAVA_HOME:-$(find_java_home jdk)}"
    if [ ! -f target/tunnelkeeper.jar ] || [ ! -f target/test.classpath ] || [ ! -d target/test-classes/dev/tunnelkeeper ]; then
        mvn -q -B --no-transfer-progress package -DskipTests
        mvn -q -B --no-transfer-progress test-compile dependency:build-classpath \
            -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test >/dev/null
    fi
}

test_classpath() {
    echo "target/test-classes:target/classes:$(cat target/test.classpath)"
}
