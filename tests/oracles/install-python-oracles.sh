#!/bin/sh
# Installs what the oracle tests import with Debian's /usr/bin/python3: numpy (the NumPy oracles), h5py (HDF5)
# and PIL (images). Idempotent: installs only the packages whose module does not import yet. PyPI is not
# reachable here, so they come from Debian.
set -eu
missing=""
for pair in numpy=python3-numpy h5py=python3-h5py PIL=python3-pil; do
  if /usr/bin/python3 -c "import ${pair%%=*}" 2>/dev/null; then
    echo "${pair%%=*} is already installed"
  else
    missing="$missing ${pair#*=}"
  fi
done
[ -z "$missing" ] && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update
# shellcheck disable=SC2086 # one word per package
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $missing
/usr/bin/python3 -c 'import numpy, h5py, PIL; print("installed numpy", numpy.__version__, "h5py", h5py.__version__, "PIL", PIL.__version__)'
