// Writes a test table with DuckDB: integers, doubles with NaN, strings, booleans, decimals, dates,
// timestamps, lists with null/empty entries and nested lists, with a chosen codec and format version.
// Usage: node duckdb-write.mjs OUT.parquet CODEC [v1|v2] [ROWS]
import { DuckDBInstance } from '@duckdb/node-api';

const [out, codec, version = 'v1', rows = '3000'] = process.argv.slice(2);
const connection = await (await DuckDBInstance.create(':memory:')).connect();
await connection.run(`
  CREATE TABLE t AS SELECT
    i::BIGINT AS id,
    CASE WHEN i % 11 = 0 THEN NULL WHEN i % 13 = 0 THEN 'NaN'::DOUBLE ELSE i * 1.5 - 7 END AS score,
    CASE WHEN i % 7 = 0 THEN NULL ELSE 'row-' || (i % 97) || CASE WHEN i % 5 = 0 THEN ' ünïcødé' ELSE '' END END AS name,
    CASE WHEN i % 3 = 0 THEN NULL ELSE i % 2 = 0 END AS flag,
    (i % 1000 - 500)::SMALLINT AS small,
    CASE WHEN i % 17 = 0 THEN NULL ELSE ((i * 12345 - 99999)::DOUBLE / 1000)::DECIMAL(18, 3) END AS price,
    DATE '2001-02-03' + (i % 400)::INTEGER AS day,
    TIMESTAMP '2020-01-01 00:00:00' + to_microseconds(i * 1234567) AS ts,
    CASE WHEN i % 19 = 0 THEN NULL WHEN i % 23 = 0 THEN []::FLOAT[]
         ELSE [i::FLOAT, NULL, (i / 3)::FLOAT] END AS emb,
    CASE WHEN i % 29 = 0 THEN NULL
         ELSE [[i::INTEGER, NULL], [], NULL, [(i % 5)::INTEGER]] END AS nested
  FROM range(0, ${Number(rows)}) r(i)`);
await connection.run(`COPY t TO '${out.replaceAll("'", "''")}'
  (FORMAT parquet, COMPRESSION ${codec}, PARQUET_VERSION ${version}, ROW_GROUP_SIZE 1024)`);
