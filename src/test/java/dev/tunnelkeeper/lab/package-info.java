/**
 * The project's VPN test lab: real OpenVPN 2.6 and wireguard-go servers in network namespaces
 * (see /work/shared/LAB.md for the facts it is built on).
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
