#!/usr/bin/env bash
# An import killed midway stages none of its samples; running it again commits all of them.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

tensor init --user "Ada" --email ada@example.com
# 12,000 28x28 images arrive through a pipe that stalls halfway, like a slow download.
mkfifo images.npy
python3 - <<'PY' > header.bin
import struct
d = "{'descr': '|u1', 'fortran_order': False, 'shape': (20000, 28, 28), }"
d += " " * ((64 - (10 + len(d) + 1) % 64) % 64) + "\n"
import sys; sys.stdout.buffer.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(d)) + d.encode())
PY
tensor import npy images.npy --into /digits > import.log 2>&1 &
exec 3> images.npy
cat header.bin >&3
head -c $((12000 * 784)) /dev/urandom >&3
# Once the first batch is written, kill the process that runs the import (status names it).
until tensor status --json | grep -q '"running":true' && [ "$(tensor status --json | sed -n 's/.*"samples":\([0-9]*\).*/\1/p')" -gt 0 ]; do sleep 0.2; done
kill -9 "$(tensor status --json | sed -n 's/.*"operation":{[^}]*"pid":\([0-9]*\).*/\1/p')"
wait || true
exec 3>&-

tensor status | expect "Interrupted"         # nothing of it is staged
tensor status --json | expect '"staged":\[\]'
if tensor commit -m "half an import" 2> commit.err; then echo "half an import was committed" >&2; exit 1; fi
expect "discarded the interrupted" < commit.err

python3 -c "
import struct, os, sys
d = \"{'descr': '|u1', 'fortran_order': False, 'shape': (500, 28, 28), }\"
d += ' ' * ((64 - (10 + len(d) + 1) % 64) % 64) + '\n'
sys.stdout.buffer.write(b'\x93NUMPY\x01\x00' + struct.pack('<H', len(d)) + d.encode() + os.urandom(500 * 784))
" > all.npy
tensor import npy all.npy --into /digits
tensor commit -m "All the digits"
tensor tree | expect "500"
tensor verify | expect "intact"
echo "all-or-nothing: ok"
