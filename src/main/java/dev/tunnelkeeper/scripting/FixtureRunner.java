package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.heal.HealEvent;
import dev.tunnelkeeper.health.ErrorKind;
import dev.tunnelkeeper.servers.Candidate;
import dev.tunnelkeeper.servers.Server;
import dev.tunnelkeeper.time.VirtualScheduler;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.Endpoint;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnState;
import dev.tunnelkeeper.vpn.VpnStatus;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plays a fixture's steps against one loaded hook file through the production path: the same registry, the same
 * event shapes ({@link HookEvents}), the same answer checks ({@link Answers}). Module state carries from step to
 * step, as it does between real calls.
 */
final class FixtureRunner implements AutoCloseable {
    /** The restart a fixture's tunnel events belong to: the healer's, after its 6 s window. */
    private static final dev.tunnelkeeper.vpn.VpnRequest HEALER =
            dev.tunnelkeeper.vpn.VpnRequest.restart(dev.tunnelkeeper.vpn.Cause.HEALER, "unhealthy for 6s");

    private static final JsonProvider JSON = JsonProvider.provider();

    /** What one step gave: the checked answer as JSON (empty: none, or a notification), and the errors it logged. */
    record StepResult(HookFixture.Step step, Optional<JsonValue> answer, List<HookError> errors,
                      List<FixtureFetches.Call> fetches) {
        StepResult(HookFixture.Step step, Optional<JsonValue> answer, List<HookError> errors) {
            this(step, answer, errors, List.of());
        }
    }

    private final HookRegistry registry;
    private final String file;
    private final VirtualScheduler clock;
    private final HookFixture fixture;
    private final boolean anyName;
    private final Map<String, JsonObject> servers = new LinkedHashMap<>();
    private final List<HookError> errors = new ArrayList<>();
    private Optional<String> current;
    private final Optional<FixtureFetches> fetches;
    private Optional<String> publicIp = Optional.empty();
    private Instant downSince;

    /**
     * @param anyName accept any server name in answers (check-scripts' dry run: the sample servers are not the user's)
     */
    FixtureRunner(HookSource source, HookContext module, VirtualScheduler clock, HookFixture fixture, Duration timeout,
                  int maxErrors, boolean anyName) {
        this(source, module, clock, fixture, timeout, maxErrors, anyName, Optional.empty());
    }

    /** @param fetches the recorded tk.fetch the module was loaded with (API version 2) */
    FixtureRunner(HookSource source, HookContext module, VirtualScheduler clock, HookFixture fixture, Duration timeout,
                  int maxErrors, boolean anyName, Optional<FixtureFetches> fetches) {
        this.fetches = fetches;
        this.registry = new HookRegistry(timeout, maxErrors);
        this.file = source.file();
        this.clock = clock;
        this.fixture = fixture;
        this.anyName = anyName;
        this.current = fixture.server();
        registry.file(file).install(source, module, clock.now());
        registry.addErrorListener(errors::add);
        fixture.servers().forEach(s -> servers.put(s.getString("name", "servers[" + servers.size() + "]"), s));
    }

