#!/usr/bin/env bash
# EdgeMer build entry point. Every step sets up what it needs, idempotently:
#   ./build.sh demo      set up, build, and run EdgeMer's main job on the bundled sample media
#   ./build.sh test      set up, build, and run the whole test suite
#   ./build.sh publish   Native AOT publish of the edgemer command to artifacts/publish/edgemer
#                        (--gpu: with ONNX Runtime's CUDA/TensorRT build instead of the CPU one;
#                        --rid linux-arm64: the Raspberry Pi / Jetson binary, cross-compiled, to
#                        artifacts/publish/linux-arm64/edgemer)
#   ./build.sh bench     run the benchmarks and the model verification, print their figures
#   ./build.sh setup     only fetch, verify and stage the pinned dependencies
# Downloads are pinned in downloads.lock and cached in $EDGEMER_CACHE (default .cache/).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
export EDGEMER_CACHE="${EDGEMER_CACHE:-$ROOT/.cache}"
CONFIG="${CONFIG:-Release}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export EDGEMER_LOCKED_RESTORE=true

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "installing Debian packages needs root (or sudo): $*"; fi
}

# Debian packages from downloads.lock, installed only when missing. The lock pins the exact
# version; Debian's mirror serves only the current revision of a release, so when a security or
# point update has replaced the pinned revision, the current one is installed if it is the same
# upstream version (the archive's signature still verifies it) and build.sh says so. A different
# upstream version stops the build, naming the package.
upstream_version() { local v="${1#*:}"; echo "${v%-*}"; }

# A package named with an architecture (libzmq5:arm64) is installed for that architecture beside the
# native one; the architecture is added to dpkg first. An unqualified name means the native package
# (or an architecture-independent one).
installed_deb() {
  local pkg="$1" native; native="$(dpkg --print-architecture)"
  dpkg-query -W -f='${Architecture} ${Status} ${Version}\n' "$pkg" 2>/dev/null \
    | awk -v q="$pkg" -v n="$native" 'index(q, ":") || $1 == n || $1 == "all" { $1 = ""; sub(/^ /, ""); print; exit }' || true
}

