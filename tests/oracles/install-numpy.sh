#!/bin/sh
# Installs numpy for the system python (/usr/bin/python3) that the NumPy oracle tests run.
# Idempotent: does nothing when numpy already imports. PyPI is not reachable here, so it comes from Debian.
set -eu
if /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
  echo "numpy $(/usr/bin/python3 -c 'import numpy; print(numpy.__version__)') is already installed"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends python3-numpy
/usr/bin/python3 -c 'import numpy; print("installed numpy", numpy.__version__)'
