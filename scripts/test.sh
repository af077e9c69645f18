#!/usr/bin/env bash
# Sets up and runs DispatchWatch's whole test suite on Debian 12: installs missing packages, builds with
# warnings as errors, runs every CTest test (unit, conformance, integration, GUI on the offscreen
# platform), runs the unit tests again under AddressSanitizer and UndefinedBehaviorSanitizer and the
# threaded tests under ThreadSanitizer, and fuzzes the exposition parser, the PromQL engine and the file
# formats for half a minute each; makes the Debian package and installs it into a clean Debian 12 root.
# DW_TIDY=1 adds clang-tidy over core/, ui/ and app/ (about 17 minutes more on two cores).
# Safe to run again; builds are incremental.
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

# The clean Debian 12 root the package test installs into is made meanwhile (debootstrap mostly waits for
# the network); the package's own dependencies are fetched into it once the package exists.
# debootstrap, chroot and namespaces need root: through sudo when not root, as for the packages.
as_root=""
[ "$(id -u)" -ne 0 ] && as_root="sudo"
[ -z "$as_root" ] || sudo -v # asks for the password now, not in the background
mkdir -p build
$as_root bash scripts/debian_root.sh build/debian-root > build/debian-root-prepare.log 2>&1 &
debian_root=$!
trap 'kill "$debian_root" 2>/dev/null || true; rm -f "$log"' EXIT

if [ ! -d ../shared/conformance ]; then
    echo "test: ../shared/conformance is missing; the conformance tests read it beside the project" >&2
    exit 1
fi

step "Building (warnings are errors)"
# Line tables (-g1) are all a failing test's backtrace needs; full debug information would add a third to
# the build time (configure a build of your own for a debugger).
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDW_WERROR=ON \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG"
cmake --build build -j "$jobs"

step "Packaging (scripts/package.sh; test_package checks it)"
bash scripts/package.sh --no-check build

# The root gets the package's dependencies (from the network) while the other tests run.
if ! wait "$debian_root"; then
    cat build/debian-root-prepare.log >&2
    echo "test: could not make the Debian 12 root (debootstrap); 'ctest -LE debootstrap' runs the rest" >&2
    exit 1
fi
$as_root bash scripts/debian_root.sh build/debian-root build/package/dispatchwatch_*.deb \
    > build/debian-root-prepare.log 2>&1 &
debian_root=$!

# The sanitizer builds (below) start now, one after the other, at the lowest CPU priority (SCHED_IDLE):
# they take only what the tests leave idle while those wait on servers and timers, and the core a fuzzer
# leaves free, which saves minutes on two cores. They are paused while the soak runs, whose figures are
# about the program alone.
# One clang build serves the sanitizer tests and the fuzzers (the same instrumentation plus libFuzzer's
# coverage), so the code is compiled once for both; -O1 with assertions on, line tables for the reports.
build_asan() {
    CC=clang CXX=clang++ cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDW_SANITIZE=ON \
        -DDW_FUZZ=ON -DDW_WERROR=ON -DDW_BUILD_GUI=OFF -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1"
    # Only what the sanitizer step runs (CTest names are target names), plus the program two of them start.
    mapfile -t asan_targets < <(ctest --test-dir build-asan -N -L 'unit|conformance|asan' |
        sed -n 's/^ *Test *#[0-9]*: //p')
    cmake --build build-asan -j "$jobs" --target dispatchwatch "${asan_targets[@]}" fuzz_exposition \
        fuzz_promql fuzz_files
}
# GCC's TSan: clang 14's runtime dies when a threaded test starts a process (tests/sanitizers/tsan.supp);
# -O1 -g1 (cmake/warnings.cmake) keep it quick to build and bearable to run.
build_tsan() {
    CC=gcc CXX=g++ cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDW_TSAN=ON
    mapfile -t tsan_targets < <(ctest --test-dir build-tsan -N -L tsan | sed -n 's/^ *Test *#[0-9]*: //p')
    # The program too: tests start it, and it runs under TSan as their child.
    cmake --build build-tsan -j "$jobs" --target dispatchwatch "${tsan_targets[@]}"
}
asan_built=build/.sanitizer-asan-built
rm -f "$asan_built"
# setsid: their own process group, so that they can be paused and stopped whole.
setsid chrt --idle 0 bash -c "set -euo pipefail; jobs=$jobs; $(declare -f build_asan build_tsan)
    build_asan > build/asan-build.log 2>&1; touch $asan_built; build_tsan > build/tsan-build.log 2>&1" \
    > /dev/null 2>&1 &
sanitizer_builds=$!
trap 'kill -- "-$sanitizer_builds" 2>/dev/null || true; kill "$debian_root" 2>/dev/null || true; rm -f "$log"' EXIT
# sanitizer_build_failed LOG: says which build failed, with the end of its output.
sanitizer_build_failed() {
    tail -60 "$1" >&2
    echo "test: a sanitizer build failed (its whole output is in $1)" >&2
    exit 1
}