setup_debian() {
  local missing=() pkg ver have candidate updated=0 arch
  for arch in $(awk '$1 == "deb" && index($2, ":") { sub(/.*:/, "", $2); print $2 }' "$ROOT/downloads.lock" | sort -u); do
    [ "$arch" = "$(dpkg --print-architecture)" ] && continue
    dpkg --print-foreign-architectures | grep -qxF "$arch" && continue
    say "Adding the Debian architecture $arch (its packages install beside the $(dpkg --print-architecture) ones)"
    as_root dpkg --add-architecture "$arch"
  done
  while read -r kind pkg ver _; do
    [ "$kind" = deb ] || continue
    have="$(installed_deb "$pkg")"
    case "$have" in
      "install ok installed $ver") continue ;;
      "install ok installed "*)
        if [ "$(upstream_version "${have##* }")" = "$(upstream_version "$ver")" ]; then continue; fi
        die "$pkg ${have##* } is installed but downloads.lock pins $ver (upstream $(upstream_version "$ver"))" ;;
    esac
    if [ "$updated" = 0 ]; then say "Updating the Debian package lists"; as_root apt-get update -qq; updated=1; fi
    if apt-cache madison "$pkg" | awk -F'|' '{gsub(/ /,"",$2); print $2}' | grep -qxF "$ver"; then
      missing+=("$pkg=$ver")
    else
      candidate="$(apt-cache policy "$pkg" | awk '/Candidate:/ {print $2}')"
      if [ -n "$candidate" ] && [ "$candidate" != "(none)" ] && [ "$(upstream_version "$candidate")" = "$(upstream_version "$ver")" ]; then
        echo "note: $pkg $ver is no longer served; installing $candidate, the same upstream version from the current Debian revision"
        missing+=("$pkg=$candidate")
      else
        die "$pkg $ver is not served and the archive offers ${candidate:-nothing} instead (a different upstream version): update downloads.lock after checking it"
      fi
    fi
  done < <(grep -v '^#' "$ROOT/downloads.lock")
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing Debian packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    || die "apt-get could not install ${missing[*]}"
}

# npm tarballs from downloads.lock: fetched with `npm pack`, checked against the pinned sha256,
# unpacked to $EDGEMER_CACHE/npm/<package>@<version>/. Never `npm install`: nothing unpinned runs.
setup_npm() {
  local kind pkg ver sum file dir tmp got
  mkdir -p "$EDGEMER_CACHE/downloads" "$EDGEMER_CACHE/npm"
  while read -r kind pkg ver sum _; do
    [ "$kind" = npm ] || continue
    file="$EDGEMER_CACHE/downloads/$(echo "$pkg" | tr -d '@' | tr '/' '-')-$ver.tgz"
    dir="$EDGEMER_CACHE/npm/$pkg@$ver"
    if [ ! -f "$file" ]; then
      say "Fetching $pkg@$ver"
      tmp="$(mktemp -d "$EDGEMER_CACHE/downloads/.tmp.XXXXXX")"
      (cd "$tmp" && npm pack --silent "$pkg@$ver" >/dev/null 2>"$tmp/npm.log") \
        || { cat "$tmp/npm.log" >&2; rm -rf "$tmp"; die "npm pack $pkg@$ver failed"; }
      mv "$tmp"/*.tgz "$file.part" && rm -rf "$tmp"
      got="$(sha256sum "$file.part" | cut -d' ' -f1)"
      if [ "$got" != "$sum" ]; then
        rm -f "$file.part"
        die "checksum mismatch for $(basename "$file") ($pkg@$ver): expected $sum, got $got"
      fi
      mv "$file.part" "$file"
    fi
    if [ ! -f "$dir/.verified" ]; then
      got="$(sha256sum "$file" | cut -d' ' -f1)"
      [ "$got" = "$sum" ] || die "checksum mismatch for cached $(basename "$file") ($pkg@$ver): expected $sum, got $got; delete it to fetch again"
      rm -rf "$dir" && mkdir -p "$dir"
      tar -xzf "$file" -C "$dir" --strip-components=1
      echo "$sum" > "$dir/.verified"
    fi
  done < <(grep -v '^#' "$ROOT/downloads.lock")
}

dotnet_arch() {
  case "$(uname -m)" in x86_64) echo x64 ;; aarch64) echo arm64 ;; *) die "unsupported CPU $(uname -m)" ;; esac
}

# The ONNX Runtime native libraries come from the official NuGet packages (Directory.Build.targets
# copies them beside each executable): the CPU build is restored with the solution; the GPU build
# (CUDA and TensorRT provider libraries, 539 MB) only for `publish --gpu`, from its own project and
# lock file, in locked mode like every restore here.
restore_gpu_runtime() {
  say "Restoring ONNX Runtime's GPU build (Microsoft.ML.OnnxRuntime.Gpu.Linux, locked)"
  dotnet restore "$ROOT/build/onnxruntime-gpu/EdgeMer.OnnxRuntime.Gpu.csproj" --locked-mode -nologo \
    || die "could not restore build/onnxruntime-gpu (its packages.lock.json pins the GPU package's hash)"
}

setup() {
  command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH"
  command -v npm >/dev/null || die "npm is not on PATH"
  setup_debian
  setup_npm
}

build() {
  say "Building EdgeMer ($CONFIG)"
  dotnet build "$ROOT/EdgeMer.sln" -c "$CONFIG" -nologo -clp:ErrorsOnly
}

EDGEMER_DLL="$ROOT/src/EdgeMer.Host/bin/$CONFIG/net10.0/edgemer.dll"
edgemer() { dotnet "$EDGEMER_DLL" "$@"; }

# A TCP port free on loopback now (the kernel's choice), for the demo's sockets.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# Verifies the catalogued models' pinned sources and converts them into $EDGEMER_CACHE/models with a
# sha256 index; models whose sources and converter are unchanged are skipped.
models() {
  say "Building the catalogued models (edgemer models fetch)"
  edgemer models fetch --catalog "$ROOT/models" --store "$EDGEMER_CACHE/models"
  # The x64 profile's lighter variants (the degradation ladder's lighter-models rung), INT8 from the
  # recipes in quantization/; their reports go to the cache, not over the ones in the repository.
  local lighter model variant log
  lighter="$(node -e 'const v = require(process.argv[1]).inference.lighterVariants || {}; for (const [m, k] of Object.entries(v)) console.log(m + " " + k)' "$ROOT/devices/x64-dev.json")"
  while read -r model variant; do
    [ -n "$model" ] || continue
    [ "$variant" = int8 ] || die "devices/x64-dev.json: lighterVariants.$model is $variant; build.sh builds int8 variants only"
    say "Building $model's INT8 variant for the x64 profile's lighter-models rung (edgemer models quantize)"
    log="$EDGEMER_CACHE/quantization-reports/$model.log"
    mkdir -p "$EDGEMER_CACHE/quantization-reports"
    edgemer models quantize --recipe "$ROOT/quantization/$model.json" --catalog "$ROOT/models" --store "$EDGEMER_CACHE/models" \
      --reports "$EDGEMER_CACHE/quantization-reports" > "$log" 2>&1 || { cat "$log" >&2; die "edgemer models quantize failed for $model"; }
    head -n 1 "$log"
  done <<< "$lighter"
}

case "${1:-}" in
  setup) setup ;;
  demo)
    # EdgeMer's main job on the bundled sample media: edgemer run senses the sample clip (three faces)
    # and the sample speech with the x64 profile and publishes fused summaries; edgemer listen subscribes over loopback,
    # shows them live (a view redrawn in place on a terminal, a line per message otherwise) and draws the run's timeline. Then the machine check and the models against
    # their reference.
    setup; build; models
    say "edgemer doctor"
    edgemer doctor
    demo_dir="$ROOT/artifacts/demo"
    mkdir -p "$demo_dir"
    say "edgemer run on models/sample-media/faces-640x480.mp4 and speech.wav (x64-dev profile), with edgemer listen showing what it publishes"
    port_pub="$(free_port)"; port_control="$(free_port)"
    edgemer run --source "$ROOT/models/sample-media/faces-640x480.mp4" --audio "$ROOT/models/sample-media/speech.wav" --loop --duration 20 --view lines \
      --EdgeMer:Profile=x64-dev --EdgeMer:HealthInterval=00:00:02 \
      --Messaging:Publisher:Endpoints:0="tcp://127.0.0.1:$port_pub" --Messaging:Control:Endpoint="tcp://127.0.0.1:$port_control" \
      --Logging:LogLevel:Default=Warning &
    run_pid=$!
    edgemer listen "tcp://127.0.0.1:$port_pub" --duration 18 --record "$demo_dir/run.jsonl" --plot "$demo_dir/run.svg" || true
    wait "$run_pid"
    say "The run's timeline: $demo_dir/run.svg (messages in $demo_dir/run.jsonl)"
    say "edgemer models verify: the converted models on the sample media vs TensorFlow.js"
    edgemer models verify
    ;;
  test)
    setup; build; models
    say "Running the test suite"
    # What the tests write to temporary folders (AOT publishes, model stores, bundles, sockets) goes
    # to one folder of this run, removed when it ends, so a build machine does not fill up run after
    # run. The build servers the tests' own publishes started are stopped first: they would go on
    # using that folder.
    TMPDIR="$(mktemp -d "${TMPDIR:-/tmp}/edgemer-tests.XXXXXX")"; export TMPDIR
    trap 'dotnet build-server shutdown >/dev/null 2>&1 || true; rm -rf "$TMPDIR"' EXIT
    # The projects run side by side and their output interleaves, so a failure can scroll far above
    # the end of a long log; the failures are printed again, whole, after the run.
    status=0
    dotnet test "$ROOT/EdgeMer.sln" -c "$CONFIG" --no-build -nologo --logger "console;verbosity=normal" 2>&1 \
      | tee "$TMPDIR/test-output.log" || status=$?
    if [ "$status" -ne 0 ]; then
      say "The test suite failed (exit $status); what failed:"
      awk '
        /^ *Failed [A-Za-z_]/ { show = 1; lines = 0 }
        /^ *(Passed|Skipped) [A-Za-z_]/ { show = 0 }
        /aborted|crashed|Test Run Failed|error [A-Z]+[0-9]+:/ { print; next }
        show && lines < 40 { print; lines++ }
      ' "$TMPDIR/test-output.log"
      exit "$status"
    fi
    ;;
  publish)
    # --gpu: carry ONNX Runtime's CUDA/TensorRT build instead of the CPU one (linux-x64 only; the
    # machine then needs CUDA 13 and cuDNN 9, and TensorRT 10 for its provider).
    # --rid linux-arm64: the device binary for Raspberry Pi and Jetson, cross-compiled on an x64
    # machine (publish-profiles/linux-arm64-aot.pubxml, toolchain from downloads.lock) into
    # artifacts/publish/linux-arm64/, then run once under qemu (build/emulate-arm64.sh).
    runtime=cpu; rid="linux-$(dotnet_arch)"
    shift
    while [ $# -gt 0 ]; do
      case "$1" in
        --gpu) runtime=gpu ;;
        --rid) [ $# -ge 2 ] || die "--rid needs a runtime identifier: linux-x64 or linux-arm64"
               rid="$2"; shift ;;
        *) die "publish takes --gpu and --rid linux-x64|linux-arm64 (got '$1')" ;;
      esac
      shift
    done
    case "$rid" in linux-x64|linux-arm64) ;; *) die "--rid: linux-x64 or linux-arm64 (got '$rid')" ;; esac
    if [ "$runtime" = gpu ] && [ "$rid" != linux-x64 ]; then
      die "--gpu: the GPU package has linux-x64 libraries only; on a Jetson use JetPack's ONNX Runtime (docs/native-aot.md)"
    fi
    setup
    [ "$runtime" = gpu ] && restore_gpu_runtime
    if [ "$rid" = "linux-$(dotnet_arch)" ]; then
      out="$ROOT/artifacts/publish"
      # Clears the previous publish, but not another architecture's beside it.
      mkdir -p "$out" && find "$out" -mindepth 1 -maxdepth 1 ! -name 'linux-*' -exec rm -rf {} +
    else
      out="$ROOT/artifacts/publish/$rid"
      rm -rf "$out"
    fi
    say "Native AOT publish ($rid) to ${out#"$ROOT/"}/edgemer (ONNX Runtime: $runtime build)"
    dotnet publish "$ROOT/src/EdgeMer.Host/EdgeMer.Host.csproj" -c "$CONFIG" -r "$rid" -nologo \
      -p:PublishProfileFullPath="$ROOT/publish-profiles/$rid-aot.pubxml" \
      -p:PublishDir="$out/" -p:EdgeMerOnnxRuntime="$runtime"
    if [ "$rid" = "linux-$(dotnet_arch)" ]; then
      "$out/edgemer" doctor
    else
      say "edgemer doctor under qemu (emulated: its timings are not the device's)"
      "$ROOT/build/emulate-arm64.sh" "$out/edgemer" doctor --profile raspberry-pi-5 \
        || echo "note: doctor under emulation did not pass (above); the binary is at $out/edgemer"
    fi
    ;;
  bench)
    setup; build; models
    say "edgemer bench ort: EdgeMer's binding vs the official ONNX Runtime API, same library, same process"
    edgemer bench ort
    say "edgemer bench zmq: loopback latency and CURVE vs plain throughput"
    edgemer bench zmq
    say "edgemer bench bridge: ZeroMQ -> bridge -> Mosquitto -> subscriber, added latency and devices per gateway"
    edgemer bench bridge
    say "edgemer bench face: the face pipeline per frame of the 640x480 sample clip"
    edgemer bench face
    say "edgemer bench voice: the voice pipeline on one core over the sample speech"
    edgemer bench voice
    say "edgemer bench body: the body pipeline per frame on one core"
    edgemer bench body
    say "edgemer bench pipeline: edgemer run's per-frame path vs raw ONNX Runtime, and the service under a load on every core"
    edgemer bench pipeline
    say "edgemer models verify: converted models vs TensorFlow.js"
    edgemer models verify
    say "edgemer models quantize: every recipe in quantization/ (INT8 variants, reports in quantization/reports/)"
    for recipe in "$ROOT"/quantization/*.json; do
      case "$recipe" in *.prune.json) continue ;; esac
      edgemer models quantize --recipe "$recipe"
    done
    say "edgemer models prune: every pruning recipe in quantization/ (pruned variants, reports in quantization/reports/)"
    for recipe in "$ROOT"/quantization/*.prune.json; do
      # Exit code 2: every candidate was rejected (slower than fp32 or outside the recipe's fidelity
      # bounds), nothing written to the store; a measured result, its report says why.
      status=0
      edgemer models prune --recipe "$recipe" || status=$?
      [ "$status" = 0 ] || [ "$status" = 2 ] || exit "$status"
    done
    ;;
  *)
    sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
