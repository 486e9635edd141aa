import * as vscode from 'vscode';
import { relativeTime, shortId } from '../model/format';
import { CommitRow, displayCells, GraphRow, labelText, layoutGraph } from '../model/graph';
import { commitTooltip } from '../model/history';
import { messageItem, StateTree } from './base';

const historyLimit = 200;

/**
 * Commits of every branch and tag as `log --graph --all` draws them, newest first, with the lines
 * where lanes fork and join and the branch and tag names on each commit; select two to diff them.
 */
export class HistoryView extends StateTree<GraphRow | vscode.TreeItem> {
  async getChildren(element?: GraphRow | vscode.TreeItem): Promise<(GraphRow | vscode.TreeItem)[]> {
    const repository = this.state.selected;
    if (element || !repository || repository.error) return [];
    try {
      const commits = await this.state.client.log(repository.root, historyLimit);
      return layoutGraph(commits, { branches: repository.branches ?? [], tags: repository.tags ?? [] });
    } catch (error) {
      return [messageItem(String((error as Error).message), 'error')];
    }
  }

  getTreeItem(element: GraphRow | vscode.TreeItem): vscode.TreeItem {
    if (element instanceof vscode.TreeItem) return element;
    if (element.type === 'edges') {
      const item = new vscode.TreeItem(displayCells(element.cells));
      item.id = `edges:${element.after}`;
      item.contextValue = 'graphEdges';
      return item;
    }
    return commitItem(element);
  }
}

/** The graph, the labels (highlighted, as `log` colours them) and the message's first line. */
function commitItem(row: CommitRow): vscode.TreeItem {
  const { commit } = row;
  const graph = `${displayCells(row.cells)}  `;
  const labels = labelText(row.labels);
  const label = `${graph}${labels}${labels ? ' ' : ''}${commit.message.split('\n')[0]}`;
  const item = new vscode.TreeItem(labels ? { label, highlights: [[graph.length, graph.length + labels.length]] } : label);
  item.id = `commit:${commit.id}`;
  item.description = `${shortId(commit.id)} · ${commit.author} · ${relativeTime(commit.time, new Date())}`;
  item.tooltip = commitTooltip(commit);
  item.contextValue = 'commit';
  return item;
}
