import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeAttribute, describeNode, schemaTree } from '../../src/model/schema';
import type { ColumnSchema, SchemaNode } from '../../src/protocol';

const group = (path: string): SchemaNode => ({ id: '0123456789abcdef', path, kind: 'group', count: 0, attrs: {} });
const ndarray: ColumnSchema = { kind: 'ndarray', dtype: 'uint8', shape: [28, 28], variable: false, layout: 'flat', compression: 'none' };
const images: SchemaNode = { id: '89abcdef01234567', path: '/digits/images', kind: 'column', count: 100, schema: ndarray, attrs: { unit: 'ink' } };

test('schemaTree nests nodes under their groups, sorted by path', () => {
  const captions: SchemaNode = { ...images, path: '/digits/captions', schema: { kind: 'str', shape: [], variable: false, layout: 'flat', compression: 'none' } };
  const roots = schemaTree([images, group('/digits'), captions, group('/other')]);
  assert.deepEqual(roots.map((r) => r.name), ['digits', 'other']);
  assert.deepEqual(roots[0]!.children.map((c) => c.name), ['captions', 'images']);
});

test('a node whose parent is not listed becomes a root', () => {
  assert.deepEqual(schemaTree([images]).map((r) => r.node.path), ['/digits/images']);
});

test('describeNode gives kind, dtype, shape and count', () => {
  assert.equal(describeNode(images), 'ndarray uint8 28×28 · 100 samples');
  assert.equal(describeNode({ ...images, schema: { kind: 'str', shape: [], variable: false, layout: 'flat', compression: 'none' }, count: 1 }), 'str · 1 sample');
  assert.equal(describeNode({ ...images, schema: { ...ndarray, dtype: 'int64', shape: [] } }), 'ndarray int64 scalar · 100 samples');
  assert.equal(describeNode({ ...images, schema: { ...ndarray, variable: true, shape: [64, 64], layout: 'nested' } }), 'ndarray uint8 ≤64×64 nested · 100 samples');
  const array: SchemaNode = { id: 'fedcba9876543210', path: '/a', kind: 'array', count: 4, array: { dtype: 'float32', shape: [1000, 1000], chunks: [100, 100], fill: '0', compression: 'none' }, attrs: {} };
  assert.equal(describeNode(array), 'array float32 1000×1000 (chunks 100×100)');
  assert.equal(describeNode(group('/g')), 'group');
});

test('describeAttribute shows the JSON value', () => {
  assert.equal(describeAttribute('unit', 'ink'), 'unit = "ink"');
  assert.equal(describeAttribute('scale', [1, 2]), 'scale = [1,2]');
});
