package dev.tunnelkeeper.control;

import dev.tunnelkeeper.control.api.ControlRoutes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.ControlSettings.AuthMethod;
import dev.tunnelkeeper.config.ControlSettings.Role;
import dev.tunnelkeeper.config.ControlSettings;
import dev.tunnelkeeper.config.HostPort;
import dev.tunnelkeeper.config.RawSettings;
import dev.tunnelkeeper.config.Secret;
import dev.tunnelkeeper.config.SettingSpec;
import dev.tunnelkeeper.control.auth.ProbeRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP_CONTROL_SERVER_*: one problem line per mistake, naming the variable and what is valid; never a secret. */
class ControlSettingsParserTest {
    private static final String KEY = "s3cr3t-api-key-do-not-print";
    private static final String PASSWORD = "s3cr3t-password-do-not-print";

    @TempDir
    Path dir;
    private final Map<String, String> env = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    // As RawSettings gives them: set ones from "env", the others as their catalogue default.
    private ControlSettings parse() {
        return ControlSettingsParser.parse(name -> {
            String def = switch (name) {
                case "HTTP_CONTROL_SERVER_ADDRESS" -> ":8000";
                case "HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH" -> dir.resolve("default-auth.yaml").toString();
                default -> "";
            };
            boolean secret = name.equals("HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE");
            SettingSpec spec = new SettingSpec(name, "control." + name.toLowerCase(), def, secret, "");
            return env.containsKey(name) ? new RawSettings.Value(spec, env.get(name), "env")
                    : new RawSettings.Value(spec, def, "default");
        }, problems);
    }

    private void authFile(String yaml) throws IOException {
        env.put("HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH", Files.writeString(dir.resolve("auth.yaml"), yaml).toString());
    }

    @Test
    void defaultsListenOn8000WithOnlyTheKubernetesProbesOpen() {
        ControlSettings settings = parse();
        assertEquals(new HostPort("", 8000), settings.address());
        assertEquals(List.of(new Role(ProbeRole.NAME, AuthMethod.NONE, "", Secret.NONE, Secret.NONE, ControlRoutes.PROBES)),
                settings.roles(), "a missing file at the default path is fine");
        assertEquals(List.of(ControlRoutes.PROBE_LIVE, ControlRoutes.PROBE_READY, ControlRoutes.PROBE_STARTED), ControlRoutes.PROBES);
        assertEquals(List.of(), problems);
    }

    @Test
    void neitherARoleForEveryRouteNorTheDefaultRoleTakesTheProbes() throws IOException {
        authFile("""
                roles:
                  - name: me
                    routes: ["*"]
                    auth: basic
                    username: me
                    password: %s
                  - name: reader
                    routes: [GET /v1/vpn/status]
                    auth: apikey
                    apikey: %s
                """.formatted(PASSWORD, KEY));
        env.put("HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE", "{\"auth\":\"apikey\",\"apikey\":\"" + KEY + "\"}");
        List<Role> roles = parse().roles();
        assertEquals(List.of(), problems);
        assertEquals(List.of("me", "reader", ProbeRole.NAME), roles.stream().map(Role::name).toList(),
                "\"*\" leaves the default role no route");
        assertEquals(ControlRoutes.PROBES, roles.get(2).routes());
    }

    @Test
    void aRoleOfTheFileThatNamesAProbeTakesItOver() throws IOException {
        authFile("""
                roles:
                  - name: kubelet
                    routes: [GET /observe/health/live, GET /observe/health/ready, GET /observe/health/started]
                    auth: apikey
                    apikey: %s
                """.formatted(KEY));
        assertEquals(List.of("kubelet"), parse().roles().stream().map(Role::name).toList());
        assertEquals(List.of(), problems);
    }

    @Test
    void portZeroMeansAnyFreePort() {
        env.put("HTTP_CONTROL_SERVER_ADDRESS", "127.0.0.1:0");
        assertEquals(new HostPort("127.0.0.1", 0), parse().address());
        assertEquals(List.of(), problems);
    }

    @Test
    void aBadAddressIsOneLine() {
        env.put("HTTP_CONTROL_SERVER_ADDRESS", "8000");
        parse();
        assertEquals(List.of("HTTP_CONTROL_SERVER_ADDRESS=\"8000\": missing port; valid: host:port or :port, such as :8000 or 127.0.0.1:8000"),
                problems);
    }

    @Test
    void rolesOfTheFileInGluetunsShape() throws IOException {
        authFile("""
                roles:
                  - name: qbittorrent
                    routes: ["GET /v1/vpn/status", "PUT /v1/vpn/status"]
                    auth: apikey
                    apikey: %s
                  - name: me
                    routes: ["*"]
                    auth: basic
                    username: me
                    password: %s
                  - name: probes
                    routes: [GET /observe/health/live, GET /observe/health/ready]
                    auth: none
                """.formatted(KEY, PASSWORD));
        List<Role> roles = parse().roles();
        assertEquals(List.of(), problems);
        assertEquals(List.of("qbittorrent", "me", "probes", ProbeRole.NAME), roles.stream().map(Role::name).toList());
        assertEquals(List.of(ControlRoutes.PROBE_STARTED), roles.get(3).routes(), "the probe the file does not name");
        assertEquals(AuthMethod.APIKEY, roles.get(0).auth());
        assertEquals(KEY, roles.get(0).apiKey().value());
        assertEquals(List.of("GET /v1/vpn/status", "PUT /v1/vpn/status"), roles.get(0).routes());
        assertEquals(PASSWORD, roles.get(1).password().value());
        assertEquals("role me (basic as me, 1 routes)", roles.get(1).toString());
    }

