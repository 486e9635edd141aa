// The Conflicts view's model: the merge's conflicts grouped by node, each kind in words.

import type { Conflict, ConflictKind } from '../protocol';

const kindText: Record<ConflictKind, string> = {
  'added-both': 'added on both sides',
  'removed-mutated': 'removed here, changed there',
  'mutated-removed': 'changed here, removed there',
  'mutated-both': 'changed on both sides',
  schema: 'schema changed on both sides',
  attribute: 'attribute changed on both sides',
};

export function describeConflict(kind: ConflictKind): string {
  return kindText[kind];
}

export interface ConflictGroup {
  path: string;
  conflicts: Conflict[];
}

export function groupConflicts(conflicts: Conflict[]): ConflictGroup[] {
  const groups = new Map<string, Conflict[]>();
  for (const conflict of conflicts) {
    const list = groups.get(conflict.path) ?? [];
    list.push(conflict);
    groups.set(conflict.path, list);
  }
  return [...groups].map(([path, list]) => ({ path, conflicts: list }));
}

/** A sample conflict can be previewed side by side; node, schema and attribute ones cannot. */
export function isSampleConflict(conflict: Conflict): boolean {
  return conflict.key !== null && conflict.kind !== 'schema' && conflict.kind !== 'attribute';
}
