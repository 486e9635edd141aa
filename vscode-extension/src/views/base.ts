import * as vscode from 'vscode';
import type { TesseraState } from '../state';

/** A tree that redraws whenever the shared state changes. */
export abstract class StateTree<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<T | undefined>();
  private readonly subscription: vscode.Disposable;

  readonly onDidChangeTreeData = this.changed.event;

  constructor(protected readonly state: TesseraState) {
    this.subscription = state.onDidChange(() => this.changed.fire(undefined));
  }

  abstract getTreeItem(element: T): vscode.TreeItem;

  /** Redraws one element's subtree without reloading the rest. */
  protected redraw(element: T): void {
    this.changed.fire(element);
  }

  abstract getChildren(element?: T): vscode.ProviderResult<T[]>;

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** A tree item showing why a view is empty (no repository, server error). */
export function messageItem(text: string, icon = 'info'): vscode.TreeItem {
  const item = new vscode.TreeItem(text);
  item.iconPath = new vscode.ThemeIcon(icon);
  return item;
}
