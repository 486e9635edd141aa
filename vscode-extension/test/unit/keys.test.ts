import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appendPage, keyRows } from '../../src/model/keys';
import type { KeyPage } from '../../src/protocol';

const page = (offset: number, keys: string[], total: number): KeyPage => ({ path: '/digits/images', kind: 'column', total, offset, keys });

test('the first page lists its keys, then a row that loads more', () => {
  const rows = keyRows(appendPage(undefined, page(0, ['0', '1'], 1200)));
  assert.deepEqual(rows, [
    { type: 'key', key: '0' },
    { type: 'key', key: '1' },
    { type: 'more', label: 'Load more… (2 of 1,200)' },
  ]);
});

test('pages append until every key is loaded, and then nothing is left to load', () => {
  const first = appendPage(undefined, page(0, ['0', '1'], 3));
  const all = appendPage(first, page(2, ['2'], 3));
  assert.deepEqual(all, { keys: ['0', '1', '2'], total: 3 });
  assert.deepEqual(keyRows(all).map((r) => r.type), ['key', 'key', 'key']);
  assert.deepEqual(first.keys, ['0', '1'], 'the earlier list is left as it was');
});

test('a page that does not continue the list starts it again', () => {
  const loaded = appendPage(undefined, page(0, ['0', '1'], 4));
  assert.deepEqual(appendPage(loaded, page(0, ['a'], 1)), { keys: ['a'], total: 1 });
});

test('nested keys and string keys are listed as the server writes them', () => {
  const rows = keyRows(appendPage(undefined, page(0, ['1/0', 'clip/"7"'], 2)));
  assert.deepEqual(rows, [
    { type: 'key', key: '1/0' },
    { type: 'key', key: 'clip/"7"' },
  ]);
});
