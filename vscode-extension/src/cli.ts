import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { TesseraError, readCliResult } from './model/errors';

/** Runs `dotnet tensor --json ARGS` in a repository: the extension's write actions go through the CLI. */
export function runCli(repository: string, args: string[], output: vscode.OutputChannel, expectedExits: readonly number[] = [0]): Promise<unknown> {
  const config = vscode.workspace.getConfiguration('tessera');
  const command = config.get<string>('cliPath', 'dotnet');
  const prefix = config.get<string[]>('cliArgs', ['tensor']);
  const argv = [...prefix, '-C', repository, '--json', '--no-progress', ...args];
  output.appendLine(`> ${command} ${argv.join(' ')}`);
  return new Promise((resolve, reject) => {
    execFile(command, argv, { cwd: repository, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (stderr.trim() !== '') output.appendLine(stderr.trim());
      if (error && typeof error.code !== 'number') {
        reject(new TesseraError(`Could not run ${command}: ${error.message}`, 'internal', 1));
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
