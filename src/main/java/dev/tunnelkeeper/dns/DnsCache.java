package dev.tunnelkeeper.dns;

import dev.tunnelkeeper.time.Scheduler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Answers kept for their TTL (negative answers for the SOA's minimum, RFC 2308), at most {@code maxEntries}, the least
 * recently used dropped first. A cached answer is handed out with its TTLs lowered by the time it spent here, so
 * the clients' own caches never keep it past the upstream's TTL. Time comes from the injected clock.
 */
final class DnsCache {
    /** A day: upstreams sometimes hand out week-long TTLs, and a VPN switch may change what a name should answer. */
    static final Duration MAX_TTL = Duration.ofDays(1);

    private record Key(String name, int type, int dclass, boolean dnssecOk, boolean checkingDisabled) {
    }

    /** {@code stored} and {@code expires} are readings of the monotonic clock: a wall-clock jump neither expires nor keeps an answer. */
    private record Cached(Message answer, Duration stored, Duration expires) {
    }

    private final int maxEntries;
    private final Scheduler clock;
    private final LinkedHashMap<Key, Cached> entries;

    DnsCache(int maxEntries, Scheduler clock) {
        this.maxEntries = maxEntries;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Cached> eldest) {
                return size() > DnsCache.this.maxEntries;
            }
        };
    }

    /** The cached answer to this query, with the query's ID and TTLs counted down, if a live one is kept. */
    Optional<Message> get(Message query) {
        Key key = key(query);
        Duration now = clock.elapsed();
        Cached entry;
        synchronized (this) {
            entry = entries.get(key);
            if (entry != null && now.compareTo(entry.expires) >= 0) {
                entries.remove(key);
                entry = null;
            }
        }
        if (entry == null) {
            return Optional.empty();
        }
        long spent = now.minus(entry.stored).toSeconds();
        return Optional.of(aged(entry.answer, spent, query.getHeader().getID()));
    }

    /** Keeps the answer when it may be cached: NOERROR or NXDOMAIN, not truncated, with a TTL above zero. */
    void put(Message query, Message answer) {
        long ttl = ttlOf(answer);
        if (ttl <= 0) {
            return;
        }
        Duration now = clock.elapsed();
        Cached entry = new Cached(answer.clone(), now, now.plusSeconds(ttl));
        synchronized (this) {
            entries.put(key(query), entry);
        }
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized void clear() {
        entries.clear();
    }

    /** How long an answer may be kept, in seconds; 0: not at all. */
    static long ttlOf(Message answer) {
        if (answer.getHeader().getFlag(Flags.TC)) {
            return 0;
        }
        int rcode = answer.getRcode();
        List<Record> answers = answer.getSection(Section.ANSWER);
        long ttl;
        if (rcode == Rcode.NOERROR && !answers.isEmpty()) {
            ttl = Long.MAX_VALUE;
            for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
                for (Record r : answer.getSection(section)) {
                    ttl = Math.min(ttl, r.getTTL());
                }
            }
        } else if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
            ttl = 0; // negative: only as long as the zone's SOA says, and not at all without one
            for (Record r : answer.getSection(Section.AUTHORITY)) {
                if (r instanceof SOARecord soa) {
                    ttl = Math.min(soa.getTTL(), soa.getMinimum());
                }
            }
        } else {
            return 0; // SERVFAIL, REFUSED...: ask again next time
        }
        return Math.min(ttl, MAX_TTL.toSeconds());
    }

    private static Key key(Message query) {
        Record q = query.getQuestion();
        OPTRecord opt = query.getOPT();
        boolean dnssecOk = opt != null && (opt.getFlags() & org.xbill.DNS.ExtendedFlags.DO) != 0;
        return new Key(q.getName().toString().toLowerCase(Locale.ROOT), q.getType(), q.getDClass(), dnssecOk,
                query.getHeader().getFlag(Flags.CD));
    }

    private static Message aged(Message answer, long spentSeconds, int id) {
        Message out = answer.clone();
        out.getHeader().setID(id);
        for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
            List<Record> records = answer.getSection(section);
            out.removeAllRecords(section);
            for (Record r : records) {
                out.addRecord(r.getType() == Type.OPT ? r : withTtl(r, Math.max(0, r.getTTL() - spentSeconds)), section);
            }
        }
        return out;
    }

    private static Record withTtl(Record r, long ttl) {
        return Record.newRecord(r.getName(), r.getType(), r.getDClass(), ttl, r.rdataToWireCanonical());
    }
}
