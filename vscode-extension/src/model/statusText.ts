// The status bar item: branch, staged change count and a merge in progress.

import type { Status } from '../protocol';
import { plural } from './format';

export interface StatusBarText {
  text: string;
  tooltip: string;
}

export function stagedCount(status: Status): number {
  return status.staged.reduce((sum, node) => sum + Math.max(1, node.added + node.removed + node.mutated), 0);
}

export function statusBarText(status: Status): StatusBarText {
  const staged = stagedCount(status);
  const parts = [`$(database) ${status.branch}`];
  if (staged > 0) parts.push(`$(diff) ${staged}`);
  if (status.merging) parts.push(`$(git-merge) merging (${plural(status.conflicts.length, 'conflict')})`);
  const tooltip = [
    `Tessera: branch ${status.branch}`,
    staged > 0 ? `${plural(staged, 'staged change')}` : 'nothing staged',
    status.merging ? `merge in progress, ${plural(status.conflicts.length, 'unresolved conflict')}` : '',
    status.lock ? `writer lock held by process ${status.lock.pid} on ${status.lock.host}${status.lock.stale ? ' (stale)' : ''}` : '',
  ].filter((line) => line !== '');
  return { text: parts.join('  '), tooltip: tooltip.join('\n') };
}
