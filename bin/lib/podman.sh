# Podman as these machines run it (root, no systemd, no registry), with all of its state in one scratch directory.
# Sourced after bin/lib/common.sh by bin/image, bin/test and bench/container.sh; tests read the same two files
# through CONTAINERS_CONF and CONTAINERS_STORAGE_CONF.

TK_PODMAN_DIR="${TK_PODMAN_DIR:-/var/tmp/tunnelkeeper-podman}"

# Installs podman, runc and debootstrap when missing (root only; see ensure_commands in common.sh).
ensure_podman() {
    ensure_commands podman:podman runc:runc debootstrap:debootstrap
}

# Writes the configuration (once) and exports the variables that make podman use it.
# runc: crun 1.8 fails on these machines' hybrid cgroups. cgroupfs and a file event log: there is no systemd.
# ulimits: root here lacks CAP_SYS_RESOURCE, so podman's default of 1048576 open files fails in setrlimit.
podman_env() {
    mkdir -p "$TK_PODMAN_DIR/storage" "$TK_PODMAN_DIR/run" "$TK_PODMAN_DIR/tmp"
    cat > "$TK_PODMAN_DIR/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$TK_PODMAN_DIR/events.log"
tmp_dir = "$TK_PODMAN_DIR/tmp"
CONF
    cat > "$TK_PODMAN_DIR/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$TK_PODMAN_DIR/storage"
runroot = "$TK_PODMAN_DIR/run"
CONF
    export CONTAINERS_CONF="$TK_PODMAN_DIR/containers.conf"
    export CONTAINERS_STORAGE_CONF="$TK_PODMAN_DIR/storage.conf"
    export DISABLE_HC_SYSTEMD=true
}
