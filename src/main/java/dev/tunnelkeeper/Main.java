package dev.tunnelkeeper;

import dev.tunnelkeeper.health.HealthcheckCommand;

/**
 * Entry point: {@code tunnelkeeper [run|healthcheck|--help|--version]}, run by default.
 * This class must stay free of Helidon and GraalJS types: {@code healthcheck} runs every 5 s in a fresh JVM
 * and must load nothing but what it uses.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "run" : args[0];
        int code = switch (command) {
            case "run" -> dev.tunnelkeeper.app.RunCommand.run(System.getenv());
            case "healthcheck" -> HealthcheckCommand.run(System.getenv(), System.out, System.err);
            case "--help", "-h", "help" -> {
                System.out.print(usage());
                yield 0;
            }
            case "--version", "version" -> {
                System.out.println("tunnelkeeper " + version());
                yield 0;
            }
            default -> {
                System.err.println("unknown command \"" + command + "\"; valid: run, healthcheck, --help, --version");
                yield 2;
            }
        };
        if (code != 0 || !command.equals("run")) {
            System.exit(code);
        }
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }

    static String usage() {
        return """
                tunnelkeeper keeps a VPN tunnel healthy: a health loop, auto-healing, a VPN supervisor.

                Usage: tunnelkeeper [command]
                  run           start the supervisor (the default)
                  healthcheck   ask the running instance's health server; exit 0 if healthy, 1 if not
                                (what Docker's HEALTHCHECK runs)
                  --help        this text
                  --version     the version

                Settings come from the environment (gluetun's names), then config/tunnelkeeper.yaml
                (or the file named by TK_CONFIG), then built-in defaults. Every setting is listed and
                documented in config/tunnelkeeper.yaml.
                """;
    }
}
