package dev.tunnelkeeper.dns;

import dev.tunnelkeeper.log.Log;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The resolver's sockets: UDP and TCP on one address. Each query is answered on its own virtual thread, so a slow
 * upstream never holds up the others.
 */
final class DnsListener implements AutoCloseable {
    private static final Log LOG = Log.of("dns");
    private static final int TCP_IDLE_MILLIS = 10_000;

    private final Forwarder forwarder;
    private final DatagramChannel udp;
    private final ServerSocket tcp;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Thread udpLoop;
    private final Thread tcpLoop;
    private volatile boolean closed;

    private DnsListener(Forwarder forwarder, DatagramChannel udp, ServerSocket tcp) {
        this.forwarder = forwarder;
        this.udp = udp;
        this.tcp = tcp;
        this.udpLoop = Thread.ofPlatform().daemon().name("dns-udp").unstarted(this::receiveUdp);
        this.tcpLoop = Thread.ofPlatform().daemon().name("dns-tcp").unstarted(this::acceptTcp);
    }

    /**
     * Binds UDP and TCP on {@code address}. Port 0: the same free port for both; the port UDP got may be taken for TCP,
     * so then a few other free ports are tried.
     */
    static DnsListener start(InetSocketAddress address, Forwarder forwarder) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return bind(address, forwarder);
            } catch (java.net.BindException e) {
                if (address.getPort() != 0 || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    private static DnsListener bind(InetSocketAddress address, Forwarder forwarder) throws IOException {
        DatagramChannel udp = DatagramChannel.open(StandardProtocolFamily.INET);
        ServerSocket tcp = new ServerSocket();
        try {
            udp.bind(address);
            int port = ((InetSocketAddress) udp.getLocalAddress()).getPort();
            tcp.setReuseAddress(true);
            tcp.bind(new InetSocketAddress(address.getAddress(), port), 64);
        } catch (IOException e) {
            udp.close();
            tcp.close();
            throw e;
        }
        DnsListener listener = new DnsListener(forwarder, udp, tcp);
        listener.udpLoop.start();
        listener.tcpLoop.start();
        return listener;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(tcp.getInetAddress(), tcp.getLocalPort());
    }

    private void receiveUdp() {
        ByteBuffer buffer = ByteBuffer.allocate(65535);
        while (!closed) {
            try {
                buffer.clear();
                SocketAddress from = udp.receive(buffer);
                byte[] query = Arrays.copyOf(buffer.array(), buffer.position());
                workers.execute(() -> answerUdp(query, from));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
                if (!closed) {
                    LOG.warn("receiving a UDP query failed: " + e.getMessage());
                }
            }
        }
    }

    private void answerUdp(byte[] query, SocketAddress from) {
        Optional<Forwarder.Reply> reply = answer(query);
        if (reply.isEmpty()) {
            return;
        }
        try {
            udp.send(ByteBuffer.wrap(reply.get().message().toWire(reply.get().udpLimit())), from);
        } catch (IOException e) {
            if (!closed) {
                LOG.debug("sending an answer to " + from + " failed: " + e.getMessage());
            }
        }
    }

    private void acceptTcp() {
        while (!closed) {
            try {
                Socket client = tcp.accept();
                workers.execute(() -> serveTcp(client));
            } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
                if (!closed) {
                    LOG.warn("accepting a TCP connection failed: " + e.getMessage());
                }
            }
        }
    }

    // RFC 7766: several queries may come on one connection, each with a two-byte length.
    private void serveTcp(Socket client) {
        try (client) {
            client.setSoTimeout(TCP_IDLE_MILLIS);
            DataInputStream in = new DataInputStream(client.getInputStream());
            DataOutputStream out = new DataOutputStream(client.getOutputStream());
            while (!closed) {
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                Optional<Forwarder.Reply> reply = answer(query);
                if (reply.isEmpty()) {
                    return;
                }
                byte[] wire = reply.get().message().toWire(65535);
                out.writeShort(wire.length);
                out.write(wire);
                out.flush();
            }
        } catch (EOFException | SocketTimeoutException e) {
            // the client is done, or idle
        } catch (IOException e) {
            if (!closed) {
                LOG.debug("a TCP client of the resolver failed: " + e.getMessage());
            }
        }
    }

    // A bug answering one query must not take the listener down: that client gets no answer and retries.
    private Optional<Forwarder.Reply> answer(byte[] query) {
        try {
            return forwarder.answer(query);
        } catch (RuntimeException e) {
            LOG.error("answering a query failed: " + e);
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            udp.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            tcp.close();
        } catch (IOException e) {
            // closing anyway
        }
        workers.shutdownNow();
        join(udpLoop);
        join(tcpLoop);
    }

    private static void join(Thread t) {
        try {
            t.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
