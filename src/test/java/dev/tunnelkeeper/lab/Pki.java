package dev.tunnelkeeper.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway PKI made per lab with plain openssl: one EC prime256v1 CA (so one client config works
 * with every server), one server certificate (serverAuth), one client certificate (clientAuth) and
 * a tls-crypt key.
 */
record Pki(Path caCert, Path serverCert, Path serverKey, Path clientCert, Path clientKey, Path tlsCryptKey) {
    private static final String VALID_DAYS = "30";

    static Pki create(Path dir) {
        LabFiles.createPrivateDirectory(dir);
        // An empty config: the system one would add CA extensions to every `req -x509` certificate.
        Path config = LabFiles.writePrivate(dir.resolve("openssl.cnf"), "[req]\ndistinguished_name = dn\n[dn]\n");
        Pki pki = new Pki(dir.resolve("ca.crt"), dir.resolve("server.crt"), dir.resolve("server.key"),
                dir.resolve("client.crt"), dir.resolve("client.key"), dir.resolve("tls-crypt.key"));
        Path caKey = dir.resolve("ca.key");
        Commands.check(newCertificate(config, caKey, pki.caCert, "tunnelkeeper-lab-ca", List.of(
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign")));
        Parallel.run(
                () -> Commands.check(leaf(config, pki.serverKey, pki.serverCert, "tunnelkeeper-lab-server", "serverAuth", pki, caKey)),
                () -> Commands.check(leaf(config, pki.clientKey, pki.clientCert, "tunnelkeeper-lab-client", "clientAuth", pki, caKey)),
                () -> Commands.check(List.of(LabTools.path("openvpn"), "--genkey", "tls-crypt", pki.tlsCryptKey.toString())));
        return pki;
    }

    private static List<String> leaf(Path config, Path key, Path cert, String name, String usage, Pki pki, Path caKey) {
        return newCertificate(config, key, cert, name, List.of(
                "-CA", pki.caCert.toString(), "-CAkey", caKey.toString(),
                "-addext", "basicConstraints=critical,CA:FALSE",
                "-addext", "keyUsage=critical,digitalSignature",
                "-addext", "extendedKeyUsage=" + usage));
    }

    /** The lab CA's private key (beside its certificate). */
    Path caKey() {
        return caCert.resolveSibling("ca.key");
    }

    /**
     * A serverAuth certificate from the lab CA for {@code dnsName} (subjectAltName), with its key in a PKCS12 file for
     * a Java TLS server; made on demand, as most labs need none.
     */
    Path tlsServerKeystore(String dnsName, String password) {
        Path dir = caCert.getParent();
        Path config = dir.resolve("openssl.cnf");
        Path key = dir.resolve(dnsName + ".key");
        Path cert = dir.resolve(dnsName + ".crt");
        Path p12 = dir.resolve(dnsName + ".p12");
        List<String> command = newCertificate(config, key, cert, dnsName, List.of(
                "-CA", caCert.toString(), "-CAkey", caKey().toString(),
                "-addext", "basicConstraints=critical,CA:FALSE",
                "-addext", "keyUsage=critical,digitalSignature",
                "-addext", "extendedKeyUsage=serverAuth",
                "-addext", "subjectAltName=DNS:" + dnsName));
        Commands.check(command);
        Commands.check(List.of(LabTools.path("openssl"), "pkcs12", "-export", "-inkey", key.toString(), "-in", cert.toString(),
                "-name", dnsName, "-out", p12.toString(), "-passout", "pass:" + password));
        return p12;
    }

    /** One `openssl req -x509` makes the key and the certificate (self-signed, or signed with -CA). */
    private static List<String> newCertificate(Path config, Path key, Path cert, String commonName, List<String> extra) {
        List<String> command = new ArrayList<>(List.of(LabTools.path("openssl"), "req", "-config", config.toString(),
                "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-subj", "/CN=" + commonName, "-days", VALID_DAYS));
        command.addAll(extra);
        return command;
    }
}
