#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds Release in build-bench, runs every benchmark several times and writes docs/benchmarks.md (medians
# against the step-7 budgets, plus the machine). BENCH_QUICK=1: fewer runs and a 10 s idle window.
# Takes about 15 minutes (BENCH_QUICK=1: about 4). Needs the build dependencies (scripts/install-deps.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${HU60_BENCH_BUILD_DIR:-$here/build-bench}
quick=${BENCH_QUICK:-0}
jobs=${BENCH_JOBS:-2}

cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHU60_WERROR=ON -DHU60_BENCH=ON >/dev/null
cmake --build "$build" --target hu60-bench hu60-floor hu60-notifier -j"$jobs"

bench="$build/bench/hu60-bench"
results="$build/bench-results"
rm -rf "$results"
mkdir -p "$results"
export QT_QPA_PLATFORM=offscreen LC_ALL=C.UTF-8 QT_LOGGING_RULES="hu60.*.debug=false"
args=(--app "$build/app/hu60-notifier" --floor "$build/bench/hu60-floor")

if [[ $quick == 1 ]]; then
    cheap_runs=3 idle_runs=1 server_runs=1 title="BENCH_QUICK=1"
    args+=(--quick)
else
    cheap_runs=5 idle_runs=3 server_runs=3 title="full run"
fi

# run NAME TIMES: runs one subcommand TIMES times, one result file per run.
run() {
    local name=$1 times=$2 i
    for ((i = 1; i <= times; i++)); do
        echo "== $name ($i/$times)" >&2
        if ! "$bench" "$name" "${args[@]}" >"$results/$name-$i.jsonl" 2>"$results/$name-$i.log"; then
            echo "   $name failed, see $results/$name-$i.log" >&2
            tail -5 "$results/$name-$i.log" >&2 || true
        fi
    done
}

start=$(date +%s)
run parse "$cheap_runs"
run content "$cheap_runs"
run memory 1 # heap counts do not vary between runs
run latency "$cheap_runs"
run burst "$cheap_runs"
run startup "$cheap_runs" # each run already takes the median of several start-ups per program
run server "$server_runs"
run idle "$idle_runs"
echo "== benchmarks took $(($(date +%s) - start)) s" >&2

"$bench" report --title "$title" --notes "$here/bench/findings.md" --out "$here/docs/benchmarks.md" \
    "$results"/*.jsonl
echo "wrote $here/docs/benchmarks.md" >&2
