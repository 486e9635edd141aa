import * as vscode from 'vscode';
import { relativeTime, shortId } from '../model/format';
import { GraphRow, layoutGraph } from '../model/graph';
import { commitTooltip } from '../model/history';
import { messageItem, StateTree } from './base';

const historyLimit = 200;

/** Commits of every branch and tag as a graph, newest first; select two to diff them. */
export class HistoryView extends StateTree<GraphRow | vscode.TreeItem> {
  async getChildren(element?: GraphRow | vscode.TreeItem): Promise<(GraphRow | vscode.TreeItem)[]> {
    const repository = this.state.selected;
    if (element || !repository || repository.error) return [];
    try {
      return layoutGraph(await this.state.client.log(repository.root, historyLimit));
    } catch (error) {
      return [messageItem(String((error as Error).message), 'error')];
    }
  }

  getTreeItem(element: GraphRow | vscode.TreeItem): vscode.TreeItem {
    if (element instanceof vscode.TreeItem) return element;
    const { commit } = element;
    const item = new vscode.TreeItem(`${element.glyphs}  ${commit.message.split('\n')[0]}`);
    item.id = `commit:${commit.id}`;
    item.description = `${shortId(commit.id)} · ${commit.author} · ${relativeTime(commit.time, new Date())}`;
    item.tooltip = commitTooltip(commit);
    item.iconPath = new vscode.ThemeIcon(element.isMerge ? 'git-merge' : 'git-commit');
    item.contextValue = 'commit';
    return item;
  }
}
