#!/usr/bin/env bash
# Sets up DispatchWatch on Debian 12 and runs the demo. Safe to run again.
# Until the dashboard window exists, the demo runs the headless tools on a sample of what Compozy's
# /metrics really serves (tests/data/compozy_otel.prom).
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s\n' "$*"; }

step "Installing packages (if missing)"
bash scripts/deps.sh build

step "Building"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "${DW_JOBS:-2}"

app=build/app/dispatchwatch
sample=tests/data/compozy_otel.prom

step "dispatchwatch validate $sample"
"$app" validate "$sample" && echo "valid: it passes every strict rule of the text 0.0.4 format"

step "dispatchwatch lint $sample"
echo "(exit 1 is expected: Compozy's own HTTP metrics break its spec's label policy)"
"$app" lint "$sample" || true

step "dispatchwatch validate on a broken body"
printf 'compozy_dispatcher_health_status{dispatcher_id="dispatcher-acme-orders" 1\n' | "$app" validate - || true

step "Done. Try: $app --help"
