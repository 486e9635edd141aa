import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changeCounts, formatNumber, plural, relativeTime, shapeText, shortId } from '../../src/model/format';

test('shortId keeps the first 12 hex digits', () => {
  assert.equal(shortId('c1d014e9c0278e1c8aead6dc83c41f69c31177ac33dd50de62b468848665139f'), 'c1d014e9c027');
});

test('plural adds an s except for one', () => {
  assert.equal(plural(1, 'sample'), '1 sample');
  assert.equal(plural(0, 'sample'), '0 samples');
  assert.equal(plural(3, 'sample'), '3 samples');
});

test('relativeTime reads like a person would say it', () => {
  const now = new Date('2026-11-22T12:00:00Z');
  assert.equal(relativeTime('2026-11-22T11:59:40+00:00', now), 'just now');
  assert.equal(relativeTime('2026-11-22T11:57:00+00:00', now), '3 minutes ago');
  assert.equal(relativeTime('2026-11-22T11:00:00+00:00', now), '1 hour ago');
  assert.equal(relativeTime('2026-11-21T12:00:00+00:00', now), 'yesterday');
  assert.equal(relativeTime('2026-11-19T12:00:00+00:00', now), '3 days ago');
  assert.equal(relativeTime('2026-10-01T08:00:00+02:00', now), '2026-10-01');
});

test('changeCounts shows only the counts that are not zero', () => {
  assert.equal(changeCounts({ added: 40, removed: 0, mutated: 10 }), '+40 ~10');
  assert.equal(changeCounts({ added: 0, removed: 2, mutated: 0 }), '−2');
  assert.equal(changeCounts({ added: 0, removed: 0, mutated: 0 }), '');
});

test('shapeText names scalars, fixed and variable shapes', () => {
  assert.equal(shapeText([28, 28]), '28×28');
  assert.equal(shapeText([]), 'scalar');
  assert.equal(shapeText([100, 3], true), '≤100×3');
  assert.equal(shapeText(null), '');
});

test('formatNumber keeps integers and shortens the rest', () => {
  assert.equal(formatNumber(255), '255');
  assert.equal(formatNumber(69.31377551020408), '69.31');
  assert.equal(formatNumber(0.000012345), '1.234e-5');
  assert.equal(formatNumber(12345678.9), '1.235e+7');
  assert.equal(formatNumber('NaN'), 'NaN');
});
