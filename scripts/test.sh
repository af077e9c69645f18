#!/usr/bin/env bash
# Sets up and runs DispatchWatch's whole test suite on Debian 12: installs missing packages, builds with
# warnings as errors, runs every CTest test (unit, conformance, integration, GUI on the offscreen
# platform), runs the unit tests again under AddressSanitizer and UndefinedBehaviorSanitizer, and fuzzes
# the exposition parser for about a minute. Safe to run again; builds are incremental.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${DW_JOBS:-2}"
step() { printf '\n== %s\n' "$*"; }
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# Runs ctest, echoing its output and keeping it for the summary.
run_ctest() { ctest "$@" 2>&1 | tee -a "$log"; return "${PIPESTATUS[0]}"; }

step "Installing packages (if missing)"
bash scripts/deps.sh test

if [ ! -d ../shared/conformance ]; then
    echo "test: ../shared/conformance is missing; the conformance tests read it beside the project" >&2
    exit 1
fi

step "Building (warnings are errors)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDW_WERROR=ON
cmake --build build -j "$jobs"

step "Running all tests"
run_ctest --test-dir build --output-on-failure -j "$jobs"

step "Building with AddressSanitizer and UndefinedBehaviorSanitizer"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DDW_SANITIZE=ON -DDW_WERROR=ON -DDW_BUILD_GUI=OFF
cmake --build build-asan -j "$jobs"

step "Running unit and conformance tests under the sanitizers"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_ctest --test-dir build-asan --output-on-failure -j "$jobs" -L 'unit|conformance'

step "Fuzzing the exposition parser (libFuzzer, ${DW_FUZZ_SECONDS:-60} s)"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDW_FUZZ=ON -DDW_BUILD_GUI=OFF
cmake --build build-fuzz -j "$jobs" --target fuzz_exposition
corpus="$(mktemp -d)"
trap 'rm -rf "$corpus" "$log"' EXIT
bash scripts/fuzz_seed_corpus.sh "$corpus"
mkdir -p build-fuzz/crashes
if ! build-fuzz/tests/fuzz/fuzz_exposition -max_total_time="${DW_FUZZ_SECONDS:-60}" -max_len=4096 -timeout=10 \
        -artifact_prefix=build-fuzz/crashes/ -print_final_stats=1 "$corpus" 2> build-fuzz/fuzz.log; then
    tail -40 build-fuzz/fuzz.log
    echo "fuzz: a crash was found; its input is in build-fuzz/crashes/. Add it to tests/fuzz/regressions/." >&2
    exit 1
fi
grep -E '^stat::number_of_executed_units|^Done' build-fuzz/fuzz.log || true

step "All tests passed"
total=$(grep -Eo 'tests failed out of [0-9]+' "$log" | awk '{s += $NF} END {print s + 1}')
echo "$total passed, 0 failed"  # every ctest test in both builds, plus the fuzzing run
