package dev.tunnelkeeper.health;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** Runs one health check with a timeout. The stage always completes, with a result, never exceptionally. */
@FunctionalInterface
public interface Prober {
    CompletionStage<CheckResult> check(Duration timeout);
}
