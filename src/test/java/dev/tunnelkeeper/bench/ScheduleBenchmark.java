package dev.tunnelkeeper.bench;

import dev.tunnelkeeper.config.HostPort;
import dev.tunnelkeeper.health.HealthLoop;
import dev.tunnelkeeper.health.HealthSchedule;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.health.NameLookup;
import dev.tunnelkeeper.health.Prober;
import dev.tunnelkeeper.health.TcpProber;
import dev.tunnelkeeper.time.SystemScheduler;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Schedule precision of the health checks: the real health loop on the real scheduler (time/SystemScheduler), a TCP
 * check against a loopback listener, success wait W. Each check's planned start is the previous check's end + W;
 * its lateness is how much later the prober was really called. Measured on the machine as it is (the yardstick),
 * then with one busy-spinning {@code yes > /dev/null} process per core that this benchmark starts and stops by
 * handle. Prints Markdown rows. Run by bench/schedule.sh. Args: checks per phase (default 200), W in ms (default 100).
 */
public final class ScheduleBenchmark {
    private ScheduleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int checks = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Duration wait = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 100);
        try (ServerSocket target = new ServerSocket(0, 200, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofPlatform().daemon().start(() -> {
                while (!target.isClosed()) {
                    try (Socket s = target.accept()) {
                        s.getInputStream().available();
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            HostPort hostPort = new HostPort("127.0.0.1", target.getLocalPort());
            System.out.println("| machine state | checks | lateness median | p99 | max |");
            System.out.println("|---|---|---|---|---|");
            row("idle as found (yardstick)", measure(hostPort, checks, wait));
            int cores = Runtime.getRuntime().availableProcessors();
            List<Process> spinners = new ArrayList<>();
            try {
                for (int i = 0; i < cores; i++) {
                    spinners.add(new ProcessBuilder("yes").redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
                }
                row("every core busy (" + cores + " x `yes > /dev/null`)", measure(hostPort, checks, wait));
            } finally {
                for (Process p : spinners) {
                    p.destroy();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            }
            target.close();
            acceptor.join(2000);
        }
    }

    private static long[] measure(HostPort target, int checks, Duration wait) throws Exception {
        long[] starts = new long[checks + 1];
        long[] ends = new long[checks + 1];
        int[] n = {0};
        CountDownLatch done = new CountDownLatch(1);
        TcpProber tcp = new TcpProber(List.of(target), NameLookup.SYSTEM, new SystemScheduler("prober-clock"));
        Prober recording = timeout -> {
            int i = n[0];
            if (i > checks) {
                done.countDown();
                return tcp.check(timeout);
            }
            starts[i] = System.nanoTime();
            return tcp.check(timeout).whenComplete((r, e) -> {
                ends[i] = System.nanoTime();
                n[0] = i + 1;
            });
        };
        try (SystemScheduler scheduler = new SystemScheduler("bench-health")) {
            HealthLoop loop = new HealthLoop(scheduler, recording, new HealthSchedule(wait), new HealthState(scheduler.now()));
            loop.start();
            if (!done.await(checks * (wait.toMillis() + 3000L) + 10_000, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the loop ran only " + n[0] + " checks");
            }
            loop.stop();
        }
        long[] late = new long[checks];
        for (int i = 0; i < checks; i++) {
            late[i] = starts[i + 1] - ends[i] - wait.toNanos();
        }
        Arrays.sort(late);
        return late;
    }

    private static void row(String what, long[] sorted) {
        System.out.printf("| %s | %d | %.2f ms | %.2f ms | %.2f ms |%n", what, sorted.length, sorted[sorted.length / 2] / 1e6,
                sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6, sorted[sorted.length - 1] / 1e6);
        System.out.flush();
    }
}
