package dev.tunnelkeeper.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.log.LogCapture;
import dev.tunnelkeeper.time.VirtualScheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** The resolver's logic without sockets: upstreams are functions, time is virtual. */
class ForwarderTest {
    private final VirtualScheduler time = new VirtualScheduler();
    private final VirtualScheduler clock = time;
    private final ZoneAnswers zone = new ZoneAnswers();
    private final AtomicBoolean tunnelUp = new AtomicBoolean(true);

    /** An upstream answering from the zone in memory, or failing with a reason. */
    private static class FakeUpstream implements Upstream {
        private final String name;
        private final ZoneAnswers zone;
        private String failure;
        final List<Integer> idsSeen = new ArrayList<>();

        FakeUpstream(String name, ZoneAnswers zone) {
            this.name = name;
            this.zone = zone;
        }

        @Override
        public synchronized byte[] exchange(byte[] query, Duration timeout) throws UpstreamException {
            if (failure != null) {
                throw new UpstreamException(failure);
            }
            try {
                Message q = new Message(query);
                idsSeen.add(q.getHeader().getID());
                return zone.apply(q).toWire();
            } catch (IOException e) {
                throw new UpstreamException(e.getMessage());
            }
        }

        @Override
        public String name() {
            return name;
        }
    }

    private final FakeUpstream first = new FakeUpstream("10.8.0.1:53", zone);
    private final FakeUpstream second = new FakeUpstream("10.8.0.2:53", zone);

    private Forwarder forwarder(int cacheSize, Upstream... upstreams) {
        return new Forwarder(List.of(upstreams), Optional.of(new DnsCache(cacheSize, clock)), tunnelUp::get,
                Duration.ofSeconds(2));
    }

    private static Message ask(Forwarder f, Message query) throws IOException {
        return f.answer(query.toWire()).orElseThrow().message();
    }

    @Test
    void forwardsUnderItsOwnIdAndAnswersUnderTheClients() throws Exception {
        Forwarder f = forwarder(16, first);
        Message query = ZoneAnswers.query("a1.test.");
        Message answer = ask(f, query);
        assertEquals(Rcode.NOERROR, answer.getRcode());
        assertEquals(query.getHeader().getID(), answer.getHeader().getID());
        assertEquals(ZoneAnswers.ADDRESS, answer.getSection(Section.ANSWER).getFirst().rdataToString());
        assertEquals(1, zone.queries.get());
    }

    @Test
    void cachedAnswersCountTheirTtlDownAndExpireInVirtualTime() throws Exception {
        Forwarder f = forwarder(16, first);
        ask(f, ZoneAnswers.query("a1.test."));
        time.advance(Duration.ofSeconds(20));
        Message cached = ask(f, ZoneAnswers.query("A1.TEST.")); // names are case-insensitive
        assertEquals(1, zone.queries.get(), "answered from the cache");
        assertEquals(ZoneAnswers.TTL - 20, cached.getSection(Section.ANSWER).getFirst().getTTL());
        time.advance(Duration.ofSeconds(39));
        assertEquals(1, ask(f, ZoneAnswers.query("a1.test.")).getSection(Section.ANSWER).getFirst().getTTL());
        assertEquals(1, zone.queries.get());
        time.advance(Duration.ofSeconds(1)); // 60 s: expired
        assertEquals(ZoneAnswers.TTL, ask(f, ZoneAnswers.query("a1.test.")).getSection(Section.ANSWER).getFirst().getTTL());
        assertEquals(2, zone.queries.get(), "asked again after the TTL");
    }

    @Test
    void cachedAnswersAgeOnTheMonotonicClockWhateverTheWallClockDoes() throws Exception {
        Forwarder f = forwarder(16, first);
        ask(f, ZoneAnswers.query("a1.test."));
        time.setWallClock(time.now().plus(Duration.ofDays(2)));
        time.advance(Duration.ofSeconds(20));
        assertEquals(ZoneAnswers.TTL - 20, ask(f, ZoneAnswers.query("a1.test.")).getSection(Section.ANSWER).getFirst().getTTL(),
                "a wall clock two days ahead neither expires the answer nor ages it");
        time.setWallClock(time.now().minus(Duration.ofDays(3)));
        time.advance(Duration.ofSeconds(40));
        ask(f, ZoneAnswers.query("a1.test."));
        assertEquals(2, zone.queries.get(), "expired after its TTL of monotonic time, though the wall clock went back");
    }

    @Test
    void negativeAnswersAreKeptForTheSoaMinimum() throws Exception {
        Forwarder f = forwarder(16, first);
        assertEquals(Rcode.NXDOMAIN, ask(f, ZoneAnswers.query("nx.test.")).getRcode());
        time.advance(Duration.ofSeconds(ZoneAnswers.NEGATIVE_TTL - 1));
        assertEquals(Rcode.NXDOMAIN, ask(f, ZoneAnswers.query("nx.test.")).getRcode());
        assertEquals(1, zone.queries.get());
        time.advance(Duration.ofSeconds(1));
        ask(f, ZoneAnswers.query("nx.test."));
        assertEquals(2, zone.queries.get());
    }

    @Test
    void theCacheKeepsAtMostItsSizeDroppingTheLeastRecentlyUsed() throws Exception {
        Forwarder f = forwarder(2, first);
        ask(f, ZoneAnswers.query("a1.test."));
        ask(f, ZoneAnswers.query("a2.test."));
        ask(f, ZoneAnswers.query("a1.test.")); // a1 used last: a2 is the eldest
        ask(f, ZoneAnswers.query("a3.test."));
        assertEquals(3, zone.queries.get());
        ask(f, ZoneAnswers.query("a1.test."));
        assertEquals(3, zone.queries.get(), "a1 stayed");
        ask(f, ZoneAnswers.query("a2.test."));
        assertEquals(4, zone.queries.get(), "a2 was dropped");
    }

