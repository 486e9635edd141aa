import * as vscode from 'vscode';
import type { TesseraClient } from './client';
import type { RepositoryInfo, Status } from './protocol';

/**
 * What every view shows: the workspace's repositories, the one selected (the first until the
 * user picks another) and its status. Refreshed when the server reports a change.
 */
export class TesseraState implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private selectedRoot: string | undefined;
  private queue: Promise<void> = Promise.resolve();

  readonly onDidChange = this.changed.event;
  repositories: RepositoryInfo[] = [];
  status: Status | undefined;

  constructor(readonly client: TesseraClient) {}

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
    this.repositories = await this.client.repositories();
    if (!this.selected) this.selectedRoot = this.repositories.find((r) => !r.error)?.root;
    const root = this.selected?.error ? undefined : this.selectedRoot;
    this.status = root ? await this.client.status(root) : undefined;
    await vscode.commands.executeCommand('setContext', 'tessera.hasRepository', root !== undefined);
    await vscode.commands.executeCommand('setContext', 'tessera.merging', this.status?.merging ?? false);
    this.changed.fire();
  }

  async select(root: string): Promise<void> {
    this.selectedRoot = root;
    await this.refresh();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
