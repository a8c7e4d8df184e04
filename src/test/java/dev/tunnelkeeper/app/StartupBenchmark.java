package dev.tunnelkeeper.app;

import dev.tunnelkeeper.lab.BareClient;
import dev.tunnelkeeper.lab.Lab;
import dev.tunnelkeeper.lab.LabSupport;
import dev.tunnelkeeper.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Start -> first tunnel healthy, in the lab: the product started with the launcher ({@code bin/tunnelkeeper run})
 * in the client namespace until it logs {@code INFO [healthcheck] healthy!} through an OpenVPN tunnel, beside the
 * bare openvpn client's start -> {@code Initialization Sequence Completed} in the same namespace and run (the
 * yardstick). Both pay the same {@code ip netns exec}. Run by bench/startup.sh (root). Args: rounds (default 5).
 */
public final class StartupBenchmark {
    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        LabSupport.whyLabCannotRun().ifPresent(why -> {
            throw new IllegalStateException("the lab cannot run here: " + why);
        });
        List<Double> bare = new ArrayList<>();
        List<Double> product = new ArrayList<>();
        try (Lab lab = Lab.start(1)) {
            Map<String, String> env = ProductRun.openVpnEnv(lab);
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                try (BareClient client = BareClient.openVpn(lab, 1)) {
                    bare.add((System.nanoTime() - t0) / 1e6);
                }
                Path log = lab.directory().resolve("startup-" + i + ".log");
                long t1 = System.nanoTime();
                Process p = lab.startInClient(List.of(Path.of("bin/tunnelkeeper").toAbsolutePath().toString(), "run"), env, log);
                try {
                    if (!Poll.until(Duration.ofSeconds(60), () -> read(log).contains("INFO [healthcheck] healthy!"))) {
                        throw new IllegalStateException("never healthy; log:\n" + read(log));
                    }
                    product.add((System.nanoTime() - t1) / 1e6);
                } finally {
                    lab.stopProcess(p);
                }
            }
        }
        System.out.println(row("bare openvpn: start -> Initialization Sequence Completed (yardstick)", bare));
        System.out.println(row("tunnelkeeper (launcher): start -> first check healthy through the tunnel", product));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String row(String what, List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format("| %s | %.0f ms | %.0f-%.0f ms | %d |", what, sorted.get(sorted.size() / 2), sorted.get(0),
                sorted.get(sorted.size() - 1), sorted.size());
    }
}
