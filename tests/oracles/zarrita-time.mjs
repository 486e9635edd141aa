// Times zarrita reading one whole array from a Zarr v3 store, a folder or a URL (zarrita's
// FetchStore), after opening it; prints {seconds, sha256} (sha256 over the elements as read).
// Usage: node zarrita-time.mjs DIR|URL ARRAY_PATH. The benchmark's --workload zarrhttp runs it.
import { createHash } from "node:crypto";
import FileSystemStore from "@zarrita/storage/fs";
import { FetchStore } from "@zarrita/storage";
import * as zarr from "zarrita";

const [source, path] = process.argv.slice(2);
const store = /^https?:\/\//.test(source) ? new FetchStore(source) : new FileSystemStore(source);
const array = await zarr.open.v3(zarr.root(store).resolve(path), { kind: "array" });
const start = process.hrtime.bigint();
const { data } = await zarr.get(array);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const sha256 = createHash("sha256").update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest("hex");
process.stdout.write(JSON.stringify({ seconds, sha256 }));
