import * as vscode from 'vscode';
import { TesseraClient } from './client';
import { registerChangeCommands } from './commands/changeCommands';
import { Commands } from './commands/context';
import { registerDataCommands } from './commands/dataCommands';
import { registerRepositoryCommands } from './commands/repositoryCommands';
import { PreviewPanels } from './preview/panel';
import { TesseraState } from './state';
import { createStatusBar } from './statusBar';
import { TesseraTool } from './tool';
import { ChangesView } from './views/changesView';
import { ConflictsView } from './views/conflictsView';
import { HistoryView } from './views/historyView';
import { RepositoriesView } from './views/repositoriesView';
import { MoreKeysItem, SchemaView } from './views/schemaView';

let client: TesseraClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Tessera');
  const server = new TesseraClient(output, new TesseraTool(output));
  client = server;
  const state = new TesseraState(server);
  const commands = new Commands(state, new PreviewPanels(context.extensionUri, server), output);
  const views = { repositories: new RepositoriesView(state), schema: new SchemaView(state), changes: new ChangesView(state), conflicts: new ConflictsView(state) };
  const historyView = new HistoryView(state);
  const history = vscode.window.createTreeView('tessera.history', { treeDataProvider: historyView, canSelectMany: true });
  context.subscriptions.push(
    output,
    state,
    history,
    historyView,
    ...Object.values(views),
    vscode.window.registerTreeDataProvider('tessera.repositories', views.repositories),
    vscode.window.registerTreeDataProvider('tessera.schema', views.schema),
    vscode.window.registerTreeDataProvider('tessera.changes', views.changes),
    vscode.window.registerTreeDataProvider('tessera.conflicts', views.conflicts),
    createStatusBar(state),
    ...registerRepositoryCommands(commands),
    ...registerChangeCommands(commands),
    ...registerDataCommands(commands, history),
    commands.register('tessera.loadMoreKeys', (item: MoreKeysItem) => views.schema.loadMore(item)),
    server.onRepositoryChanged(() => void state.refresh()),
    // Another server or CLI command: start over with it.
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (!event.affectsConfiguration('tessera')) return;
      await server.stop();
      await state.refresh();
    }),
  );
  try {
    await state.refresh();
  } catch (error) {
    void vscode.window.showErrorMessage(`Tessera: ${(error as Error).message}`);
  }
}

export async function deactivate(): Promise<void> {
  await client?.dispose();
}
