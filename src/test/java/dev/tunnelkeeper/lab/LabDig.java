package dev.tunnelkeeper.lab;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.stream.Collectors;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A dig for the lab: asks one DNS server for the A record of each name, from inside a namespace, and prints one line
 * per name: {@code <name> <RCODE> <millis> <addresses...>}, or {@code <name> ERROR <millis> <message>} when no answer
 * came within the timeout. Usage: {@code LabDig <ip> <port> <timeoutMillis> <name>...}.
 */
public final class LabDig {
    private LabDig() {
    }

    public static void main(String[] args) throws IOException {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(args[0], Integer.parseInt(args[1])));
        resolver.setTimeout(Duration.ofMillis(Long.parseLong(args[2])));
        for (int i = 3; i < args.length; i++) {
            long start = System.nanoTime();
            try {
                Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(args[i] + "."), Type.A, DClass.IN)));
                System.out.println(args[i] + " " + Rcode.string(answer.getRcode()) + " " + millis(start) + " "
                        + answer.getSection(Section.ANSWER).stream().map(Record::rdataToString).collect(Collectors.joining(" ")));
            } catch (IOException e) {
                System.out.println(args[i] + " ERROR " + millis(start) + " " + e.getMessage());
            }
        }
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
