"""HDF5 oracle for the import/export hdf5 tests: Debian's h5py (python3-h5py) writes the files and reads Tessera's back.

Usage:
  h5py_oracle.py make FILE             writes the corpus below; prints {"datasets": [...]}
  h5py_oracle.py refused KIND FILE     writes a file with one dataset of a type Tessera refuses: compound, reference,
                                       vlen-of-vlen; prints {"dataset": path}
  h5py_oracle.py compare EXPECTED ACTUAL [--columns]
                                       every dataset, group and attribute of EXPECTED must be in ACTUAL with the same
                                       values exactly, shape and dtype, and the same chunk shape (cut to the shape)
                                       unless --columns; prints {"checked": n, "failures": [...]}
                                       (known differences: bool is written as uint8 0/1, big-endian as little-endian,
                                       variable-length strings as ASCII ones, fixed-length string datasets not at all)
  h5py_oracle.py npy FILE DATASET NPY  whether h5py reads DATASET of FILE as the array of the .npy file; prints {"equal": bool}
"""
import json
import sys

import h5py
import numpy as np


def make(path):
    with h5py.File(path, "w") as f:
        f.attrs["title"] = "weather"
        f.attrs["version"] = np.int64(3)
        f.attrs["scale"] = np.array([1.5, 2.5])
        f.attrs["grid"] = np.arange(6, dtype="<i2").reshape(2, 3)
        f.attrs["names"] = np.array(["a", "bc"], dtype=h5py.string_dtype())
        f.attrs["flag"] = np.bool_(True)
        rng = np.random.default_rng(7)
        g = f.create_group("stations")
        g.attrs["count"] = np.int32(4)
        temp = g.create_dataset("temperature", data=rng.normal(size=(40, 6)).astype("<f4"), chunks=(16, 3))
        temp.attrs["unit"] = "K"
        g.create_dataset("pressure", data=rng.normal(size=(7, 5)).astype(">f8"), chunks=(4, 5))
        g.create_dataset("ids", data=np.arange(12, dtype=">i4"))
        deep = g.create_group("deep")
        for dtype in ["i1", "u1", "<i2", "<u2", "<i4", "<u4", "<i8", "<u8", "<f2"]:
            data = rng.integers(-100 if dtype[-2] == "i" else 0, 100, size=(5, 3)).astype(dtype)
            deep.create_dataset("t_" + dtype.strip("<>"), data=data)
        f.create_dataset("mask", data=rng.integers(0, 2, size=9).astype(bool))
        f.create_dataset("answer", data=np.float64(42.5))
        f.create_dataset("empty", data=np.zeros((0, 4), dtype="<i8"))
        f.create_dataset("labels", data=["north", "south", "ünïcode"], dtype=h5py.string_dtype())
        f.create_dataset("codes", data=np.array([b"ab", b"cde", b""], dtype="S3"))
        names = []
        f.visititems(lambda name, obj: names.append(name) if isinstance(obj, h5py.Dataset) else None)
    print(json.dumps({"datasets": names}))


def refused(kind, path):
    with h5py.File(path, "w") as f:
        f.create_group("ok").create_dataset("fine", data=np.arange(3))
        g = f.create_group("bad")
        if kind == "compound":
            g.create_dataset("table", data=np.zeros(3, dtype=[("a", "<i4"), ("b", "<f4")]))
        elif kind == "reference":
            g.create_dataset("table", data=[f["ok/fine"].ref], dtype=h5py.ref_dtype)
        elif kind == "vlen-of-vlen":
            inner = h5py.vlen_dtype(np.dtype("int32"))
            g.create_dataset("table", shape=(2,), dtype=h5py.vlen_dtype(inner))
    print(json.dumps({"dataset": "/bad/table"}))


def same_values(a, b):
    if isinstance(a, bytes):
        a = a.decode()
    if isinstance(b, bytes):
        b = b.decode()
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype.kind in "OSU" or b.dtype.kind in "OSU":
        decode = np.vectorize(lambda v: v.decode() if isinstance(v, bytes) else str(v), otypes=[object])
        return a.shape == b.shape and bool(np.all(decode(a) == decode(b)))
    return a.shape == b.shape and np.array_equal(a, b)


def comparable_dtype(dtype):
    if dtype == np.dtype(bool):
        return np.dtype("u1")
    return dtype.newbyteorder("<") if dtype.kind in "iuf" else dtype


def compare(expected_path, actual_path, columns):
    failures = []
    checked = 0
    with h5py.File(expected_path, "r") as expected, h5py.File(actual_path, "r") as actual:
        def check(name, obj):
            nonlocal checked
            checked += 1
            if isinstance(obj, h5py.Dataset) and obj.dtype.kind == "S":
                return
            if name not in actual:
                failures.append(f"{name}: missing")
                return
            other = actual[name]
            for key, value in obj.attrs.items():
                if key not in other.attrs or not same_values(value, other.attrs[key]):
                    failures.append(f"{name}: attribute {key} is {other.attrs.get(key)!r}, expected {value!r}")
            if not isinstance(obj, h5py.Dataset):
                return
            if other.shape != obj.shape:
                failures.append(f"{name}: shape {other.shape}, expected {obj.shape}")
            elif obj.dtype.kind in "iufb" and other.dtype != comparable_dtype(obj.dtype):
                failures.append(f"{name}: dtype {other.dtype}, expected {comparable_dtype(obj.dtype)}")
            elif not same_values(obj[()], other[()]):
                failures.append(f"{name}: values differ")
            if not columns and obj.chunks is not None:
                want = tuple(min(c, s) for c, s in zip(obj.chunks, obj.shape))
                if other.chunks != want:
                    failures.append(f"{name}: chunks {other.chunks}, expected {want}")

        for key, value in expected.attrs.items():
            if key not in actual.attrs or not same_values(value, actual.attrs[key]):
                failures.append(f"/: attribute {key} is {actual.attrs.get(key)!r}, expected {value!r}")
        expected.visititems(check)
    print(json.dumps({"checked": checked, "failures": failures}))


def npy(path, dataset, npy_path):
    with h5py.File(path, "r") as f:
        data = f[dataset][()]
    expected = np.load(npy_path, allow_pickle=False)
    print(json.dumps({"equal": bool(data.dtype == expected.dtype and np.array_equal(data, expected))}))


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "make":
        make(sys.argv[2])
    elif command == "refused":
        refused(sys.argv[2], sys.argv[3])
    elif command == "compare":
        compare(sys.argv[2], sys.argv[3], "--columns" in sys.argv[4:])
    elif command == "npy":
        npy(sys.argv[2], sys.argv[3], sys.argv[4])
