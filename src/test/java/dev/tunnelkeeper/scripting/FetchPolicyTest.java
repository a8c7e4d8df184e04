package dev.tunnelkeeper.scripting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HOOK_FETCH_ALLOW's rules on URLs and resolved addresses, without a packet. */
class FetchPolicyTest {
    private final FetchPolicy policy = new FetchPolicy(
            List.of("ntfy.sh:443", "Gotify.LAN.:8080", "192.168.1.0/24:8080", "10.0.0.5:80"), List.of("192.168.1.0/24"));

    private String refusal(String url) {
        return assertThrows(FetchPolicy.Refused.class, () -> policy.check(URI.create(url))).getMessage();
    }

    private String refusal(String name, int port, String address) throws Exception {
        FetchPolicy.Target t = policy.check(URI.create("http://" + name + ":" + port + "/"));
        InetAddress a = InetAddress.getByAddress(name, InetAddress.getByName(address).getAddress());
        return assertThrows(FetchPolicy.Refused.class, () -> policy.checkResolved(t, a)).getMessage();
    }

    @Test
    void grantsNameAPortAndNamesCompareWithoutCaseOrTrailingDot() throws Exception {
        assertEquals(new FetchPolicy.Target("NTFY.sh", 443, false), policy.check(URI.create("https://NTFY.sh/topic")));
        assertEquals(new FetchPolicy.Target("gotify.lan", 8080, false), policy.check(URI.create("http://gotify.lan:8080/message")));
        assertEquals(new FetchPolicy.Target("192.168.1.77", 8080, true), policy.check(URI.create("http://192.168.1.77:8080/")));
        assertEquals(new FetchPolicy.Target("10.0.0.5", 80, true), policy.check(URI.create("http://10.0.0.5/")));
        assertTrue(refusal("http://ntfy.sh/topic").startsWith("ntfy.sh:80 is not in HOOK_FETCH_ALLOW"), "http is port 80");
        assertTrue(refusal("http://192.168.2.1:8080/").contains("adding 192.168.2.1:8080 (or a network around it, such as "
                + "192.168.2.0/24:8080) to HOOK_FETCH_ALLOW would allow it"));
        assertTrue(refusal("http://10.0.0.6/").startsWith("10.0.0.6:80 is not in HOOK_FETCH_ALLOW"));
    }

    @Test
    void whatNoGrantAllows() {
        assertEquals("127.0.0.1 is a loopback address (this machine): no setting allows it", refusal("http://127.0.0.1:8000/"));
        assertTrue(refusal("http://169.254.169.254/").startsWith("169.254.169.254 is a link-local address"));
        assertTrue(refusal("http://224.0.0.1:80/").startsWith("224.0.0.1 is a multicast or reserved address"));
        assertTrue(refusal("http://0.0.0.0:80/").startsWith("0.0.0.0 is an unspecified address"));
        assertEquals("[::1] is an IPv6 address: tk.fetch reaches IPv4 addresses only", refusal("http://[::1]:80/"));
        assertEquals("only http and https URLs can be fetched", refusal("file:///etc/passwd"));
        assertEquals("a URL with user:password@ is refused: send credentials in a header",
                refusal("https://me:pw@ntfy.sh/topic"));
    }

    @Test
    void aGrantedNameIsCheckedAgainOnWhatItResolvesTo() throws Exception {
        FetchPolicy.Target ntfy = policy.check(URI.create("https://ntfy.sh/topic"));
        policy.checkResolved(ntfy, InetAddress.getByAddress("ntfy.sh", new byte[]{(byte) 159, (byte) 203, (byte) 148, 75}));
        assertTrue(refusal("ntfy.sh", 443, "127.0.0.53").startsWith("ntfy.sh resolves to 127.0.0.53, a loopback address"));
        assertTrue(refusal("ntfy.sh", 443, "169.254.169.254").contains("link-local"));
        assertEquals("ntfy.sh resolves to 10.1.2.3, a private address that a name grant does not cover (a name could be "
                + "made to point anywhere); adding 10.1.2.3:443 to HOOK_FETCH_ALLOW would allow it",
                refusal("ntfy.sh", 443, "10.1.2.3"));
        assertTrue(refusal("ntfy.sh", 443, "100.64.0.1").contains("a private address"), "CGNAT counts as private");
        // a private address is allowed to a name when a network grant with that port covers it
        FetchPolicy.Target gotify = policy.check(URI.create("http://gotify.lan:8080/"));
        policy.checkResolved(gotify, InetAddress.getByAddress("gotify.lan", new byte[]{(byte) 192, (byte) 168, 1, 20}));
        assertTrue(refusal("gotify.lan", 8080, "192.168.2.20").contains("a private address that a name grant does not cover"));
    }

    @Test
    void theLanIsWhatFirewallOutboundSubnetsSays() throws Exception {
        assertTrue(policy.onLan(InetAddress.getByName("192.168.1.20")));
        assertFalse(policy.onLan(InetAddress.getByName("192.168.2.20")));
        assertFalse(policy.onLan(InetAddress.getByName("203.0.113.10")));
    }
}
