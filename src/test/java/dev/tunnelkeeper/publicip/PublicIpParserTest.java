package dev.tunnelkeeper.publicip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PublicIpParserTest {
    @Test
    void ipinfosShape() {
        PublicIp ip = PublicIpParser.parse("""
                {"ip":"203.0.113.7","hostname":"h.example","city":"Amsterdam","region":"North Holland","country":"NL",
                 "loc":"52.37,4.89","org":"AS1 Example","postal":"1012","timezone":"Europe/Amsterdam"}
                """);
        assertEquals(new PublicIp("203.0.113.7", "NL", "North Holland", "Amsterdam", "h.example", "52.37,4.89",
                "AS1 Example", "1012", "Europe/Amsterdam"), ip);
        assertEquals("203.0.113.7 (NL, North Holland, Amsterdam)", ip.describe());
    }

    @Test
    void gluetunsShapeAndTheLabsEcho() {
        assertEquals("2001:db8::7", PublicIpParser.parse("{\"public_ip\":\"2001:db8::7\",\"country\":\"X\"}").ip());
        assertEquals("10.8.1.2 (Labland, s1, Lab City)", PublicIpParser.parse(
                "{\"ip\":\"10.8.1.2\",\"country\":\"Labland\",\"region\":\"s1\",\"city\":\"Lab City\"}").describe());
    }

    @Test
    void aBareAddressAsPlainText() {
        PublicIp ip = PublicIpParser.parse("198.51.100.4\n");
        assertEquals("198.51.100.4", ip.ip());
        assertEquals("198.51.100.4", ip.describe(), "nothing else known: the address alone");
    }

    @Test
    void answersWithoutAnAddressSayWhy() {
        assertEquals("the answer has no \"ip\" (or \"public_ip\") field: {\"country\":\"NL\"}",
                assertThrows(IllegalArgumentException.class, () -> PublicIpParser.parse("{\"country\":\"NL\"}")).getMessage());
        assertEquals("\"<html>rate limited</html>\" is not an IP address",
                assertThrows(IllegalArgumentException.class, () -> PublicIpParser.parse("<html>rate limited</html>")).getMessage());
        assertEquals("\"999.1.1.1\" is not an IP address",
                assertThrows(IllegalArgumentException.class, () -> PublicIpParser.parse("{\"ip\":\"999.1.1.1\"}")).getMessage());
    }
}
