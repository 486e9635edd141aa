import * as vscode from 'vscode';
import type { RepositoryNode } from '../views/repositoriesView';
import type { Commands } from './context';

type BranchNode = Extract<RepositoryNode, { type: 'branch' }>;

/** Init, select, branch, checkout, merge and delete. */
export function registerRepositoryCommands(c: Commands): vscode.Disposable[] {
  const branchName = async (root: string, placeHolder: string, current: boolean): Promise<string | undefined> => {
    const info = c.state.repositories.find((r) => r.root === root);
    const names = (info?.branches ?? []).filter((b) => current || !b.current).map((b) => b.name);
    return vscode.window.showQuickPick(names, { placeHolder });
  };
  return [
    c.register('tessera.refresh', () => c.state.refresh()),
    c.register('tessera.selectRepository', (root: string) => c.state.select(root)),
    c.register('tessera.init', async () => {
      const folder = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Create a Tessera repository here' });
      if (!folder?.[0]) return;
      const dir = folder[0].fsPath;
      await c.run('Creating a repository', dir, ['init', dir]);
      c.info(`Created a repository in ${dir}.`);
    }),
    c.register('tessera.createBranch', async (node?: RepositoryNode) => {
      const root = await c.repository(node?.type === 'repository' ? node.info.root : node?.root);
      if (!root) return;
      const name = await vscode.window.showInputBox({ ignoreFocusOut: true, prompt: 'New branch name', placeHolder: 'experiment' });
      if (!name) return;
      const start = node?.type === 'branch' ? node.branch.name : node?.type === 'tag' ? node.tag.name : undefined;
      await c.run(`Creating branch ${name}`, root, ['branch', name, ...(start ? [start] : [])]);
    }),
    c.register('tessera.checkout', async (node?: BranchNode) => {
      const root = await c.repository(node?.root);
      const name = node?.branch.name ?? (root && (await branchName(root, 'Branch to check out', false)));
      if (!root || !name) return;
      await c.run(`Checking out ${name}`, root, ['checkout', name]);
    }),
    c.register('tessera.merge', async (node?: BranchNode) => {
      const root = await c.repository(node?.root);
      const name = node?.branch.name ?? (root && (await branchName(root, 'Branch to merge into the current one', false)));
      if (!root || !name) return;
      const result = await c.run<{ status: string; conflicts: unknown[] }>(`Merging ${name}`, root, ['merge', name], [0, 50]);
      if (result.status === 'conflicts') {
        void vscode.window.showWarningMessage(`Tessera: merging ${name} stopped at ${result.conflicts.length} conflict(s). Resolve them in the Conflicts view.`);
        await vscode.commands.executeCommand('tessera.conflicts.focus');
      } else {
        c.info(`Merged ${name}: ${result.status}.`);
      }
    }),
    c.register('tessera.deleteBranch', async (node?: BranchNode) => {
      const root = await c.repository(node?.root);
      const name = node?.branch.name ?? (root && (await branchName(root, 'Branch to delete', false)));
      if (!root || !name) return;
      const answer = await vscode.window.showWarningMessage(`Delete branch ${name}?`, { modal: true }, 'Delete', 'Delete even if unmerged');
      if (!answer) return;
      await c.run(`Deleting branch ${name}`, root, ['branch', '-d', name, ...(answer === 'Delete' ? [] : ['--force'])]);
    }),
  ];
}
