package dev.tunnelkeeper.vpn;

import java.util.Optional;

/**
 * Where the next connect goes: the selection's choice ({@link #ANY}), a named server (the control API's switch, a
 * hook's switch to a server), or any but one (a hook's switch away from the current server). One-shot: the attempt
 * that follows the request uses it, the ones after it choose again.
 *
 * @param server the server asked for; when it is not among the candidates, the selection chooses (without {@code avoid})
 * @param avoid  a server to leave out of this choice (unless it is the only one)
 */
public record NextServer(Optional<String> server, Optional<String> avoid) {
    public static final NextServer ANY = new NextServer(Optional.empty(), Optional.empty());

    public static NextServer named(String server) {
        return new NextServer(Optional.of(server), Optional.empty());
    }

    public boolean any() {
        return server.isEmpty() && avoid.isEmpty();
    }
}
