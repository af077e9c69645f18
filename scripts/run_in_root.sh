#!/bin/sh
# Runs a command inside a Debian root (a folder debootstrap made), with /proc mounted, in a mount
# namespace of its own so that nothing stays mounted when it ends, however it ends. With --offline, also
# in a network namespace of its own with only loopback: nothing it does can reach another machine.
# Usage: scripts/run_in_root.sh [--offline] ROOT COMMAND [ARGUMENT...]   (as root)
set -eu
network=""
if [ "$1" = --offline ]; then
    network="--net"
    shift
fi
root="$1"
shift
exec unshare --mount $network --propagation private -- sh -c '
    root="$1"
    shift
    if [ -n "$0" ]; then ip link set lo up; fi
    mount -t proc proc "$root/proc" && exec chroot "$root" "$@"' "$network" "$root" "$@"
