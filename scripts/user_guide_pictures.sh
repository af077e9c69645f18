#!/usr/bin/env bash
# Makes the pictures of docs/user-guide.md again with `dispatchwatch screenshot`, from the demo, so they
# show the program as it is. Run after a build (scripts/demo.sh or scripts/test.sh made one).
# Usage: scripts/user_guide_pictures.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
app="${1:-build}/app/dispatchwatch"
out=docs/user-guide
mkdir -p "$out"
# The demo at 30x for 30 s: fifteen minutes of its time, by when every scripted incident has happened.
shot() {
    local name="$1"
    shift
    echo "$out/$name.png"
    "$app" screenshot --demo --speed 30 --after 30s --size 1280x800 --out "$out/$name.png" "$@"
}
shot dashboard
shot targets --page targets
shot alerts --page alerts
shot explore --page explore --query 'rate(compozy_dispatcher_heartbeat_total[1m])'
shot grafana --dashboard tests/data/dashboards/compozy-monitoring.json

recording="$(mktemp -d)/demo.dwrec"
trap 'rm -rf "$(dirname "$recording")"' EXIT
"$app" record --demo --speed 30 --duration 30s --out "$recording" > /dev/null
echo "$out/replay.png"
"$app" screenshot --replay "$recording" --after 5s --size 1280x800 --out "$out/replay.png"
