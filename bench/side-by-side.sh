#!/usr/bin/env bash
# Measures Tessera and Hangar 0.5.2 in one session on this machine, so that the ratios printed are
# side by side: bench/side-by-side.sh [A|B|loader]... (default: A B loader) [-- bench options].
# Installs Hangar from ../shared/reference/hangar when /tmp/hangar-venv is missing; writes
# artifacts/bench/{hangar,hangar-loader,WORKLOAD}.json.
set -euo pipefail
cd "$(dirname "$0")/.."
reference=../shared/reference/hangar
workloads=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do workloads+=("$1"); shift; done
[ "${1:-}" = -- ] && shift
[ ${#workloads[@]} -gt 0 ] || workloads=(A B loader)
out=artifacts/bench
mkdir -p "$out"

[ -x /tmp/hangar-venv/bin/python ] || "$reference/install.sh"
hangar=()
if printf '%s\n' "${workloads[@]}" | grep -qx '[AB]'; then
  echo "== Hangar: workloads A and B"
  /tmp/hangar-venv/bin/python "$reference/bench_hangar.py" --json "$out/hangar.json" >/dev/null
  hangar+=(--hangar "$out/hangar.json")
fi
if printf '%s\n' "${workloads[@]}" | grep -qx loader; then
  echo "== Hangar: loader epochs"
  /tmp/hangar-venv/bin/python "$reference/bench_hangar_loader.py" --json "$out/hangar-loader.json" >/dev/null
  hangar+=(--hangar "$out/hangar-loader.json")
fi

dotnet build bench -c Release -nologo -v:q
for w in "${workloads[@]}"; do
  echo "== Tessera: workload $w"
  dotnet run -c Release --no-build --project bench -- --workload "$w" --json "$out/$w.json" "${hangar[@]}" "$@"
done
