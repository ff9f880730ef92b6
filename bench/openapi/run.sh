#!/usr/bin/env bash
# OpenAPI generation speed (issue 6: 10 MB, 1,000 operations, under 2 s), in one run:
#   1. openapi_bench: builds the document (JSON and YAML) and times load, generate and write
#      in-process, median of RUNS;
#   2. hyperfine: the real `aftershock-cli scenario generate --spec-file F --scenario OUT.yaml`,
#      end to end (process start, read, parse, generate, write the file), for each format;
#   3. the peer, in the same hyperfine run: Python only parsing the same document (json.load;
#      PyYAML's libyaml-based CSafeLoader).
# Usage: bench/openapi/run.sh [BUILD_DIR]   BUILD_DIR: a Release build with openapi_bench and aftershock-cli
#   (cmake --preset release && cmake --build --preset release --target openapi_bench aftershock-cli)
# Environment: RUNS (5). Needs hyperfine and python3-yaml.
set -euo pipefail
cd "$(dirname "$0")/../.."

build=${1:-build/release}
runs=${RUNS:-5}
cli="$build/src/cli/aftershock-cli"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$build/bench/openapi/openapi_bench" --runs "$runs" --keep "$work"
hyperfine --warmup 1 --runs "$runs" --export-json "$work/hyperfine.json" \
    -n "aftershock-cli, JSON" "$cli scenario generate --spec-file $work/spec.json --scenario $work/out-json.yaml" \
    -n "aftershock-cli, YAML" "$cli scenario generate --spec-file $work/spec.yaml --scenario $work/out-yaml.yaml" \
    -n "python3 json.load (peer)" "python3 -c 'import json,sys; json.load(open(sys.argv[1], \"rb\"))' $work/spec.json" \
    -n "python3 yaml CSafeLoader (peer)" \
    "python3 -c 'import yaml,sys; yaml.load(open(sys.argv[1], \"rb\"), Loader=yaml.CSafeLoader)' $work/spec.yaml"
python3 - "$work/hyperfine.json" <<'TABLE'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
print("| command | median [ms] | min [ms] | max [ms] | user + system [ms] |")
print("|---|---:|---:|---:|---:|")
for result in results:
    print(f"| {result['command']} | {result['median'] * 1000:.0f} | {result['min'] * 1000:.0f} | "
          f"{result['max'] * 1000:.0f} | {(result['user'] + result['system']) * 1000:.0f} |")
TABLE
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
