import * as vscode from 'vscode';
import { appendPage, keyPageSize, keyRows, LoadedKeys } from '../model/keys';
import { describeAttribute, describeNode, SchemaEntry, schemaTree } from '../model/schema';
import { messageItem, StateTree } from './base';

type NodeItem = { type: 'node'; entry: SchemaEntry };

export type SchemaItem =
  | NodeItem
  | { type: 'attribute'; name: string; value: unknown }
  | { type: 'key'; path: string; key: string }
  | { type: 'more'; parent: NodeItem; label: string }
  | { type: 'message'; item: vscode.TreeItem };

/** The "Load more…" row under a column's keys. */
export type MoreKeysItem = Extract<SchemaItem, { type: 'more' }>;

const icons: Record<string, string> = { group: 'folder', column: 'symbol-array', array: 'symbol-numeric' };

/**
 * Groups, columns and arrays of the staging area with kind, dtype, shape, sample count and
 * attributes. A column lists its keys at HEAD page by page; selecting one opens its preview.
 */
export class SchemaView extends StateTree<SchemaItem> {
  /** Keys loaded per column path, dropped whenever the repositories change. */
  private readonly keys = new Map<string, LoadedKeys>();
  private readonly cleared = this.state.onDidChange(() => this.keys.clear());

  async getChildren(element?: SchemaItem): Promise<SchemaItem[]> {
    const repository = this.state.selected;
    if (element?.type === 'node') {
      const attributes = Object.entries(element.entry.node.attrs).map(([name, value]): SchemaItem => ({ type: 'attribute', name, value }));
      const children = element.entry.children.map((entry): SchemaItem => ({ type: 'node', entry }));
      const keys = element.entry.node.kind === 'column' && repository ? await this.keyItems(repository.root, element) : [];
      return [...attributes, ...children, ...keys];
    }
    if (element || !repository || repository.error) return [];
    try {
      const tree = await this.state.client.schema(repository.root);
      if (tree.nodes.length === 0) return [{ type: 'message', item: messageItem('No nodes yet: import data or add a column.') }];
      return schemaTree(tree.nodes).map((entry): SchemaItem => ({ type: 'node', entry }));
    } catch (error) {
      return [{ type: 'message', item: messageItem((error as Error).message, 'error') }];
    }
  }

  /** The next page of the column under a "Load more…" row. */
  async loadMore(item: MoreKeysItem): Promise<void> {
    const root = this.state.selected?.root;
    const path = item.parent.entry.node.path;
    const loaded = this.keys.get(path);
    if (!root || !loaded) return;
    this.keys.set(path, appendPage(loaded, await this.state.client.keys(root, path, loaded.keys.length, keyPageSize)));
    this.redraw(item.parent);
  }

  getTreeItem(element: SchemaItem): vscode.TreeItem {
    if (element.type === 'message') return element.item;
    if (element.type === 'attribute') {
      const item = new vscode.TreeItem(describeAttribute(element.name, element.value));
      item.iconPath = new vscode.ThemeIcon('symbol-property');
      return item;
    }
    if (element.type === 'key') {
      const item = new vscode.TreeItem(element.key);
      item.id = `key:${element.path}:${element.key}`;
      item.tooltip = `${element.path} [${element.key}] at HEAD`;
      item.iconPath = new vscode.ThemeIcon('key');
      item.contextValue = 'key';
      item.command = { command: 'tessera.previewSample', title: 'Preview Sample', arguments: [element] };
      return item;
    }
    if (element.type === 'more') {
      const item = new vscode.TreeItem(element.label);
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.command = { command: 'tessera.loadMoreKeys', title: 'Load More Keys', arguments: [element] };
      return item;
    }
    const { node, children, name } = element.entry;
    // Columns start collapsed: expanding one is what loads its keys.
    const state =
      node.kind === 'column'
        ? vscode.TreeItemCollapsibleState.Collapsed
        : children.length > 0 || Object.keys(node.attrs).length > 0
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(name, state);
    item.id = `node:${node.path}`;
    item.description = describeNode(node);
    item.tooltip = `${node.path}\n${describeNode(node)}`;
    item.iconPath = new vscode.ThemeIcon(icons[node.kind] ?? 'symbol-misc');
    item.contextValue = node.kind === 'column' ? 'column' : node.kind;
    return item;
  }

  override dispose(): void {
    this.cleared.dispose();
    super.dispose();
  }

  /** The column's loaded keys (the first page on first expansion); a column not yet committed has none to list. */
  private async keyItems(root: string, parent: NodeItem): Promise<SchemaItem[]> {
    const path = parent.entry.node.path;
    try {
      let loaded = this.keys.get(path);
      if (!loaded) {
        loaded = appendPage(undefined, await this.state.client.keys(root, path, 0, keyPageSize));
        this.keys.set(path, loaded);
      }
      return keyRows(loaded).map((row): SchemaItem => (row.type === 'key' ? { type: 'key', path, key: row.key } : { type: 'more', parent, label: row.label }));
    } catch (error) {
      return [{ type: 'message', item: messageItem(`No keys at HEAD: ${(error as Error).message}`) }];
    }
  }
}
