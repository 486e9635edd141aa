"""Loads .npy/.npz files that Tessera wrote, with numpy, and checks them against what Tessera meant to write.

Usage: check_tessera_output.py MANIFEST_JSON
The manifest lists {"file", "arrays": {name: {"descr", "shape", "sha256"}}, "compression": null|"stored"|"deflated"};
for a .npy file the single array is named "". Each array must load with allow_pickle=False and have exactly that
dtype string, shape, and SHA-256 of its little-endian C-order bytes. Prints one JSON object: {"checked": n, "failures": [...]}.
"""
import hashlib
import json
import os
import sys
import zipfile

import numpy as np

ZIP_METHODS = {"stored": zipfile.ZIP_STORED, "deflated": zipfile.ZIP_DEFLATED}


def check_array(label, arr, expected, failures):
    if arr.dtype.str != expected["descr"]:
        failures.append(f"{label}: dtype {arr.dtype.str}, expected {expected['descr']}")
    if list(arr.shape) != expected["shape"]:
        failures.append(f"{label}: shape {list(arr.shape)}, expected {expected['shape']}")
    digest = hashlib.sha256(arr.astype(arr.dtype.newbyteorder("<")).tobytes(order="C")).hexdigest()
    if digest != expected["sha256"]:
        failures.append(f"{label}: data SHA-256 {digest}, expected {expected['sha256']}")


def main(manifest_path):
    with open(manifest_path, encoding="utf-8") as f:
        manifest = json.load(f)
    base = os.path.dirname(os.path.abspath(manifest_path))
    checked, failures = 0, []
    for entry in manifest:
        path = os.path.join(base, entry["file"])
        try:
            loaded = np.load(path, allow_pickle=False)
            if entry["compression"] is None:
                check_array(entry["file"], loaded, entry["arrays"][""], failures)
                checked += 1
                continue
            with loaded:
                if sorted(loaded.files) != sorted(entry["arrays"]):
                    failures.append(f"{entry['file']}: members {sorted(loaded.files)}, expected {sorted(entry['arrays'])}")
                for name, expected in entry["arrays"].items():
                    check_array(f"{entry['file']}:{name}", loaded[name], expected, failures)
                    checked += 1
            with zipfile.ZipFile(path) as archive:
                methods = {info.compress_type for info in archive.infolist()}
                if methods != {ZIP_METHODS[entry["compression"]]}:
                    failures.append(f"{entry['file']}: zip methods {methods}, expected {entry['compression']}")
        except Exception as e:  # any load failure is a finding, reported with the file
            failures.append(f"{entry['file']}: numpy could not load it: {type(e).__name__}: {e}")
    print(json.dumps({"checked": checked, "failures": failures}))


if __name__ == "__main__":
    main(sys.argv[1])
