package dev.tunnelkeeper.app;

import dev.tunnelkeeper.lab.Lab;
import dev.tunnelkeeper.testing.JavaProcess;
import dev.tunnelkeeper.testing.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** tunnelkeeper run, as a real process inside a lab's client namespace, with its log in a file (every lab test uses it). */
public final class ProductRun implements AutoCloseable {
    private final Lab lab;
    private final Process process;
    private final Path log;

    private ProductRun(Lab lab, Process process, Path log) {
        this.lab = lab;
        this.process = process;
        this.log = log;
    }

    /** The environment for OpenVPN against server 1 of the lab (tests add or override entries). */
    public static Map<String, String> openVpnEnv(Lab lab) throws IOException {
        Map<String, String> env = baseEnv(lab);
        env.put("VPN_TYPE", "openvpn");
        env.put("OPENVPN_CUSTOM_CONFIG", lab.clientOvpn().toString());
        env.put("VPN_INTERFACE", lab.interfaceName("tun"));
        return env;
    }

    /** The environment for WireGuard against server 1 of the lab. */
    public static Map<String, String> wireGuardEnv(Lab lab) throws IOException {
        Map<String, String> env = baseEnv(lab);
        env.putAll(wireGuardSettings(lab));
        // /var/run/wireguard is shared by every namespace: the lab's unique name avoids clashes
        env.put("VPN_INTERFACE", lab.interfaceName("wg"));
        return env;
    }

    /** What a user writes for WireGuard to server 1 of the lab: the type, the keys, the addresses, the endpoint. */
    public static Map<String, String> wireGuardSettings(Lab lab) {
        Map<String, String> env = new HashMap<>();
        env.put("VPN_TYPE", "wireguard");
        env.put("WIREGUARD_PRIVATE_KEY", lab.wireGuardClientPrivateKey());
        env.put("WIREGUARD_ADDRESSES", lab.wireGuardClientAddress());
        env.put("WIREGUARD_PUBLIC_KEY", lab.wireGuardServerPublicKey(1));
        env.put("WIREGUARD_ENDPOINT_IP", lab.wireGuardEndpoint(1).ip());
        env.put("WIREGUARD_ENDPOINT_PORT", String.valueOf(lab.wireGuardEndpoint(1).port()));
        return env;
    }

    /** A servers file listing every server of the lab (see {@link dev.tunnelkeeper.lab.LabServersFile}). */
    public static Path serversFile(Lab lab) throws IOException {
        return dev.tunnelkeeper.lab.LabServersFile.write(lab);
    }

    /** The names of the servers connected to, in order, from the supervisor's "connecting to NAME (...)" lines. */
    public List<String> connects() {
        List<String> names = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[vpn\\] connecting to (\\S+) \\(").matcher(log());
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Map<String, String> baseEnv(Lab lab) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("TK_CONFIG", Files.writeString(lab.directory().resolve("empty.yaml"), "").toString());
        env.put("TK_RUN_DIR", lab.directory().toString()); // where it publishes its health address, for healthcheck()
        env.put("HEALTH_TARGET_ADDRESS", lab.healthTarget()); // never the default cloudflare.com
        env.put("VPN_READY_TIMEOUT", "3s");
        env.put("LOG_LEVEL", "info");
        env.put("PUBLICIP_ENABLED", "off"); // never the default lookup service: tests that want it set a lab URL
        // `ip netns exec` shares the host's /etc: the product's resolver must never point the host's resolv.conf
        // anywhere, so it gets a file of the lab's own. Its upstream is the lab's DNS address, reachable only through
        // a tunnel (never the default DoT providers); tests that want answers start the lab's DNS servers.
        env.put("DNS_RESOLV_CONF", Files.writeString(lab.directory().resolve("resolv.conf"),
                "nameserver " + lab.clientGateway() + "\n").toString());
        env.put("DOT", "off");
        env.put("DNS_UPSTREAM_ADDRESSES", lab.dnsAddress());
        return env;
    }

    public static ProductRun start(Lab lab, Map<String, String> env) {
        return start(lab, env, lab.directory().resolve("tunnelkeeper-" + System.nanoTime() + ".log"));
    }

    /** With the product's stdout and stderr appended to {@code log} (a test may put it on a small file system). */
    public static ProductRun start(Lab lab, Map<String, String> env, Path log) {
        return start(lab, env, log, List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    }

    /** With these JVM flags (a benchmark passes the launcher's, from bin/lib/common.sh run_jvm_flags). */
    public static ProductRun start(Lab lab, Map<String, String> env, Path log, List<String> jvmFlags) {
        List<String> cmd = new ArrayList<>(List.of(JavaProcess.javaBinary()));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", JavaProcess.fullClasspath(), "dev.tunnelkeeper.Main", "run"));
        return new ProductRun(lab, lab.startInClient(cmd, env, log), log);
    }

    public Process process() {
        return process;
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long count(String needle) {
        return log().lines().filter(l -> l.contains(needle)).count();
    }

    /** Waits until the log holds {@code needle} at least {@code times} times; fails with the log. */
    public void await(String needle, int times, Duration limit) {
        if (!Poll.until(limit, () -> count(needle) >= times || !process.isAlive())) {
            throw new AssertionError("no " + times + "x '" + needle + "' within " + limit + "; log:\n" + log());
        }
        if (count(needle) < times) {
            throw new AssertionError("tunnelkeeper exited (" + process.exitValue() + ") before '" + needle + "'; log:\n" + log());
        }
    }

    /** `tunnelkeeper healthcheck` in the client namespace, as Docker would run it in the container. */
    public int healthcheck() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("ip", "netns", "exec", lab.clientNamespace(), JavaProcess.javaBinary(),
                "-cp", JavaProcess.classesOnly(), "dev.tunnelkeeper.Main", "healthcheck");
        builder.environment().put("TK_RUN_DIR", lab.directory().toString());
        Process p = builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("healthcheck did not finish");
        }
        return p.exitValue();
    }

    /** SIGTERM; returns the exit code, failing if it takes longer than {@code limit}. */
    public int terminate(Duration limit) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("tunnelkeeper did not stop within " + limit + "; log:\n" + log());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        lab.stopProcess(process);
    }
}
