#!/bin/sh
# Installs EdgeMer's Mender update module where the Mender client 3.x looks for update modules.
# Run as root on the device: sh install-module.sh [MODULES_DIR]
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
modules="${1:-/usr/share/mender/modules/v3}"
mkdir -p "$modules"
install -m 0755 "$here/edgemer-bundle" "$modules/edgemer-bundle"
echo "installed $modules/edgemer-bundle"
