import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layoutGraph } from '../../src/model/graph';
import type { Commit } from '../../src/protocol';

const commit = (id: string, ...parents: string[]): Commit => ({ id, parents, message: id, author: 'a', email: 'a@x', time: '2026-11-22T00:00:00+00:00' });

test('a straight line of commits stays in one lane', () => {
  const rows = layoutGraph([commit('c', 'b'), commit('b', 'a'), commit('a')]);
  assert.deepEqual(rows.map((r) => r.glyphs), ['●', '●', '●']);
  assert.deepEqual(rows.map((r) => r.isMerge), [false, false, false]);
});

test('a merge opens a lane for its second parent, and the lanes join at the fork', () => {
  // The quick start's shape: m merges b (main) and d (more-digits); both come from a.
  const rows = layoutGraph([commit('m', 'b', 'd'), commit('b', 'a'), commit('d', 'a'), commit('a')]);
  assert.deepEqual(
    rows.map((r) => [r.commit.id, r.lane, r.glyphs]),
    [
      ['m', 0, '●╮'],
      ['b', 0, '●│'],
      ['d', 1, '│●'],
      ['a', 0, '●'],
    ],
  );
  assert.equal(rows[0]!.isMerge, true);
});

test('two branch tips get their own lanes until they meet', () => {
  const rows = layoutGraph([commit('x', 'base'), commit('y', 'base'), commit('base')]);
  assert.deepEqual(rows.map((r) => r.glyphs), ['●', '│●', '●']);
});

test('a second parent already waited for by a lane reuses that lane', () => {
  const rows = layoutGraph([commit('t', 'p'), commit('m', 'q', 'p'), commit('q', 'p'), commit('p')]);
  assert.deepEqual(rows.map((r) => r.glyphs), ['●', '╮●', '│●', '●']);
});
