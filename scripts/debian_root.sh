#!/usr/bin/env bash
# Prepares the clean Debian 12 root the package test installs DispatchWatch into. Once: debootstrap
# (minbase) into ROOT, with the sources a Debian 12 machine has. Then, given the package: brings the root
# up to date and downloads what installing the package will need into its apt cache, so that the test
# itself installs from there and never touches the network. Needs root. Safe to run again.
# Usage: scripts/debian_root.sh ROOT [PACKAGE.deb]
set -euo pipefail
root="$1"
deb="${2:-}"
mirror="${DW_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -f "$root/.dw-debootstrap-complete" ]; then
    rm -rf "$root"
    debootstrap --variant=minbase bookworm "$root" "$mirror" > "$root.log" 2>&1 ||
        { tail -20 "$root.log"; echo "debian_root: debootstrap failed (log: $root.log)" >&2; exit 1; }
    cat > "$root/etc/apt/sources.list" <<SOURCES
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
SOURCES
    touch "$root/.dw-debootstrap-complete"
fi
if [ -n "$deb" ]; then
    cp "$deb" "$root/tmp/"
    name="$(basename "$deb")"
    sh "$here/run_in_root.sh" "$root" apt-get update -qq
    # Up to date, as a Debian 12 machine is (and apt cannot upgrade an essential package halfway through
    # installing a local .deb: "Internal Error, Pathname to install is not absolute").
    DEBIAN_FRONTEND=noninteractive sh "$here/run_in_root.sh" "$root" apt-get dist-upgrade -y -qq > /dev/null
    DEBIAN_FRONTEND=noninteractive sh "$here/run_in_root.sh" "$root" \
        apt-get install --download-only -y -qq "/tmp/$name" > /dev/null
    rm -f "$root/tmp/$name"
    echo "debian_root: $root holds what installing $name needs"
fi
