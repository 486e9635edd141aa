import assert from 'node:assert/strict';
import { test } from 'node:test';
import { comparison, PreviewSide } from '../../src/preview/payload';
import { linePlot, niceTicks, stride, tickLabel } from '../../src/preview/render';

const side = (label: string): PreviewSide => ({ label, sample: null });

test('a conflict shows the base beside ours and theirs, and the difference theirs − ours', () => {
  const [base, ours, theirs] = [side('base (19019b)'), side('ours (fix-captions)'), side('theirs (main)')];
  const shown = comparison({ mode: 'conflict', title: 't', base, ours, theirs });
  assert.deepEqual(shown.sides, [base, ours, theirs]);
  assert.equal(shown.from, ours);
  assert.equal(shown.to, theirs);
  assert.equal(shown.difference, 'Difference (theirs − ours)');
});

test('a change shows before and after, and the difference after − before', () => {
  const [before, after] = [side('HEAD'), side('staged')];
  const shown = comparison({ mode: 'diff', title: 't', before, after });
  assert.deepEqual(shown.sides, [before, after]);
  assert.deepEqual([shown.from, shown.to], [before, after]);
  assert.equal(shown.difference, 'Difference (after − before)');
});

test('ticks are round values inside the range', () => {
  assert.deepEqual(niceTicks(0, 199), [0, 50, 100, 150]);
  assert.deepEqual(niceTicks(-0.83, 0.99), [-0.5, 0, 0.5]);
  assert.deepEqual(niceTicks(-0.83, 0.99, 10), [-0.8, -0.6, -0.4, -0.2, 0, 0.2, 0.4, 0.6, 0.8]);
  assert.deepEqual(niceTicks(0, 3), [0, 1, 2, 3]);
  assert.deepEqual(niceTicks(7, 7), [7]);
  assert.deepEqual(niceTicks(1000.1, 1000.5), [1000.1, 1000.2, 1000.3, 1000.4, 1000.5]);
});

test('tick labels have the decimals their step needs', () => {
  assert.equal(tickLabel(100, [0, 50, 100]), '100');
  assert.equal(tickLabel(-0.4, [-0.4, 0, 0.4]), '-0.4');
  assert.equal(tickLabel(1000.2, [1000.1, 1000.2]), '1000.2');
  assert.equal(tickLabel(2e7, [0, 1e7, 2e7]), '2.00e+7');
});

test('a line plot has x ticks in sample indices and y ticks in values, placed where the line is', () => {
  // 5 values shown of a 10-value sample (every 2nd): indices 0..8 span the width.
  const plot = linePlot([0, 10, 20, 30, 40], 400, 100, 2);
  assert.equal(plot.path, 'M0.0,100.0 L100.0,75.0 L200.0,50.0 L300.0,25.0 L400.0,0.0');
  assert.deepEqual(plot.xTicks.map((t) => [t.label, t.at]), [['0', 0], ['2', 100], ['4', 200], ['6', 300], ['8', 400]]);
  assert.deepEqual(plot.yTicks.map((t) => [t.label, t.at]), [['0', 100], ['10', 75], ['20', 50], ['30', 25], ['40', 0]]);
});

test('a single value still gets an axis', () => {
  const plot = linePlot([3], 400, 100);
  assert.deepEqual(plot.xTicks, [{ at: 0, label: '0' }]);
  assert.deepEqual(plot.yTicks.map((t) => t.label), ['3']);
});

test('the stride is the full length over the shown one', () => {
  assert.equal(stride({ shape: [10], valuesShape: [5], downsampled: true }), 2);
  assert.equal(stride({ shape: [10], valuesShape: [4], downsampled: true }), 3);
  assert.equal(stride({ shape: [200], valuesShape: [200], downsampled: false }), 1);
});

test('sides compared share one y range, so their lines and ticks line up', () => {
  const plot = linePlot([0, 10], 100, 100, 1, { min: -10, max: 10 });
  assert.equal(plot.path, 'M0.0,50.0 L100.0,0.0');
  assert.deepEqual(plot.yTicks.map((t) => [t.label, t.at]), [['-10', 100], ['-5', 75], ['0', 50], ['5', 25], ['10', 0]]);
});
