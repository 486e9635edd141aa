#!/usr/bin/env bash
# Runs every test of Tessera on a fresh machine: installs what the tests need (Debian's numpy, h5py and PIL,
# the npm oracles), builds everything with warnings as errors, runs every test project and the
# examples, and ends with one line "tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")"

step() { printf '\n== %s\n' "$*"; }

step "test prerequisites"
sh tests/oracles/install-python-oracles.sh
if ! command -v zstd >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends zstd
fi
# The object-storage tests start a throwaway Ceph cluster (tests/Remotes.Tests/Support/rgw-mini.sh);
# TESSERA_SKIP_RGW=1 skips them instead, and only then are they not run.
if [ "${TESSERA_SKIP_RGW:-}" != 1 ]; then
  for tool in radosgw ceph-mon ceph-osd uuidgen curl; do
    if ! command -v "$tool" >/dev/null; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends radosgw ceph-mon ceph-osd uuid-runtime curl
      break
    fi
  done
fi
# npm ci refuses this lock: the registry here lacks the other platforms' optional DuckDB bindings,
# so npm install (which keeps the locked versions) sets the oracles up.
(cd tests/oracles && npm install --no-audit --no-fund --loglevel=error)

step "build (warnings are errors)"
dotnet build Tessera.slnx -c Release -p:TreatWarningsAsErrors=true -nologo -v:q

step "tests"
log=$(mktemp)
status=0
dotnet test Tessera.slnx -c Release --no-build -nologo 2>&1 | tee "$log" || status=$?
vscode-extension/test.sh 2>&1 | tee -a "$log" || status=$?

step "examples"
ex_passed=0
ex_failed=0
# train-digits.sh also packs Tessera.Core, .MSBuildTasks and .MLNet, builds an application pinned
# to a dataset commit and trains on it (about half a minute).
for example in examples/*.sh; do
  started=$SECONDS
  if TENSOR="dotnet $PWD/src/Tool/bin/Release/net10.0/dotnet-tensor.dll" "$example" >"$log.example" 2>&1; then
    ex_passed=$((ex_passed + 1)); echo "passed: $example ($((SECONDS - started)) s)"
  else
    ex_failed=$((ex_failed + 1)); echo "FAILED: $example ($((SECONDS - started)) s)"; cat "$log.example"
  fi
done
rm -f "$log.example"
# In the form of dotnet test's summaries, so that the totals below include the examples.
echo "examples: Passed: ${ex_passed}, Failed: ${ex_failed}, Skipped: 0" | tee -a "$log"

# Sum the per-assembly summaries ("Passed!  - Failed: 0, Passed: 52, Skipped: 0, ...").
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
