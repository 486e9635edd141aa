import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stagedCount, statusBarText } from '../../src/model/statusText';
import type { NodeChange, Status } from '../../src/protocol';

const node = (added: number, removed: number, mutated: number): NodeChange => ({
  path: '/p', oldPath: null, kind: 'column', change: 'modified', schemaChanged: false, attributesChanged: [], added, removed, mutated,
});
const status = (over: Partial<Status>): Status => ({ branch: 'main', head: null, merging: false, mergeHead: null, mergeBase: null, staged: [], conflicts: [], lock: null, ...over });

test('a clean branch shows only its name', () => {
  assert.equal(statusBarText(status({})).text, '$(database) main');
  assert.match(statusBarText(status({})).tooltip, /nothing staged/);
});

test('staged samples are counted, and a node change without samples counts once', () => {
  assert.equal(stagedCount(status({ staged: [node(2, 1, 3), node(0, 0, 0)] })), 7);
  assert.equal(statusBarText(status({ staged: [node(2, 1, 3)] })).text, '$(database) main  $(diff) 6');
});

test('a merge in progress shows its conflicts', () => {
  const merging = status({ branch: 'fix', merging: true, conflicts: [{ path: '/c', key: '5', kind: 'mutated-both', base: null, ours: null, theirs: null }] });
  assert.equal(statusBarText(merging).text, '$(database) fix  $(git-merge) merging (1 conflict)');
  assert.match(statusBarText(merging).tooltip, /1 unresolved conflict$/m);
});