    @Test
    void aFailingUpstreamGivesSERVFAILLoggedOnceWithItsNameAndReasonAndIsNotCached() throws Exception {
        first.failure = "read udp: i/o timeout";
        Forwarder f = forwarder(16, first);
        try (LogCapture log = new LogCapture()) {
            assertEquals(Rcode.SERVFAIL, ask(f, ZoneAnswers.query("a1.test.")).getRcode());
            assertEquals(Rcode.SERVFAIL, ask(f, ZoneAnswers.query("a1.test.")).getRcode());
            assertEquals(1, log.count("WARN [dns] upstream 10.8.0.1:53 failed: read udp: i/o timeout"), log.lines().toString());
            first.failure = null;
            assertEquals(Rcode.NOERROR, ask(f, ZoneAnswers.query("a1.test.")).getRcode(), "SERVFAIL was not cached");
            assertEquals(1, log.count("INFO [dns] upstream 10.8.0.1:53 answers again"), log.lines().toString());
        }
    }

    @Test
    void theNextUpstreamAnswersWhenOneFailsAndTheAnsweringOneIsAskedFirstAfterwards() throws Exception {
        first.failure = "write udp: operation not permitted";
        Forwarder f = forwarder(16, first, second);
        assertEquals(Rcode.NOERROR, ask(f, ZoneAnswers.query("a1.test.")).getRcode());
        assertEquals(1, second.idsSeen.size());
        first.failure = null;
        ask(f, ZoneAnswers.query("a2.test."));
        assertEquals(2, second.idsSeen.size(), "the one that answered goes first");
        assertEquals(0, first.idsSeen.size());
    }

    @Test
    void whileTheTunnelIsDownNothingIsAskedAndTheAnswerIsSERVFAILButTheCacheStillAnswers() throws Exception {
        Forwarder f = forwarder(16, first);
        ask(f, ZoneAnswers.query("a1.test."));
        tunnelUp.set(false);
        Message fail = ask(f, ZoneAnswers.query("a2.test."));
        assertEquals(Rcode.SERVFAIL, fail.getRcode());
        assertTrue(fail.getHeader().getFlag(Flags.QR));
        assertEquals("a2.test.", fail.getQuestion().getName().toString());
        assertEquals(Rcode.NOERROR, ask(f, ZoneAnswers.query("a1.test.")).getRcode(), "a cached answer is no leak");
        assertEquals(1, zone.queries.get(), "nothing was sent while the tunnel was down");
        tunnelUp.set(true);
        assertEquals(Rcode.NOERROR, ask(f, ZoneAnswers.query("a2.test.")).getRcode());
    }

    @Test
    void anAnswerForAnotherQueryIsRejected() throws Exception {
        Upstream liar = new FakeUpstream("10.8.0.9:53", zone) {
            @Override
            public synchronized byte[] exchange(byte[] query, Duration timeout) {
                return zone.apply(ZoneAnswers.query("other.test.")).toWire();
            }
        };
        try (LogCapture log = new LogCapture()) {
            assertEquals(Rcode.SERVFAIL, ask(forwarder(16, liar), ZoneAnswers.query("a1.test.")).getRcode());
            assertEquals(1, log.count("upstream 10.8.0.9:53 failed: answer does not match the query"), log.lines().toString());
        }
    }

    @Test
    void malformedQueriesAreAnsweredFormerrAndTooShortOnesNotAtAll() throws Exception {
        Forwarder f = forwarder(16, first);
        byte[] wire = ZoneAnswers.query("a1.test.").toWire();
        byte[] cut = java.util.Arrays.copyOf(wire, wire.length - 3); // the question runs past the end
        Message formErr = f.answer(cut).orElseThrow().message();
        assertEquals(Rcode.FORMERR, formErr.getRcode());
        assertEquals(new Message(wire).getHeader().getID(), formErr.getHeader().getID());
        assertEquals(Optional.empty(), f.answer(new byte[] {1, 2, 3}));
        byte[] garbage = new byte[40];
        new java.util.Random(7).nextBytes(garbage);
        garbage[2] &= 0x7f; // not a response
        f.answer(garbage); // whatever it is, it does not throw
        assertEquals(0, zone.queries.get());
    }

    @Test
    void aQueryWithoutAQuestionIsFormerrAndOtherOpcodesNotimp() throws Exception {
        Forwarder f = forwarder(16, first);
        assertEquals(Rcode.FORMERR, ask(f, new Message()).getRcode());
        Message notify = ZoneAnswers.query("a1.test.");
        notify.getHeader().setOpcode(org.xbill.DNS.Opcode.NOTIFY);
        assertEquals(Rcode.NOTIMP, ask(f, notify).getRcode());
    }

    @Test
    void resetForgetsTheFailures() throws Exception {
        first.failure = "dial tcp: connection refused";
        Forwarder f = forwarder(16, first);
        try (LogCapture log = new LogCapture()) {
            ask(f, ZoneAnswers.query("a1.test."));
            f.reset();
            ask(f, ZoneAnswers.query("a1.test."));
            assertEquals(2, log.count("failed: dial tcp: connection refused"), "logged again for the new tunnel");
        }
    }

    static Record firstAnswer(Message m) {
        return m.getSection(Section.ANSWER).getFirst();
    }
}
