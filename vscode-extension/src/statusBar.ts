import * as vscode from 'vscode';
import { statusBarText } from './model/statusText';
import type { TesseraState } from './state';

/** Branch, staged change count and a merge in progress of the selected repository. */
export function createStatusBar(state: TesseraState): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('tessera.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Tessera';
  item.command = 'workbench.view.extension.tessera';
  const update = (): void => {
    if (!state.status) {
      item.hide();
      return;
    }
    const { text, tooltip } = statusBarText(state.status);
    item.text = text;
    item.tooltip = tooltip;
    item.show();
  };
  const subscription = state.onDidChange(update);
  update();
  return vscode.Disposable.from(item, subscription);
}
