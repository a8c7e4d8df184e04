package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.servers.Candidate;
import dev.tunnelkeeper.servers.SelectionContext;
import dev.tunnelkeeper.servers.ServerSelector;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The server selection with hooks in front of the built-in: first a pending switch asked for by an
 * {@code onHealthCheckSucceeded} hook, then the {@code selectServer} hooks (the first file that names a candidate
 * wins), then the built-in selector. Called on the supervisor's thread.
 */
public final class ScriptedServerSelector implements ServerSelector {
    private static final Log LOG = Log.of("hooks");

    private final HookRegistry hooks;
    private final ServerSelector fallback;
    private final AtomicReference<SwitchRequest> pending = new AtomicReference<>();

    ScriptedServerSelector(HookRegistry hooks, ServerSelector fallback) {
        this.hooks = hooks;
        this.fallback = fallback;
    }

    /** Steers the next selection (one-shot); the caller then asks for the restart. */
    void requestSwitch(SwitchRequest request) {
        pending.set(request);
    }

    @Override
    public Optional<Candidate> select(List<Candidate> candidates, SelectionContext context) {
        List<Candidate> choices = candidates;
        SwitchRequest request = pending.getAndSet(null);
        if (request != null && !request.expired(context.now())) {
            Optional<Candidate> target = request.target().flatMap(name -> byName(candidates, name));
            if (target.isPresent()) {
                LOG.info("switching to " + target.get().server().name() + " as " + request.file() + " asked: " + request.reason());
                return target;
            }
            choices = without(candidates, request.avoid());
        }
        Optional<Candidate> hooked = fromHooks(choices, context);
        return hooked.isPresent() ? hooked : fallback.select(choices, context);
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

    private static List<Candidate> without(List<Candidate> candidates, Optional<String> avoid) {
        if (avoid.isEmpty()) {
            return candidates;
        }
        List<Candidate> rest = candidates.stream().filter(c -> !c.server().name().equals(avoid.get())).toList();
        return rest.isEmpty() ? candidates : rest;
    }
}
