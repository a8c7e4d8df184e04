package dev.tunnelkeeper.control.metrics;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;

/** {@code GET /observe/metrics}: Micrometer's registry in Prometheus text format, beside Helidon's health observer. */
public final class MetricsRoute {
    public static final String PATH = "/observe/metrics";
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsRoute() {
    }

    public static void register(HttpRouting.Builder routing, TunnelMetrics metrics) {
        routing.get(PATH, (req, res) -> res.header(HeaderNames.CONTENT_TYPE, CONTENT_TYPE).send(metrics.scrape()));
    }
}
