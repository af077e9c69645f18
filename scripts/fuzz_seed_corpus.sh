#!/usr/bin/env bash
# Writes a seed corpus for fuzz_exposition into DIR: the OpenMetrics conformance cases (first byte 1 selects
# OpenMetrics), the project's test data (first byte 0 selects text 0.0.4) and the regression inputs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:?usage: fuzz_seed_corpus.sh DIR}"
mkdir -p "$out"
for dir in "$root"/../shared/conformance/openmetrics/*/; do
    name=$(basename "$dir")
    { printf '\001'; cat "$dir/metrics"; } > "$out/om_$name"
done
for file in "$root"/tests/data/*.prom; do
    { printf '\000'; cat "$file"; } > "$out/text_$(basename "$file")"
done
cp "$root"/tests/fuzz/regressions/* "$out/"
