#!/usr/bin/env bash
# Regenerates models/sample-media/ from pinned sources only:
#   photographs cut from npm @vladmandic/human@3.3.6 assets/ (MIT), unpacked by ./build.sh setup;
#   speech spoken by espeak-ng, silence and the clip made with sox and ffmpeg (versions in downloads.lock).
# Usage: src/sample-media/make-sample-media.sh   (after ./build.sh setup)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${EDGEMER_CACHE:-$ROOT/.cache}"
HUMAN="$CACHE/npm/@vladmandic/human@3.3.6"
OUT="$ROOT/models/sample-media"
[ -f "$HUMAN/.verified" ] || { echo "make-sample-media.sh: $HUMAN is not staged; run ./build.sh setup" >&2; exit 1; }
for tool in ffmpeg espeak-ng sox; do command -v "$tool" >/dev/null || { echo "make-sample-media.sh: $tool is missing" >&2; exit 1; }; done

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# crop=W:H:X:Y regions of the package's images, chosen so each holds one real photograph.
photo() { # name source crop
  ffmpeg -v error -y -i "$HUMAN/assets/$2" -vf "crop=$3" -q:v 3 "$WORK/$1.jpg"
}
photo portrait-man   screenshot-faceid.jpg 140:140:14:142
photo portrait-woman samples.jpg           150:160:166:0
photo diner          samples.jpg           210:160:326:0
photo standing       samples.jpg           108:160:797:0

# About five and a half seconds (5.4 s) of English speech at 16 kHz mono, the rate Silero VAD runs at.
espeak-ng -v en-us -s 150 -w "$WORK/speech-22k.wav" "EdgeMer listens for speech. This sentence is spoken by a synthetic voice."
sox "$WORK/speech-22k.wav" -r 16000 -c 1 -b 16 "$WORK/speech.wav"
sox -n -r 16000 -c 1 -b 16 "$WORK/silence.wav" trim 0 2

# A 4 s clip at 320x240: each photograph shown for 1 s (read at 1 fps, encoded at 10 fps), with the
# first 4 s of the speech as its sound track (-shortest ends both with the pictures).
for name in portrait-man portrait-woman diner standing; do
  ffmpeg -v error -y -i "$WORK/$name.jpg" -vf "scale=320:240:force_original_aspect_ratio=decrease,pad=320:240:(ow-iw)/2:(oh-ih)/2" "$WORK/frame-$name.png"
done
ffmpeg -v error -y -framerate 1 -pattern_type glob -i "$WORK/frame-*.png" -i "$WORK/speech.wav" \
  -c:v libx264 -pix_fmt yuv420p -r 10 -c:a aac -b:a 48k -shortest -map_metadata -1 -fflags +bitexact "$WORK/clip.mp4"

# A 3 s, 640x480 clip with three faces for the face pipeline and its benchmark: the three portraits
# enlarged 1.5 times on a grey ground, drifting a few pixels a second so tracks have to follow them;
# a silent sound track, so everything that reads the sample clips finds both streams.
ffmpeg -v error -y -f lavfi -i color=c=0x505050:s=640x480:r=10:d=3 \
  -loop 1 -i "$WORK/portrait-man.jpg" -loop 1 -i "$WORK/portrait-woman.jpg" -loop 1 -i "$WORK/diner.jpg" -f lavfi -i anullsrc=r=16000:cl=mono \
  -filter_complex "[1]scale=210:210[m];[2]scale=225:240[w];[3]scale=315:240[d];[0][m]overlay=x='20+6*t':y=30:shortest=1[a];[a][w]overlay=x='395-6*t':y=10:shortest=1[b];[b][d]overlay=x='160+4*t':y=235:shortest=1[v]" \
  -map "[v]" -map 4:a -t 3 -c:v libx264 -pix_fmt yuv420p -r 10 -c:a aac -b:a 16k -map_metadata -1 -fflags +bitexact "$WORK/faces-640x480.mp4"

mkdir -p "$OUT"
for file in portrait-man.jpg portrait-woman.jpg diner.jpg standing.jpg speech.wav silence.wav clip.mp4 faces-640x480.mp4; do
  mv "$WORK/$file" "$OUT/$file"
done
ls -l "$OUT"
