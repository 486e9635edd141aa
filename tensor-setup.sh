#!/usr/bin/env bash
# Makes `dotnet tensor ...` work in this clone: packs the tool into artifacts/packages and restores
# it from there as the local tool dotnet-tools.json pins. (The folder is passed with --add-source
# rather than listed in a nuget.config, because a listed folder that does not exist yet fails
# every restore of a fresh clone.)
set -euo pipefail
cd "$(dirname "$0")"

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)
dotnet pack src/Tool -c Release -nologo -v:q

# The package keeps its version while the code changes: drop the cached copy so restore takes the new build.
packages=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
rm -rf "${packages%/}/tessera.tool/${version}"
dotnet tool restore --add-source artifacts/packages

echo "Ready: try 'dotnet tensor --help' or 'dotnet tensor quickstart demo'."
