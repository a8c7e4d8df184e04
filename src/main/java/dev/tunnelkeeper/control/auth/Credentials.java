package dev.tunnelkeeper.control.auth;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * What a request presents: an API key in {@code X-API-Key}, basic auth in {@code Authorization}, both or neither.
 * Malformed basic auth counts as none. Never printed: there is no toString with the values.
 */
record Credentials(Optional<String> apiKey, Optional<String> username, Optional<String> password) {
    static final HeaderName API_KEY = HeaderNames.create("X-API-Key");

    static Credentials from(Headers headers) {
        Optional<String> key = headers.first(API_KEY).filter(k -> !k.isEmpty());
        Optional<String> basic = headers.first(HeaderNames.AUTHORIZATION)
                .filter(h -> h.length() > 6 && h.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic "))
                .flatMap(h -> decode(h.substring(6).strip()));
        int colon = basic.map(b -> b.indexOf(':')).orElse(-1);
        if (colon < 0) {
            return new Credentials(key, Optional.empty(), Optional.empty());
        }
        String pair = basic.orElseThrow();
        return new Credentials(key, Optional.of(pair.substring(0, colon)), Optional.of(pair.substring(colon + 1)));
    }

    private static Optional<String> decode(String base64) {
        try {
            return Optional.of(new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "Credentials[api key " + (apiKey.isPresent() ? "sent" : "not sent") + ", basic auth "
                + (username.isPresent() ? "sent" : "not sent") + "]";
    }
}
