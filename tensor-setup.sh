#!/usr/bin/env bash
# Makes `dotnet tensor ...` work in this clone: packs the tool into artifacts/packages with a version
# of this clone's own (so that the NuGet cache, which every clone on the machine shares, never swaps
# one clone's build for another's), writes this clone's dotnet-tools.json (not tracked by git) to pin
# it, and restores it. Run it again after changing the code. (The package folder is passed with
# --add-source rather than listed in a nuget.config, because a listed folder that does not exist yet
# fails every restore of a fresh clone.)
set -euo pipefail
cd "$(dirname "$0")"

step() { printf '== %s\n' "$*"; }

base=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)
version="$base-local.$(date -u +%Y%m%d%H%M%S)"
previous=$(sed -n 's:.*"version": *"\([^"]*\)".*:\1:p' dotnet-tools.json 2>/dev/null | tail -n 1 || true)

step "building and packing the tool as Tessera.Tool $version (about a minute the first time)"
dotnet pack src/Tool -c Release -nologo -v:m -clp:NoSummary -p:Version="$version"

step "pinning it in dotnet-tools.json and restoring it"
cat > dotnet-tools.json <<JSON
{
  "version": 1,
  "isRoot": true,
  "tools": {
    "tessera.tool": {
      "version": "$version",
      "commands": [
        "dotnet-tensor"
      ],
      "rollForward": false
    }
  }
}
JSON
dotnet tool restore --add-source artifacts/packages

# This clone's earlier build is no longer pinned by anything: drop it (other clones' builds stay).
if [ -n "$previous" ] && [ "$previous" != "$version" ] && [[ "$previous" == *-local.* ]]; then
  packages=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
  rm -rf "${packages%/}/tessera.tool/$previous" "artifacts/packages/Tessera.Tool.$previous.nupkg"
fi

echo "Ready: 'dotnet tensor --help' works anywhere in this clone (Tessera.Tool $version)."
