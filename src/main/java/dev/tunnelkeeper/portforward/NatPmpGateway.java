package dev.tunnelkeeper.portforward;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** {@link Gateway} over {@link NatPmpClient}: each lease runs on a virtual thread, so the caller never waits. */
public final class NatPmpGateway implements Gateway, AutoCloseable {
    private final NatPmpClient client;
    private final int port;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public NatPmpGateway(NatPmpClient client) {
        this(client, NatPmp.PORT);
    }

    /** @param port the gateway's NAT-PMP port: 5351, another only in tests */
    public NatPmpGateway(NatPmpClient client, int port) {
        this.client = client;
        this.port = port;
    }

    @Override
    public CompletableFuture<Lease> lease(String gateway, Request request) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                // an IPv4 literal (from the routes or the interface): no name lookup happens
                InetSocketAddress to = new InetSocketAddress(InetAddress.getByName(gateway), port);
                Optional<String> external = request.askExternalAddress()
                        ? Optional.of(client.externalAddress(to).address()) : Optional.empty();
                NatPmp.Mapping udp = client.map(to, NatPmp.Protocol.UDP, request.internalPort(), request.externalPort(),
                        request.lifetime());
                NatPmp.Mapping tcp = client.map(to, NatPmp.Protocol.TCP, request.internalPort(), request.externalPort(),
                        request.lifetime());
                return new Lease(external, udp, tcp);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, executor);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
