// The tool installed the way users install it for a folder: packed (dotnet pack, as
// tensor-setup.sh does), listed in the folder's dotnet-tools.json and restored. NuGet's cache and
// dotnet's home are private to the test, so no global tool and no stale copy of the package is seen.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface ToolHome {
  /** NUGET_PACKAGES and DOTNET_CLI_HOME, for the restore and for everything code-server starts. */
  env: { NUGET_PACKAGES: string; DOTNET_CLI_HOME: string };
  packages: string;
}

/** Packs the built tool (no build) into scratch/packages; nuget and dotnet homes under scratch. */
export function packTool(toolProject: string, scratch: string): ToolHome {
  const packages = join(scratch, 'packages');
  execFileSync('dotnet', ['pack', toolProject, '-c', 'Release', '--no-build', '-o', packages, '-nologo', '-v:q'], { stdio: 'pipe', timeout: 300_000 });
  return { packages, env: { NUGET_PACKAGES: join(scratch, 'nuget-packages'), DOTNET_CLI_HOME: join(scratch, 'dotnet-home') } };
}

/** Writes folder/dotnet-tools.json listing the packed tool; restores it unless `restore` is false. */
export function installLocalTool(home: ToolHome, folder: string, restore = true): void {
  const manifest = { version: 1, isRoot: true, tools: { 'tessera.tool': { version: packageVersion(home), commands: ['dotnet-tensor'], rollForward: false } } };
  writeFileSync(join(folder, 'dotnet-tools.json'), JSON.stringify(manifest, null, 2));
  if (restore) {
    execFileSync('dotnet', ['tool', 'restore', '--add-source', home.packages], { cwd: folder, env: { ...process.env, ...home.env }, stdio: 'pipe', timeout: 300_000 });
  }
}

/** The version of the packed Tessera.Tool.VERSION.nupkg. */
function packageVersion(home: ToolHome): string {
  const nupkg = readdirSync(home.packages).find((f) => /^Tessera\.Tool\..*\.nupkg$/i.test(f));
  if (!nupkg) throw new Error(`no Tessera.Tool package in ${home.packages}`);
  return nupkg.replace(/^Tessera\.Tool\./i, '').replace(/\.nupkg$/, '');
}

/** A dotnet-tensor this machine would find without the workspace: on PATH or in the global tools folder. */
export function globalTools(home: ToolHome): string[] {
  const folders = [...(process.env.PATH ?? '').split(delimiter), join(home.env.DOTNET_CLI_HOME, '.dotnet', 'tools')];
  return folders.map((f) => join(f, 'dotnet-tensor')).filter((f) => existsSync(f));
}

/** Command lines of the running processes started in `folder` (or below it) that contain every one of `parts`. */
export function processesIn(folder: string, ...parts: string[]): string[] {
  const lines: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const line = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      if ((cwd === folder || cwd.startsWith(`${folder}/`)) && parts.every((p) => line.includes(p))) lines.push(line);
    } catch {
      // The process ended while we looked, or is not ours to inspect.
    }
  }
  return lines;
}
