// The built CLI (dotnet-tensor.dll in Release, or TESSERA_TOOL_DLL), for unit tests that check the
// extension against what the tool itself prints for the same repository.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const toolDll = resolve(process.env.TESSERA_TOOL_DLL ?? join(__dirname, '../../../../src/Tool/bin/Release/net10.0/dotnet-tensor.dll'));

/** Runs `dotnet-tensor ARGS` and returns its stdout; throws with its stderr when it fails. */
export function tensor(...args: string[]): string {
  if (!existsSync(toolDll)) throw new Error(`${toolDll} is missing: build the tool first (dotnet build src/Tool -c Release).`);
  return execFileSync('dotnet', [toolDll, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
}

/** Runs a command in a repository with --json and parses what it prints. */
export function tensorJson<T>(repository: string, ...args: string[]): T {
  return JSON.parse(tensor('-C', repository, '--json', ...args)) as T;
}
