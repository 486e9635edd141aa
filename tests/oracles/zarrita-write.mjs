// Writes a Zarr v3 directory store with zarrita: several dtypes, partial edge chunks, chunks
// never written (they read as the fill value), gzip, zstd, big-endian bytes, transpose, crc32c,
// a sharded array, and a group with attributes. Usage: node zarrita-write.mjs DIR
// zarrita decodes gzip and crc32c but does not encode them: gzip comes from numcodecs, crc32c
// from the table implementation below (checked against the standard test vector).
import * as fs from "node:fs";
import * as path from "node:path";
import FileSystemStore from "@zarrita/storage/fs";
import * as zarr from "zarrita";

const dir = process.argv[2];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  return c >>> 0;
});
function crc32c(bytes) {
  let crc = 0xffffffff;
  for (const b of bytes) crc = CRC_TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
if (crc32c(new TextEncoder().encode("123456789")) !== 0xe3069283) throw new Error("crc32c is wrong");
function withCrc(bytes) {
  const out = new Uint8Array(bytes.length + 4);
  out.set(bytes);
  new DataView(out.buffer).setUint32(bytes.length, crc32c(bytes), true);
  return out;
}
class Crc32cEncoder {
  kind = "bytes_to_bytes";
  static fromConfig() { return new Crc32cEncoder(); }
  encode(bytes) { return withCrc(bytes); }
  decode(bytes) { return bytes.subarray(0, bytes.length - 4); }
  computeEncodedSize(n) { return n + 4; }
}
zarr.registry.set("gzip", () => import("numcodecs/gzip").then((m) => m.default));
zarr.registry.set("crc32c", () => Crc32cEncoder);

const store = new FileSystemStore(dir);
const root = zarr.root(store);
const bytes = (endian = "little") => ({ name: "bytes", configuration: { endian } });
const iota = (Type, n, f = (i) => i) => Type.from({ length: n }, (_, i) => f(i));

await zarr.create(root, { attributes: { title: "zarrita store", nested: { n: [1, 2, 3] } } });
const group = await zarr.create(root.resolve("grid"), { attributes: { units: "m" } });

// float32, gzip, NaN fill, 7x5 in 3x2 chunks: only rows 0..5 written, so the last chunk row stays missing.
const f32 = await zarr.create(group.resolve("f32"), {
  shape: [7, 5], chunkShape: [3, 2], dtype: "float32", fillValue: NaN,
  codecs: [bytes(), { name: "gzip", configuration: { level: 5 } }], attributes: { scale: 0.5 },
});
await zarr.set(f32, [zarr.slice(0, 6), null], { data: iota(Float32Array, 30, (i) => i * 1.5 - 7), shape: [6, 5], stride: [5, 1] });

// int16, big-endian, no compression, fill -1, only the first 6 of 10 elements written.
const i16 = await zarr.create(root.resolve("i16"), { shape: [10], chunkShape: [4], dtype: "int16", fillValue: -1, codecs: [bytes("big")] });
await zarr.set(i16, [zarr.slice(0, 6)], { data: iota(Int16Array, 6, (i) => i * 1000 - 2500), shape: [6], stride: [1] });

// uint8 stored transposed.
const u8 = await zarr.create(root.resolve("u8t"), {
  shape: [5, 6], chunkShape: [2, 4], dtype: "uint8", fillValue: 0,
  codecs: [{ name: "transpose", configuration: { order: [1, 0] } }, bytes()],
});
await zarr.set(u8, null, { data: iota(Uint8Array, 30, (i) => (i * 7) % 256), shape: [5, 6], stride: [6, 1] });

// float64 with crc32c, one chunk.
const f64 = await zarr.create(root.resolve("f64crc"), { shape: [4, 3], chunkShape: [4, 3], dtype: "float64", fillValue: 0, codecs: [bytes(), { name: "crc32c" }] });
await zarr.set(f64, null, { data: iota(Float64Array, 12, (i) => Math.sqrt(i) - 1e10), shape: [4, 3], stride: [3, 1] });

// int64 with zstd, 3-D with partial edge chunks.
const i64 = await zarr.create(root.resolve("i64zstd"), { shape: [3, 5, 4], chunkShape: [2, 2, 3], dtype: "int64", fillValue: 42, codecs: [bytes(), { name: "zstd", configuration: { level: 3, checksum: false } }] });
await zarr.set(i64, null, { data: iota(BigInt64Array, 60, (i) => BigInt(i) * -123456789012n), shape: [3, 5, 4], stride: [20, 4, 1] });

// bool.
const b = await zarr.create(root.resolve("flags"), { shape: [9], chunkShape: [4], dtype: "bool", fillValue: false, codecs: [bytes()] });
await zarr.set(b, null, { data: new zarr.BoolArray(iota(Uint8Array, 9, (i) => (i % 3 === 0 ? 1 : 0)).buffer), shape: [9], stride: [1] });

// uint16 sharded by hand (zarrita reads sharding but cannot write it): shards of 4x4 with
// 2x2 inner chunks, index at the end (bytes + crc32c); inner chunk (1, 1) of shard (0, 0) is absent.
const shardMeta = {
  zarr_format: 3, node_type: "array", shape: [6, 4], data_type: "uint16",
  chunk_grid: { name: "regular", configuration: { chunk_shape: [4, 4] } },
  chunk_key_encoding: { name: "default", configuration: { separator: "/" } },
  fill_value: 7,
  codecs: [{ name: "sharding_indexed", configuration: { chunk_shape: [2, 2], codecs: [bytes()], index_codecs: [bytes(), { name: "crc32c" }], index_location: "end" } }],
  attributes: {},
};
const shardDir = path.join(dir, "sharded");
fs.mkdirSync(path.join(shardDir, "c", "0"), { recursive: true });
fs.mkdirSync(path.join(shardDir, "c", "1"), { recursive: true });
fs.writeFileSync(path.join(shardDir, "zarr.json"), JSON.stringify(shardMeta));
const value = (r, c) => r * 100 + c;
for (const shardRow of [0, 1]) {
  const pieces = [];
  const index = new BigUint64Array(2 * 2 * 2);
  let offset = 0;
  for (let ir = 0; ir < 2; ir++) {
    for (let ic = 0; ic < 2; ic++) {
      const slot = (ir * 2 + ic) * 2;
      if (shardRow === 0 && ir === 1 && ic === 1) {
        index[slot] = index[slot + 1] = 0xffffffffffffffffn;
        continue;
      }
      const inner = new Uint16Array(4);
      for (let r = 0; r < 2; r++) for (let c = 0; c < 2; c++) inner[r * 2 + c] = value(shardRow * 4 + ir * 2 + r, ic * 2 + c);
      const piece = new Uint8Array(inner.buffer);
      pieces.push(piece);
      index[slot] = BigInt(offset);
      index[slot + 1] = BigInt(piece.length);
      offset += piece.length;
    }
  }
  const indexBytes = withCrc(new Uint8Array(index.buffer));
  fs.writeFileSync(path.join(shardDir, "c", String(shardRow), "0"), Buffer.concat([...pieces, indexBytes]));
}
