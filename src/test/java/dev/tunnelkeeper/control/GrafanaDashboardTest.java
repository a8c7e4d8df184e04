package dev.tunnelkeeper.control;

import dev.tunnelkeeper.vpn.VpnRequest;
import dev.tunnelkeeper.vpn.Cause;
import dev.tunnelkeeper.vpn.VpnEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.control.metrics.HookMetrics;
import dev.tunnelkeeper.control.metrics.PrometheusText;
import dev.tunnelkeeper.health.CheckResult;
import dev.tunnelkeeper.health.ErrorKind;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.time.SystemScheduler;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnState;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every PromQL query of the shipped Grafana dashboards (deploy/grafana/*.json: panel targets, annotations, template
 * variables) names only metrics that the product exports. The exported names are read from a real
 * {@code GET /observe/metrics} of the control listener, after a check, a tunnel, a restart and a hook call have
 * registered every metric.
 */
class GrafanaDashboardTest {
    private static final Path DASHBOARDS = Path.of("deploy/grafana");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan");

    @Test
    void everyQueryNamesAMetricTheProductExports() throws Exception {
        Set<String> exported = exportedMetricNames();
        assertTrue(exported.contains("tunnelkeeper_healthy") && exported.contains("tunnelkeeper_hook_duration_seconds_count"), exported.toString());
        List<Path> files;
        try (Stream<Path> list = Files.list(DASHBOARDS)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "a dashboard in " + DASHBOARDS);
        int queries = 0;
        Set<String> used = new TreeSet<>();
        for (Path file : files) {
            for (String query : queries(read(file))) {
                Set<String> names = metricNames(query);
                assertFalse(names.isEmpty(), file + ": a query that names no metric: " + query);
                for (String name : names) {
                    assertTrue(exported.contains(name), file + ": " + name + " is not exported (" + query + "); exported: " + exported);
                }
                used.addAll(names);
                queries++;
            }
        }
        assertTrue(queries >= 10, "the dashboard's queries were found: " + queries);
        Set<String> families = exported.stream().map(n -> n.replaceAll("_(count|sum|max)$", "")).collect(Collectors.toCollection(TreeSet::new));
        Set<String> shown = used.stream().map(n -> n.replaceAll("_(count|sum|max)$", "")).collect(Collectors.toSet());
        families.removeAll(shown);
        assertEquals(Set.of(), families, "every exported metric has a panel");
    }

    @Test
    void theNameReaderFindsMetricsAndLeavesFunctionsLabelsAndRangesAlone() {
        assertEquals(Set.of("tunnelkeeper_vpn_restarts_total"),
                metricNames("sum by (cause) (increase(tunnelkeeper_vpn_restarts_total{instance=~\"$instance\",cause!=\"x\"}[$__rate_interval])) > 0"));
        assertEquals(Set.of("a_sum", "a_count"), metricNames("sum without (hook) (rate(a_sum[5m])) / on (hook) group_left sum(a_count)"));
        assertEquals(Set.of("tunnelkeeper_nope_total"), metricNames("rate(tunnelkeeper_nope_total[5m])"), "so an unknown name would fail");
        assertEquals(Set.of("tunnelkeeper_healthy"), metricNames("label_values(tunnelkeeper_healthy, instance)"));
    }

    /** The metric names of a PromQL expression (or of a Grafana label_values(metric, label) variable query). */
    static Set<String> metricNames(String promql) {
        Matcher values = Pattern.compile("^\\s*label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)").matcher(promql);
        if (values.find()) {
            return Set.of(values.group(1));
        }
        String s = promql.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(s);
        while (m.find()) {
            if (m.group(2) == null && !KEYWORDS.contains(m.group(1).toLowerCase(java.util.Locale.ROOT))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Every "expr" anywhere, and each template variable's query. */
    private static List<String> queries(JsonValue json) {
        List<String> found = new ArrayList<>();
        collect(json, found);
        return found;
    }

    private static void collect(JsonValue value, List<String> found) {
        if (value instanceof JsonObject o) {
            for (Map.Entry<String, JsonValue> e : o.entrySet()) {
                if (e.getKey().equals("expr") && e.getValue() instanceof JsonString s) {
                    found.add(s.getString());
                } else if (e.getKey().equals("templating") && e.getValue() instanceof JsonObject t) {
                    for (JsonValue v : t.getJsonArray("list")) {
                        JsonValue q = v.asJsonObject().get("query");
                        found.add(q instanceof JsonObject qo ? qo.getString("query") : ((JsonString) q).getString());
                    }
                } else {
                    collect(e.getValue(), found);
                }
            }
        } else if (value instanceof JsonArray a) {
            a.forEach(v -> collect(v, found));
        }
    }

    private static JsonValue read(Path file) throws IOException {
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(file))) {
            return reader.readValue();
        }
    }

    /** The names in a real scrape, after every metric was registered. */
    private static Set<String> exportedMetricNames() throws Exception {
        FakeServers servers = new FakeServers(1);
        try (SystemScheduler scheduler = new SystemScheduler("grafana-test")) {
            ControlPlane plane = ControlPlane.create(ControlFixtures.settings(ControlFixtures.ROLES), ControlFixtures.PUBLIC_IP_OFF,
                    ControlFixtures.parts(new FakeVpn(servers), servers, new FakeHooks(), new HealthState(Instant.now()), scheduler));
            WebServerConfig.Builder builder = WebServer.builder().shutdownHook(false); // the control settings: 127.0.0.1:0
            plane.configure(builder);
            WebServer server = builder.build().start();
            try (HttpClient http = HttpClient.newHttpClient()) {
                plane.onCheck(CheckResult.success(Instant.now(), Duration.ofMillis(5), Duration.ofSeconds(3)));
                plane.onCheck(CheckResult.failure(Instant.now(), Duration.ofSeconds(3), Duration.ofSeconds(3), "i/o timeout", ErrorKind.TIMEOUT));
                plane.onVpnEvent(VpnEvents.event(VpnState.STARTING, VpnState.RUNNING, "up", Instant.now(), Optional.of(FakeVpn.connection("s1"))));
                plane.onVpnEvent(VpnEvents.event(VpnState.RUNNING, VpnState.STOPPING, Instant.now(),
                        Optional.of(FakeVpn.connection("s1")), VpnRequest.restart(Cause.USER, "switch")));
                plane.hookMetrics().called("onHealthCheckFailed", HookMetrics.Outcome.ERROR, Duration.ofMillis(2));
                HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                                + "/observe/metrics")).header("Authorization", ControlFixtures.basic(ControlFixtures.ADMIN_USER, ControlFixtures.ADMIN_PASSWORD)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, res.statusCode(), res.body());
                return PrometheusText.samples(res.body()).keySet().stream().map(series -> series.replaceAll("\\{.*", ""))
                        .collect(Collectors.toCollection(TreeSet::new));
            } finally {
                server.stop();
                plane.close();
            }
        }
    }
}
