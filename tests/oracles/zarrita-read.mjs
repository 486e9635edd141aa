// Reads a Zarr v3 directory store with zarrita and prints every node as JSON:
// {path, kind, attributes, shape, dtype, chunks, fillValue, sha256} (sha256 over the whole
// array's elements in C order, little-endian, every NaN as the canonical quiet NaN, since NaN
// sign bits of fill values differ between runtimes). Usage: node zarrita-read.mjs DIR | URL [TOKEN_FILE]
// A URL (the Zarr view of `dotnet tensor serve`) is read with zarrita's FetchStore, its nodes found
// through the view's "?list", with the bearer token in TOKEN_FILE if given; a folder with the
// file-system store.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import FileSystemStore from "@zarrita/storage/fs";
import { FetchStore } from "@zarrita/storage";
import * as zarr from "zarrita";

const dir = process.argv[2];
const remote = /^https?:\/\//.test(dir);
const headers = process.argv[3] ? { Authorization: `Bearer ${fs.readFileSync(process.argv[3], "utf8").trim()}` } : {};
const root = zarr.root(remote ? new FetchStore(dir, { overrides: { headers } }) : new FileSystemStore(dir));

async function listedPaths() {
  const response = await fetch(`${dir.replace(/\/?$/, "/")}?list`, { headers });
  if (!response.ok) throw new Error(`?list: ${response.status} ${await response.text()}`);
  const keys = await response.json();
  return keys.filter((k) => k === "zarr.json" || k.endsWith("/zarr.json")).map((k) => (k === "zarr.json" ? "" : `/${k.slice(0, -"/zarr.json".length)}`));
}

function* nodePaths(folder, relative) {
  const meta = JSON.parse(fs.readFileSync(path.join(folder, "zarr.json"), "utf8"));
  yield relative;
  if (meta.node_type !== "group") return;
  for (const name of fs.readdirSync(folder).sort()) {
    if (fs.existsSync(path.join(folder, name, "zarr.json"))) yield* nodePaths(path.join(folder, name), `${relative}/${name}`);
  }
}

const fill = (v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : typeof v === "bigint" ? v.toString() : v);

// zarrita returns transposed arrays with their stored strides; the hash is over C order.
function cOrder(result) {
  const { data, shape, stride } = result;
  const cStrides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  if (stride.every((s, d) => s === cStrides[d] || shape[d] === 1)) return result;
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new data.constructor(size);
  const index = shape.map(() => 0);
  for (let n = 0; n < size; n++) {
    out[n] = data[index.reduce((offset, k, d) => offset + k * stride[d], 0)];
    for (let d = shape.length - 1; d >= 0 && ++index[d] === shape[d]; d--) index[d] = 0;
  }
  return { data: out, shape, stride };
}

const nodes = [];
for (const p of remote ? await listedPaths() : nodePaths(dir, "")) {
  const node = await zarr.open(p === "" ? root : root.resolve(p.slice(1)));
  if (node instanceof zarr.Group) {
    nodes.push({ path: p || "/", kind: "group", attributes: node.attrs });
    continue;
  }
  const { data, shape, stride } = cOrder(await zarr.get(node));
  if (data instanceof Float32Array || data instanceof Float64Array) data.forEach((v, i) => { if (Number.isNaN(v)) data[i] = NaN; });
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  nodes.push({
    path: p || "/",
    kind: "array",
    attributes: node.attrs,
    shape,
    dtype: node.dtype,
    chunks: node.chunks,
    fillValue: fill(node.fillValue),
    sha256: createHash("sha256").update(bytes).digest("hex"),
  });
}
process.stdout.write(JSON.stringify({ nodes }));
