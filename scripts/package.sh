#!/usr/bin/env bash
# Builds DispatchWatch's Debian package, dispatchwatch_VERSION_amd64.deb, and checks it: lintian (no
# errors allowed; the warnings left are listed in docs/packaging.md), appstreamcli on its AppStream
# metadata, desktop-file-validate on its menu entry. Installs what it needs (apt-get), like demo.sh.
# Usage: scripts/package.sh [--no-check] [BUILD_DIR]   (default: build, where demo.sh and test.sh build)
# The package is written to BUILD_DIR/package/; its path is the last line printed. --no-check leaves the
# checks to the tests (test_package), as scripts/test.sh does.
set -euo pipefail
cd "$(dirname "$0")/.."
check=1
if [ "${1:-}" = --no-check ]; then
    check=0
    shift
fi
build="${1:-build}"
step() { printf '\n== %s\n' "$*"; }

step "Installing packages (if missing)"
bash scripts/deps.sh package

step "Building in $build"
if [ -f "$build/CMakeCache.txt" ]; then
    cmake -S . -B "$build" > /dev/null # keeps the folder's own settings; finds rsvg-convert if new
else
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
fi
cmake --build "$build" -j "${DW_JOBS:-2}" --target dispatchwatch dw_package_files
if [ ! -f "$build/packaging/icons/48x48/dispatchwatch.png" ]; then
    echo "package: the PNG icons were not made (is rsvg-convert installed?)" >&2
    exit 1
fi

step "Packaging"
rm -rf "$build/package"
(cd "$build" && cpack -G DEB -B "$PWD/package" > package.log) || { cat "$build/package.log"; exit 1; }
deb="$(ls "$build"/package/dispatchwatch_*_*.deb)"
dpkg-deb --info "$deb" | sed -n '/Package:/,$p'

if [ "$check" = 1 ]; then
    step "Checking it"
    appstreamcli validate --no-net --explain "$build"/packaging/*.metainfo.xml
    desktop-file-validate resources/dispatchwatch.desktop
    # Errors fail the package; warnings are printed, and docs/packaging.md says why each is left.
    lintian --fail-on error --tag-display-limit 0 "$deb" || { echo "package: lintian found errors" >&2; exit 1; }
fi
echo "$deb"
