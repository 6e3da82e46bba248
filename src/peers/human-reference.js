// Runs the Human library (@vladmandic/human, dist/human.node-wasm.js) in Node on raw RGB images and
// prints what it finds in each face, as the reference EdgeMer's face pipeline is checked against.
//
//   node human-reference.js REQUEST.json
//
// REQUEST.json:
//   { "human": "<dir of @vladmandic/human@3.3.6>", "tfjs": "<dir of @tensorflow/tfjs@4.22.0>",
//     "wasm": "<dir of @tensorflow/tfjs-backend-wasm@4.22.0>", "models": "<dir with blazeface-back.json, facemesh.json, iris.json, emotion.json>",
//     "maxFaces": 10,
//     "images": [ { "name": "portrait-man.jpg", "width": 140, "height": 140, "file": "<raw RGB24 bytes>" } ] }
// Prints one JSON document: { "backend", "version", "images": [ { "name", "faces": [ { "box", "boxScore", "faceScore",
//   "score", "emotion": [ { "emotion", "score" } ], "angle": { "yaw", "pitch", "roll" } (radians), "mesh": [[x, y, z], ...] } ] } ] }
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
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    segmentation: { enabled: false },
    face: {
      enabled: true,
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
