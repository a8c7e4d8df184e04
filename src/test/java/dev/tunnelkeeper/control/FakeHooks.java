package dev.tunnelkeeper.control;

import dev.tunnelkeeper.control.api.HooksView;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Two hooks, one disabled after errors; a reload that loads one file and refuses another. */
final class FakeHooks implements HooksView {
    final AtomicInteger reloads = new AtomicInteger();

    @Override
    public List<HookInfo> list() {
        return List.of(
                new HookInfo("scripts/heal.mjs", List.of("onHealthCheckFailed"), true, 3,
                        Optional.of("scripts/heal.mjs:12: TypeError: x is undefined")),
                new HookInfo("scripts/select.mjs", List.of("selectServer", "onRestart"), false, 0, Optional.empty()));
    }

    @Override
    public ReloadOutcome reload() {
        reloads.incrementAndGet();
        return new ReloadOutcome(List.of("scripts/select.mjs"),
                List.of(new Failure("scripts/heal.mjs", "scripts/heal.mjs:3: SyntaxError: Unexpected token")));
    }
}
