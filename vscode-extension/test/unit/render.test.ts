import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lookupTable } from '../../src/preview/colormaps';
import { chooseLayout, colorPixels, difference, finiteRange, flatten, linePath, rgbPixels, symmetricRange } from '../../src/preview/render';

test('the layout follows the kind and the shown shape', () => {
  assert.equal(chooseLayout({ kind: 'str', valuesShape: [] }), 'text');
  assert.equal(chooseLayout({ kind: 'ndarray', valuesShape: [] }), 'scalar');
  assert.equal(chooseLayout({ kind: 'bytes', valuesShape: [12] }), 'line');
  assert.equal(chooseLayout({ kind: 'ndarray', valuesShape: [28, 28] }), 'image');
  assert.equal(chooseLayout({ kind: 'ndarray', valuesShape: [32, 32, 3] }), 'rgb');
  assert.equal(chooseLayout({ kind: 'ndarray', valuesShape: [32, 32, 4] }), 'rgb');
  assert.equal(chooseLayout({ kind: 'ndarray', valuesShape: [5, 32, 32] }), 'slices');
  assert.equal(chooseLayout({ kind: 'ndarray', valuesShape: [2, 5, 8, 8] }), 'slices');
});

test('flatten reads nested values in row-major order, with the server\'s special strings', () => {
  assert.deepEqual([...flatten([[1, 2], [3, 4]])], [1, 2, 3, 4]);
  assert.deepEqual([...flatten(7)], [7]);
  assert.deepEqual([...flatten([true, false])], [1, 0]);
  const special = flatten(['NaN', 'Infinity', '-Infinity', '1+2j', '2.5']);
  assert.ok(Number.isNaN(special[0]));
  assert.equal(special[1], Infinity);
  assert.equal(special[2], -Infinity);
  assert.ok(Number.isNaN(special[3]));
  assert.equal(special[4], 2.5);
});

test('ranges skip non-finite values; a difference range is symmetric', () => {
  assert.deepEqual(finiteRange([3, NaN, -1, Infinity, 2]), { min: -1, max: 3 });
  assert.deepEqual(finiteRange([NaN]), { min: 0, max: 1 });
  assert.deepEqual(symmetricRange([-2, 5, 1]), { min: -5, max: 5 });
  assert.deepEqual(symmetricRange([0, 0]), { min: -1, max: 1 });
});

test('colorPixels maps the range onto the table and leaves NaN transparent', () => {
  const pixels = colorPixels([0, 255, 127.5, NaN], 0, 2, 2, { min: 0, max: 255 }, lookupTable('gray'));
  assert.deepEqual([...pixels], [0, 0, 0, 255, 255, 255, 255, 255, 128, 128, 128, 255, 0, 0, 0, 0]);
});

test('colorPixels reads a slice at an offset and clamps values outside the range', () => {
  const pixels = colorPixels([9, 9, -10, 300], 2, 2, 1, { min: 0, max: 100 }, lookupTable('gray'));
  assert.deepEqual([...pixels], [0, 0, 0, 255, 255, 255, 255, 255]);
});

test('rgbPixels scales channels and makes RGB opaque', () => {
  assert.deepEqual([...rgbPixels([0, 0.5, 1], 1, 1, 3, { min: 0, max: 1 })], [0, 128, 255, 255]);
  assert.deepEqual([...rgbPixels([10, 20, 30, 0], 1, 1, 4, { min: 0, max: 30 })], [85, 170, 255, 0]);
});

test('difference is after minus before, NaN when the shapes differ', () => {
  assert.deepEqual([...difference(Float64Array.from([1, 5]), Float64Array.from([4, 2]))], [3, -3]);
  assert.ok([...difference(Float64Array.from([1]), Float64Array.from([1, 2]))].every(Number.isNaN));
});

test('linePath spans the box with y up and breaks at non-finite values', () => {
  assert.equal(linePath([0, 10, 5], 100, 50), 'M0.0,50.0 L50.0,0.0 L100.0,25.0');
  assert.equal(linePath([0, NaN, 1, 1], 30, 10), 'M0.0,10.0 M20.0,0.0 L30.0,0.0');
});
