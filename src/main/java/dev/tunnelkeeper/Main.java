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
            case "check-scripts" -> dev.tunnelkeeper.scripting.CheckScriptsCommand.run(rest(args), System.getenv(),
                    System.out, System.err);
            case "test-hook" -> dev.tunnelkeeper.scripting.TestHookCommand.run(rest(args), System.getenv(), System.out,
                    System.err);
            case "--help", "-h", "help" -> {
                System.out.print(usage());
                yield 0;
            }
            case "--version", "version" -> {
                System.out.println("tunnelkeeper " + version());
                yield 0;
            }
            default -> {
                System.err.println("unknown command \"" + command + "\"; valid: run, healthcheck, check-scripts, test-hook, --help, --version");
                yield 2;
            }
        };
        if (code != 0 || !command.equals("run")) {
            System.exit(code);
        }
    }

    private static java.util.List<String> rest(String[] args) {
        return java.util.List.of(args).subList(1, args.length);
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
                  check-scripts [dir-or-file...]
                                load and validate every hook in dir (default: the scripts directory of
                                the settings, SCRIPTS_DIR or hooks.scripts_dir) without starting
                                anything; exit 0, or 1 with one file:line: problem per line
                  test-hook HOOK.mjs [EVENTS.json]
                                run a hook against recorded events and check its answers (see
                                scripts/README.md); a HOOK.mjs named without a directory and not in
                                the current one is taken from the scripts directory
                  --help        this text
                  --version     the version

                Settings come from the environment (gluetun's names), then config/tunnelkeeper.yaml
                (or the file named by TK_CONFIG), then built-in defaults. Every setting is listed and
                documented in config/tunnelkeeper.yaml.
                """;
    }
}
