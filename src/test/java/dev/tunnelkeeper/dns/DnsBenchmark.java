package dev.tunnelkeeper.dns;

import dev.tunnelkeeper.config.DnsSettings;
import dev.tunnelkeeper.config.HostPort;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * Query latency through the product's resolver (LocalDns on loopback, plain upstream) against the same query sent
 * straight to that upstream, with one raw UDP client for all three rows, in one JVM and one run. Prints Markdown rows.
 * Run by bench/dns.sh: {@code java -cp <test classpath> dev.tunnelkeeper.dns.DnsBenchmark [queries]}.
 */
public final class DnsBenchmark {
    private DnsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int queries = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        Path dir = Files.createTempDirectory("tk-dns-bench");
        Path resolvConf = Files.writeString(dir.resolve("resolv.conf"), "nameserver 127.0.0.53\n");
        try (LoopbackDnsServer upstream = LoopbackDnsServer.start(new ZoneAnswers());
             LocalDns dns = LocalDns.start(new DnsSettings(true, new HostPort("127.0.0.1", 0), true, resolvConf,
                     List.of(upstream.address()), false, List.of(), Optional.empty(), true, 10_000, Duration.ofSeconds(2)),
                     () -> true, new dev.tunnelkeeper.time.SystemScheduler("bench-clock"));
             DatagramSocket client = new DatagramSocket()) {
            client.setSoTimeout(2_000);
            // Warm-up: the JIT and both servers see every code path first.
            measure(client, upstream.address(), queries, i -> "a-warm-direct-" + i + ".test.");
            measure(client, dns.address(), queries, i -> "a-warm-" + i + ".test.");
            measure(client, dns.address(), queries, i -> "a-warm-0.test.");

            long[] direct = measure(client, upstream.address(), queries, i -> "a-direct-" + i + ".test.");
            long[] uncached = measure(client, dns.address(), queries, i -> "a-uncached-" + i + ".test.");
            long[] cached = measure(client, dns.address(), queries, i -> "a-uncached-0.test.");
            double base = median(direct);
            System.out.println("| query | median | p10-p90 | p99 | vs upstream directly |");
            System.out.println("|---|---|---|---|---|");
            row("upstream directly (yardstick)", direct, base);
            row("through the resolver, not cached (a new name each time)", uncached, base);
            row("through the resolver, cached (the same name)", cached, base);
            System.out.println();
            System.out.printf("%d queries per row, after as many to warm up.%n", queries);
        } finally {
            Files.deleteIfExists(resolvConf);
            Files.deleteIfExists(dir);
        }
    }

    /** Nanoseconds of each query's round trip; every answer must be NOERROR or the benchmark stops. */
    private static long[] measure(DatagramSocket client, InetSocketAddress to, int n, IntFunction<String> name) throws Exception {
        long[] times = new long[n];
        byte[] buffer = new byte[512];
        for (int i = 0; i < n; i++) {
            byte[] wire = ZoneAnswers.query(name.apply(i)).toWire();
            long start = System.nanoTime();
            client.send(new DatagramPacket(wire, wire.length, to));
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            client.receive(reply);
            times[i] = System.nanoTime() - start;
            Message answer = new Message(Arrays.copyOf(buffer, reply.getLength()));
            if (answer.getRcode() != Rcode.NOERROR) {
                throw new IllegalStateException("query " + i + " to " + to + " answered " + Rcode.string(answer.getRcode()));
            }
        }
        Arrays.sort(times);
        return times;
    }

    private static double median(long[] sorted) {
        return percentile(sorted, 50);
    }

    private static double percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.round(p / 100.0 * (sorted.length - 1)))] / 1_000.0;
    }

    private static void row(String what, long[] sorted, double base) {
        System.out.printf("| %s | %.0f µs | %.0f-%.0f µs | %.0f µs | %.2fx |%n", what, median(sorted),
                percentile(sorted, 10), percentile(sorted, 90), percentile(sorted, 99), median(sorted) / base);
    }
}
