#!/usr/bin/env bash
# Sets up DispatchWatch on Debian 12 and runs the demo. Safe to run again.
# Until the dashboard window exists (a later issue), the demo is headless: it starts the embedded demo
# exporter with the Compozy scenario at 20x speed, lints its live endpoint, then prints what each
# dispatcher reports about its health every 10 seconds, until Ctrl-C (or DW_DEMO_SECONDS seconds).
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s\n' "$*"; }

step "Installing packages (if missing)"
bash scripts/deps.sh build

step "Building"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "${DW_JOBS:-2}"
app=build/app/dispatchwatch

step "Starting the demo exporter (Compozy scenario, 20x speed)"
out="$(mktemp)"
"$app" serve-demo --scenario compozy --speed 20 > "$out" 2> "$out.log" &
exporter=$!
trap 'kill "$exporter" 2>/dev/null; wait "$exporter" 2>/dev/null; rm -f "$out" "$out.log"' EXIT
for _ in $(seq 50); do [ -s "$out" ] && break; sleep 0.1; done
url=$(head -n 1 "$out" | cut -d' ' -f2)
echo "$url"
cat "$out.log"
port=${url#http://127.0.0.1:}
port=${port%%/*}

step "dispatchwatch lint $url"
echo "(errors are expected: Compozy's own HTTP metrics break its spec's label policy)"
"$app" lint "$url" || true

# One scrape with bash alone: no curl needed on a fresh machine.
scrape() {
    exec 3<>"/dev/tcp/127.0.0.1/$port"
    printf 'GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
    cat <&3
    exec 3<&-
}

# One line per dispatcher from what Compozy reports: health, consecutive failures, uptime; stopped ones too.
table() {
    awk '
        function id() { match($0, /dispatcher_id="[^"]*"/); return substr($0, RSTART + 15, RLENGTH - 16) }
        /^compozy_dispatcher_health_status\{/ { health[id()] = $NF; seen[id()] = 1 }
        /^compozy_dispatcher_consecutive_failures\{/ { failures[id()] = $NF }
        /^compozy_dispatcher_uptime_seconds\{/ { uptime[id()] = $NF }
        /^compozy_dispatcher_lifecycle_events_total\{.*event="stop"/ { seen[id()] = 1 }
        END {
            for (d in seen) {
                if (!(d in health)) state = "stopped"
                else state = health[d] == 1 ? "healthy" : "STALE"
                if (d in health) printf "  %-28s %-8s failures %-4s uptime %ss\n", d, state, failures[d], uptime[d]
                else printf "  %-28s %s\n", d, state
            }
        }' | sort
}

step "Dispatcher health as Compozy reports it (every 10 s = 200 s of scenario time; Ctrl-C stops)"
echo "Watch dispatcher-acme-billing go stale, acme-payments restart, acme-emails stop, initech-etl join,"
echo "and the endpoint answer 503 around scenario minute 10."
start=$SECONDS
while [ -z "${DW_DEMO_SECONDS:-}" ] || [ $((SECONDS - start)) -lt "${DW_DEMO_SECONDS}" ]; do
    body=$(scrape || true)
    status=${body%%$'\n'*}   # the status line (no pipe into head: pipefail would see its SIGPIPE)
    status=${status%$'\r'}
    minutes=$(( (SECONDS - start) * 20 / 60 ))
    printf '\n-- %s  scenario minute %s  %s\n' "$(date +%T)" "$minutes" "$status"
    printf '%s\n' "$body" | table
    sleep 10
done
