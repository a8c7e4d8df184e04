package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.servers.Candidate;
import dev.tunnelkeeper.servers.SelectionContext;
import dev.tunnelkeeper.servers.ServerSelector;
import java.util.List;
import java.util.Optional;

/**
 * The server selection with hooks in front of the built-in: the {@code selectServer} hooks (the first file that names
 * a candidate wins), then the built-in selector. Called on the supervisor's thread. (A switch an
 * {@code onHealthCheckSucceeded} hook asks for is a restart request toward a {@code vpn.NextServer}, which the
 * connection source applies before it asks the selection.)
 */
public final class ScriptedServerSelector implements ServerSelector {
    private static final Log LOG = Log.of("hooks");

    private final HookRegistry hooks;
    private final ServerSelector fallback;

    ScriptedServerSelector(HookRegistry hooks, ServerSelector fallback) {
        this.hooks = hooks;
        this.fallback = fallback;
    }

    @Override
    public Optional<Candidate> select(List<Candidate> candidates, SelectionContext context) {
        Optional<Candidate> hooked = fromHooks(candidates, context);
        return hooked.isPresent() ? hooked : fallback.select(candidates, context);
    }

    private Optional<Candidate> fromHooks(List<Candidate> choices, SelectionContext context) {
        try {
            List<String> names = choices.stream().map(c -> c.server().name()).toList();
            return hooks.decide(HookName.SELECT_SERVER,
                    () -> HookEvents.args(HookEvents.candidates(choices, context.elapsed(), context.cooldown()),
                            HookEvents.selection(context.now(), context.previous(), context.cooldown())),
                    Answers.server(names))
                    .flatMap(answer -> {
                        Answers.ServerChoice choice = answer.answer();
                        LOG.info(answer.file() + " chose " + choice.name() + choice.reason().map(r -> ": " + r).orElse(""));
                        return byName(choices, choice.name());
                    });
        } catch (RuntimeException e) {
            LOG.error("the selectServer hooks failed (" + e + "); the built-in selection decides");
            return Optional.empty();
        }
    }

    // Names are unique in practice; if not, the first in priority order is meant.
    private static Optional<Candidate> byName(List<Candidate> candidates, String name) {
        return candidates.stream().filter(c -> c.server().name().equals(name)).findFirst();
    }
}
