package dev.tunnelkeeper.publicip;

import java.util.concurrent.CompletableFuture;

/** One lookup of the public IP address; completes exceptionally with a message saying what went wrong. */
@FunctionalInterface
public interface IpFetcher {
    CompletableFuture<PublicIp> fetch();
}
