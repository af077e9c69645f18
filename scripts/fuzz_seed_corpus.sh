#!/usr/bin/env bash
# Writes a seed corpus into DIR for one fuzzer.
#   exposition (default): the OpenMetrics conformance cases (first byte 1 selects OpenMetrics), the
#                         project's test data (first byte 0 selects text 0.0.4) and the regression inputs.
#   promql:               every expression of the PromQL test scripts and the PromQL regression inputs.
#   files:                the project's configuration, file_sd, rule, profile, scenario, recording and
#                         dashboard files, each behind the byte that picks its format (see
#                         tests/fuzz/fuzz_target.h), and the file-format regression inputs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:?usage: fuzz_seed_corpus.sh DIR [exposition|promql|files]}"
kind="${2:-exposition}"
mkdir -p "$out"
# seed BYTE FILE...: each file behind its format byte.
seed() {
    local byte="$1"
    shift
    for file in "$@"; do
        { printf "\\$(printf '%03o' "$byte")"; cat "$file"; } > "$out/f${byte}_$(basename "$file")"
    done
}
if [ "$kind" = files ]; then
    seeds="$root/tests/fuzz/file_seeds"
    seed 0 "$seeds"/prometheus.yml
    seed 1 "$seeds"/targets.*
    seed 2 "$seeds"/rules.yml
    seed 3 "$root"/resources/profiles/*.yaml
    seed 4 "$root"/resources/scenarios/*.yaml
    seed 5 "$seeds"/*.dwrec
    seed 6 "$seeds"/*.dwrec
    seed 7 "$root"/tests/data/dashboards/*.json
    cp "$root"/tests/fuzz/file_regressions/* "$out/"
    exit 0
fi
if [ "$kind" = promql ]; then
    n=0
    cat "$root"/tests/promql/*.test "$root"/tests/promql-v3/*.test "$root"/../shared/conformance/promql/*.test \
        "$root"/../shared/conformance/promql-v3/*.test |
        sed -nE 's/^eval[a-z_]* +instant +at +[^ ]+ +(.*)$/\1/p; s/^eval[a-z_]* +range +from +[^ ]+ +to +[^ ]+ +step +[^ ]+ +(.*)$/\1/p' |
        while IFS= read -r expr; do
            n=$((n + 1))
            printf '%s' "$expr" > "$out/expr_$n"
        done
    cp "$root"/tests/fuzz/promql_regressions/* "$out/"
    exit 0
fi
for dir in "$root"/../shared/conformance/openmetrics/*/; do
    name=$(basename "$dir")
    { printf '\001'; cat "$dir/metrics"; } > "$out/om_$name"
done
for file in "$root"/tests/data/*.prom; do
    { printf '\000'; cat "$file"; } > "$out/text_$(basename "$file")"
done
cp "$root"/tests/fuzz/regressions/* "$out/"
