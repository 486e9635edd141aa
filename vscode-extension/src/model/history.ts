// Texts of a History row: what the hover shows about a commit.

import type { Commit } from '../protocol';
import { shortId } from './format';

/** Id, author, parents, the linked git commit when there is one, then the full message. */
export function commitTooltip(commit: Commit): string {
  const lines = [
    commit.id,
    `${commit.author} <${commit.email}>, ${commit.time}`,
    `parents: ${commit.parents.map(shortId).join(', ') || 'none'}`,
    ...(commit.git ? [`git commit: ${commit.git.commit}${commit.git.dirty ? ' (dirty)' : ''}`] : []),
  ];
  return [...lines, '', commit.message].join('\n');
}
