import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, LanguageClientOptions, ResponseError, ServerOptions } from 'vscode-languageclient/node';
import { TesseraError } from './model/errors';
import type { Diff, Commit, KeyPage, RepositoryInfo, SamplePreview, Status, Tree } from './protocol';
import { TesseraTool, ToolProblem } from './tool';
import { toolEnvironment } from './toolLocation';

/**
 * The language server (`dotnet-tensor lsp`): every read the views make goes through it. Started
 * when the state first loads, and again on Refresh after it could not start or stopped; a server
 * that exits is not restarted by itself (no crash loop): it reports why through onStopped.
 */
export class TesseraClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<void> | undefined;
  private readonly changed = new vscode.EventEmitter<string>();
  private readonly stoppedEmitter = new vscode.EventEmitter<ToolProblem>();

  /** Fires with a repository root when the server sees its files change. */
  readonly onRepositoryChanged = this.changed.event;

  /** Fires when the server exits while it was meant to run. */
  readonly onStopped = this.stoppedEmitter.event;

  constructor(
    private readonly output: vscode.OutputChannel,
    readonly tool: TesseraTool,
  ) {}

  /** Starts the server unless it runs; throws a ToolProblem saying why it cannot. */
  start(): Promise<void> {
    if (this.client?.isRunning()) return Promise.resolve();
    this.starting ??= this.launch().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /** Stops the server (settings changed, or the extension ends); the next start looks for the tool again. */
  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.tool.reset();
    if (client?.needsStop()) await client.stop();
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
    this.stoppedEmitter.dispose();
    await this.stop();
  }

  private async launch(): Promise<void> {
    this.tool.reset();
    const server = await this.tool.server();
    const commandLine = [server.command, ...server.args].join(' ');
    const serverOptions: ServerOptions = { command: server.command, args: server.args, options: { cwd: server.cwd ?? workspaceRoot(), env: toolEnvironment() } };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ scheme: 'file', pattern: '**/*.csproj' }],
      outputChannel: this.output,
      // No retry and no message of its own: start() reports the failure as a ToolProblem.
      initializationFailedHandler: () => false,
      errorHandler: {
        error: () => ({ action: ErrorAction.Continue, handled: true }),
        closed: () => {
          // A server that never started is reported by start(); one stopped on purpose by stop().
          if (started && this.client === client) {
            this.client = undefined;
            this.stoppedEmitter.fire(new ToolProblem(`The language server (${commandLine}) stopped; its log is in the Tessera output. Check tessera.serverPath, then Refresh.`, 'stopped'));
          }
          return { action: CloseAction.DoNotRestart, handled: true };
        },
      },
    };
    this.output.appendLine(`Starting the language server: ${commandLine}`);
    let started = false;
    const client = new LanguageClient('tessera', 'Tessera', serverOptions, clientOptions);
    this.client = client;
    try {
      await client.start();
      started = true;
    } catch (error) {
      this.client = undefined;
      throw new ToolProblem(`The language server (${commandLine}) did not start: ${(error as Error).message}. Check tessera.serverPath.`, 'stopped');
    }
    client.onNotification('tessera/repositoryChanged', (p: { repository: string }) => this.changed.fire(p.repository));
  }

  private async request<T>(method: string, params: object): Promise<T> {
    if (!this.client) throw new TesseraError('The Tessera language server is not running: Refresh to start it.', 'internal', 1);
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
