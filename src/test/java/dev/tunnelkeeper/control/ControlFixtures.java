package dev.tunnelkeeper.control;

import dev.tunnelkeeper.config.ControlSettings.AuthMethod;
import dev.tunnelkeeper.config.ControlSettings.Role;
import dev.tunnelkeeper.config.ControlSettings;
import dev.tunnelkeeper.config.HostPort;
import dev.tunnelkeeper.config.PublicIpSettings;
import dev.tunnelkeeper.config.Secret;
import dev.tunnelkeeper.control.api.ControlRoutes;
import dev.tunnelkeeper.control.api.HooksView;
import dev.tunnelkeeper.control.auth.ProbeRole;
import dev.tunnelkeeper.control.probes.LivenessCheck;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.time.Scheduler;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Roles, settings and parts for the control tests. Secrets here are test values, never real ones. */
final class ControlFixtures {
    static final String READER_KEY = "reader-key-0123456789abcdef";
    static final String ADMIN_USER = "admin";
    static final String ADMIN_PASSWORD = "correct horse battery staple";

    /** An auth file's roles. reader: API key, read-only routes; admin: basic auth, every route. */
    static final List<Role> ROLES = List.of(
            new Role("reader", AuthMethod.APIKEY, "", Secret.NONE, new Secret(READER_KEY), List.of(
                    ControlRoutes.VPN_STATUS_GET, ControlRoutes.PUBLIC_IP, ControlRoutes.SERVERS)),
            new Role("admin", AuthMethod.BASIC, ADMIN_USER, new Secret(ADMIN_PASSWORD), Secret.NONE, List.of("*")));

    static final PublicIpSettings PUBLIC_IP_OFF =
            new PublicIpSettings(false, URI.create("http://127.0.0.1:9/"), Path.of("/nonexistent/ip"), Secret.NONE);

    private ControlFixtures() {
    }

    /** These roles of an auth file, then the built-in one for the probes they do not name, as the settings have them. */
    static ControlSettings settings(List<Role> fileRoles) {
        List<Role> roles = new ArrayList<>(fileRoles);
        ProbeRole.forProbesNotNamedBy(fileRoles).ifPresent(roles::add);
        return new ControlSettings(new HostPort("127.0.0.1", 0), Optional.empty(), roles);
    }

    static ControlPlane.Parts parts(FakeVpn vpn, FakeServers servers, HooksView hooks, HealthState health,
                                    Scheduler scheduler) {
        LivenessCheck.Inputs liveness = new LivenessCheck.Inputs(scheduler::elapsed, Duration.ofSeconds(30), () -> true);
        return new ControlPlane.Parts(vpn, servers, hooks, health, liveness, scheduler);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
