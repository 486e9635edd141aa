import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeConflict, groupConflicts, isSampleConflict } from '../../src/model/conflicts';
import type { Conflict } from '../../src/protocol';

const conflict = (path: string, key: string | null, kind: Conflict['kind']): Conflict => ({ path, key, kind, base: null, ours: null, theirs: null });

test('groupConflicts keeps the order of nodes and of their conflicts', () => {
  const groups = groupConflicts([conflict('/a', '1', 'mutated-both'), conflict('/b', '2', 'added-both'), conflict('/a', '3', 'removed-mutated')]);
  assert.deepEqual(groups.map((g) => [g.path, g.conflicts.map((c) => c.key)]), [
    ['/a', ['1', '3']],
    ['/b', ['2']],
  ]);
});

test('every conflict kind is described', () => {
  assert.equal(describeConflict('mutated-both'), 'changed on both sides');
  assert.equal(describeConflict('mutated-removed'), 'changed here, removed there');
  assert.equal(describeConflict('schema'), 'schema changed on both sides');
});

test('only sample conflicts can be compared', () => {
  assert.equal(isSampleConflict(conflict('/a', '5', 'mutated-both')), true);
  assert.equal(isSampleConflict(conflict('/a', null, 'schema')), false);
  assert.equal(isSampleConflict(conflict('/a', 'unit', 'attribute')), false);
});
