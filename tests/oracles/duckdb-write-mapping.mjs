// Writes the table the import-mapping tests read: every column shape Tessera maps (scalars of each
// numeric type, strings, blobs, lists of constant and varying length, nested lists, fixed-size
// arrays) with nulls, NaN and empty lists, keyed by a BIGINT id.
// Usage: node duckdb-write-mapping.mjs OUT.parquet CODEC [ROWS]
import { DuckDBInstance } from '@duckdb/node-api';

const [out, codec, rows = '2500'] = process.argv.slice(2);
const connection = await (await DuckDBInstance.create(':memory:')).connect();
await connection.run(`
  CREATE TABLE t AS SELECT
    (i * 7 + 3)::BIGINT AS id,
    CASE WHEN i % 11 = 0 THEN NULL WHEN i % 13 = 0 THEN 'NaN'::DOUBLE ELSE i * 1.25 - 9 END AS score,
    (i / 7)::FLOAT AS ratio,
    (i % 300 - 150)::SMALLINT AS small,
    (i % 256)::UTINYINT AS byte,
    (i * 100003)::UINTEGER AS big,
    CASE WHEN i % 3 = 0 THEN NULL ELSE i % 2 = 0 END AS flag,
    CASE WHEN i % 7 = 0 THEN NULL ELSE 'row-' || i || CASE WHEN i % 5 = 0 THEN ' ünïcødé' ELSE '' END END AS name,
    CASE WHEN i % 9 = 0 THEN NULL ELSE ('\\x00\\xFF' || i)::BLOB END AS raw,
    CASE WHEN i % 19 = 0 THEN NULL ELSE [i::FLOAT, -i::FLOAT, (i / 3)::FLOAT, 0.5] END AS emb,
    CASE WHEN i % 23 = 0 THEN NULL WHEN i % 5 = 0 THEN []::INTEGER[] ELSE range(i % 6)::INTEGER[] END AS var,
    CASE WHEN i % 29 = 0 THEN NULL ELSE [[i, i + 1, i + 2], [i * 2, 0, -1]] END AS grid,
    [i::DOUBLE, (i * i)::DOUBLE]::DOUBLE[2] AS pair
  FROM range(0, ${Number(rows)}) r(i)`);
await connection.run(`COPY t TO '${out.replaceAll("'", "''")}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 1000)`);
