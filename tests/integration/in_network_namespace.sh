#!/bin/sh
# Runs a test in network and mount namespaces of its own (as root inside a user namespace, so no real
# root is needed): loopback is up and nothing else exists, so the test may bind 127.0.0.1:53 and can reach
# no address outside; /etc/resolv.conf names 127.0.0.1, so programs the test starts ask its DNS server.
# Usage: in_network_namespace.sh TEST [ARGS...]
set -eu
exec unshare --user --map-root-user --net --mount sh -c '
    set -eu
    ip link set lo up
    resolv="$(mktemp)"
    echo "nameserver 127.0.0.1" > "$resolv"
    mount --bind "$resolv" /etc/resolv.conf
    exec "$@"' in_network_namespace "$@"
