import * as vscode from 'vscode';
import { changeCounts } from '../model/format';
import type { KeyChange, NodeChange } from '../protocol';
import { messageItem, StateTree } from './base';

export type ChangeItem = { type: 'node'; change: NodeChange } | { type: 'key'; path: string; key: KeyChange } | { type: 'message'; item: vscode.TreeItem };

const keyIcons: Record<KeyChange['change'], string> = { added: 'diff-added', removed: 'diff-removed', mutated: 'diff-modified' };

/** The staging area against HEAD: per node the added, removed and mutated counts, with their keys. */
export class ChangesView extends StateTree<ChangeItem> {
  async getChildren(element?: ChangeItem): Promise<ChangeItem[]> {
    if (element?.type === 'node') return (element.change.keys ?? []).map((key): ChangeItem => ({ type: 'key', path: element.change.path, key }));
    const repository = this.state.selected;
    if (element || !repository || repository.error) return [];
    try {
      const diff = await this.state.client.diff(repository.root);
      if (diff.nodes.length === 0) return [{ type: 'message', item: messageItem('Nothing staged.') }];
      return diff.nodes.map((change): ChangeItem => ({ type: 'node', change }));
    } catch (error) {
      return [{ type: 'message', item: messageItem((error as Error).message, 'error') }];
    }
  }

  getTreeItem(element: ChangeItem): vscode.TreeItem {
    if (element.type === 'message') return element.item;
    if (element.type === 'key') {
      const item = new vscode.TreeItem(element.key.key);
      item.description = element.key.change;
      item.iconPath = new vscode.ThemeIcon(keyIcons[element.key.change]);
      item.contextValue = 'changedKey';
      item.command = { command: 'tessera.previewChange', title: 'Preview the change', arguments: [element] };
      return item;
    }
    const { change } = element;
    const hasKeys = (change.keys ?? []).length > 0;
    const item = new vscode.TreeItem(change.path, hasKeys ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `change:${change.path}`;
    const notes = [change.change === 'modified' ? '' : change.change, changeCounts(change), change.schemaChanged ? 'schema' : '', change.attributesChanged.length > 0 ? 'attributes' : ''];
    item.description = notes.filter((n) => n !== '').join(' · ');
    item.iconPath = new vscode.ThemeIcon(change.kind === 'group' ? 'folder' : 'symbol-array');
    item.contextValue = 'changedNode';
    return item;
  }
}
