package dev.tunnelkeeper.control.auth;

import dev.tunnelkeeper.config.ControlSettings.AuthMethod;
import dev.tunnelkeeper.config.ControlSettings.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.Set;

/**
 * One role as the filter checks it. Only SHA-256 digests of its secrets are kept, and they are compared with
 * {@link MessageDigest#isEqual}: the time taken does not tell how much of a guess was right, nor its length.
 */
final class RoleCheck {
    private final String name;
    private final AuthMethod method;
    private final Set<String> routes;
    private final byte[] apiKey;
    private final byte[] username;
    private final byte[] password;

    RoleCheck(Role role, Set<String> routes) {
        this.name = role.name();
        this.method = role.auth();
        this.routes = Set.copyOf(routes);
        this.apiKey = digest(role.apiKey().value());
        this.username = digest(role.username());
        this.password = digest(role.password().value());
    }

    String name() {
        return name;
    }

    AuthMethod method() {
        return method;
    }

    boolean covers(String route) {
        return routes.contains(route);
    }

    /** Whether the credentials are this role's; NONE takes anyone. */
    boolean accepts(Credentials credentials) {
        return switch (method) {
            case NONE -> true;
            case APIKEY -> same(credentials.apiKey(), apiKey);
            // both compared, always: no early exit that would tell a right username from a wrong one
            case BASIC -> same(credentials.username(), username) & same(credentials.password(), password);
        };
    }

    private static boolean same(Optional<String> presented, byte[] expected) {
        byte[] given = digest(presented.orElse(""));
        return MessageDigest.isEqual(given, expected) & presented.isPresent();
    }

    static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
