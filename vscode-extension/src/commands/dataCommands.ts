import * as path from 'node:path';
import * as vscode from 'vscode';
import { plural, shortId } from '../model/format';
import type { Diff } from '../protocol';
import type { CommitRow, GraphRow } from '../model/graph';
import type { Commands } from './context';

const importFormats = ['parquet', 'npy', 'npz', 'csv'];

/** Diffs of two refs, pin, import, export and verify. */
export function registerDataCommands(c: Commands, history: vscode.TreeView<GraphRow | vscode.TreeItem>): vscode.Disposable[] {
  const pickRef = async (root: string, placeHolder: string): Promise<string | undefined> => {
    const info = c.state.repositories.find((r) => r.root === root);
    const refs = [...(info?.branches ?? []).map((b) => ({ label: b.name, description: 'branch' })), ...(info?.tags ?? []).map((t) => ({ label: t.name, description: 'tag' }))];
    return (await vscode.window.showQuickPick(refs, { placeHolder }))?.label;
  };
  const showDiff = async (root: string, from: string, to: string): Promise<void> => {
    const diff: Diff = await c.state.client.diff(root, from, to);
    const items = diff.nodes.flatMap((node) =>
      (node.keys ?? []).map((key) => ({ label: `${node.path} [${key.key}]`, description: key.change, path: node.path, key: key.key })),
    );
    const summary = `${from} → ${to}: +${diff.added} −${diff.removed} ~${diff.mutated} in ${plural(diff.nodes.length, 'node')}`;
    const pick = await vscode.window.showQuickPick(items, { placeHolder: `${summary}. Pick a sample to compare.` });
    if (pick) await c.previews.showChange(root, pick.path, pick.key, { label: from, rev: from }, { label: to, rev: to });
  };
  return [
    c.register('tessera.diffRefs', async () => {
      const root = await c.repository(c.state.selected?.root);
      const from = root && (await pickRef(root, 'Diff from'));
      const to = root && from && (await pickRef(root, `Diff ${from} against`));
      if (root && from && to) await showDiff(root, from, to);
    }),
    c.register('tessera.diffSelected', async () => {
      const root = c.state.selected?.root;
      const rows = history.selection.filter((s): s is CommitRow => !(s instanceof vscode.TreeItem) && s.type === 'commit');
      if (!root || rows.length !== 2) throw new Error('Select two commits in the History view (Ctrl+click) to diff them.');
      const [newer, older] = rows.sort((a, b) => a.commit.time.localeCompare(b.commit.time)).reverse() as [CommitRow, CommitRow];
      await showDiff(root, shortId(older.commit.id), shortId(newer.commit.id));
    }),
    c.register('tessera.pin', async () => {
      const root = await c.repository(c.state.selected?.root);
      if (!root) return;
      const projects = await vscode.workspace.findFiles('**/*.csproj', '**/{bin,obj,node_modules}/**', 200);
      const project = await vscode.window.showQuickPick(projects.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })), { placeHolder: 'Project to pin the dataset in' });
      if (!project) return;
      const dataset = await vscode.window.showInputBox({ ignoreFocusOut: true, prompt: 'Dataset name (the TensorDataset item)', value: path.basename(root) });
      if (!dataset) return;
      const branch = c.state.selected?.branch;
      await c.run(`Pinning ${dataset}`, root, ['pin', project.uri.fsPath, '--dataset', dataset, '--repository', root, ...(branch ? ['--branch', branch] : [])]);
      c.info(`Pinned ${dataset} in ${project.label}.`);
    }),
    c.register('tessera.import', async () => {
      const root = await c.repository(c.state.selected?.root);
      const format = root && (await vscode.window.showQuickPick(importFormats, { placeHolder: 'Format of the file to import' }));
      if (!root || !format) return;
      const file = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [format]: [format] }, openLabel: 'Import' });
      if (!file?.[0]) return;
      const into = await vscode.window.showInputBox({ ignoreFocusOut: true, prompt: 'Import into (a group, or a column for npy)', value: `/${path.parse(file[0].fsPath).name}` });
      if (!into) return;
      const result = await c.run<{ samples: number; columns: string[] }>(`Importing ${path.basename(file[0].fsPath)}`, root, ['import', format, file[0].fsPath, '--into', into]);
      c.info(`Staged ${plural(result.samples, 'sample')} in ${plural(result.columns.length, 'column')}. Commit to record them.`);
    }),
    c.register('tessera.export', async () => {
      const root = await c.repository(c.state.selected?.root);
      const format = root && (await vscode.window.showQuickPick(importFormats, { placeHolder: 'Export format' }));
      if (!root || !format) return;
      const nodes = (await c.state.client.schema(root)).nodes.filter((n) => n.kind !== 'array').map((n) => n.path);
      const node = await vscode.window.showQuickPick(nodes, { placeHolder: 'Group or column to export' });
      if (!node) return;
      const file = await vscode.window.showSaveDialog({ filters: { [format]: [format] }, saveLabel: 'Export' });
      if (!file) return;
      const result = await c.run<{ rows: number }>(`Exporting ${node}`, root, ['export', format, node, file.fsPath]);
      c.info(`Exported ${plural(result.rows, 'row')} to ${file.fsPath}.`);
    }),
    c.register('tessera.verify', async () => {
      const root = await c.repository(c.state.selected?.root);
      if (!root) return;
      const result = await c.run<{ ok: boolean; commits: number; blobs: number; problems: { message: string }[] }>('Verifying', root, ['verify'], [0, 60]);
      if (result.ok) c.info(`Intact: ${plural(result.commits, 'commit')} and ${plural(result.blobs, 'sample')} checked.`);
      else void vscode.window.showErrorMessage(`Tessera: verify found ${plural(result.problems.length, 'problem')}: ${result.problems.map((p) => p.message).join('; ')}`);
    }),
  ];
}
