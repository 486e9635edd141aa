import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ResponseError, ServerOptions } from 'vscode-languageclient/node';
import { TesseraError } from './model/errors';
import type { Diff, Commit, KeyPage, RepositoryInfo, SamplePreview, Status, Tree } from './protocol';

/** The language server (`dotnet tensor lsp`): every read the views make goes through it. */
export class TesseraClient implements vscode.Disposable {
  private readonly client: LanguageClient;
  private readonly changed = new vscode.EventEmitter<string>();

  /** Fires with a repository root when the server sees its files change. */
  readonly onRepositoryChanged = this.changed.event;

  constructor(output: vscode.OutputChannel) {
    const config = vscode.workspace.getConfiguration('tessera');
    const command = config.get<string>('serverPath', 'dotnet');
    const args = config.get<string[]>('serverArgs', ['tensor', 'lsp']);
    const serverOptions: ServerOptions = { command, args, options: { cwd: workspaceRoot() } };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ scheme: 'file', pattern: '**/*.csproj' }],
      outputChannel: output,
    };
    this.client = new LanguageClient('tessera', 'Tessera', serverOptions, clientOptions);
  }

  async start(): Promise<void> {
    await this.client.start();
    this.client.onNotification('tessera/repositoryChanged', (p: { repository: string }) => this.changed.fire(p.repository));
  }

  repositories(): Promise<RepositoryInfo[]> {
    return this.request('tessera/repositories', {});
  }

  status(repository: string): Promise<Status> {
    return this.request('tessera/status', { repository });
  }

  log(repository: string, limit: number): Promise<Commit[]> {
    return this.request('tessera/log', { repository, all: true, limit });
  }

  schema(repository: string, rev?: string): Promise<Tree> {
    return this.request('tessera/schema', { repository, rev });
  }

  /** A page of a column's keys at HEAD. */
  keys(repository: string, path: string, offset: number, limit: number): Promise<KeyPage> {
    return this.request('tessera/keys', { repository, path, offset, limit });
  }

  /** `from` alone diffs against the staging area; neither diffs HEAD against it. */
  diff(repository: string, from?: string, to?: string): Promise<Diff> {
    return this.request('tessera/diff', { repository, from, to, limit: 200 });
  }

  /** A sample at `rev`, or in the staging area when `rev` is undefined. */
  sample(repository: string, path: string, key: string, rev?: string): Promise<SamplePreview> {
    return this.request('tessera/sample', { repository, path, key, rev, maxElements: 16384 });
  }

  async dispose(): Promise<void> {
    this.changed.dispose();
    await this.client.stop();
  }

  private async request<T>(method: string, params: object): Promise<T> {
    try {
      return await this.client.sendRequest<T>(method, params);
    } catch (error) {
      if (error instanceof ResponseError) {
        const data = error.data as { code?: string; exit?: number } | undefined;
        throw new TesseraError(error.message, data?.code ?? 'internal', data?.exit ?? 1);
      }
      throw error;
    }
  }
}

function workspaceRoot(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}
