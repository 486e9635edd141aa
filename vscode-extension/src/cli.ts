import { execFile } from 'node:child_process';
import type * as vscode from 'vscode';
import { TesseraError, readCliResult } from './model/errors';
import type { TesseraTool } from './tool';
import { toolEnvironment } from './toolLocation';

/** Runs `dotnet-tensor --json ARGS` in a repository: the extension's write actions go through the CLI. */
export async function runCli(tool: TesseraTool, repository: string, args: string[], output: vscode.OutputChannel, expectedExits: readonly number[] = [0]): Promise<unknown> {
  const cli = await tool.cli();
  const argv = [...cli.args, '-C', repository, '--json', '--no-progress', ...args];
  output.appendLine(`> ${cli.command} ${argv.join(' ')}`);
  return new Promise((resolve, reject) => {
    execFile(cli.command, argv, { cwd: cli.cwd ?? repository, env: toolEnvironment(), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (stderr.trim() !== '') output.appendLine(stderr.trim());
      if (error && typeof error.code !== 'number') {
        reject(new TesseraError(`Could not run ${cli.command}: ${error.message}`, 'internal', 1));
        return;
      }
      try {
        resolve(readCliResult(error ? Number(error.code) : 0, stdout, stderr, expectedExits));
      } catch (failure) {
        reject(failure);
      }
    });
  });
}
