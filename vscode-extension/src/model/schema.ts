// The Schema view's model: the server's flat node list as a tree, each node described.

import type { SchemaNode } from '../protocol';
import { plural, shapeText } from './format';

export interface SchemaEntry {
  node: SchemaNode;
  name: string;
  children: SchemaEntry[];
}

/** Nests nodes under their parent paths; a node whose parent is not listed becomes a root. */
export function schemaTree(nodes: SchemaNode[]): SchemaEntry[] {
  const byPath = new Map<string, SchemaEntry>();
  const sorted = [...nodes].sort((a, b) => a.path.localeCompare(b.path));
  for (const node of sorted) byPath.set(node.path, { node, name: node.path.slice(node.path.lastIndexOf('/') + 1), children: [] });
  const roots: SchemaEntry[] = [];
  for (const entry of byPath.values()) {
    const parent = byPath.get(entry.node.path.slice(0, entry.node.path.lastIndexOf('/')));
    (parent ? parent.children : roots).push(entry);
  }
  return roots;
}

/** "ndarray uint8 28×28 · 100 samples", "str · 100 samples", "array float32 1000×1000 (chunks 100×100)". */
export function describeNode(node: SchemaNode): string {
  if (node.kind === 'group') return 'group';
  if (node.array) {
    const { dtype, shape, chunks } = node.array;
    return `array ${dtype} ${shapeText(shape)} (chunks ${chunks.join('×')})`;
  }
  const schema = node.schema;
  if (!schema) return plural(node.count, 'sample');
  const shape = schema.kind === 'ndarray' ? shapeText(schema.shape, schema.variable) : '';
  const type = [schema.kind, schema.dtype ?? '', shape].filter((s) => s !== '').join(' ');
  const layout = schema.layout === 'nested' ? ' nested' : '';
  return `${type}${layout} · ${plural(node.count, 'sample')}`;
}

/** An attribute as one line: `unit = "ink"`. */
export function describeAttribute(name: string, value: unknown): string {
  return `${name} = ${JSON.stringify(value)}`;
}
