import * as vscode from 'vscode';
import { ConflictGroup, describeConflict, groupConflicts, isSampleConflict } from '../model/conflicts';
import { plural } from '../model/format';
import type { Conflict } from '../protocol';
import { messageItem, StateTree } from './base';

export type ConflictItem = { type: 'node'; group: ConflictGroup } | { type: 'conflict'; conflict: Conflict } | { type: 'message'; item: vscode.TreeItem };

/** The merge in progress: each conflict with its kind, grouped by node. */
export class ConflictsView extends StateTree<ConflictItem> {
  getChildren(element?: ConflictItem): ConflictItem[] {
    if (element?.type === 'node') return element.group.conflicts.map((conflict): ConflictItem => ({ type: 'conflict', conflict }));
    const status = this.state.status;
    if (element || !status) return [];
    if (!status.merging) return [{ type: 'message', item: messageItem('No merge in progress.') }];
    if (status.conflicts.length === 0) return [{ type: 'message', item: messageItem('Every conflict is resolved: commit the merge.', 'pass') }];
    return groupConflicts(status.conflicts).map((group): ConflictItem => ({ type: 'node', group }));
  }

  getTreeItem(element: ConflictItem): vscode.TreeItem {
    if (element.type === 'message') return element.item;
    if (element.type === 'node') {
      const item = new vscode.TreeItem(element.group.path, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `conflicts:${element.group.path}`;
      item.description = plural(element.group.conflicts.length, 'conflict');
      item.iconPath = new vscode.ThemeIcon('symbol-array');
      item.contextValue = 'conflictNode';
      return item;
    }
    const { conflict } = element;
    const item = new vscode.TreeItem(conflict.key ?? '(node)');
    item.id = `conflict:${conflict.path}:${conflict.key ?? ''}:${conflict.kind}`;
    item.description = describeConflict(conflict.kind);
    item.iconPath = new vscode.ThemeIcon('warning');
    item.contextValue = 'conflict';
    if (isSampleConflict(conflict)) item.command = { command: 'tessera.previewConflict', title: 'Compare base, ours and theirs', arguments: [element] };
    return item;
  }
}
