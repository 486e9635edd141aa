// Writes the result of one SQL query to a Parquet file, for tests that need a particular file.
// Usage: node duckdb-write-sql.mjs OUT.parquet "SELECT ..." ["COPY options, e.g. COMPRESSION zstd"]
import { DuckDBInstance } from '@duckdb/node-api';

const [out, query, options = ''] = process.argv.slice(2);
const connection = await (await DuckDBInstance.create(':memory:')).connect();
await connection.run(`COPY (${query}) TO '${out.replaceAll("'", "''")}' (FORMAT parquet${options ? ', ' + options : ''})`);
