import * as vscode from 'vscode';
import { describeAttribute, describeNode, SchemaEntry, schemaTree } from '../model/schema';
import { messageItem, StateTree } from './base';

export type SchemaItem = { type: 'node'; entry: SchemaEntry } | { type: 'attribute'; name: string; value: unknown } | { type: 'message'; item: vscode.TreeItem };

const icons: Record<string, string> = { group: 'folder', column: 'symbol-array', array: 'symbol-numeric' };

/** Groups, columns and arrays of the staging area with kind, dtype, shape, sample count and attributes. */
export class SchemaView extends StateTree<SchemaItem> {
  async getChildren(element?: SchemaItem): Promise<SchemaItem[]> {
    if (element?.type === 'node') {
      const attributes = Object.entries(element.entry.node.attributes).map(([name, value]): SchemaItem => ({ type: 'attribute', name, value }));
      return [...attributes, ...element.entry.children.map((entry): SchemaItem => ({ type: 'node', entry }))];
    }
    const repository = this.state.selected;
    if (element || !repository || repository.error) return [];
    try {
      const tree = await this.state.client.schema(repository.root);
      if (tree.nodes.length === 0) return [{ type: 'message', item: messageItem('No nodes yet: import data or add a column.') }];
      return schemaTree(tree.nodes).map((entry): SchemaItem => ({ type: 'node', entry }));
    } catch (error) {
      return [{ type: 'message', item: messageItem((error as Error).message, 'error') }];
    }
  }

  getTreeItem(element: SchemaItem): vscode.TreeItem {
    if (element.type === 'message') return element.item;
    if (element.type === 'attribute') {
      const item = new vscode.TreeItem(describeAttribute(element.name, element.value));
      item.iconPath = new vscode.ThemeIcon('symbol-property');
      return item;
    }
    const { node, children, name } = element.entry;
    const expandable = children.length > 0 || Object.keys(node.attributes).length > 0;
    const item = new vscode.TreeItem(name, expandable ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = `node:${node.path}`;
    item.description = describeNode(node);
    item.tooltip = `${node.path}\n${describeNode(node)}`;
    item.iconPath = new vscode.ThemeIcon(icons[node.kind] ?? 'symbol-misc');
    item.contextValue = node.kind === 'column' ? 'column' : node.kind;
    return item;
  }
}
