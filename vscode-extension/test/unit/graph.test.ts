import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { shortId } from '../../src/model/format';
import { displayCells, GraphRow, labelText, layoutGraph } from '../../src/model/graph';
import type { Branch, Commit, Tag } from '../../src/protocol';
import { tensor, tensorJson } from './builtTool';

let scratch = '';
before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'tessera-graph-'));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The rows as `log --graph` prints them: the cells, then the short id, the labels and the message. */
function asCliText(rows: GraphRow[]): string {
  return rows
    .map((row) => {
      if (row.type === 'edges') return row.cells;
      const labels = labelText(row.labels);
      return `${row.cells} ${shortId(row.commit.id)}${labels ? ` ${labels}` : ''} ${row.commit.message.split('\n')[0]}`;
    })
    .join('\n');
}

/** The extension's layout of every branch and tag (what tessera/log all and tessera/repositories return) against the CLI's drawing. */
function assertSameAsCli(repository: string): GraphRow[] {
  const commits = tensorJson<Commit[]>(repository, 'log', '--all');
  const branches = tensorJson<Branch[]>(repository, 'branch');
  const tags = tensorJson<Tag[]>(repository, 'tag');
  const rows = layoutGraph(commits, { branches, tags });
  assert.equal(asCliText(rows), tensor('-C', repository, 'log', '--graph', '--all').trimEnd());
  return rows;
}

test('the quick start history has the lanes, fork and join lines and labels the CLI draws', () => {
  const repository = join(scratch, 'quickstart');
  tensor('quickstart', repository);
  const rows = assertSameAsCli(repository);
  // What the CLI draws, spelled out: fix-captions and main fork after the merge of more-digits.
  assert.deepEqual(
    rows.map((r) => (r.type === 'edges' ? r.cells : `${r.cells} ${labelText(r.labels)}`.trimEnd())),
    ['* (HEAD -> fix-captions)', '| * (main)', '|/', '*', '|\\', '* |', '| * (more-digits)', '|/', '* (tag: v1)'],
  );
});

test('branches that fork, merge each other and merge back are laid out as the CLI lays them out', () => {
  const repository = join(scratch, 'braided');
  const run = (...args: string[]): string => tensor('-C', repository, ...args);
  tensor('init', repository);
  let key = 0;
  const commit = (message: string): void => {
    run('put', '/c', String(key++), '--text', message);
    run('commit', '-m', message);
  };
  run('column', 'add', '/c', '--kind', 'str');
  commit('root');
  for (const name of ['a', 'b', 'c']) run('branch', name);
  commit('m1');
  run('checkout', 'a');
  commit('a1');
  run('tag', 't1');
  commit('a2');
  run('checkout', 'b');
  commit('b1');
  run('checkout', 'main');
  run('merge', 'a', '-m', 'merge a');
  run('checkout', 'c');
  commit('c1');
  run('checkout', 'b');
  run('merge', 'main', '-m', 'merge main into b');
  commit('b2');
  run('checkout', 'main');
  run('merge', 'c', '-m', 'merge c');
  run('merge', 'b', '-m', 'merge b');
  const rows = assertSameAsCli(repository);
  assert.ok(rows.filter((r) => r.type === 'edges').some((r) => r.cells.includes('\\ \\')), 'three lanes fork at once somewhere');
});

test('labels are the current branch as HEAD -> name, other branches, then tags', () => {
  const c = (id: string, ...parents: string[]): Commit => ({ id, parents, message: id, author: 'a', email: 'a@x', time: '2026-11-22T00:00:00+00:00' });
  const [row] = layoutGraph([c('x')], {
    branches: [{ name: 'dev', target: 'x', current: false }, { name: 'main', target: 'x', current: true }],
    tags: [{ name: 'v1', target: 'x' }],
  });
  assert.deepEqual(row?.type === 'commit' && row.labels, ['dev', 'HEAD -> main', 'tag: v1']);
  assert.equal(labelText(['HEAD -> main', 'tag: v1']), '(HEAD -> main, tag: v1)');
  assert.equal(labelText([]), '');
});

test('the tree draws the cells with lines, a dot and figure spaces', () => {
  assert.equal(displayCells('* |'), '●\u2007│');
  assert.equal(displayCells('|/'), '│╱');
  assert.equal(displayCells('|\\'), '│╲');
});
