import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeAttribute, describeNode, schemaTree } from '../../src/model/schema';
import type { SchemaNode } from '../../src/protocol';

const group = (path: string): SchemaNode => ({ path, kind: 'group', dtype: null, shape: null, count: 0, attributes: {} });
const images: SchemaNode = { path: '/digits/images', kind: 'column', dtype: 'uint8', shape: [28, 28], count: 100, columnKind: 'ndarray', variableShape: false, layout: 'flat', attributes: { unit: 'ink' } };

test('schemaTree nests nodes under their groups, sorted by path', () => {
  const captions: SchemaNode = { ...images, path: '/digits/captions', dtype: null, shape: null, columnKind: 'str' };
  const roots = schemaTree([images, group('/digits'), captions, group('/other')]);
  assert.deepEqual(roots.map((r) => r.name), ['digits', 'other']);
  assert.deepEqual(roots[0]!.children.map((c) => c.name), ['captions', 'images']);
});

test('a node whose parent is not listed becomes a root', () => {
  assert.deepEqual(schemaTree([images]).map((r) => r.node.path), ['/digits/images']);
});

test('describeNode gives kind, dtype, shape and count', () => {
  assert.equal(describeNode(images), 'ndarray uint8 28×28 · 100 samples');
  assert.equal(describeNode({ ...images, dtype: null, shape: null, columnKind: 'str', count: 1 }), 'str · 1 sample');
  assert.equal(describeNode({ ...images, dtype: 'int64', shape: [] }), 'ndarray int64 scalar · 100 samples');
  assert.equal(describeNode({ ...images, variableShape: true, shape: [64, 64], layout: 'nested' }), 'ndarray uint8 ≤64×64 nested · 100 samples');
  assert.equal(describeNode({ path: '/a', kind: 'array', dtype: 'float32', shape: [1000, 1000], chunks: [100, 100], count: 4, attributes: {} }), 'array float32 1000×1000 (chunks 100×100)');
  assert.equal(describeNode(group('/g')), 'group');
});

test('describeAttribute shows the JSON value', () => {
  assert.equal(describeAttribute('unit', 'ink'), 'unit = "ink"');
  assert.equal(describeAttribute('scale', [1, 2]), 'scale = [1,2]');
});
