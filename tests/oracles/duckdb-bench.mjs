// The Parquet benchmark's DuckDB side (bench/WorkloadParquet.cs).
//   node duckdb-bench.mjs write OUT.parquet CODEC ROWS   writes the benchmark table
//   node duckdb-bench.mjs read FILE                       prints {"rows", "seconds"}: DuckDB's own time to
//     decode every value of every column (aggregates over all of them, so nothing is skipped), median of 3 runs
//     after a warm-up that brings the file into the page cache.
//   node duckdb-bench.mjs copy FILE OUT.parquet           prints {"rows", "seconds"}: DuckDB reading the file and
//     writing it again with ZSTD (what an import does: read, encode, compress, write), median of 3 runs
import { DuckDBInstance } from '@duckdb/node-api';

const [command, file, codec, rows] = process.argv.slice(2);
const connection = await (await DuckDBInstance.create(':memory:')).connect();
const path = file.replaceAll("'", "''");
if (command === 'write') {
  await connection.run(`COPY (SELECT
      i::BIGINT AS key,
      (hash(i) % 1000000)::DOUBLE / 7 AS x,
      list_transform(range(16), j -> ((hash(i * 16 + j) % 10000)::FLOAT / 100)) AS emb,
      'item-' || i || '-' || (hash(i) % 100000) AS name
    FROM range(0, ${Number(rows)}) r(i)) TO '${path}' (FORMAT parquet, COMPRESSION ${codec})`);
} else if (command === 'read') {
  const query = `SELECT count(*), sum(key), sum(x), sum(list_sum(emb)), sum(length(name)) FROM read_parquet('${path}')`;
  await connection.runAndReadAll(query);
  const times = [];
  let count = 0;
  for (let run = 0; run < 3; run++) {
    const start = process.hrtime.bigint();
    const reader = await connection.runAndReadAll(query);
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
    count = Number(reader.getRows()[0][0]);
  }
  times.sort((a, b) => a - b);
  process.stdout.write(JSON.stringify({ rows: count, seconds: times[1] }));
} else if (command === 'copy') {
  const out = process.argv[4].replaceAll("'", "''");
  const copy = `COPY (SELECT * FROM read_parquet('${path}')) TO '${out}' (FORMAT parquet, COMPRESSION ZSTD)`;
  const count = `SELECT count(*) FROM read_parquet('${out}')`;
  await connection.run(copy);
  const times = [];
  for (let run = 0; run < 3; run++) {
    const start = process.hrtime.bigint();
    await connection.run(copy);
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  times.sort((a, b) => a - b);
  const rows = Number((await connection.runAndReadAll(count)).getRows()[0][0]);
  process.stdout.write(JSON.stringify({ rows, seconds: times[1] }));
} else {
  throw new Error('usage: duckdb-bench.mjs write OUT CODEC ROWS | read FILE | copy FILE OUT');
}
