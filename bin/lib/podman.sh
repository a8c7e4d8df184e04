# Podman as these machines run it (root, no systemd, no registry), with all of its state in one scratch directory.
# Sourced by bin/image; tests read the same two files through CONTAINERS_CONF and CONTAINERS_STORAGE_CONF.

TK_PODMAN_DIR="${TK_PODMAN_DIR:-/var/tmp/tunnelkeeper-podman}"

# Installs podman, runc and debootstrap when missing (root only). Without recommends: fuse3's trigger would
# rebuild the initramfs for minutes.
ensure_podman() {
    local missing=()
    command -v podman >/dev/null 2>&1 || missing+=(podman)
    command -v runc >/dev/null 2>&1 || missing+=(runc)
    command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
    [ "${#missing[@]}" -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "missing packages: ${missing[*]} (not root, so not installing them)" >&2
        return 1
    fi
    echo "installing ${missing[*]} ..." >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
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
