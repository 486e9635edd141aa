import * as os from 'node:os';
import * as vscode from 'vscode';
import { findTool, Launch, ToolProblemKind, ToolSearch } from './toolLocation';

/** The tool cannot be run: not installed, not restored, or its language server stopped. */
export class ToolProblem extends Error {
  constructor(
    message: string,
    readonly kind: ToolProblemKind | 'stopped',
  ) {
    super(message);
    this.name = 'ToolProblem';
  }
}

/**
 * How the extension runs dotnet-tensor: as tessera.serverPath / tessera.cliPath say, or, when
 * they are empty, as found in the workspace and the user's tools (toolLocation.ts).
 */
export class TesseraTool {
  private search: Promise<ToolSearch> | undefined;

  constructor(private readonly output: vscode.OutputChannel) {}

  /** Forgets what was found, so that the next use looks again (after an install or a settings change). */
  reset(): void {
    this.search = undefined;
  }

  /** The command line of the language server. */
  async server(): Promise<Launch> {
    const config = vscode.workspace.getConfiguration('tessera');
    const path = config.get<string>('serverPath', '');
    if (path !== '') return { command: path, args: config.get<string[]>('serverArgs', ['lsp']) };
    const tool = await this.found();
    return { ...tool, args: [...tool.args, 'lsp'] };
  }

  /** The program and arguments before a CLI command. */
  async cli(): Promise<Launch> {
    const config = vscode.workspace.getConfiguration('tessera');
    const path = config.get<string>('cliPath', '');
    if (path !== '') return { command: path, args: config.get<string[]>('cliArgs', []) };
    return this.found();
  }

  private async found(): Promise<Launch> {
    this.search ??= findTool({ folders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath), env: process.env, home: os.homedir(), platform: process.platform }).then(
      (search) => {
        this.output.appendLine('found' in search ? `dotnet-tensor: ${search.found.source}` : `dotnet-tensor: ${search.message}`);
        return search;
      },
    );
    const search = await this.search;
    if ('problem' in search) throw new ToolProblem(search.message, search.problem);
    return search.found;
  }
}
