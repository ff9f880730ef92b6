#!/usr/bin/env bash
# Report speed (issue 12: 1,000 scenarios and 300,000 calls to Markdown under 1 s, to PDF under 10 s):
#   1. report_bench: builds the run, writes its results.json, times each step in-process (median of
#      RUNS) against cmark-gfm alone rendering the same Markdown (the floor), and the peak memory;
#   2. hyperfine: the real `aftershock-cli report --results F --output report.md` (and .pdf), end to
#      end, process start to exit, with /usr/bin/time's peak resident size.
# Usage: bench/report/run.sh [BUILD_DIR]   BUILD_DIR: a Release build with report_bench and aftershock-cli
#   (cmake --preset release && cmake --build --preset release --target report_bench aftershock-cli)
# Environment: RUNS (3). Needs hyperfine.
set -euo pipefail
cd "$(dirname "$0")/../.."

build=${1:-build/release}
runs=${RUNS:-3}
cli="$build/src/cli/aftershock-cli"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=offscreen

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$build/bench/report/report_bench" --runs "$runs" --keep "$work"
hyperfine --warmup 1 --runs "$runs" \
    -n "aftershock-cli report, Markdown" "$cli report --results $work/results.json --output $work/report.md" \
    -n "aftershock-cli report, PDF" "$cli report --results $work/results.json --output $work/report.pdf"
for format in md pdf; do
    /usr/bin/time -f "peak resident size, $format: %M KB" "$cli" report --results "$work/results.json" \
        --output "$work/report.$format"
done
echo "pages: $(pdfinfo "$work/report.pdf" | sed -n 's/^Pages: *//p')"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
