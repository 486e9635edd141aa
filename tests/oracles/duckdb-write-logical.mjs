// Writes a table of the Parquet logical types Tessera keeps as stored integers or bytes: DECIMAL
// backed by INT32, INT64 and FIXED_LEN_BYTE_ARRAY, DATE, TIME (local and UTC), TIMESTAMP in
// milliseconds, microseconds (local and UTC) and nanoseconds, INTERVAL, with NULLs, negative
// values and extremes, and lists of strings (empty lists and empty strings among them), keyed by a BIGINT id.
// Usage: node duckdb-write-logical.mjs OUT.parquet [ROWS]
import { DuckDBInstance } from '@duckdb/node-api';

const [out, rows = '600'] = process.argv.slice(2);
const connection = await (await DuckDBInstance.create(':memory:')).connect();
await connection.run(`
  CREATE TABLE t AS SELECT
    i::BIGINT AS id,
    CASE WHEN i % 7 = 3 THEN NULL WHEN i = 1 THEN '99.99'::DECIMAL(4,2) WHEN i = 2 THEN '-99.99'::DECIMAL(4,2) ELSE ((i * 37) % 19999 - 9999)::DECIMAL(6,0) / 100 END::DECIMAL(4,2) AS d4,
    CASE WHEN i % 11 = 0 THEN NULL WHEN i = 1 THEN '999999999999999.999'::DECIMAL(18,3) ELSE i * 1234567891.125::DECIMAL(18,3) - 700000000000 END::DECIMAL(18,3) AS d18,
    CASE WHEN i % 13 = 0 THEN NULL WHEN i = 1 THEN '-9999999999999999999999999999999999.9999'::DECIMAL(38,4)
      ELSE (CASE WHEN x < 0 THEN '-' ELSE '' END || (abs(x) // 10000)::VARCHAR || '.' || lpad((abs(x) % 10000)::VARCHAR, 4, '0'))::DECIMAL(38,4) END AS d38,
    CASE WHEN i % 5 = 0 THEN NULL ELSE DATE '1970-01-01' + ((i * 977) % 200000 - 100000)::INTEGER END AS day,
    CASE WHEN i % 6 = 0 THEN NULL ELSE TIME '00:00:00' + to_microseconds((i * 123456789) % 86400000000) END AS clock,
    CASE WHEN i % 8 = 0 THEN NULL ELSE (TIME '00:00:00' + to_microseconds((i * 7654321) % 86400000000))::TIMETZ END AS clock_utc,
    CASE WHEN i % 9 = 0 THEN NULL ELSE make_timestamp((i * 98765432101) % 4000000000000000 - 2000000000000000) END AS ts,
    CASE WHEN i % 10 = 0 THEN NULL ELSE make_timestamp((i * 12345678901) % 4000000000000000)::TIMESTAMPTZ END AS ts_utc,
    CASE WHEN i % 4 = 0 THEN NULL ELSE make_timestamp((i * 11111111111) % 4000000000000000 - 1000000000000000)::TIMESTAMP_MS END AS ts_ms,
    CASE WHEN i % 3 = 0 THEN NULL ELSE make_timestamp_ns((i * 987654321987654) % 9000000000000000000 - 4000000000000000000) END AS ts_ns,
    CASE WHEN i % 12 = 0 THEN NULL ELSE to_months(i % 500) + to_days(i % 40) + to_milliseconds((i * 4567) % 86400000) END AS span,
    CASE WHEN i % 14 = 0 THEN NULL WHEN i % 9 = 4 THEN []::VARCHAR[] ELSE ['tag-' || i, '', 'ünï ' || (i % 5)][1:(i % 3) + 1] END AS tags
  FROM (SELECT i, i::HUGEINT * 170141183460469231731687303 - 12345678901234567890 * (i % 3) AS x FROM range(0, ${Number(rows)}) r(i))`);
await connection.run(`COPY t TO '${out.replaceAll("'", "''")}' (FORMAT parquet, ROW_GROUP_SIZE 250)`);
