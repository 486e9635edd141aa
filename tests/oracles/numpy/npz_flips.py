"""numpy's side of the .npz corruption test: writes archives with numpy, then says which damaged copies numpy loads.

Usage:
  npz_flips.py write OUTPUT_DIR   writes stored.npz (np.savez) and compressed.npz (np.savez_compressed) and prints,
                                  per file, where each member's local header and data lie and where the central
                                  directory and end record start.
  npz_flips.py load FILE...       loads each file as a user would (np.load(allow_pickle=False), every member read) and
                                  prints, per file, {"accepted": true, "arrays": {...}} or {"accepted": false, "error": "..."}.
An accepted array is described by its dtype, shape, SHA-256 of its little-endian C-order bytes and, for U and S arrays,
its values (S as hex), which is what an importer must have stored.
"""
import hashlib
import json
import os
import struct
import sys
import zipfile

import numpy as np


def arrays():
    rng = np.random.default_rng(20261204)
    return {
        "images": rng.integers(0, 256, (6, 4, 4), dtype=np.uint8),
        "score": rng.standard_normal(6),
        "label": np.array(["cat", "dog", "\u00e9mu", "owl", "yak", "gnu"]),
        "raw": np.array([b"a", b"bc", b"\x01\x02", b"xyz", b"q", b"rs"]),
    }


def layout(path):
    with open(path, "rb") as f:
        data = f.read()
    members = []
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            at = info.header_offset
            name_length, extra_length = struct.unpack_from("<HH", data, at + 26)
            start = at + 30 + name_length + extra_length
            members.append({"name": info.filename[: -len(".npy")], "header": at, "data": start,
                            "end": start + info.compress_size})
    end_record = data.rfind(b"PK\x05\x06")
    directory = struct.unpack_from("<I", data, end_record + 16)[0]
    return {"file": os.path.basename(path), "members": members, "directory": directory, "endRecord": end_record,
            "length": len(data)}


def write(out):
    os.makedirs(out, exist_ok=True)
    np.savez(os.path.join(out, "stored.npz"), **arrays())
    np.savez_compressed(os.path.join(out, "compressed.npz"), **arrays())
    print(json.dumps([layout(os.path.join(out, name)) for name in ("stored.npz", "compressed.npz")]))


def describe(arr):
    entry = {
        "dtype": arr.dtype.str,
        "shape": list(arr.shape),
        "sha256": hashlib.sha256(arr.astype(arr.dtype.newbyteorder("<")).tobytes(order="C")).hexdigest(),
    }
    if arr.dtype.kind == "U":
        entry["values"] = [str(s) for s in arr.ravel().tolist()]
    if arr.dtype.kind == "S":
        entry["values"] = [b.hex() for b in arr.ravel().tolist()]
    return entry


def load(path):
    try:
        with np.load(path, allow_pickle=False) as npz:
            return {"accepted": True, "arrays": {name: describe(npz[name]) for name in npz.files}}
    except Exception as e:  # whatever numpy raises, it refused the file
        return {"accepted": False, "error": f"{type(e).__name__}: {e}"}


def main(argv):
    if argv[1] == "write":
        write(argv[2])
    else:
        print(json.dumps({os.path.basename(path): load(path) for path in argv[2:]}))


if __name__ == "__main__":
    main(sys.argv)
