// Shapes of the language server's tessera/* results (docs/cli-json.schema.json, docs/cli.md "JSON output"; src/Lsp/Features).

export interface GitLink {
  commit: string;
  dirty: boolean;
}

export interface Commit {
  id: string;
  parents: string[];
  message: string;
  author: string;
  email: string;
  time: string;
  git?: GitLink;
}

export interface Branch {
  name: string;
  target: string;
  current: boolean;
}

export interface Tag {
  name: string;
  target: string;
}

export interface ErrorInfo {
  code: string;
  exit: number;
  message: string;
}

/** One entry of tessera/repositories: a readable repository, or one that failed to open. */
export interface RepositoryInfo {
  root: string;
  branch?: string;
  head?: Commit | null;
  branches?: Branch[];
  tags?: Tag[];
  error?: ErrorInfo;
}

export type ConflictKind = 'added-both' | 'removed-mutated' | 'mutated-removed' | 'mutated-both' | 'schema' | 'attribute';

export interface Conflict {
  path: string;
  key: string | null;
  kind: ConflictKind;
  base: string | null;
  ours: string | null;
  theirs: string | null;
}

export interface NodeChange {
  path: string;
  oldPath: string | null;
  kind: string;
  change: 'added' | 'removed' | 'moved' | 'modified';
  schemaChanged: boolean;
  attributesChanged: string[];
  added: number;
  removed: number;
  mutated: number;
  keys?: KeyChange[];
}

export interface KeyChange {
  key: string;
  change: 'added' | 'removed' | 'mutated';
  old: string | null;
  new: string | null;
  numeric?: { elementsChanged: number; maxAbsDifference: number } | null;
}

export interface LockInfo {
  pid: number;
  host: string;
  acquired: string;
  stale: boolean;
}

export interface Status {
  branch: string;
  head: string | null;
  merging: boolean;
  mergeHead: string | null;
  /** The common ancestor of head and mergeHead: where a conflict's base sample is read. */
  mergeBase: string | null;
  staged: NodeChange[];
  conflicts: Conflict[];
  lock: LockInfo | null;
}

/** A column's schema, as the tree page holds it (docs/format.md 5.4); dtype only for ndarray columns. */
export interface ColumnSchema {
  kind: 'ndarray' | 'str' | 'bytes';
  dtype?: string;
  shape: number[];
  variable: boolean;
  layout: 'flat' | 'nested';
  compression: string;
}

/** An array's schema, as the tree page holds it (docs/format.md 5.5); fill as text. */
export interface ArraySchema {
  dtype: string;
  shape: number[];
  chunks: number[];
  fill: string;
  compression: string;
}

/** A node (docs/cli-json.schema.json#/$defs/node): a column has schema, an array has array. */
export interface SchemaNode {
  id: string;
  path: string;
  kind: 'group' | 'column' | 'array';
  count: number;
  schema?: ColumnSchema;
  array?: ArraySchema;
  attrs: Record<string, unknown>;
}

export interface Tree {
  commit: string | null;
  nodes: SchemaNode[];
}

export interface Diff {
  from: string;
  to: string;
  added: number;
  removed: number;
  mutated: number;
  nodes: NodeChange[];
  conflicts: Conflict[];
}

/** tessera/keys: one page of a column's keys (key/subkey when nested) or an array's chunk coordinates. */
export interface KeyPage {
  path: string;
  kind: 'column' | 'array';
  total: number;
  offset: number;
  keys: string[];
}

/** A JSON number, or a string for NaN, infinities and complex values. */
export type Scalar = number | string | boolean;
export type NestedValues = Scalar | NestedValues[];

export interface SampleStats {
  min: number | string;
  max: number | string;
  mean: number | string;
  nanCount: number;
}

/** tessera/sample: a sample downsampled by the server to at most maxElements values. */
export interface SamplePreview {
  path: string;
  key: string;
  kind: 'ndarray' | 'str' | 'bytes';
  dtype: string | null;
  shape: number[];
  stats: SampleStats | null;
  valuesShape: number[];
  values: NestedValues;
  downsampled: boolean;
}
