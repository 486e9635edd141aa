import * as path from 'node:path';
import * as vscode from 'vscode';
import { shortId } from '../model/format';
import type { Branch, RepositoryInfo, Tag } from '../protocol';
import { StateTree } from './base';

export type RepositoryNode =
  | { type: 'repository'; info: RepositoryInfo }
  | { type: 'branch'; root: string; branch: Branch }
  | { type: 'tag'; root: string; tag: Tag };

/** Each repository of the workspace with its branches (the current one marked) and tags. */
export class RepositoriesView extends StateTree<RepositoryNode> {
  getChildren(element?: RepositoryNode): RepositoryNode[] {
    if (!element) return this.state.repositories.map((info) => ({ type: 'repository', info }));
    if (element.type !== 'repository' || element.info.error) return [];
    const root = element.info.root;
    return [
      ...(element.info.branches ?? []).map((branch): RepositoryNode => ({ type: 'branch', root, branch })),
      ...(element.info.tags ?? []).map((tag): RepositoryNode => ({ type: 'tag', root, tag })),
    ];
  }

  getTreeItem(element: RepositoryNode): vscode.TreeItem {
    switch (element.type) {
      case 'repository': {
        const { info } = element;
        const selected = this.state.selected?.root === info.root;
        const item = new vscode.TreeItem(path.basename(info.root), vscode.TreeItemCollapsibleState.Expanded);
        item.id = `repo:${info.root}`;
        item.description = info.error ? info.error.message : `${info.branch}${selected ? ' · shown in the views' : ''}`;
        item.tooltip = info.root;
        item.iconPath = new vscode.ThemeIcon(info.error ? 'error' : 'database');
        item.contextValue = 'repository';
        item.command = { command: 'tessera.selectRepository', title: 'Show in the views', arguments: [info.root] };
        return item;
      }
      case 'branch': {
        const { branch } = element;
        const item = new vscode.TreeItem(branch.name);
        item.id = `branch:${element.root}:${branch.name}`;
        item.description = `${branch.current ? '(current) ' : ''}${shortId(branch.target)}`;
        item.iconPath = new vscode.ThemeIcon(branch.current ? 'check' : 'git-branch');
        item.contextValue = branch.current ? 'branch.current' : 'branch';
        return item;
      }
      case 'tag': {
        const item = new vscode.TreeItem(element.tag.name);
        item.id = `tag:${element.root}:${element.tag.name}`;
        item.description = shortId(element.tag.target);
        item.iconPath = new vscode.ThemeIcon('tag');
        item.contextValue = 'tag';
        return item;
      }
    }
  }
}
