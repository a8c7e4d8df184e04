#!/usr/bin/env bash
# The two lab VPN sections, kept under their old name: bench/restart.sh then bench/recovery.sh.
# Usage: bench/vpn.sh [rounds]
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
bash bench/restart.sh "$@"
bash bench/recovery.sh "$@"
