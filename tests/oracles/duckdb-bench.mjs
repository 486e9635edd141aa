// The Parquet benchmark's DuckDB side (bench/WorkloadParquet.cs).
//   node duckdb-bench.mjs write OUT.parquet CODEC ROWS   writes the benchmark table
//   node duckdb-bench.mjs read FILE                       prints {"rows", "seconds"}: DuckDB's own time to
//     decode every value of every column (aggregates over all of them, so nothing is skipped), median of 3 runs
//     after a warm-up that brings the file into the page cache.
//   node duckdb-bench.mjs copy FILE OUT.parquet           prints {"rows", "seconds"}: DuckDB reading the file and
//     writing it again with ZSTD (what an import does: read, decode, encode, compress, write), median of 3 runs
//     after a warm-up.
import { DuckDBInstance } from '@duckdb/node-api';

const [command, file, ...rest] = process.argv.slice(2);
const connection = await (await DuckDBInstance.create(':memory:')).connect();
const quoted = (path) => path.replaceAll("'", "''");
const path = quoted(file);

/** Runs the statement once to warm up, then three times; returns the median of those three in seconds and the last run's first value. */
async function timed(statement) {
  await connection.run(statement);
  const times = [];
  let first;
  for (let run = 0; run < 3; run++) {
    const start = process.hrtime.bigint();
    const reader = await connection.runAndReadAll(statement);
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
    first = Number(reader.getRows()[0][0]);
  }
  times.sort((a, b) => a - b);
  return { seconds: times[1], first };
}

const countRows = async (source) => Number((await connection.runAndReadAll(`SELECT count(*) FROM read_parquet('${source}')`)).getRows()[0][0]);

if (command === 'write') {
  const [codec, rows] = rest;
  await connection.run(`COPY (SELECT
      i::BIGINT AS key,
      (hash(i) % 1000000)::DOUBLE / 7 AS x,
      list_transform(range(16), j -> ((hash(i * 16 + j) % 10000)::FLOAT / 100)) AS emb,
      'item-' || i || '-' || (hash(i) % 100000) AS name
    FROM range(0, ${Number(rows)}) r(i)) TO '${path}' (FORMAT parquet, COMPRESSION ${codec})`);
} else if (command === 'read') {
  const { seconds, first: rows } = await timed(`SELECT count(*), sum(key), sum(x), sum(list_sum(emb)), sum(length(name)) FROM read_parquet('${path}')`);
  process.stdout.write(JSON.stringify({ rows, seconds }));
} else if (command === 'copy') {
  const out = quoted(rest[0]);
  // The rows are counted in the written file, not taken from COPY's own count.
  const { seconds } = await timed(`COPY (SELECT * FROM read_parquet('${path}')) TO '${out}' (FORMAT parquet, COMPRESSION ZSTD)`);
  process.stdout.write(JSON.stringify({ rows: await countRows(out), seconds }));
} else {
  throw new Error('usage: duckdb-bench.mjs write OUT CODEC ROWS | read FILE | copy FILE OUT');
}
