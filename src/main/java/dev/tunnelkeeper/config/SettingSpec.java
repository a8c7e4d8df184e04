package dev.tunnelkeeper.config;

/**
 * One accepted setting: its environment name (gluetun's where gluetun has it), its key in the YAML file,
 * its default as text (empty: not set), and whether it is a secret that must never be printed.
 */
public record SettingSpec(String env, String yamlKey, String defaultValue, boolean secret, String description) {

    /** How the setting is named in an error: the env name, which is what users of gluetun know. */
    public String displayName() {
        return env;
    }
}
