package dev.tunnelkeeper.dns;

import dev.tunnelkeeper.config.DnsSettings.DotServer;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * DNS over TLS (RFC 7858): TCP framing inside TLS to port 853; the server's certificate must be trusted and name the
 * server's TLS name. Connections are kept open and reused (a handshake costs several round trips through the
 * tunnel); one that went stale is replaced once within the same query.
 */
final class DotUpstream implements Upstream {
    private static final int MAX_IDLE = 4;
    private final DotServer server;
    private final SSLContext tls;
    private final ConcurrentLinkedDeque<SSLSocket> idle = new ConcurrentLinkedDeque<>();

    DotUpstream(DotServer server, SSLContext tls) {
        this.server = server;
        this.tls = tls;
    }

    @Override
    public String name() {
        return server.toString();
    }

    @Override
    public byte[] exchange(byte[] query, Duration timeout) throws UpstreamException {
        long deadline = System.nanoTime() + timeout.toNanos();
        SSLSocket reused = idle.pollFirst();
        if (reused != null) {
            try {
                reused.setSoTimeout(PlainUpstream.millis(timeout));
                byte[] answer = PlainUpstream.exchangeFramed(reused, query);
                keep(reused);
                return answer;
            } catch (IOException e) {
                close(reused); // the server closed it while idle, or it belonged to an old tunnel: one fresh try
            }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new UpstreamException("i/o timeout");
        }
        SSLSocket socket = open(Duration.ofNanos(left));
        try {
            socket.setSoTimeout(PlainUpstream.millis(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))));
            byte[] answer = PlainUpstream.exchangeFramed(socket, query);
            keep(socket);
            return answer;
        } catch (IOException e) {
            close(socket);
            throw UpstreamException.of("read tls", e);
        }
    }

    private SSLSocket open(Duration timeout) throws UpstreamException {
        Socket raw = new Socket();
        try {
            raw.connect(server.address(), PlainUpstream.millis(timeout));
        } catch (IOException e) {
            closeQuietly(raw);
            throw UpstreamException.of("dial tcp", e);
        }
        try {
            raw.setSoTimeout(PlainUpstream.millis(timeout));
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(raw, server.tlsName(), server.address().getPort(), true);
            SSLParameters params = socket.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the TLS name
            params.setServerNames(List.of(new SNIHostName(server.tlsName())));
            socket.setSSLParameters(params);
            socket.startHandshake();
            return socket;
        } catch (SSLException e) {
            closeQuietly(raw);
            throw new UpstreamException("TLS handshake: " + rootMessage(e), e);
        } catch (IOException e) {
            closeQuietly(raw);
            throw UpstreamException.of("TLS handshake", e);
        }
    }

    private void keep(SSLSocket socket) {
        if (idle.size() < MAX_IDLE) {
            idle.offerFirst(socket);
        } else {
            close(socket);
        }
    }

    @Override
    public void reset() {
        for (SSLSocket s = idle.pollFirst(); s != null; s = idle.pollFirst()) {
            close(s);
        }
    }

    private static void close(SSLSocket socket) {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // going away anyway
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}