    /** @throws IllegalArgumentException when the step's data is not usable (names a server the fixture lacks) */
    StepResult run(HookFixture.Step step) {
        clock.advanceTo(step.at());
        errors.clear();
        step.server().ifPresent(s -> current = Optional.of(s));
        step.history().forEach(this::mergeHistory);
        List<Candidate> candidates = candidates();
        List<String> names = anyName ? null : candidates.stream().map(c -> c.server().name()).toList();
        JsonArray candidatesJson = HookEvents.candidates(candidates, FixtureServers.elapsedAt(step.at()), fixture.cooldown());
        VpnStatus status = new VpnStatus(fixture.vpnState(), "", Instant.EPOCH, current.map(FixtureRunner::connection));
        Optional<JsonValue> answer = switch (step.call()) {
            case ON_HEALTH_CHECK_FAILED -> registry.decide(step.call(),
                    () -> args(merge(HookEvents.healthCheckFailed(healEvent(step.at()), status), step.event())),
                    Answers.heal()).map(a -> (JsonValue) JSON.createObjectBuilder()
                    .add("action", a.answer().action().name().toLowerCase(java.util.Locale.ROOT))
                    .add("reason", a.answer().reason()).build());
            case SELECT_SERVER -> {
                Optional<Server> previous = current.flatMap(n -> candidates.stream()
                        .filter(c -> c.server().name().equals(n)).map(Candidate::server).findFirst());
                yield registry.decide(step.call(), () -> HookEvents.args(candidatesJson,
                                merge(HookEvents.selection(step.at(), previous, fixture.cooldown()), step.event())),
                        Answers.server(names)).map(a -> choiceJson(a.answer()));
            }
            case ON_HEALTH_CHECK_SUCCEEDED -> registry.decide(step.call(),
                    () -> args(merge(HookEvents.healthCheckSucceeded(step.at(), status, Duration.ZERO, candidatesJson),
                            step.event())),
                    Answers.switchServer(names)).map(a -> switchJson(a.answer()));
            case ON_HEALTHY -> {
                registry.notifyAll(step.call(),
                        () -> args(merge(HookEvents.healthy(step.at(), status, Duration.ZERO), step.event())));
                yield Optional.empty();
            }
            case ON_RESTART -> {
                VpnEvent restart = new VpnEvent(VpnState.STOPPING, VpnState.STARTING, "unhealthy for 6s", step.at(),
                        current.map(FixtureRunner::connection), HEALER);
                registry.notifyAll(step.call(), () -> args(merge(HookEvents.restart(restart, current), step.event())));
                yield Optional.empty();
            }
            case ON_TUNNEL_UP -> {
                VpnEvent up = new VpnEvent(VpnState.STARTING, VpnState.RUNNING, "tunnel up", step.at(),
                        current.map(FixtureRunner::connection), HEALER);
                Optional<Duration> downFor = Optional.ofNullable(downSince).map(d -> Duration.between(d, step.at()));
                downSince = null;
                fetches.ifPresent(f -> f.tunnel(true));
                registry.notifyAll(step.call(), () -> args(merge(HookEvents.tunnelUp(up, "tun0", List.of("10.8.0.2"),
                        publicIp, Duration.ofMillis(800), downFor), step.event())));
                yield Optional.empty();
            }
            case ON_TUNNEL_DOWN -> {
                VpnEvent down = new VpnEvent(VpnState.RUNNING, VpnState.STOPPING, "unhealthy for 6s", step.at(),
                        current.map(FixtureRunner::connection), HEALER);
                downSince = step.at();
                publicIp = Optional.empty();
                fetches.ifPresent(f -> f.tunnel(false));
                registry.notifyAll(step.call(), () -> args(merge(HookEvents.tunnelDown(down, down.cause().hookId(),
                        Optional.of("dial tcp 1.1.1.1:443: i/o timeout"), Optional.of(Duration.ofMinutes(10))),
                        step.event())));
                yield Optional.empty();
            }
            case ON_PUBLIC_IP_CHANGED -> {
                Optional<String> before = publicIp;
                String ip = step.event().getString("ip", "198.51.100.7");
                publicIp = Optional.of(ip);
                registry.notifyAll(step.call(), () -> args(merge(HookEvents.publicIpChanged(step.at(),
                        dev.tunnelkeeper.publicip.PublicIp.of(ip, "", "", ""), before, status), step.event())));
                yield Optional.empty();
            }
            case ON_PORT_FORWARDED -> {
                // The step's event gives the ports (and previous); the server is the fixture's current one.
                registry.notifyAll(step.call(), () -> args(merge(HookEvents.portForwarded(step.at(), List.of(), List.of(),
                        current), step.event())));
                yield Optional.empty();
            }
        };
        List<FixtureFetches.Call> sent = fetches.map(FixtureFetches::drain).orElse(List.of());
        return new StepResult(step, answer, List.copyOf(errors), sent);
    }

    @Override
    public void close() {
        registry.remove(file).ifPresent(HookContext::close);
    }

    private List<Candidate> candidates() {
        List<Candidate> out = new ArrayList<>();
        for (JsonObject s : servers.values()) {
            out.add(FixtureServers.candidate(out.size(), s));
        }
        return out;
    }

    // History given in a step replaces those fields of the server's history from then on.
    private void mergeHistory(String name, JsonObject history) {
        JsonObject server = servers.get(name);
        if (server == null) {
            throw new IllegalArgumentException("history names \"" + name + "\", which is not one of the fixture's servers "
                    + servers.keySet());
        }
        JsonObject old = server.get("history") instanceof JsonObject h ? h : JSON.createObjectBuilder().build();
        servers.put(name, JSON.createObjectBuilder(server).add("history", merge(old, history)).build());
    }

    private static JsonObject merge(JsonObject base, JsonObject changes) {
        JsonObjectBuilder b = JSON.createObjectBuilder(base);
        changes.forEach(b::add);
        return b.build();
    }

    private static String args(JsonObject event) {
        return HookEvents.args(event);
    }

    private static JsonValue choiceJson(Answers.ServerChoice c) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("name", c.name());
        c.reason().ifPresent(r -> b.add("reason", r));
        return b.build();
    }

    private static JsonValue switchJson(Answers.SwitchAnswer a) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("action", a.switchServer() ? "switch" : "stay");
        a.server().ifPresent(s -> b.add("server", s));
        if (a.switchServer()) {
            b.add("reason", a.reason());
        }
        return b.build();
    }

    private static HealEvent healEvent(Instant at) {
        return new HealEvent(HealEvent.Trigger.CHECK_FAILED, at, Optional.of("dial tcp 1.1.1.1:443: i/o timeout"),
                Optional.of(ErrorKind.TIMEOUT), 1, Duration.ofSeconds(3), Duration.ofSeconds(6), Duration.ofSeconds(3),
                0, Optional.empty());
    }

    private static Connection connection(String name) {
        return new Connection(name, new Endpoint("203.0.113.1", 1194, Protocol.UDP), Optional.empty(), "");
    }
}
