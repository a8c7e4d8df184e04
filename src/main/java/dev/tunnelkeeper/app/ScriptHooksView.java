package dev.tunnelkeeper.app;

import dev.tunnelkeeper.control.api.HooksView;
import dev.tunnelkeeper.scripting.HookError;
import dev.tunnelkeeper.scripting.HookFileStatus;
import dev.tunnelkeeper.scripting.ScriptHost;
import java.time.Duration;
import java.util.List;

/** The control API's view of the hooks, read from the script host (control must not depend on scripting). */
final class ScriptHooksView implements HooksView {
    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(5);
    private final ScriptHost scripts;

    ScriptHooksView(ScriptHost scripts) {
        this.scripts = scripts;
    }

    @Override
    public List<HookInfo> list() {
        return scripts.status().stream()
                .map(s -> new HookInfo(s.file(), s.exports(), s.state() == HookFileStatus.State.DISABLED, s.errors(),
                        s.lastError().map(HookError::toString)))
                .toList();
    }

    @Override
    public ReloadOutcome reload() {
        ScriptHost.Reload r = scripts.reload(RELOAD_TIMEOUT);
        return new ReloadOutcome(r.active(), r.rejected().stream().map(e -> new Failure(e.file(), e.toString())).toList());
    }
}
