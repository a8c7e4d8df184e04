package dev.tunnelkeeper.control.history;

/** Where restarts are reported, with their cause, for the health history and the metrics. */
@FunctionalInterface
public interface RestartRecorder {
    void restarted(RestartCause cause, String reason);
}
