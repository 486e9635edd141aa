// The commit graph of the History view, laid out as the CLI's `log --graph` draws it
// (src/Tool/Output/CommitGraph.cs, the same algorithm): one lane per line of descent, a commit
// row with `*` in its lane, and a row of `\` and `/` after it where lanes fork at a merge or join
// at a common parent. Cells are the CLI's characters; the view draws them with displayCells.

import type { Branch, Commit, Tag } from '../protocol';

/** A commit: its lane (0 = leftmost), its row of cells and the branch and tag names on it. */
export interface CommitRow {
  type: 'commit';
  commit: Commit;
  lane: number;
  /** Even cells are lanes (`*` the commit, `|` a lane passing), odd ones the gaps between them. */
  cells: string;
  /** As `log` decorates it: `HEAD -> main` for the current branch, `tag: v1` for a tag. */
  labels: string[];
}

/** The fork and join lines between a commit and the next one. */
export interface EdgeRow {
  type: 'edges';
  /** The commit above it, so that each row has an id of its own. */
  after: string;
  cells: string;
}

export type GraphRow = CommitRow | EdgeRow;

/** The refs of a repository, as tessera/repositories lists them. */
export interface Refs {
  branches: readonly Branch[];
  tags: readonly Tag[];
}

/** Lays out commits given children first (as tessera/log and `log` return them). */
export function layoutGraph(commits: readonly Commit[], refs: Refs = { branches: [], tags: [] }): GraphRow[] {
  const labels = labelsByCommit(refs);
  const rows: GraphRow[] = [];
  // lanes[i] is the commit lane i leads to next.
  let lanes: string[] = [];
  for (const commit of commits) {
    if (!lanes.includes(commit.id)) lanes.push(commit.id);
    const lane = lanes.indexOf(commit.id);
    const cells = lanes.map((_, i) => (i === lane ? '*' : '|')).join(' ');
    rows.push({ type: 'commit', commit, lane, cells, labels: labels.get(commit.id) ?? [] });
    // The lane goes on with the first parent; a merge's other parents fork lanes beside it. A
    // parent another lane already leads to is not duplicated: this lane joins that one instead.
    const next = lanes.filter((_, i) => i !== lane);
    let insertAt = lane;
    for (const parent of commit.parents) if (!next.includes(parent)) next.splice(insertAt++, 0, parent);
    const edges = connect(lanes, next, commit);
    if (/[/\\]/.test(edges)) rows.push({ type: 'edges', after: commit.id, cells: edges });
    lanes = next;
  }
  return rows;
}

/** The row from one lane layout to the next: each lane runs to where its commit sits next. */
function connect(from: readonly string[], to: readonly string[], moving: Commit): string {
  const cells: string[] = new Array<string>(Math.max(from.length, to.length) * 2).fill(' ');
  from.forEach((id, i) => {
    const destinations = id === moving.id ? moving.parents.map((p) => to.indexOf(p)) : [to.indexOf(id)];
    for (const j of destinations) {
      if (j < 0) continue;
      if (j === i) cells[2 * i] = '|';
      else if (j > i) cells[2 * j - 1] = '\\';
      else cells[2 * j + 1] = '/';
    }
  });
  return cells.join('').trimEnd();
}

/** Branch names (the current one as `HEAD -> name`), then `tag: name`, per commit, in the order listed. */
function labelsByCommit(refs: Refs): Map<string, string[]> {
  const labels = new Map<string, string[]>();
  const add = (id: string, label: string): void => void labels.set(id, [...(labels.get(id) ?? []), label]);
  for (const branch of refs.branches) add(branch.target, branch.current ? `HEAD -> ${branch.name}` : branch.name);
  for (const tag of refs.tags) add(tag.target, `tag: ${tag.name}`);
  return labels;
}

/** `(HEAD -> main, tag: v1)`, as `log` writes a commit's labels; empty without any. */
export function labelText(labels: readonly string[]): string {
  return labels.length === 0 ? '' : `(${labels.join(', ')})`;
}

const glyphs: Record<string, string> = { '*': '●', '|': '│', '/': '╱', '\\': '╲', ' ': '\u2007' };

/**
 * The cells as the tree draws them: box-drawing lines and a dot, with figure spaces for gaps, so
 * that lanes stay in columns in the workbench's proportional font.
 */
export function displayCells(cells: string): string {
  return [...cells].map((c) => glyphs[c] ?? c).join('');
}
