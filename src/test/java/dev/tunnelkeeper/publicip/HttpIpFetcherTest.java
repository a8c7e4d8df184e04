package dev.tunnelkeeper.publicip;

import dev.tunnelkeeper.vpn.VpnEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.Secret;
import dev.tunnelkeeper.testing.Poll;
import dev.tunnelkeeper.time.SystemScheduler;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnState;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real HTTP lookup against a service on 127.0.0.1 (tests never ask a public service). */
class HttpIpFetcherTest {
    @TempDir
    Path dir;

    @Test
    void readsTheAnswerAndSendsTheTokenAsBearer() throws Exception {
        try (LocalIpService service = new LocalIpService();
             HttpIpFetcher fetcher = new HttpIpFetcher(service.url(), new Secret("tok-123"), Duration.ofSeconds(5))) {
            service.answer(200, "{\"ip\":\"10.8.1.2\",\"country\":\"Labland\",\"region\":\"s1\",\"city\":\"Lab City\"}");
            assertEquals("10.8.1.2 (Labland, s1, Lab City)", fetcher.fetch().get().describe());
            assertEquals(List.of("Bearer tok-123"), service.authorizations);
        }
    }

    @Test
    void theHttpClientIsMadeAtTheFirstLookupNotAtStart() throws Exception {
        // making one sets up TLS (~0.3 s in the image); the product makes the fetcher before its health server listens
        try (LocalIpService service = new LocalIpService();
             HttpIpFetcher fetcher = new HttpIpFetcher(service.url(), Secret.NONE, Duration.ofSeconds(5))) {
            assertFalse(fetcher.clientMade(), "no client before the first lookup");
            service.answer(200, "203.0.113.9");
            assertEquals("203.0.113.9", fetcher.fetch().get(30, TimeUnit.SECONDS).ip());
            assertTrue(fetcher.clientMade());
        }
    }

    @Test
    void aClosedFetcherFailsTheAttemptInsteadOfThrowing() {
        HttpIpFetcher fetcher = new HttpIpFetcher(URI.create("http://127.0.0.1:9/json"), Secret.NONE, Duration.ofSeconds(5));
        fetcher.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> fetcher.fetch().get(30, TimeUnit.SECONDS));
        assertEquals("closed", HttpIpFetcher.describe(e));
        assertFalse(fetcher.clientMade());
    }

    @Test
    void anHttpErrorFailsTheAttemptSayingWhy() throws Exception {
        // a limit that only bounds a hang: the verdict must not depend on how fast the machine answers
        try (LocalIpService service = new LocalIpService();
             HttpIpFetcher fetcher = new HttpIpFetcher(service.url(), Secret.NONE, HttpIpFetcher.DEFAULT_TIMEOUT)) {
            service.answer(429, "{\"error\":\"rate limited\"}");
            ExecutionException e = assertThrows(ExecutionException.class, () -> fetcher.fetch().get(30, TimeUnit.SECONDS));
            assertEquals(service.url() + " answered HTTP 429", HttpIpFetcher.describe(e));
            assertEquals(List.of("null"), service.authorizations, "no token, no Authorization header");
        }
    }

    @Test
    void aServiceThatNeverAnswersFailsTheAttemptAsNoAnswerInTime() throws Exception {
        // the kernel accepts the connection into the backlog; nothing ever reads the request or answers it, so the
        // short limit expires however fast or slow the machine is
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             HttpIpFetcher fetcher = new HttpIpFetcher(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/json"),
                     Secret.NONE, Duration.ofMillis(300))) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> fetcher.fetch().get(30, TimeUnit.SECONDS));
            assertTrue(HttpIpFetcher.describe(e).startsWith("no answer in time"), HttpIpFetcher.describe(e));
        }
    }

    @Test
    void endToEndTheFileFollowsTheTunnel() throws Exception {
        Path file = dir.resolve("tunnelkeeper/ip");
        try (LocalIpService service = new LocalIpService();
             HttpIpFetcher fetcher = new HttpIpFetcher(service.url(), Secret.NONE, Duration.ofSeconds(5));
             SystemScheduler scheduler = new SystemScheduler("public-ip-test")) {
            service.answer(200, "203.0.113.9");
            PublicIpLoop loop = new PublicIpLoop(scheduler, fetcher, new PublicIpFile(file));
            loop.accept(VpnEvents.event(VpnState.STARTING, VpnState.RUNNING, "up", Instant.now(), Optional.empty()));
            assertTrue(Poll.until(Duration.ofSeconds(10), () -> Files.exists(file)), "the file is written");
            assertEquals("203.0.113.9", Files.readString(file));
            assertEquals("203.0.113.9", loop.current().orElseThrow().ip());

            loop.accept(VpnEvents.event(VpnState.RUNNING, VpnState.STOPPING, "stop", Instant.now(), Optional.empty()));
            assertTrue(Poll.until(Duration.ofSeconds(10), () -> !Files.exists(file)), "the file is deleted");
            assertFalse(loop.current().isPresent());
        }
    }
}
