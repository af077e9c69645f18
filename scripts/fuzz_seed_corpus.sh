#!/usr/bin/env bash
# Writes a seed corpus into DIR for one fuzzer.
#   exposition (default): the OpenMetrics conformance cases (first byte 1 selects OpenMetrics), the
#                         project's test data (first byte 0 selects text 0.0.4) and the regression inputs.
#   promql:               every expression of the PromQL test scripts and the PromQL regression inputs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:?usage: fuzz_seed_corpus.sh DIR [exposition|promql]}"
kind="${2:-exposition}"
mkdir -p "$out"
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
