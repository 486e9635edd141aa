import * as path from 'node:path';
import * as vscode from 'vscode';
import { runCli } from '../cli';
import type { PreviewPanels } from '../preview/panel';
import type { TesseraState } from '../state';

/** What the command handlers share: the state, the previews and a way to run the CLI. */
export class Commands {
  constructor(
    readonly state: TesseraState,
    readonly previews: PreviewPanels,
    private readonly output: vscode.OutputChannel,
  ) {}

  /** Runs a CLI command with a progress notification, then refreshes the views. */
  async run<T>(title: string, repository: string, args: string[], expectedExits: readonly number[] = [0]): Promise<T> {
    try {
      return (await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Tessera: ${title}` }, () =>
        runCli(this.state.client.tool, repository, args, this.output, expectedExits),
      )) as T;
    } finally {
      await this.state.refresh();
    }
  }

  /** The repository a command acts on: the one given, the only one, or one the user picks. */
  async repository(root?: string): Promise<string | undefined> {
    if (root) return root;
    if (this.state.problem) throw this.state.problem;
    const candidates = this.state.repositories.filter((r) => !r.error);
    if (candidates.length === 0) {
      throw new Error('No Tessera repository in this workspace. Run "Tessera: Init Repository" first.');
    }
    if (candidates.length === 1) return candidates[0]!.root;
    const selected = this.state.selected?.root;
    const pick = await vscode.window.showQuickPick(
      candidates.map((r) => ({ label: path.basename(r.root), description: r.root, picked: r.root === selected })),
      { placeHolder: 'Which repository?' },
    );
    return pick?.description;
  }

  /** Registers a command whose failures are shown with the CLI's or the server's message. */
  register(id: string, handler: (...args: never[]) => Promise<unknown>): vscode.Disposable {
    return vscode.commands.registerCommand(id, async (...args: never[]) => {
      try {
        await handler(...args);
      } catch (error) {
        void vscode.window.showErrorMessage(`Tessera: ${(error as Error).message}`);
      }
    });
  }

  info(message: string): void {
    void vscode.window.showInformationMessage(`Tessera: ${message}`);
  }
}
