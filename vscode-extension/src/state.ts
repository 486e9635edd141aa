import * as vscode from 'vscode';
import type { TesseraClient } from './client';
import type { RepositoryInfo, Status } from './protocol';
import { ToolProblem } from './tool';

/**
 * What every view shows: the workspace's repositories, the one selected (the first until the
 * user picks another) and its status, or why the language server does not run. Refreshed when
 * the server reports a change; a refresh starts the server when it does not run.
 */
export class TesseraState implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  private selectedRoot: string | undefined;
  private queue: Promise<void> = Promise.resolve();

  readonly onDidChange = this.changed.event;
  repositories: RepositoryInfo[] = [];
  status: Status | undefined;
  /** Why there is no language server (the tool is missing, not restored, or the server stopped). */
  problem: ToolProblem | undefined;

  constructor(readonly client: TesseraClient) {
    this.subscription = client.onStopped((problem) => void this.fail(problem));
  }

  get selected(): RepositoryInfo | undefined {
    return this.repositories.find((r) => r.root === this.selectedRoot);
  }

  /**
   * Reloads the state. Refreshes run one after another: a refresh started by the watcher while a
   * command runs must not finish after the command's own refresh and put back what it read before.
   */
  refresh(): Promise<void> {
    const next = this.queue.then(() => this.load(), () => this.load());
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async load(): Promise<void> {
    try {
      await this.client.start();
    } catch (error) {
      if (error instanceof ToolProblem) return this.fail(error);
      throw error;
    }
    this.problem = undefined;
    await vscode.commands.executeCommand('setContext', 'tessera.server', 'running');
    this.repositories = await this.client.repositories();
    if (!this.selected) this.selectedRoot = this.repositories.find((r) => !r.error)?.root;
    const root = this.selected?.error ? undefined : this.selectedRoot;
    this.status = root ? await this.client.status(root) : undefined;
    await vscode.commands.executeCommand('setContext', 'tessera.hasRepository', root !== undefined);
    await vscode.commands.executeCommand('setContext', 'tessera.merging', this.status?.merging ?? false);
    this.changed.fire();
  }

  /**
   * Empties the views, which then say why (package.json viewsWelcome), and tells the user what to
   * do: once per problem, not again on each refresh while it lasts.
   */
  private async fail(problem: ToolProblem): Promise<void> {
    const known = this.problem?.message === problem.message;
    this.problem = problem;
    this.repositories = [];
    this.status = undefined;
    await vscode.commands.executeCommand('setContext', 'tessera.server', problem.kind);
    await vscode.commands.executeCommand('setContext', 'tessera.hasRepository', false);
    await vscode.commands.executeCommand('setContext', 'tessera.merging', false);
    this.changed.fire();
    if (known) return;
    void vscode.window.showErrorMessage(`Tessera: ${problem.message}`, 'Open Settings', 'Refresh').then((answer) => {
      if (answer === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'tessera.serverPath');
      if (answer === 'Refresh') void vscode.commands.executeCommand('tessera.refresh');
    });
  }

  async select(root: string): Promise<void> {
    this.selectedRoot = root;
    await this.refresh();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
