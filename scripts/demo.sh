#!/usr/bin/env bash
# Sets up DispatchWatch on Debian 12 and runs the demo. Safe to run again.
# With a display it opens the dashboard window watching the embedded demo exporter (the Compozy scenario
# at 2x speed: the window judges on the scenario's clock, so every incident shows within five minutes).
# Without one (or with DW_DEMO_HEADLESS=1) it runs the same demo headless: it lints the demo exporter's live
# endpoint, then runs `dispatchwatch watch` on the demo at 20x: the state of every dispatcher, then each
# change with its reason as it happens, and the alerts; until Ctrl-C (or DW_DEMO_SECONDS seconds).
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s\n' "$*"; }

step "Installing packages (if missing)"
bash scripts/deps.sh build

step "Building"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "${DW_JOBS:-2}"
app=build/app/dispatchwatch

if [ -z "${DW_DEMO_HEADLESS:-}" ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
    step "Opening the dashboard on the demo exporter (Compozy scenario, 2x speed)"
    echo "Within five minutes: acme-payments flaps, acme-billing goes stale, acme-emails stops, the endpoint fails."
    exec "$app" --demo --scenario compozy --speed 2
fi

step "Starting the demo exporter (Compozy scenario, 20x speed)"
out="$(mktemp)"
"$app" serve-demo --scenario compozy --speed 20 > "$out" 2> "$out.log" &
exporter=$!
trap 'kill "$exporter" 2>/dev/null; wait "$exporter" 2>/dev/null; rm -f "$out" "$out.log"' EXIT
for _ in $(seq 50); do [ -s "$out" ] && break; sleep 0.1; done
url=$(head -n 1 "$out" | cut -d' ' -f2)
echo "$url"
cat "$out.log"

step "dispatchwatch lint $url"
echo "(errors are expected: Compozy's own HTTP metrics break its spec's label policy)"
"$app" lint "$url" || true

kill "$exporter" 2>/dev/null; wait "$exporter" 2>/dev/null || true

step "dispatchwatch watch --demo --scenario compozy --speed 20 (Ctrl-C stops)"
echo "First the state of the target and every dispatcher, then one line per change as it happens, on the"
echo "scenario's clock: acme-payments flaps, acme-billing goes stale, acme-emails stops, the endpoint answers"
echo "503 around scenario minute 10, alerts go pending, fire and resolve. Exit codes as check."
duration=()
[ -n "${DW_DEMO_SECONDS:-}" ] && duration=(--duration "${DW_DEMO_SECONDS}s")
code=0
"$app" watch --demo --scenario compozy --speed 20 "${duration[@]}" || code=$?
echo "(exit $code)"
