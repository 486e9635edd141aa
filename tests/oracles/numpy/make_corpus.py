"""Writes .npy/.npz files with numpy (the independent implementation) and a manifest of what numpy says they hold.

Usage: make_corpus.py OUTPUT_DIR
Every dtype x C/Fortran order x byte order x format version 1.0/2.0/3.0 x shape (0-d, empty, 1-d, 3-d), plus
np.save/np.savez/np.savez_compressed files and files numpy can write but Tessera must refuse.
manifest.json lists, per array, the stored descr, order, version, shape and the little-endian C-order bytes (base64).
"""
import base64
import json
import os
import sys

import numpy as np
from numpy.lib import format as npformat

DTYPES = ["?", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8", "c8", "c16", "U3", "S4"]
SHAPES = [(), (0,), (2, 0, 3), (5,), (2, 3, 4)]
VERSIONS = [(1, 0), (2, 0), (3, 0)]
STRINGS = ["", "a", "h\u00e9\u00e9", "\U0001F600x", "abc", "\u4e2d\u6587"]
BYTE_STRINGS = [b"", b"a", b"\xff\x00a", b"abcd", b"\x01\x02"]


def safe(code):
    return code.replace("?", "b1")


def values(code, shape, rng):
    n = int(np.prod(shape, dtype=np.int64))
    dtype = np.dtype(code)
    if dtype.kind == "b":
        flat = rng.integers(0, 2, n).astype(bool)
    elif dtype.kind in "iu":
        info = np.iinfo(dtype)
        flat = rng.integers(info.min, info.max, n, dtype=dtype, endpoint=True)
    elif dtype.kind == "f":
        flat = (rng.standard_normal(n) * 1000).astype(dtype)
        specials = np.array([np.nan, np.inf, -np.inf, -0.0], dtype=dtype)[:n]
        flat[: len(specials)] = specials
    elif dtype.kind == "c":
        flat = (rng.standard_normal(n) + 1j * rng.standard_normal(n)).astype(dtype)
        if n:
            flat[0] = complex(np.nan, -np.inf)
    elif dtype.kind == "U":
        flat = np.array([STRINGS[i] for i in rng.integers(0, len(STRINGS), n)], dtype=dtype)
    else:
        flat = np.array([BYTE_STRINGS[i] for i in rng.integers(0, len(BYTE_STRINGS), n)], dtype=dtype)
    return flat.reshape(shape)


def little_endian_c_bytes(arr):
    return arr.astype(arr.dtype.newbyteorder("<")).tobytes(order="C")


def describe(arr, **extra):
    entry = {
        "shape": list(arr.shape),
        "le_descr": npformat.dtype_to_descr(arr.dtype.newbyteorder("<")),
        "le_bytes": base64.b64encode(little_endian_c_bytes(arr)).decode(),
    }
    if arr.dtype.kind == "U":
        entry["strings"] = [str(s) for s in arr.ravel(order="C").tolist()]
    if arr.dtype.kind == "S":
        entry["byte_strings"] = [b.hex() for b in arr.ravel(order="C").tolist()]
    entry.update(extra)
    return entry


def write_npy(path, arr, fortran, version):
    header = {"descr": npformat.dtype_to_descr(arr.dtype), "fortran_order": fortran, "shape": arr.shape}
    with open(path, "wb") as f:
        npformat._write_array_header(f, header, version)
        f.write(arr.tobytes(order="F" if fortran else "C"))
    back = np.load(path, allow_pickle=False)
    assert back.dtype == arr.dtype and back.shape == arr.shape, path
    assert np.array_equal(back, arr, equal_nan=arr.dtype.kind in "fc"), path


def main(out):
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(20261121)
    npy, npz, refused = [], [], []
    for code in DTYPES:
        for shape in SHAPES:
            base = values(code, shape, rng)
            orders = "<>" if base.dtype.byteorder != "|" else "|"
            for order in orders:
                dtype = base.dtype if order == "|" else base.dtype.newbyteorder(order)
                arr = base.astype(dtype)
                for fortran in (False, True):
                    for version in VERSIONS:
                        name = f"{safe(code)}_{'x'.join(map(str, shape)) or 'scalar'}_{ {'<': 'le', '>': 'be', '|': 'na'}[order]}_{'F' if fortran else 'C'}_v{version[0]}.npy"
                        write_npy(os.path.join(out, name), arr, fortran, version)
                        npy.append(describe(arr, file=name, descr=npformat.dtype_to_descr(dtype),
                                            fortran=fortran, version=f"{version[0]}.{version[1]}"))
            # np.save itself, C order and (for 3-d) the Fortran layout it picks for a Fortran-contiguous array.
            for layout, arr in (("save_C", base), ("save_F", np.asfortranarray(base))):
                name = f"{safe(code)}_{'x'.join(map(str, shape)) or 'scalar'}_{layout}.npy"
                np.save(os.path.join(out, name), arr)
                npy.append(describe(arr, file=name, descr=npformat.dtype_to_descr(arr.dtype),
                                    fortran=bool(arr.flags.f_contiguous and not arr.flags.c_contiguous), version="1.0"))

    members = {f"a_{i}_{code}": values(code, shape, rng) for i, (code, shape) in
               enumerate((c, s) for c in DTYPES for s in ((2, 3), (4,)))}
    members["nested/name"] = np.arange(6, dtype=">i4").reshape(2, 3)
    for compressed in (False, True):
        name = "compressed.npz" if compressed else "stored.npz"
        (np.savez_compressed if compressed else np.savez)(os.path.join(out, name), **members)
        npz.append({"file": name, "arrays": {k: describe(v) for k, v in members.items()}})

    def refuse(name, arr, expect, allow_pickle=False):
        np.save(os.path.join(out, name), arr, allow_pickle=allow_pickle)
        refused.append({"file": name, "expect": expect})

    refuse("structured.npy", np.zeros(3, dtype=[("a", "<i4"), ("b", "<f8")]), "structured")
    refuse("object.npy", np.array([1, "a", None], dtype=object), "object", allow_pickle=True)
    refuse("datetime.npy", np.zeros(3, dtype="M8[ns]"), "kind 'M'")
    refuse("void.npy", np.zeros(3, dtype="V4"), "kind 'V'")
    refuse("longdouble.npy", np.zeros(3, dtype=np.longdouble), "no 16-byte variant")
    with open(os.path.join(out, "utf8_structured_v3.npy"), "wb") as f:
        npformat.write_array(f, np.zeros(2, dtype=[("\u00e9t\u00e9", "<i4")]), version=(3, 0))
    refused.append({"file": "utf8_structured_v3.npy", "expect": "structured"})

    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump({"numpy": np.__version__, "npy": npy, "npz": npz, "refused": refused}, f)
    print(f"{len(npy)} npy, {len(npz)} npz, {len(refused)} refused")


if __name__ == "__main__":
    main(sys.argv[1])
