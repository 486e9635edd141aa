// Reads Parquet files with DuckDB and prints one JSON object mapping each file to
// {"columns": [...], "types": [...], "rows": [[...], ...]} in the canonical form of
// canonical.mjs, or to {"error": "..."} when DuckDB cannot read it.
// Usage: node duckdb-read.mjs FILE...
import { DuckDBInstance } from '@duckdb/node-api';
import { canonical } from './canonical.mjs';

const connection = await (await DuckDBInstance.create(':memory:')).connect();
const results = {};
for (const file of process.argv.slice(2)) {
  try {
    const path = file.replaceAll("'", "''");
    const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet('${path}', binary_as_string = false)`);
    const types = reader.columnTypes();
    const rows = reader.getRows().map((row) => row.map((value, i) => canonical(value, types[i])));
    results[file] = { columns: reader.columnNames(), types: types.map(String), rows };
  } catch (error) {
    results[file] = { error: error.message };
  }
}
process.stdout.write(JSON.stringify(results));
