package dev.tunnelkeeper.lab;

import java.nio.file.Path;
import java.util.List;

/** A WireGuard key pair from `wg genkey` / `wg pubkey`; the private key also sits in a 0600 file for `wg set`. */
record WireGuardKeys(String privateKey, String publicKey, Path privateKeyFile) {
    static WireGuardKeys generate(Path privateKeyFile) {
        String privateKey = Commands.check(List.of(LabTools.path("wg"), "genkey")).strip();
        String publicKey = Commands.check(List.of(LabTools.path("wg"), "pubkey"), privateKey + "\n").strip();
        LabFiles.writePrivate(privateKeyFile, privateKey + "\n");
        return new WireGuardKeys(privateKey, publicKey, privateKeyFile);
    }

    @Override
    public String toString() {
        return "WireGuardKeys[publicKey=" + publicKey + "]"; // never print the private key
    }
}
