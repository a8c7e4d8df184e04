package dev.tunnelkeeper.health;

import dev.tunnelkeeper.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A prober for virtual time: each check's outcome comes from a supplier that the test can change at any moment.
 * A timeout outcome takes the whole timeout; a refusal answers after {@code refusedAfter}; success after 20 ms.
 */
public final class ScriptedProber implements Prober {
    public enum Outcome { OK, TIMEOUT, REFUSED }

    /** One call: when it started and the timeout it was given. */
    public record Call(Instant start, Duration timeout) {
    }

    private final Scheduler scheduler;
    private final List<Call> calls = new ArrayList<>();
    private volatile Supplier<Outcome> outcome;
    private final Duration refusedAfter;

    public ScriptedProber(Scheduler scheduler, Outcome initial) {
        this(scheduler, initial, Duration.ofMillis(5));
    }

    public ScriptedProber(Scheduler scheduler, Outcome initial, Duration refusedAfter) {
        this.scheduler = scheduler;
        this.outcome = () -> initial;
        this.refusedAfter = refusedAfter;
    }

    public void set(Outcome o) {
        this.outcome = () -> o;
    }

    /** Each check asks the supplier for its outcome when it starts. */
    public void script(Supplier<Outcome> next) {
        this.outcome = next;
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public synchronized CompletionStage<CheckResult> check(Duration timeout) {
        Instant start = scheduler.now();
        calls.add(new Call(start, timeout));
        Outcome o = outcome.get();
        CompletableFuture<CheckResult> f = new CompletableFuture<>();
        Duration took = switch (o) {
            case OK -> Duration.ofMillis(20);
            case TIMEOUT -> timeout;
            case REFUSED -> refusedAfter;
        };
        scheduler.schedule(took, () -> f.complete(switch (o) {
            case OK -> CheckResult.success(scheduler.now(), took, timeout);
            case TIMEOUT -> CheckResult.failure(scheduler.now(), took, timeout, "dial tcp 10.0.0.1:443: i/o timeout", ErrorKind.TIMEOUT);
            case REFUSED -> CheckResult.failure(scheduler.now(), took, timeout,
                    "dial tcp 10.0.0.1:443: connect: connection refused", ErrorKind.REFUSED);
        }));
        return f;
    }
}
