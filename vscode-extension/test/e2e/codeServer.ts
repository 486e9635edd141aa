// code-server for the end-to-end test: the .vsix installed into a private extensions folder,
// served on a free loopback port with its own user data (docs: ../../../shared/reference/test-tooling.md §2).

import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface CodeServerOptions {
  /** The code-server launcher (…/bin/code-server). */
  binary: string;
  /** A folder holding node 24's `node`, put first on PATH. */
  nodeBin: string;
  /** Scratch folder for user data, extensions and the log. */
  home: string;
  vsix: string;
  /** User settings. */
  settings: Record<string, unknown>;
  /** More environment for code-server and what it starts (the extension host, the language server). */
  env?: NodeJS.ProcessEnv;
}

export interface RunningCodeServer {
  url: string;
  stop(): void;
}

export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  const userData = join(options.home, 'user-data');
  const extensions = join(options.home, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(options.settings, null, 2));
  const env = { ...process.env, ...options.env, PATH: `${options.nodeBin}:${process.env.PATH}`, XDG_CONFIG_HOME: join(options.home, 'config') };
  const common = ['--user-data-dir', userData, '--extensions-dir', extensions];
  execFileSync(options.binary, [...common, '--install-extension', options.vsix], { env, stdio: 'pipe', timeout: 120_000 });
  const port = await freePort();
  const log = createWriteStream(join(options.home, 'code-server.log'));
  const child = spawn(
    options.binary,
    [...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust'],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, 60_000);
  return { url, stop: () => stopGroup(child) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with code ${child.exitCode} (see code-server.log)`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer on ${url} within ${timeoutMs / 1000} s`);
}

/** Stops code-server with everything it started (extension host, language server). */
function stopGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}
