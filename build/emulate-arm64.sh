#!/usr/bin/env bash
# Runs a linux-arm64 program on this x64 machine under qemu's user-mode emulation, as build.sh
# publish and the tests run the arm64 edgemer:
#   build/emulate-arm64.sh artifacts/publish/linux-arm64/edgemer doctor
# ONNX Runtime's CPU detection reads /proc/cpuinfo and crashes (SIGSEGV) on the host's x86 text
# under emulation, so the program runs in a private mount namespace (unshare -m: root or
# CAP_SYS_ADMIN) with a Raspberry Pi 5's cpuinfo mounted over /proc/cpuinfo; nothing outside that
# namespace sees it. The arm64 libraries are Debian's multiarch packages (libzmq5:arm64 and the
# libc6:arm64 it brings, pinned in downloads.lock), so qemu runs without -L (with -L and the
# multiarch libc installed it hangs at start). The program's own signals and exit status pass
# through: unshare, sh and qemu each exec the next. On an arm64 machine the program simply runs.
set -euo pipefail
if [ "$(uname -m)" = aarch64 ]; then exec "$@"; fi
command -v qemu-aarch64-static >/dev/null \
  || { echo "emulate-arm64.sh: qemu-aarch64-static is not installed (Debian qemu-user-static: ./build.sh setup)" >&2; exit 127; }
cpuinfo="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/raspberry-pi-5.cpuinfo"
exec unshare --mount --propagation private \
  sh -c 'mount --bind "$0" /proc/cpuinfo && exec qemu-aarch64-static "$@"' "$cpuinfo" "$@"
