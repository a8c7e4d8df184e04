package dev.tunnelkeeper.portforward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The packet formats of RFC 6886 sections 3.2, 3.3 and 3.5, byte for byte. */
class NatPmpTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void theExternalAddressRequestIsVersionZeroOpcodeZero() {
        assertArrayEquals(hex("00 00"), NatPmp.externalAddressRequest());
    }

    @Test
    void aMappingRequestCarriesOpcodeReservedInternalSuggestedExternalAndLifetime() {
        // 3.3: version 0, opcode 1 (UDP) / 2 (TCP), 16 reserved bits, internal port, suggested external, lifetime
        assertArrayEquals(hex("00 01 0000 9c40 9c40 0000003c"),
                NatPmp.mappingRequest(NatPmp.Protocol.UDP, 40000, 40000, Duration.ofSeconds(60)));
        assertArrayEquals(hex("00 02 0000 0000 0001 0000003c"),
                NatPmp.mappingRequest(NatPmp.Protocol.TCP, 0, 1, Duration.ofSeconds(60)));
        // 3.4: lifetime 0 deletes the mapping
        assertArrayEquals(hex("00 02 0000 1f90 0000 00000000"),
                NatPmp.mappingRequest(NatPmp.Protocol.TCP, 8080, 0, Duration.ZERO));
    }

    @Test
    void anExternalAddressResponseIsRead() throws Exception {
        byte[] packet = hex("00 80 0000 00001234 c0 00 02 07");
        NatPmp.ExternalAddress a = NatPmp.externalAddressResponse(packet, packet.length).orElseThrow();
        assertEquals("192.0.2.7", a.address());
        assertEquals(0x1234, a.epochSeconds());
    }

    @Test
    void aMappingResponseIsRead() throws Exception {
        byte[] packet = hex("00 82 0000 00000010 9c40 9c41 0000003c");
        NatPmp.Mapping m = NatPmp.mappingResponse(packet, packet.length, NatPmp.Protocol.TCP, 40000).orElseThrow();
        assertEquals(40000, m.internalPort());
        assertEquals(40001, m.externalPort());
        assertEquals(Duration.ofSeconds(60), m.lifetime());
        assertEquals(16, m.epochSeconds());
    }

    @Test
    void aPacketThatAnswersAnotherRequestIsNotTakenForTheAnswer() throws Exception {
        // natpmpc's mistake (PORTFORWARD.md): a late public-address answer taken for a mapping answer
        byte[] address = hex("00 80 0000 00001234 c0 00 02 07");
        assertTrue(NatPmp.mappingResponse(address, address.length, NatPmp.Protocol.TCP, 40000).isEmpty());
        byte[] udp = hex("00 81 0000 00000010 9c40 9c40 0000003c");
        assertTrue(NatPmp.mappingResponse(udp, udp.length, NatPmp.Protocol.TCP, 40000).isEmpty(), "UDP's answer");
        byte[] otherPort = hex("00 82 0000 00000010 1f90 1f90 0000003c");
        assertTrue(NatPmp.mappingResponse(otherPort, otherPort.length, NatPmp.Protocol.TCP, 40000).isEmpty());
        byte[] request = NatPmp.mappingRequest(NatPmp.Protocol.TCP, 40000, 40000, Duration.ofSeconds(60));
        assertTrue(NatPmp.mappingResponse(request, request.length, NatPmp.Protocol.TCP, 40000).isEmpty(), "an echo");
        byte[] shortOne = hex("00 82 0000");
        assertTrue(NatPmp.mappingResponse(shortOne, shortOne.length, NatPmp.Protocol.TCP, 40000).isEmpty());
    }

    @Test
    void aNonZeroResultCodeIsAnErrorNamedAsTheRfcNamesIt() {
        byte[] refused = hex("00 82 0002 00000010 0000 0000 00000000");
        NatPmp.ResultException e = assertThrows(NatPmp.ResultException.class,
                () -> NatPmp.mappingResponse(refused, refused.length, NatPmp.Protocol.TCP, 0));
        assertEquals(2, e.code());
        assertEquals("tcp mapping request: the gateway answered result 2 (Not Authorized/Refused)", e.getMessage());
        byte[] failure = hex("00 80 0003 00000010 00000000");
        assertEquals(3, assertThrows(NatPmp.ResultException.class,
                () -> NatPmp.externalAddressResponse(failure, failure.length)).code());
    }

    @Test
    void outOfRangeValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> NatPmp.mappingRequest(NatPmp.Protocol.TCP, 65536, 0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> NatPmp.mappingRequest(NatPmp.Protocol.TCP, 1, 0, Duration.ofSeconds(-1)));
    }
}
