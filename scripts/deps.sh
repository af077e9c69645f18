#!/usr/bin/env bash
# Installs the Debian 12 packages DispatchWatch needs, only those missing, through sudo when not root.
# Usage: scripts/deps.sh build|package|test
set -euo pipefail

build_packages=(cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-httpserver-dev qt6-websockets-dev
    prometheus-cpp-dev libyaml-cpp-dev libzstd-dev zlib1g-dev libre2-dev libxxhash-dev)
# Tests also run the real Prometheus, promtool, node exporter and Alertmanager (with amtool), a D-Bus
# session bus, make TLS certificates with openssl, save
# snapshots with curl as support staff receive them, and
# fuzz with clang's libFuzzer (clang-tidy for DW_TIDY=1); iproute2 brings up loopback in the DNS test's
# own network namespace.
test_packages=(prometheus prometheus-node-exporter prometheus-alertmanager dbus clang libclang-rt-14-dev clang-tidy openssl
    curl iproute2)

# The Debian package: PNG icons from the SVG, and the checks its files must pass (lintian, appstreamcli,
# desktop-file-validate); the tests also install it into a fresh Debian 12 root (debootstrap) and try the
# completion with bash-completion and read the man page with man-db.
package_packages=(librsvg2-bin lintian appstream desktop-file-utils man-db debootstrap bash-completion)

packages=("${build_packages[@]}")
case "${1:-build}" in
    build) ;;
    package) packages+=("${package_packages[@]}") ;;
    test) packages+=("${test_packages[@]}" "${package_packages[@]}") ;;
    *) echo "usage: scripts/deps.sh build|package|test" >&2; exit 2 ;;
esac

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "deps: all ${#packages[@]} packages already installed"
    exit 0
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
