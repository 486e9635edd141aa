import * as vscode from 'vscode';
import { shortId } from '../model/format';
import type { CommitRow } from '../model/graph';
import type { RepositoryNode } from '../views/repositoriesView';
import type { Commands } from './context';

type BranchNode = Extract<RepositoryNode, { type: 'branch' }>;

/** Init, select, branch, checkout, merge, delete, and revert and cherry-pick of a History commit. */
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
    c.register('tessera.revert', (row?: CommitRow) => pick(c, 'revert', row)),
    c.register('tessera.cherryPick', (row?: CommitRow) => pick(c, 'cherry-pick', row)),
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

/**
 * Reverts a commit, or cherry-picks it onto the current branch, as `dotnet tensor revert|cherry-pick`
 * do; a merge commit asks which parent its changes are taken against. Conflicts stop it like a
 * merge: the Conflicts view resolves them, Commit finishes it and Abort Merge abandons it.
 */
async function pick(c: Commands, verb: 'revert' | 'cherry-pick', row?: CommitRow): Promise<void> {
  const root = await c.repository();
  if (!root || !row) return;
  const { commit } = row;
  const args = [verb, commit.id];
  if (commit.parents.length > 1) {
    const parent = await vscode.window.showQuickPick(
      commit.parents.map((id, i) => ({ label: `Parent ${i + 1}`, description: shortId(id), n: i + 1 })),
      { placeHolder: `${shortId(commit.id)} is a merge: take its changes against which parent?` },
    );
    if (!parent) return;
    args.push('--mainline', String(parent.n));
  }
  const what = `${verb === 'revert' ? 'Reverting' : 'Cherry-picking'} ${shortId(commit.id)}`;
  const result = await c.run<{ status: string; commits: unknown[]; skipped: unknown[]; conflicts: unknown[] }>(what, root, args, [0, 50]);
  if (result.status === 'conflicts') {
    void vscode.window.showWarningMessage(`Tessera: ${what.toLowerCase()} stopped at ${result.conflicts.length} conflict(s). Resolve them in the Conflicts view, then commit.`);
    await vscode.commands.executeCommand('tessera.conflicts.focus');
  } else if (result.commits.length === 0) {
    c.info(`${shortId(commit.id)} changes nothing on this branch: nothing to ${verb}.`);
  } else {
    c.info(`${what}: done.`);
  }
}
