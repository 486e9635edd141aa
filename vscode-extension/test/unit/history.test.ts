import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commitTooltip } from '../../src/model/history';
import type { Commit } from '../../src/protocol';

const commit: Commit = {
  id: '3f2a9c1d0b7e44aa',
  parents: ['9c1d0b7e44aa3f2a'],
  message: 'Add digits\n\nFrom the scanner.',
  author: 'Ada',
  email: 'ada@example.com',
  time: '2026-11-22T00:00:00.000+00:00',
};

test('the tooltip of a commit linked to git names the git commit', () => {
  const text = commitTooltip({ ...commit, git: { commit: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', dirty: false } });
  assert.deepEqual(text.split('\n'), [
    '3f2a9c1d0b7e44aa',
    'Ada <ada@example.com>, 2026-11-22T00:00:00.000+00:00',
    'parents: 9c1d0b7e44aa',
    'git commit: a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    '',
    'Add digits',
    '',
    'From the scanner.',
  ]);
});

test('a dirty work tree is said, and an unlinked commit has no git line', () => {
  assert.match(commitTooltip({ ...commit, git: { commit: 'a1b2', dirty: true } }), /^git commit: a1b2 \(dirty\)$/m);
  const unlinked = commitTooltip(commit).split('\n');
  assert.equal(unlinked.some((line) => line.startsWith('git commit')), false);
  assert.deepEqual(unlinked.slice(3, 5), ['', 'Add digits']);
});
