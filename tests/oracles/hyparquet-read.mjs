// Reads Parquet files with hyparquet (+ hyparquet-compressors) and prints one JSON object mapping
// each file to {"columns": [...], "rows": [[...], ...]} or {"error": "..."}. Values use the
// canonical form of canonical.mjs, driven by the file's schema: INT32/INT64 -> "123",
// FLOAT/DOUBLE -> "f:<bits>", UTF8 BYTE_ARRAY -> "s:..", other binary -> "b:<hex>", LIST -> [..],
// structs -> {..}. Usage: node hyparquet-read.mjs FILE...
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

const floatBits = (x) => {
  if (Number.isNaN(x)) return 'f:NaN';
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return 'f:' + view.getBigUint64(0).toString(16).padStart(16, '0');
};

const isList = (node) => node.element.converted_type === 'LIST' || node.element.logical_type?.type === 'LIST';

function canonical(value, node) {
  if (value === null || value === undefined) return null;
  const element = node.element;
  if (element.repetition_type === 'REPEATED' && !node.inRepeated) {
    return value.map((item) => canonical(item, { ...node, inRepeated: true }));
  }
  if (node.children.length > 0) {
    if (isList(node)) {
      const repeated = node.children[0];
      const item = repeated.children.length === 1 ? repeated.children[0] : { ...repeated, inRepeated: true };
      return value.map((v) => canonical(v, item));
    }
    const out = {};
    for (const child of node.children) out[child.element.name] = canonical(value[child.element.name], child);
    return out;
  }
  switch (element.type) {
    case 'BOOLEAN': return value;
    case 'INT32': case 'INT64': return String(value);
    case 'FLOAT': case 'DOUBLE': return floatBits(value);
    case 'BYTE_ARRAY': case 'FIXED_LEN_BYTE_ARRAY':
      if (typeof value === 'string') return 's:' + value;
      return 'b:' + Buffer.from(value).toString('hex');
    default: return 'other:' + String(value);
  }
}

const results = {};
for (const path of process.argv.slice(2)) {
  try {
    const file = await asyncBufferFromFile(path);
    const metadata = await parquetMetadataAsync(file);
    const schema = parquetSchema(metadata);
    const rows = await parquetReadObjects({ file, compressors, utf8: true });
    results[path] = {
      columns: schema.children.map((c) => c.element.name),
      rows: rows.map((row) => schema.children.map((c) => canonical(row[c.element.name], c))),
    };
  } catch (error) {
    results[path] = { error: error.message };
  }
}
process.stdout.write(JSON.stringify(results));
