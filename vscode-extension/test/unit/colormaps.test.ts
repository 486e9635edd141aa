import assert from 'node:assert/strict';
import { test } from 'node:test';
import { colorAt, lookupTable } from '../../src/preview/colormaps';

test('gray runs from black to white', () => {
  assert.deepEqual(colorAt('gray', 0), [0, 0, 0]);
  assert.deepEqual(colorAt('gray', 0.5), [128, 128, 128]);
  assert.deepEqual(colorAt('gray', 1), [255, 255, 255]);
});

test('viridis has its known ends and clamps outside [0, 1]', () => {
  assert.deepEqual(colorAt('viridis', 0), [68, 1, 84]);
  assert.deepEqual(colorAt('viridis', 1), [253, 231, 37]);
  assert.deepEqual(colorAt('viridis', -3), [68, 1, 84]);
  assert.deepEqual(colorAt('viridis', 7), [253, 231, 37]);
  assert.deepEqual(colorAt('viridis', NaN), [68, 1, 84]);
});

test('coolwarm is white-ish in the middle, blue below and red above', () => {
  assert.deepEqual(colorAt('coolwarm', 0.5), [245, 245, 245]);
  const [r0, , b0] = colorAt('coolwarm', 0.1);
  const [r1, , b1] = colorAt('coolwarm', 0.9);
  assert.ok(b0 > r0 && r1 > b1);
});

test('a lookup table has 256 RGB entries matching colorAt', () => {
  const table = lookupTable('inferno');
  assert.equal(table.length, 768);
  assert.deepEqual([...table.slice(0, 3)], colorAt('inferno', 0));
  assert.deepEqual([...table.slice(255 * 3)], colorAt('inferno', 1));
  assert.deepEqual([...table.slice(100 * 3, 101 * 3)], colorAt('inferno', 100 / 255));
});

test('sequential colormaps get brighter along the scale', () => {
  const luminance = ([r, g, b]: number[]): number => 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  for (const name of ['gray', 'viridis', 'inferno'] as const) {
    for (let i = 1; i <= 10; i++) assert.ok(luminance(colorAt(name, i / 10)) > luminance(colorAt(name, (i - 1) / 10)), `${name} at ${i / 10}`);
  }
});
