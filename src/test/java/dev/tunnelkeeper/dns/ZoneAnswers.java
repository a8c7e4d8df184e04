package dev.tunnelkeeper.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A tiny authoritative zone for tests, built with dnsjava: {@code *.test.} names starting with "a" answer A 192.0.2.7
 * (TTL {@link #TTL}), "nx..." names NXDOMAIN with a SOA (minimum {@link #NEGATIVE_TTL}); it counts the queries.
 */
final class ZoneAnswers implements UnaryOperator<Message> {
    static final long TTL = 60;
    static final long NEGATIVE_TTL = 30;
    static final String ADDRESS = "192.0.2.7";

    final AtomicInteger queries = new AtomicInteger();

    @Override
    public Message apply(Message query) {
        queries.incrementAndGet();
        Record q = query.getQuestion();
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.RD);
        reply.getHeader().setFlag(Flags.RA);
        reply.addRecord(q, Section.QUESTION);
        try {
            if (q.getName().toString().startsWith("nx")) {
                reply.getHeader().setRcode(Rcode.NXDOMAIN);
                reply.addRecord(new SOARecord(Name.fromString("test."), DClass.IN, 3600, Name.fromString("ns.test."),
                        Name.fromString("admin.test."), 1, 3600, 600, 86400, NEGATIVE_TTL), Section.AUTHORITY);
            } else if (q.getType() == Type.A) {
                reply.addRecord(new ARecord(q.getName(), DClass.IN, TTL, InetAddress.getByName(ADDRESS)), Section.ANSWER);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return reply;
    }

    static Message query(String name) {
        try {
            return Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
