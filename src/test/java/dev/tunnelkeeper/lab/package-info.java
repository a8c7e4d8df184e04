/**
 * The project's VPN test lab: real OpenVPN 2.6 and wireguard-go servers in network namespaces.
 *
 * <p>The facts it is built on (Debian 12, root, a kernel without a WireGuard module):
 * <ul>
 *   <li>Needs root and {@code openvpn wireguard-tools wireguard-go iptables iproute2 openssl} (installed with
 *       {@code --no-install-recommends}: otherwise wireguard-tools pulls in a kernel image).</li>
 *   <li>Topology: a client namespace (10.200.0.2/24), a router namespace forwarding only between the lab's links,
 *       and server namespaces (10.(200+i).0.2/24). Each veth pair is created inside the lab's namespaces, so the
 *       host's own network is never touched; there is no NAT and no route out of the lab. The health target,
 *       172.16.99.1:443 on {@code lo} of each server namespace, answers with the server's name; the router has no
 *       route to it, so the client reaches it only through a tunnel. IPv6 is off in the lab's namespaces.</li>
 *   <li>The kernel has no {@code wireguard} and no {@code dummy} link type: WireGuard is wireguard-go, run with
 *       {@code WG_PROCESS_FOREGROUND=1} (otherwise it daemonizes and the PID held exits at once). Its UAPI sockets in
 *       {@code /var/run/wireguard} are shared by every namespace, so interface names are unique per lab.
 *       Routing: the endpoint /32 via the router, 0.0.0.0/1 and 128.0.0.0/1 via the tunnel (or wg-quick's fwmark
 *       rules, which outlive the process and are deleted on stop).</li>
 *   <li>OpenVPN 2.6 sets addresses and routes itself (no scripts); it is ready at
 *       {@code Initialization Sequence Completed}. A killed server is noticed by a TCP dial only at its timeout.</li>
 *   <li>After a client restart a server keeps sending to the client's old UDP port, and the client's ICMP
 *       port-unreachable answer is RELATED traffic to the endpoint: leak counters leave ICMP to endpoints out.</li>
 *   <li>PID 1 on these machines reaps orphans about 1 s late and {@code kill -0} succeeds on zombies: liveness is
 *       read from {@code /proc/PID/stat} or {@code Process.waitFor()}. {@code ip netns exec} costs ~47 ms a call.</li>
 *   <li>Traffic stays on loopback and in the namespaces a test made; no test dials anything outside them (never the
 *       product's default health target).</li>
 * </ul>
 *
 * <pre>{@code
 * @Tag("lab")
 * class MyLabTest {
 *     @Test
 *     void failsOverToTheSecondServer() {
 *         LabSupport.assumeLabCanRun();                 // skipped, with the reason, where it cannot run
 *         try (Lab lab = Lab.start(2)) {                // ~0.6 s; close() ~0.1 s
 *             Process supervisor = lab.startInClient(List.of(...), Map.of(
 *                     "HEALTH_TARGET_ADDRESS", lab.healthTarget(),  // never the default cloudflare.com
 *                     "OPENVPN_CUSTOM_CONFIG", lab.clientOvpn().toString()), lab.directory().resolve("tk.log"));
 *             lab.stopOpenVpnServer(1);                // or blackhole(1, true), stopWireGuardServer(1)
 *             DialResult dial = lab.dialTarget(Duration.ofSeconds(2));   // answer() is "s1", "s2", ...
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>{@link dev.tunnelkeeper.lab.BareClient} gives a plain openvpn or wireguard-go client for tests
 * that need a tunnel without tunnelkeeper's own client code. {@link dev.tunnelkeeper.lab.LabDemoServers}
 * runs a lab for a demo and takes fault commands on stdin.
 */
package dev.tunnelkeeper.lab;
