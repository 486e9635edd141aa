// Finds dotnet-tensor the ways users install it, in the order `dotnet tensor` itself would
// prefer them: a local tool (dotnet-tools.json), a global tool (~/.dotnet/tools, or on PATH), then
// a build of the tool in the workspace (src/Tool/bin/{Release,Debug}/net10.0/dotnet-tensor.dll).
// Node only, no vscode: the unit tests run it on real folders.

import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, delimiter, dirname, join } from 'node:path';

export const toolCommand = 'dotnet-tensor';

/** A program and the arguments that come before a CLI command (`lsp`, `status`, …). */
export interface Launch {
  command: string;
  args: string[];
  /** Where to run it: a local tool is found from the folder of its manifest. */
  cwd?: string;
}

export interface FoundTool extends Launch {
  /** How it was found, for the output channel: "the local tool of /w/dotnet-tools.json". */
  source: string;
}

/** Why nothing was found: nothing installed, or a manifest whose tool is not restored. */
export type ToolProblemKind = 'missing' | 'unrestored';

export type ToolSearch = { found: FoundTool } | { problem: ToolProblemKind; message: string };

export interface SearchPlaces {
  /** The workspace folders. */
  folders: readonly string[];
  env: NodeJS.ProcessEnv;
  home: string;
  platform: NodeJS.Platform;
}

/** Whether a candidate runs: `… --version` exits with 0. */
export type Probe = (launch: Launch) => Promise<boolean>;

export const installHint =
  'Install it with "dotnet tool install --global Tessera.Tool" (or "dotnet tool install Tessera.Tool" for the tool manifest of your folder), ' +
  'or set tessera.serverPath (and tessera.cliPath) to the program that runs it.';

export async function findTool(places: SearchPlaces, probe: Probe = runsVersion): Promise<ToolSearch> {
  const unrestored: string[] = [];
  for (const manifest of manifests(places.folders)) {
    const cwd = basename(dirname(manifest)) === '.config' ? dirname(dirname(manifest)) : dirname(manifest);
    const launch: Launch = { command: 'dotnet', args: ['tool', 'run', toolCommand], cwd };
    if (await probe(launch)) return { found: { ...launch, source: `the local tool of ${manifest}` } };
    unrestored.push(`${manifest} lists ${toolCommand}, but it does not run: run "dotnet tool restore" in ${cwd}.`);
  }
  const global = globalTool(places);
  if (global) return { found: { command: global, args: [], source: `the global tool ${global}` } };
  for (const folder of places.folders) {
    for (const configuration of ['Release', 'Debug']) {
      const dll = join(folder, 'src', 'Tool', 'bin', configuration, 'net10.0', `${toolCommand}.dll`);
      if (existsSync(dll)) return { found: { command: 'dotnet', args: [dll], source: `the build ${dll}` } };
    }
  }
  if (unrestored.length > 0) return { problem: 'unrestored', message: `${unrestored.join(' ')} Or set tessera.serverPath (and tessera.cliPath) to the program that runs it.` };
  return {
    problem: 'missing',
    message: `${toolCommand}, the Tessera tool, was not found: no local tool in a dotnet-tools.json, no global tool in ${toolsFolder(places)}, no build in src/Tool/bin. ${installHint}`,
  };
}

/**
 * The tool manifests listing dotnet-tensor, nearest first: in each folder and its parents,
 * `.config/dotnet-tools.json` then `dotnet-tools.json`, up to a manifest with `isRoot`, as dotnet looks.
 */
export function manifests(folders: readonly string[]): string[] {
  const found: string[] = [];
  for (const folder of folders) {
    let dir = folder;
    for (;;) {
      let root = false;
      for (const path of [join(dir, '.config', 'dotnet-tools.json'), join(dir, 'dotnet-tools.json')]) {
        const manifest = readManifest(path);
        if (!manifest) continue;
        if (manifest.lists && !found.includes(path)) found.push(path);
        root ||= manifest.isRoot;
      }
      const parent = dirname(dir);
      if (root || parent === dir) break;
      dir = parent;
    }
  }
  return found;
}

function readManifest(path: string): { lists: boolean; isRoot: boolean } | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const json = JSON.parse(readFileSync(path, 'utf8')) as { isRoot?: unknown; tools?: Record<string, { commands?: unknown }> };
    const lists = Object.values(json.tools ?? {}).some((tool) => Array.isArray(tool.commands) && tool.commands.includes(toolCommand));
    return { lists, isRoot: json.isRoot === true };
  } catch {
    // Not JSON: dotnet refuses it too, so it lists nothing.
    return { lists: false, isRoot: false };
  }
}

/** Where `dotnet tool install --global` puts tools: $DOTNET_CLI_HOME/.dotnet/tools, else ~/.dotnet/tools. */
function toolsFolder(places: SearchPlaces): string {
  return join(places.env.DOTNET_CLI_HOME || places.home, '.dotnet', 'tools');
}

function globalTool(places: SearchPlaces): string | undefined {
  const file = places.platform === 'win32' ? `${toolCommand}.exe` : toolCommand;
  const path = (places.env.PATH ?? '').split(delimiter).filter((p) => p !== '');
  return [toolsFolder(places), ...path].map((dir) => join(dir, file)).find((candidate) => existsSync(candidate));
}

/** Runs `… --version` (no banner: DOTNET_NOLOGO) and says whether it exited with 0 within 30 s. */
export function runsVersion(launch: Launch): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(launch.command, [...launch.args, '--version'], { cwd: launch.cwd, env: toolEnvironment(), timeout: 30_000 }, (error) => resolve(!error));
  });
}

/**
 * The environment the tool runs in. DOTNET_NOLOGO: a first `dotnet tool run` would otherwise print
 * the .NET welcome banner on stdout, in the middle of the language server's messages.
 */
export function toolEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env, DOTNET_NOLOGO: '1' };
}
