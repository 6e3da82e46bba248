// Runs Silero VAD v5 the way the pinned @ricky0123/vad-web does, with that package's own streaming
// code (dist/models/silero.js: 512 new samples per call behind the last 64 of the previous frame,
// the state carried along), in onnxruntime-node, and writes the speech probability of every frame,
// so EdgeMer can compare its own streaming of the same model frame by frame.
//
//   node vad-reference.js REQUEST.json
//
// REQUEST.json:
//   { "onnxRuntime": "<dir of onnxruntime-node@1.30.0>", "common": "<dir of onnxruntime-common@1.30.0>",
//     "vadWeb": "<dir of @ricky0123/vad-web@0.0.31>", "model": "<silero_vad_v5.onnx>", "frameSamples": 512,
//     "signals": [ { "file": "<raw little-endian float32 samples, 16 kHz mono>", "output": "<file to write>" } ] }
// Writes each signal's output: one float32 probability per whole frame (a partial last frame is not run).
// The state and context start from zero for every signal (the package's reset_state).
// Nothing is installed: the pinned, checksum-verified packages build.sh unpacked are loaded from disk.
'use strict';

const fs = require('fs');
const Module = require('module');
const path = require('path');

// onnxruntime-node requires 'onnxruntime-common' by name: resolve that one name to the staged folder.
function resolveCommonFrom(commonDir) {
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, parent, ...rest) {
    return resolve.call(this, request === 'onnxruntime-common' ? path.resolve(commonDir) : request, parent, ...rest);
  };
}

function readSamples(file) {
  const bytes = fs.readFileSync(file);
  if (bytes.byteLength % 4 !== 0) {
    throw new Error(`${file} holds ${bytes.byteLength} bytes, not whole float32 samples`);
  }
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

async function main() {
  const request = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  resolveCommonFrom(request.common);
  const ort = require(path.resolve(request.onnxRuntime));
  const { Silero } = require(path.join(path.resolve(request.vadWeb), 'dist', 'models', 'silero.js'));
  const modelBytes = fs.readFileSync(request.model);
  const fetchModel = async () => modelBytes.buffer.slice(modelBytes.byteOffset, modelBytes.byteOffset + modelBytes.byteLength);
  const vad = await Silero.new(ort, fetchModel);
  const frame = request.frameSamples;
  for (const signal of request.signals) {
    vad.reset_state();
    const samples = readSamples(signal.file);
    const frames = Math.floor(samples.length / frame);
    const probabilities = new Float32Array(frames);
    for (let i = 0; i < frames; i++) {
      // A copy per frame, as the package's frame processor hands it over.
      const { isSpeech } = await vad.process(samples.slice(i * frame, (i + 1) * frame));
      probabilities[i] = isSpeech;
    }
    fs.writeFileSync(signal.output, Buffer.from(probabilities.buffer, probabilities.byteOffset, probabilities.byteLength));
  }
  await vad.release();
}

main().catch((error) => {
  process.stderr.write(`vad-reference.js: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
