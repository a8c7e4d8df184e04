package dev.tunnelkeeper.dns;

import dev.tunnelkeeper.health.ErrorKind;
import dev.tunnelkeeper.health.NameLookup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The health check's lookups, asked of the local resolver (so through the tunnel), with Go's error words:
 * {@code lookup cloudflare.com on 127.0.0.1:53: no such host}, {@code ...: server misbehaving}, {@code ...: i/o timeout}.
 */
public final class ResolverLookup implements NameLookup {
    private final InetSocketAddress server;
    private final String where;

    public ResolverLookup(InetSocketAddress server) {
        this.server = server;
        this.where = server.getAddress().getHostAddress() + ":" + server.getPort();
    }

    @Override
    public InetAddress lookup(String host, Duration timeout) throws LookupFailure {
        byte[] literal = Address.toByteArray(host, Address.IPv4);
        if (literal != null) {
            return DotProviders.literal(host);
        }
        String prefix = "lookup " + host + " on " + where + ": ";
        Name name;
        try {
            name = Name.fromString(host.endsWith(".") ? host : host + ".");
        } catch (TextParseException e) {
            throw new LookupFailure(prefix + "no such host", ErrorKind.DNS);
        }
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setTimeout(timeout);
        Message answer;
        try {
            answer = resolver.send(Message.newQuery(Record.newRecord(name, Type.A, DClass.IN)));
        } catch (IOException e) {
            boolean timedOut = e instanceof java.net.SocketTimeoutException
                    || String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("timed out");
            throw new LookupFailure(prefix + (timedOut ? "i/o timeout" : e.getMessage()),
                    timedOut ? ErrorKind.TIMEOUT : ErrorKind.DNS);
        }
        int rcode = answer.getRcode();
        if (rcode == Rcode.NOERROR) {
            for (Record r : answer.getSection(Section.ANSWER)) {
                if (r instanceof ARecord a) {
                    return a.getAddress();
                }
            }
            throw new LookupFailure(prefix + "no such host", ErrorKind.DNS);
        }
        throw new LookupFailure(prefix + (rcode == Rcode.NXDOMAIN ? "no such host" : "server misbehaving"), ErrorKind.DNS);
    }
}
