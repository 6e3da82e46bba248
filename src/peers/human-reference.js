// Runs the Human library (@vladmandic/human, dist/human.node-wasm.js) in Node on raw RGB images and
// prints what it finds in each face (or body), as the reference EdgeMer's face (and body) pipeline is
// checked against.
//
//   node human-reference.js REQUEST.json
//
// REQUEST.json:
//   { "human": "<dir of @vladmandic/human@3.3.6>", "tfjs": "<dir of @tensorflow/tfjs@4.22.0>",
//     "wasm": "<dir of @tensorflow/tfjs-backend-wasm@4.22.0>", "models": "<dir with blazeface-back.json, facemesh.json, iris.json, emotion.json>",
//     "maxFaces": 10,
//     "body": "movenet-multipose.json" | "blazepose-lite.json" | ... (optional: run Human's body model instead of the face pipeline),
//     "maxBodies": 6,
//     "images": [ { "name": "portrait-man.jpg", "width": 140, "height": 140, "file": "<raw RGB24 bytes>" } ] }
// Prints one JSON document: { "backend", "version", "images": [ { "name", "faces": [ { "box", "boxScore", "faceScore",
//   "score", "emotion": [ { "emotion", "score" } ], "angle": { "yaw", "pitch", "roll" } (radians), "mesh": [[x, y, z], ...] } ] } ] }
// With "body": each image has "bodies": [ { "score", "box" ([x, y, width, height] pixels),
//   "keypoints": [ { "part", "position" ([x, y] pixels), "score" } ] } ] instead of "faces". Human keeps its
// own post-processing: MoveNet keypoints below 0.3 dropped and left/right swapped where the left one is
// further left in the image (src/body/movenetfix.ts), BlazePose positions truncated to whole pixels.
//
// Nothing is installed and nothing is fetched: the pinned, checksum-verified packages build.sh unpacked
// are loaded from disk. Human loads @tensorflow/tfjs-core and -converter, which the @tensorflow/tfjs
// bundle carries, and @tensorflow/tfjs-backend-wasm; model files are served to Human's loader from
// disk by a fetch that refuses anything that is not a file.
'use strict';

const fs = require('fs');
const path = require('path');
const Module = require('module');

async function main() {
  const request = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const tf = require(path.join(request.tfjs, 'dist', 'tf.min.js'));
  const wasmBackend = path.join(request.wasm, 'dist', 'tf-backend-wasm.node.js');
  const load = Module._load;
  Module._load = function resolve(name, parent, isMain) {
    if (name === '@tensorflow/tfjs-core' || name === '@tensorflow/tfjs-converter') return tf;
    if (name === '@tensorflow/tfjs-backend-wasm') return load.call(this, wasmBackend, parent, isMain);
    return load.call(this, name, parent, isMain);
  };

  globalThis.fetch = async (url) => {
    const text = String(url);
    if (!text.startsWith('file://')) throw new Error(`offline: refusing to fetch ${text}`);
    const bytes = fs.readFileSync(new URL(text));
    return new Response(bytes, { status: 200, headers: { 'content-type': text.endsWith('.json') ? 'application/json' : 'application/octet-stream' } });
  };

  const { Human } = require(path.join(request.human, 'dist', 'human.node-wasm.js'));
  const human = new Human({
    backend: 'wasm',
    wasmPath: path.join(request.wasm, 'dist') + path.sep,
    modelBasePath: 'file://' + path.resolve(request.models) + '/',
    debug: false,
    async: false,
    warmup: 'none',
    cacheSensitivity: 0,
    skipAllowed: false,
    filter: { enabled: false },
    gesture: { enabled: false },
    body: request.body
      ? { enabled: true, modelPath: request.body, maxDetected: request.maxBodies || 6, minConfidence: 0.3, skipFrames: 0, skipTime: 0, detector: { enabled: false } }
      : { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    segmentation: { enabled: false },
    face: {
      enabled: !request.body,
      detector: { modelPath: 'blazeface-back.json', rotation: false, maxDetected: request.maxFaces || 10, minConfidence: 0.2, iouThreshold: 0.1, return: false },
      mesh: { enabled: true, modelPath: 'facemesh.json' },
      attention: { enabled: false },
      iris: { enabled: true, modelPath: 'iris.json' },
      emotion: { enabled: true, minConfidence: 0, modelPath: 'emotion.json' },
      description: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
    },
  });
  await human.load();

  const images = [];
  for (const image of request.images) {
    const bytes = fs.readFileSync(image.file);
    if (bytes.length !== image.width * image.height * 3) {
      throw new Error(`${image.name}: ${image.file} holds ${bytes.length} bytes, ${image.width}x${image.height} RGB24 needs ${image.width * image.height * 3}`);
    }
    const input = human.tf.tensor(new Uint8Array(bytes), [1, image.height, image.width, 3], 'int32');
    const result = await human.detect(input);
    human.tf.dispose(input);
    if (result.error) throw new Error(`${image.name}: Human failed: ${result.error}`);
    if (request.body) {
      images.push({
        name: image.name,
        bodies: result.body.map((body) => ({
          score: body.score,
          box: body.box,
          keypoints: body.keypoints.map((k) => ({ part: k.part, position: [k.position[0], k.position[1]], score: k.score })),
        })),
      });
      continue;
    }
    images.push({
      name: image.name,
      faces: result.face.map((face) => ({
        box: face.box,
        boxScore: face.boxScore,
        faceScore: face.faceScore,
        score: face.score,
        emotion: face.emotion || [],
        angle: face.rotation ? face.rotation.angle : null,
        mesh: face.mesh,
      })),
    });
  }
  process.stdout.write(JSON.stringify({ backend: human.tf.getBackend(), version: human.version, images }));
}

main().catch((error) => {
  process.stderr.write(`human-reference.js: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
