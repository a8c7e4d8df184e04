package dev.tunnelkeeper.dns;

import dev.tunnelkeeper.dns.Upstream.UpstreamException;
import dev.tunnelkeeper.log.Log;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The resolver's logic, free of sockets: a query in wire format in, the answer out. Answers from the cache; else,
 * only while the tunnel is up, asks the upstreams in turn within one time budget; else SERVFAIL at once. A query
 * that cannot be parsed is answered FORMERR. Each upstream's failure is logged once when it starts failing, with the
 * reason, and once when it answers again.
 */
final class Forwarder {
    private static final Log LOG = Log.of("dns");
    private static final int DEFAULT_UDP_SIZE = 512;
    private static final int MAX_UDP_SIZE = 4096;

    /** An answer, and how large it may be over UDP (the client's EDNS buffer size, RFC 6891, else 512). */
    record Reply(Message message, int udpLimit) {
    }

    private final List<Upstream> upstreams;
    private final Optional<DnsCache> cache;
    private final BooleanSupplier tunnelUp;
    private final Duration timeout;
    private final Map<Upstream, String> failing = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    Forwarder(List<Upstream> upstreams, Optional<DnsCache> cache, BooleanSupplier tunnelUp, Duration timeout) {
        this.upstreams = List.copyOf(upstreams);
        this.cache = cache;
        this.tunnelUp = tunnelUp;
        this.timeout = timeout;
    }

    /** The reply to one datagram or TCP message; empty when there is nothing to answer (not a query at all). */
    Optional<Reply> answer(byte[] wire) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException e) {
            return formErr(wire);
        }
        Header header = query.getHeader();
        if (header.getFlag(Flags.QR)) {
            return Optional.empty(); // a response sent to us: answering it could start a loop
        }
        int udpLimit = udpLimit(query);
        if (header.getOpcode() != Opcode.QUERY) {
            return Optional.of(new Reply(error(query, Rcode.NOTIMP), udpLimit));
        }
        Record question = query.getQuestion();
        if (question == null || header.getCount(Section.QUESTION) != 1) {
            return Optional.of(new Reply(error(query, Rcode.FORMERR), udpLimit));
        }
        Optional<Message> cached = cache.flatMap(c -> c.get(query));
        if (cached.isPresent()) {
            return Optional.of(new Reply(cached.get(), udpLimit));
        }
        if (!tunnelUp.getAsBoolean()) {
            // The kill switch would refuse it anyway; not even trying keeps it so with FIREWALL=off.
            return Optional.of(new Reply(error(query, Rcode.SERVFAIL), udpLimit));
        }
        Message answer = forward(query);
        cache.ifPresent(c -> c.put(query, answer)); // only what may be cached is kept (not SERVFAIL)
        return Optional.of(new Reply(answer, udpLimit));
    }

    private Message forward(Message query) {
        int clientId = query.getHeader().getID();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Upstream> order = new ArrayList<>(upstreams);
        order.sort((a, b) -> Boolean.compare(failing.containsKey(a), failing.containsKey(b))); // answering ones first
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            Upstream upstream = order.get(i);
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                errors.add(upstream.name() + ": not asked, no time left");
                continue;
            }
            Duration share = Duration.ofNanos(left / (order.size() - i)); // a silent upstream leaves time for the next
            Message sent = query.clone();
            int id = random.nextInt(0x10000);
            sent.getHeader().setID(id);
            try {
                Message answer = check(sent, upstream.exchange(sent.toWire(), share));
                answered(upstream);
                answer.getHeader().setID(clientId);
                return answer;
            } catch (UpstreamException e) {
                failed(upstream, e.getMessage());
                errors.add(upstream.name() + ": " + e.getMessage());
            }
        }
        if (LOG.debugEnabled()) {
            LOG.debug("SERVFAIL for " + describe(query) + ": " + String.join("; ", errors));
        }
        return error(query, Rcode.SERVFAIL);
    }

    /** The upstream's answer, if it answers this very query. */
    private static Message check(Message sent, byte[] wire) throws UpstreamException {
        Message answer;
        try {
            answer = new Message(wire);
        } catch (IOException e) {
            throw new UpstreamException("malformed answer: " + e.getMessage(), e);
        }
        Record q = sent.getQuestion();
        Record a = answer.getQuestion();
        if (answer.getHeader().getID() != sent.getHeader().getID() || !answer.getHeader().getFlag(Flags.QR)
                || a == null || !a.getName().equals(q.getName()) || a.getType() != q.getType() || a.getDClass() != q.getDClass()) {
            throw new UpstreamException("answer does not match the query (ID or question)");
        }
        return answer;
    }

    private void answered(Upstream upstream) {
        if (failing.remove(upstream) != null) {
            LOG.info("upstream " + upstream.name() + " answers again");
        }
    }

    private void failed(Upstream upstream, String reason) {
        if (failing.put(upstream, reason) == null) {
            LOG.warn("upstream " + upstream.name() + " failed: " + reason);
        }
    }

    /** Forgets which upstreams failed and drops their connections: a new tunnel starts afresh. */
    void reset() {
        upstreams.forEach(Upstream::reset);
        failing.clear();
    }

    static Message error(Message query, int rcode) {
        Message reply = new Message(query.getHeader().getID());
        Header h = reply.getHeader();
        h.setFlag(Flags.QR);
        h.setFlag(Flags.RA);
        if (query.getHeader().getFlag(Flags.RD)) {
            h.setFlag(Flags.RD);
        }
        h.setRcode(rcode);
        Record question = query.getQuestion();
        if (question != null && rcode != Rcode.FORMERR) {
            reply.addRecord(question, Section.QUESTION);
        }
        if (query.getOPT() != null) {
            reply.addRecord(new OPTRecord(MAX_UDP_SIZE, 0, 0), Section.ADDITIONAL);
        }
        return reply;
    }

    /** FORMERR with the sender's ID, when at least a header came; nothing at all for less. */
    private static Optional<Reply> formErr(byte[] wire) {
        if (wire.length < Header.LENGTH) {
            return Optional.empty();
        }
        try {
            Header in = new Header(Arrays.copyOf(wire, Header.LENGTH));
            if (in.getFlag(Flags.QR)) {
                return Optional.empty();
            }
            Message reply = new Message(in.getID());
            reply.getHeader().setFlag(Flags.QR);
            reply.getHeader().setOpcode(in.getOpcode());
            reply.getHeader().setRcode(Rcode.FORMERR);
            return Optional.of(new Reply(reply, DEFAULT_UDP_SIZE));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int udpLimit(Message query) {
        OPTRecord opt = query.getOPT();
        if (opt == null) {
            return DEFAULT_UDP_SIZE;
        }
        return Math.max(DEFAULT_UDP_SIZE, Math.min(MAX_UDP_SIZE, opt.getPayloadSize()));
    }

    static String describe(Message query) {
        Record q = query.getQuestion();
        return q.getName() + " " + Type.string(q.getType()) + (q.getDClass() == DClass.IN ? "" : " " + DClass.string(q.getDClass()));
    }
}
