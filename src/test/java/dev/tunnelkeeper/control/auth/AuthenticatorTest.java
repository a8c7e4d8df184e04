package dev.tunnelkeeper.control.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.ControlSettings.AuthMethod;
import dev.tunnelkeeper.config.ControlSettings.Role;
import dev.tunnelkeeper.config.Secret;
import dev.tunnelkeeper.control.api.ControlRoutes;
import dev.tunnelkeeper.control.auth.Authenticator.Verdict;
import io.helidon.http.HeaderNames;
import io.helidon.http.WritableHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decisions alone, without a server: which role takes which credentials for which route. */
class AuthenticatorTest {
    private final Authenticator auth = new Authenticator(List.of(
            new Role("a", AuthMethod.APIKEY, "", Secret.NONE, new Secret("key-a"), List.of(ControlRoutes.VPN_STATUS_GET)),
            new Role("b", AuthMethod.APIKEY, "", Secret.NONE, new Secret("key-b"), List.of(ControlRoutes.VPN_STATUS_PUT)),
            new Role("u", AuthMethod.BASIC, "user", new Secret("pass"), Secret.NONE, List.of(ControlRoutes.VPN_STATUS_PUT)),
            new Role("open", AuthMethod.NONE, "", Secret.NONE, Secret.NONE, List.of(ControlRoutes.PROBE_LIVE))));

    @Test
    void eachRoleOpensItsOwnRoutes() {
        assertEquals(Verdict.ALLOWED, auth.decide(ControlRoutes.VPN_STATUS_GET, key("key-a")).verdict());
        assertEquals(Verdict.ALLOWED, auth.decide(ControlRoutes.VPN_STATUS_PUT, key("key-b")).verdict());
        assertEquals(Verdict.ALLOWED, auth.decide(ControlRoutes.VPN_STATUS_PUT, basic("user", "pass")).verdict());
        assertEquals(Verdict.ALLOWED, auth.decide(ControlRoutes.PROBE_LIVE, headers()).verdict());
        assertEquals(List.of("b"), auth.decide(ControlRoutes.VPN_STATUS_PUT, key("key-b")).roles());
    }

    @Test
    void anotherRolesKeyIsForbiddenAndNoKeyUnauthenticated() {
        assertEquals(Verdict.FORBIDDEN, auth.decide(ControlRoutes.VPN_STATUS_GET, key("key-b")).verdict());
        assertEquals(Verdict.FORBIDDEN, auth.decide(ControlRoutes.VPN_STATUS_GET, basic("user", "pass")).verdict());
        assertEquals(Verdict.UNAUTHENTICATED, auth.decide(ControlRoutes.VPN_STATUS_GET, headers()).verdict());
        assertEquals(Verdict.UNAUTHENTICATED, auth.decide(ControlRoutes.VPN_STATUS_GET, key("key-c")).verdict());
        assertEquals(Verdict.UNAUTHENTICATED, auth.decide(ControlRoutes.VPN_STATUS_PUT, basic("user", "PASS")).verdict());
    }

    @Test
    void aRouteNoRoleNamesIsClosedToEveryone() {
        assertFalse(auth.anyRoleCovers(ControlRoutes.HOOKS));
        assertEquals(Verdict.UNAUTHENTICATED, auth.decide(ControlRoutes.HOOKS, headers()).verdict());
        assertEquals(Verdict.FORBIDDEN, auth.decide(ControlRoutes.HOOKS, key("key-a")).verdict());
    }

    @Test
    void basicIsOfferedOnlyWhereABasicRoleCouldGetIn() {
        assertTrue(auth.decide(ControlRoutes.VPN_STATUS_PUT, headers()).basicOffered());
        assertFalse(auth.decide(ControlRoutes.VPN_STATUS_GET, headers()).basicOffered());
    }

    @Test
    void aPasswordWithAColonAndAnEmptyPasswordAreHandled() { // RFC 7617: the user-id ends at the first colon
        Authenticator colon = new Authenticator(List.of(
                new Role("c", AuthMethod.BASIC, "me", new Secret("a:b"), Secret.NONE, List.of("*"))));
        assertEquals(Verdict.ALLOWED, colon.decide(ControlRoutes.HOOKS, basic("me", "a:b")).verdict());
        assertEquals(Verdict.UNAUTHENTICATED, colon.decide(ControlRoutes.HOOKS, basic("me", "")).verdict());
    }

    @Test
    void credentialsNeverPrintTheirValues() {
        String text = Credentials.from(basic("user", "pass")).toString() + Credentials.from(key("key-a"));
        assertFalse(text.contains("pass") && text.contains("user:") || text.contains("key-a"), text);
    }

    private static WritableHeaders<?> headers() {
        return WritableHeaders.create();
    }

    private static WritableHeaders<?> key(String key) {
        WritableHeaders<?> h = WritableHeaders.create();
        h.set(HeaderNames.create("X-API-Key"), key);
        return h;
    }

    private static WritableHeaders<?> basic(String user, String password) {
        WritableHeaders<?> h = WritableHeaders.create();
        h.set(HeaderNames.AUTHORIZATION, "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        return h;
    }
}
