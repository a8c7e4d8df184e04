package dev.tunnelkeeper.health;

/**
 * The entry point of tunnelkeeper-healthcheck.jar: {@code tunnelkeeper healthcheck} with nothing else on the class path
 * (see {@link HealthcheckCommand}). The main jar's {@code healthcheck} command does the same.
 */
public final class HealthcheckMain {
    private HealthcheckMain() {
    }

    public static void main(String[] args) {
        System.exit(HealthcheckCommand.run(System.getenv(), System.out, System.err));
    }
}
