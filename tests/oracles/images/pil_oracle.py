"""Image oracle for the 'import files' tests: PIL (Debian's python3-pil) writes the images and decodes them independently.

Usage:
  pil_oracle.py make DIR            writes the corpus below into DIR (class folders cat/ and dog/); prints {"files": [...]}
  pil_oracle.py gif FILE            writes a small GIF (a format 'import files' does not decode)
  pil_oracle.py resized FILE        writes a 20x9 RGB PNG (another size than the corpus)
  pil_oracle.py compare MANIFEST    MANIFEST lists {"image", "npy", "mode", "exact"}: the .npy file Tessera gave for the image
                                    must equal PIL's decode of the image converted to mode ("RGB" or "RGBA"), exactly when
                                    "exact", else within 8 per channel on average (JPEG decoders differ in rounding);
                                    prints {"checked": n, "failures": [...]}
"""
import json
import os
import sys

import numpy as np
from PIL import Image

HEIGHT, WIDTH = 7, 13


def pixels(seed, channels):
    return np.random.default_rng(seed).integers(0, 256, (HEIGHT, WIDTH, channels), dtype=np.uint8)


def make(root):
    written = []

    def save(path, image, **options):
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        image.save(full, **options)
        written.append(path)

    save("cat/rgb.png", Image.fromarray(pixels(1, 3), "RGB"))
    save("cat/rgba.png", Image.fromarray(pixels(2, 4), "RGBA"))
    save("cat/grey.png", Image.fromarray(pixels(3, 1)[:, :, 0], "L"))
    save("cat/palette.png", Image.fromarray(pixels(4, 3), "RGB").convert("P", palette=Image.ADAPTIVE, colors=16))
    save("dog/bitmap.bmp", Image.fromarray(pixels(5, 3), "RGB"))
    save("dog/lossless.webp", Image.fromarray(pixels(6, 3), "RGB"), lossless=True)
    # A smooth picture, so JPEG's loss stays small and decoders can be compared.
    ramp = np.fromfunction(lambda y, x, c: (x * 16 + y * 8 + c * 40) % 256, (HEIGHT, WIDTH, 3)).astype(np.uint8)
    save("dog/photo.jpg", Image.fromarray(ramp, "RGB"), quality=95)
    print(json.dumps({"files": written}))


def gif(path):
    Image.fromarray(pixels(7, 3), "RGB").save(path)
    print(json.dumps({"files": [path]}))


def resized(path):
    Image.fromarray(np.random.default_rng(8).integers(0, 256, (9, 20, 3), dtype=np.uint8), "RGB").save(path)
    print(json.dumps({"files": [path]}))


def compare(manifest_path):
    with open(manifest_path, encoding="utf-8") as f:
        manifest = json.load(f)
    failures = []
    for item in manifest:
        expected = np.asarray(Image.open(item["image"]).convert(item["mode"]))
        actual = np.load(item["npy"], allow_pickle=False)
        if actual.dtype != np.uint8 or actual.shape != expected.shape:
            failures.append(f"{item['image']}: {actual.dtype} {actual.shape}, PIL gives uint8 {expected.shape}")
            continue
        difference = np.abs(actual.astype(np.int16) - expected.astype(np.int16))
        if item["exact"] and difference.max() != 0:
            failures.append(f"{item['image']}: {int((difference != 0).sum())} values differ from PIL's decode (largest by {int(difference.max())})")
        if not item["exact"] and difference.mean() > 8:
            failures.append(f"{item['image']}: mean difference {difference.mean():.2f} from PIL's decode")
    print(json.dumps({"checked": len(manifest), "failures": failures}))


if __name__ == "__main__":
    {"make": make, "gif": gif, "resized": resized, "compare": compare}[sys.argv[1]](sys.argv[2])
