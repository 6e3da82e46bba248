// Runs a TensorFlow.js graph model in TensorFlow.js (CPU backend) on inputs given as files and writes
// its outputs as files, so EdgeMer can compare its converted models with the originals.
//
//   node model-reference.js REQUEST.json
//
// REQUEST.json:
//   { "package": "<dir of @tensorflow/tfjs@4.22.0>",
//     "model": "<model.json>",
//     "outputs": [ "Identity:0", ... ],
//     "cases": [ { "inputs": [ { "name": "input_1", "dtype": "float32" | "int32", "shape": [1, 64, 64, 1],
//                                "file": "<raw little-endian values>" } ],
//                  "outputDir": "<folder>" } ] }
// Writes each case's outputDir/outputs.json: [ { "name", "dtype", "shape", "file" } ] with one raw file per output.
// The model is loaded once for all cases.
// Nothing is installed: the pinned, checksum-verified packages build.sh unpacked are loaded from disk.
'use strict';

const fs = require('fs');
const path = require('path');

function readInput(input) {
  const bytes = fs.readFileSync(input.file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const count = input.shape.reduce((a, b) => a * b, 1);
  const values = input.dtype === 'int32' ? new Int32Array(buffer) : new Float32Array(buffer);
  if (values.length !== count) {
    throw new Error(`input ${input.name}: ${input.file} holds ${values.length} values, shape [${input.shape}] needs ${count}`);
  }
  return values;
}

function writeOutputs(outputDir, results) {
  const manifest = results.map((result, index) => {
    const file = path.join(outputDir, `output${index}.bin`);
    const typed = result.values;
    fs.writeFileSync(file, Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength));
    return { name: result.name, dtype: result.dtype, shape: result.shape, file };
  });
  fs.writeFileSync(path.join(outputDir, 'outputs.json'), JSON.stringify(manifest));
}

async function runTfjs(request) {
  const tf = require(path.join(request.package, 'dist', 'tf.min.js'));
  await tf.setBackend('cpu');
  await tf.ready();
  const modelJson = JSON.parse(fs.readFileSync(request.model, 'utf8'));
  const folder = path.dirname(request.model);
  const weightSpecs = [];
  const shards = [];
  for (const group of modelJson.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const shard of group.paths) {
      shards.push(fs.readFileSync(path.join(folder, shard)));
    }
  }
  const weights = Buffer.concat(shards);
  const handler = {
    load: async () => ({
      modelTopology: modelJson.modelTopology,
      format: modelJson.format,
      generatedBy: modelJson.generatedBy,
      convertedBy: modelJson.convertedBy,
      signature: modelJson.signature,
      userDefinedMetadata: modelJson.userDefinedMetadata,
      weightSpecs,
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }),
  };
  const model = await tf.loadGraphModel(handler);
  return async (inputs) => {
    const feed = {};
    for (const input of inputs) {
      feed[input.name] = tf.tensor(readInput(input), input.shape, input.dtype);
    }
    let outputs = model.execute(feed, request.outputs);
    if (!Array.isArray(outputs)) outputs = [outputs];
    const results = [];
    for (let i = 0; i < outputs.length; i++) {
      results.push({ name: request.outputs[i], dtype: outputs[i].dtype, shape: outputs[i].shape, values: outputs[i].dataSync() });
    }
    tf.dispose([...Object.values(feed), ...outputs]);
    return results;
  };
}

async function main() {
  const request = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const runCase = await runTfjs(request);
  for (const each of request.cases) {
    fs.mkdirSync(each.outputDir, { recursive: true });
    writeOutputs(each.outputDir, await runCase(each.inputs));
  }
}

main().catch((error) => {
  process.stderr.write(`model-reference.js: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
