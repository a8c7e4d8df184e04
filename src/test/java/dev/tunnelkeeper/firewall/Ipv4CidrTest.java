package dev.tunnelkeeper.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ipv4CidrTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "192.168.1.0/24,  192.168.1.0/24",
            "192.168.1.77/24, 192.168.1.0/24",
            "10.0.0.5,        10.0.0.5/32",
            "10.0.0.5/32,     10.0.0.5/32",
            "0.0.0.0/0,       0.0.0.0/0",
            "255.255.255.255/1, 128.0.0.0/1",
            "172.17.0.2/16,   172.17.0.0/16",
            "' 10.1.2.3/8 ',  10.0.0.0/8",
    })
    void normalizesAsIptablesPrints(String text, String expected) {
        assertEquals(expected, Ipv4Cidr.parse(text).toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "256.0.0.1      | \"256.0.0.1\" is not an IPv4 address",
            "10.0.0         | \"10.0.0\" is not an IPv4 address",
            "010.0.0.1      | \"010.0.0.1\" is not an IPv4 address",
            "10.0.0.1/33    | prefix length 33 is out of range 0-32",
            "10.0.0.1/x     | \"x\" is not a prefix length",
            "10.0.0.1/      | \"\" is not a prefix length",
            "10.0.0.1/8/8   | \"10.0.0.1/8/8\" has more than one '/'",
            "example.com    | \"example.com\" is not an IPv4 address",
    })
    void rejects(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Ipv4Cidr.parse(text)).getMessage());
    }
}
