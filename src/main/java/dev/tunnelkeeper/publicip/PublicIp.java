package dev.tunnelkeeper.publicip;

import java.util.List;
import java.util.stream.Stream;

/**
 * The address the world sees, with what the lookup service said about it (gluetun's fields; empty when unknown).
 */
public record PublicIp(String ip, String country, String region, String city, String hostname, String location,
                       String organization, String postalCode, String timezone) {

    public static PublicIp of(String ip, String country, String region, String city) {
        return new PublicIp(ip, country, region, city, "", "", "", "", "");
    }

    /** "1.2.3.4 (Country, Region, City)", or the address alone when the service told nothing about it. */
    public String describe() {
        List<String> place = Stream.of(country, region, city).filter(s -> !s.isBlank()).toList();
        return place.isEmpty() ? ip : ip + " (" + String.join(", ", place) + ")";
    }
}
