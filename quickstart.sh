#!/usr/bin/env bash
# The quick start: makes `dotnet tensor` work in this clone (./tensor-setup.sh, with progress), then
# builds a demo repository in DIR (default: demo) — digit images, labels and captions, commits, a tag,
# a branch merged back, a diff, a Parquet export and a merge with one conflict left for you — and
# prints the commands to try next, exactly as they run.
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)
dir=${1:-demo}
here=$PWD

"$root/tensor-setup.sh"
printf '== building the demo repository in %s\n' "$dir"
# From the clone, where dotnet-tools.json pins the tool; -C keeps DIR and the printed paths relative to where you are.
cd "$root"
exec dotnet tensor -C "$here" quickstart "$dir"
