package dev.tunnelkeeper.firewall;

/** A network the container is directly attached to (such as Docker's bridge network) and the interface on it. */
public record LocalSubnet(String iface, Ipv4Cidr subnet) {
}
