#!/usr/bin/env bash
# Installs a published edgemer as a systemd service (docs/running.md, "Installing"):
#   build/install.sh --from artifacts/publish --profile raspberry-pi-5 [--device-id cabin-7]
#                    [--prefix /opt/edgemer] [--root /] [--store DIR] [--no-user]
# It creates the system user edgemer (no login, no home) and adds it to the video, audio and gpio
# groups that exist; copies the executable and the native libraries beside it (libonnxruntime,
# SkiaSharp's) to PREFIX, the device profiles to PREFIX/devices, the model manifests and licences to
# PREFIX/models and the built models (the store and its index) to PREFIX/store, all owned by root and
# read-only to the service; writes /etc/edgemer/edgemer.json when there is none (an existing one is
# never touched); and has the installed edgemer write /etc/systemd/system/edgemer.service for the
# profile (edgemer service unit). Running it again installs the same files again and changes nothing
# else. --root installs into another tree (an image being built, a test's temporary folder): nothing
# outside it is touched, and systemd is not asked to reload. It neither enables nor starts the service.
set -euo pipefail

die() { echo "install.sh: $*" >&2; exit 2; }

from="" profile="" device_id="$(hostname 2>/dev/null || echo edgemer)" prefix=/opt/edgemer root=/ store="" make_user=1
while [ $# -gt 0 ]; do
  case "$1" in
    --from) [ $# -ge 2 ] || die "--from needs the published folder"; from="$2"; shift ;;
    --profile) [ $# -ge 2 ] || die "--profile needs a device profile id"; profile="$2"; shift ;;
    --device-id) [ $# -ge 2 ] || die "--device-id needs the device's id on the wire"; device_id="$2"; shift ;;
    --prefix) [ $# -ge 2 ] || die "--prefix needs an absolute path"; prefix="$2"; shift ;;
    --root) [ $# -ge 2 ] || die "--root needs a folder"; root="$2"; shift ;;
    --store) [ $# -ge 2 ] || die "--store needs the model store folder"; store="$2"; shift ;;
    --no-user) make_user=0 ;;
    *) die "unknown argument '$1' (see the comment at the top of this script)" ;;
  esac
  shift
done

[ -n "$from" ] || die "--from is required: the folder ./build.sh publish wrote (artifacts/publish)"
[ -x "$from/edgemer" ] || die "--from $from has no executable edgemer"
[ -n "$profile" ] || die "--profile is required: the device profile the unit is made for (devices/*.json)"
case "$prefix" in /*) ;; *) die "--prefix must be an absolute path (got '$prefix')" ;; esac
[ -d "$root" ] || die "--root $root is not a folder"
root="$(cd "$root" && pwd)"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
devices="$from/devices"; [ -d "$devices" ] || devices="$repo/devices"
catalog="$from/models"; [ -f "$catalog/emotion.json" ] || catalog="$repo/models"
[ -f "$devices/$profile.json" ] || die "--profile $profile: no $devices/$profile.json"
if [ -z "$store" ]; then store="${EDGEMER_CACHE:-$repo/.cache}/models"; fi
[ -f "$store/index.json" ] || die "--store $store has no index.json: build the models first (edgemer models fetch)"

target="${root%/}$prefix"
etc="${root%/}/etc/edgemer"
unit="${root%/}/etc/systemd/system/edgemer.service"

# The user the service runs as: a system account without a login or a home.
if [ "$make_user" = 1 ]; then
  if [ "$root" = / ]; then
    id -u edgemer >/dev/null 2>&1 || useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin edgemer
    for group in video audio gpio; do
      if getent group "$group" >/dev/null; then usermod -a -G "$group" edgemer; fi
    done
  else
    grep -q '^edgemer:' "$root/etc/passwd" 2>/dev/null \
      || useradd --root "$root" --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin edgemer
    for group in video audio gpio; do
      if grep -q "^$group:" "$root/etc/group" 2>/dev/null; then usermod --root "$root" -a -G "$group" edgemer; fi
    done
  fi
fi

# The executable and the native libraries published beside it; nothing else of the publish folder.
install -d -m 0755 "$target" "$target/devices" "$target/models" "$target/store"
install -m 0755 "$from/edgemer" "$target/edgemer"
for library in "$from"/*.so "$from"/*.so.*; do
  [ -e "$library" ] && install -m 0644 "$library" "$target/"
done
install -m 0644 "$devices"/*.json "$target/devices/"
cp -R --no-preserve=ownership "$catalog"/. "$target/models/"
cp -R --no-preserve=ownership "$store"/. "$target/store/"
chmod -R u+rwX,go+rX,go-w "$target"

# The configuration: written once, then the operator's.
install -d -m 0755 "$etc"
if [ ! -e "$etc/edgemer.json" ]; then
  cat > "$etc/edgemer.json.new" <<EOF
{
  "EdgeMer": {
    "Profile": "$profile",
    "Devices": "$prefix/devices",
    "Catalog": "$prefix/models",
    "ModelStore": "$prefix/store"
  },
  "Messaging": {
    "Publisher": { "DeviceId": "$device_id", "Endpoints": [ "tcp://127.0.0.1:5556" ] }
  }
}
EOF
  chmod 0644 "$etc/edgemer.json.new"
  mv "$etc/edgemer.json.new" "$etc/edgemer.json"
  echo "install.sh: wrote $etc/edgemer.json (publishes on loopback; edit it, then systemctl reload edgemer)"
else
  echo "install.sh: kept $etc/edgemer.json"
fi

# The unit, for this profile's device nodes, written by the edgemer just installed.
install -d -m 0755 "$(dirname "$unit")"
"$target/edgemer" service unit --profile "$profile" --devices "$target/devices" \
  --exec "$prefix/edgemer" --config /etc/edgemer/edgemer.json --out "$unit"
chmod 0644 "$unit"

if [ "$root" = / ] && command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
fi
echo "install.sh: installed edgemer to $target for $profile; start it with: systemctl enable --now edgemer"