    @Test
    void everyMistakeOfTheFileIsItsOwnLineWithoutSecrets() throws IOException {
        authFile("""
                roles:
                  - name: a
                    routes: ["GET /v1/nothing"]
                    auth: apikey
                  - name: b
                    routes: ["GET /v1/vpn/status"]
                    auth: token
                    apiKey: %s
                  - routes: ["GET /"]
                    auth: basic
                    username: u
                  - name: d
                    auth: none
                    password: %s
                """.formatted(KEY, PASSWORD));
        parse();
        String where = "HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH=\"" + dir.resolve("auth.yaml") + "\": ";
        assertEquals(List.of(
                where + "role 1 of 4 \"a\": auth apikey needs \"apikey\"; valid: a long random key, such as one printed by `openssl rand -hex 24`",
                where + "role 1 of 4 \"a\": route \"GET /v1/nothing\" is not a route of the control server; valid: \"*\" or one of "
                        + String.join(", ", ControlRoutes.ALL),
                where + "role 2 of 4 \"b\": unknown key \"apiKey\"; valid: keys name, auth, routes, apikey, username, password",
                where + "role 2 of 4 \"b\": auth \"token\" is not known; valid: none, basic or apikey",
                where + "role 3 of 4: \"name\" is missing; valid: a name for logs, such as \"qbittorrent\"",
                where + "role 3 of 4: auth basic needs \"username\" and \"password\"; valid: both set, not empty",
                where + "role 4 of 4 \"d\": auth none takes no username, password or apikey; valid: remove them, or use auth basic or apikey",
                where + "role 4 of 4 \"d\": \"routes\" is missing; valid: a list of routes such as [\"GET /v1/vpn/status\", \"PUT /v1/vpn/status\"], or [\"*\"] for every route"),
                problems);
        assertNoSecret();
    }

    @Test
    void brokenYamlAndAMissingFileNamedByTheUserAreProblems() throws IOException {
        authFile("roles:\n  - name: [unclosed\n");
        parse();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().contains("not valid YAML at line"), problems.getFirst());

        problems.clear();
        env.put("HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH", dir.resolve("absent.yaml").toString());
        parse();
        assertEquals(List.of("HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH=\"" + dir.resolve("absent.yaml")
                + "\": no readable file there; valid: the path of a YAML file with the control server's roles "
                + "(see deploy/auth.example.yaml), or unset"), problems);
    }

    @Test
    void theDefaultRoleCoversEveryRouteNoRoleNames() throws IOException {
        authFile("""
                roles:
                  - name: probes
                    routes: [GET /observe/health/live]
                    auth: none
                """);
        env.put("HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE", "{\"auth\":\"apikey\",\"apikey\":\"" + KEY + "\"}");
        List<Role> roles = parse().roles();
        assertEquals(List.of(), problems);
        Role role = roles.get(2);
        assertEquals("default", role.name());
        assertEquals(KEY, role.apiKey().value());
        assertEquals(ControlRoutes.ALL.size() - 3, role.routes().size(), "the probes stay open");
        assertFalse(role.routes().stream().anyMatch(ControlRoutes.PROBES::contains));
        assertTrue(role.routes().contains(ControlRoutes.PROBE_ALL), "the probes' details are not a probe");
    }

    @Test
    void anEmptyDefaultRoleIsNone() {
        env.put("HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE", "{}");
        assertEquals(List.of(ProbeRole.NAME), parse().roles().stream().map(Role::name).toList());
        assertEquals(List.of(), problems);
    }

    @Test
    void aBadDefaultRoleIsOneLineThatNeverQuotesIt() {
        String where = "HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE=(secret, not shown): ";
        env.put("HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE", "{\"auth\":\"apikey\",\"apikey\":" + KEY + "}");
        parse();
        assertEquals(1, problems.size());
        assertTrue(problems.getFirst().startsWith(where + "not valid JSON at column "), problems.getFirst());

        problems.clear();
        env.put("HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE", "{\"auth\":\"apikey\",\"apikey\":\"" + KEY + "\",\"routes\":[\"GET /\"]}");
        parse();
        assertEquals(List.of(where + "default role \"default\": unknown key \"routes\"; valid: keys name, auth, apikey, username, "
                + "password (the default role covers every route that no role of the file names)"), problems);
        assertNoSecret();
    }

    private void assertNoSecret() {
        for (String p : problems) {
            assertFalse(p.contains(KEY) || p.contains(PASSWORD), p);
        }
    }
}