step "Running all tests (the sanitizer builds run meanwhile at idle priority)"
run_ctest --test-dir build --output-on-failure -j "$jobs" -LE 'debootstrap|soak'
kill -STOP -- "-$sanitizer_builds" 2>/dev/null || true
status=0
run_ctest --test-dir build --output-on-failure -L soak || status=$?
kill -CONT -- "-$sanitizer_builds" 2>/dev/null || true
[ "$status" -eq 0 ]

step "Installing the package into a clean Debian 12 root (label debootstrap)"
if ! wait "$debian_root"; then
    cat build/debian-root-prepare.log >&2
    echo "test: could not prepare the Debian 12 root for the package" >&2
    exit 1
fi
$as_root ctest --test-dir build --output-on-failure -L debootstrap 2>&1 | tee -a "$log"
[ "${PIPESTATUS[0]}" -eq 0 ]

step "Building with AddressSanitizer and UndefinedBehaviorSanitizer (clang, with the libFuzzer harnesses)"
while [ ! -e "$asan_built" ]; do
    kill -0 "$sanitizer_builds" 2>/dev/null || sanitizer_build_failed build/asan-build.log
    sleep 2
done
tail -2 build/asan-build.log

step "Running unit, conformance and asan-labelled tests under the sanitizers"
# LSan's suppressions name third-party libraries only (tests/sanitizers/lsan.supp says why each is there).
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp" \
    run_ctest --test-dir build-asan --output-on-failure -j "$jobs" -L 'unit|conformance|asan'

step "Fuzzing the exposition parser, the PromQL engine and the file formats (libFuzzer, ${DW_FUZZ_SECONDS:-30} s each)"
corpus="$(mktemp -d)"
trap 'kill -- "-$sanitizer_builds" 2>/dev/null || true; rm -rf "$corpus" "$log"' EXIT # the Debian root is made
mkdir -p build-asan/crashes
# fuzz NAME KIND REGRESSION_DIR [MAX_LEN]: runs one fuzzer from a fresh seed corpus.
fuzz() {
    rm -rf "${corpus:?}"/*
    bash scripts/fuzz_seed_corpus.sh "$corpus" "$2"
    if ! "build-asan/tests/fuzz/$1" -max_total_time="${DW_FUZZ_SECONDS:-30}" -max_len="${4:-4096}" -timeout=10 \
            -rss_limit_mb=4096 -artifact_prefix=build-asan/crashes/ -print_final_stats=1 "$corpus" \
            2> "build-asan/$1.log"; then
        tail -40 "build-asan/$1.log"
        echo "fuzz: $1 found a crash; its input is in build-asan/crashes/. Add it to tests/fuzz/$3/." >&2
        exit 1
    fi
    grep -E '^stat::number_of_executed_units|^Done' "build-asan/$1.log" || true
}
fuzz fuzz_exposition exposition regressions
fuzz fuzz_promql promql promql_regressions
# Configuration, file_sd, rules, profiles, scenarios, recordings and dashboards; the seeds reach 20 KB.
fuzz fuzz_files files file_regressions 65536

step "Building with ThreadSanitizer (GCC)"
wait "$sanitizer_builds" || sanitizer_build_failed build/tsan-build.log
tail -2 build/tsan-build.log

step "Running the threaded tests (label tsan) under ThreadSanitizer"
# Nothing is suppressed. Debian's Qt, GLib and glibc are not built with TSan, so calls it intercepts from
# inside them (memcpy, free...) are ignored; tests/sanitizers/tsan.supp says why and what is still checked.
TSAN_OPTIONS="ignore_noninstrumented_modules=1:die_after_fork=0:second_deadlock_stack=1:suppressions=$PWD/tests/sanitizers/tsan.supp" \
    run_ctest --test-dir build-tsan --output-on-failure -j "$jobs" -L tsan

if [ "${DW_TIDY:-0}" = 1 ]; then
    step "clang-tidy over core/, ui/ and app/ (DW_TIDY=1; .clang-tidy says which checks and why)"
    # Off by default: it costs about 34 minutes of CPU (17 on two cores), which the 40-minute budget of
    # this command cannot hold beside the rest (docs/benchmarks.md). Any finding fails (WarningsAsErrors).
    mapfile -t tidy_files < <(git ls-files 'core/*.cpp' 'ui/*.cpp' 'app/*.cpp')
    if ! run-clang-tidy -quiet -p build -j "$jobs" "${tidy_files[@]}" > build/clang-tidy.log 2>&1; then
        grep -E '(warning|error):' build/clang-tidy.log | sort -u >&2 || true
        echo "clang-tidy: findings above (the whole output is in build/clang-tidy.log)" >&2
        exit 1
    fi
fi

step "All tests passed"
total=$(grep -Eo 'tests failed out of [0-9]+' "$log" | awk '{s += $NF} END {print s + 3}')
echo "$total passed, 0 failed"  # every ctest test in the builds, plus the fuzzing runs
