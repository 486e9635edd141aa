import * as vscode from 'vscode';
import { shortId } from '../model/format';
import type { ChangeItem } from '../views/changesView';
import type { ConflictItem } from '../views/conflictsView';
import type { SchemaItem } from '../views/schemaView';
import type { Commands } from './context';

type Side = '--ours' | '--theirs';

/** Commit, discard, resolve, abort, and the previews of samples, changes and conflicts. */
export function registerChangeCommands(c: Commands): vscode.Disposable[] {
  const resolve = async (item: ConflictItem | undefined, side: Side): Promise<void> => {
    const root = await c.repository(c.state.selected?.root);
    if (!root || !item || item.type === 'message') return;
    const target = item.type === 'node' ? [item.group.path] : [item.conflict.path, ...(item.conflict.key === null ? [] : [item.conflict.key])];
    await c.run(`Resolving ${target.join(' ')} with ${side.slice(2)}`, root, ['resolve', ...target, side]);
  };
  return [
    c.register('tessera.commit', async () => {
      const root = await c.repository(c.state.selected?.root);
      if (!root) return;
      const message = await vscode.window.showInputBox({ ignoreFocusOut: true, prompt: 'Commit message', placeHolder: c.state.status?.merging ? 'Merge …' : 'Describe the change' });
      if (!message) return;
      const commit = await c.run<{ id: string }>('Committing', root, ['commit', '-m', message]);
      c.info(`Committed ${shortId(commit.id)}.`);
    }),
    c.register('tessera.discard', async () => {
      const root = await c.repository(c.state.selected?.root);
      if (!root) return;
      const answer = await vscode.window.showWarningMessage('Discard every staged change (and a merge in progress)?', { modal: true }, 'Discard');
      if (answer === 'Discard') await c.run('Discarding staged changes', root, ['reset']);
    }),
    c.register('tessera.takeOurs', (item?: ConflictItem) => resolve(item, '--ours')),
    c.register('tessera.takeTheirs', (item?: ConflictItem) => resolve(item, '--theirs')),
    c.register('tessera.abortMerge', async () => {
      const root = await c.repository(c.state.selected?.root);
      if (root) await c.run('Aborting the merge', root, ['merge', '--abort']);
    }),
    c.register('tessera.resolveConflicts', async () => {
      await vscode.commands.executeCommand('tessera.conflicts.focus');
    }),
    c.register('tessera.previewSample', async (item?: SchemaItem) => {
      const root = await c.repository(c.state.selected?.root);
      if (!root) return;
      // A key listed in the Schema view is one of HEAD's; from the palette, any staged sample.
      if (item?.type === 'key') {
        await c.previews.showSample(root, item.path, item.key, 'HEAD');
        return;
      }
      const path = await vscode.window.showInputBox({ ignoreFocusOut: true, prompt: 'Column path', placeHolder: '/digits/images' });
      if (!path) return;
      const key = await vscode.window.showInputBox({ ignoreFocusOut: true, prompt: `Sample key in ${path}`, placeHolder: '0' });
      if (key) await c.previews.showSample(root, path, key);
    }),
    c.register('tessera.previewChange', async (item: Extract<ChangeItem, { type: 'key' }>) => {
      const root = c.state.selected?.root;
      if (!root) return;
      await c.previews.showChange(root, item.path, item.key.key, { label: 'HEAD', rev: 'HEAD' }, { label: 'staged', rev: undefined });
    }),
    c.register('tessera.previewConflict', async (item: Extract<ConflictItem, { type: 'conflict' }>) => {
      const root = c.state.selected?.root;
      const status = c.state.status;
      if (!root || !status?.mergeHead || item.conflict.key === null) return;
      await c.previews.showConflict(
        root,
        item.conflict.path,
        item.conflict.key,
        status.mergeBase ? { label: `base (${shortId(status.mergeBase)})`, rev: status.mergeBase } : null,
        { label: `ours (${status.branch})`, rev: 'HEAD' },
        { label: `theirs (${branchAt(c, root, status.mergeHead) ?? shortId(status.mergeHead)})`, rev: status.mergeHead },
      );
    }),
  ];
}

/** The name of a branch whose tip is `commit`, to say where a merge's other side came from. */
function branchAt(c: Commands, root: string, commit: string): string | undefined {
  return c.state.repositories.find((r) => r.root === root)?.branches?.find((b) => b.target === commit)?.name;
}
