#!/usr/bin/env node
// Independent peer for `edgemer bench ort`: times session.run of onnxruntime-node on the same model
// file EdgeMer times, with the same thread settings, and prints one JSON line of figures.
//
//   node ort-node-bench.js --package <dir of onnxruntime-node@1.30.0> --common <dir of onnxruntime-common@1.30.0>
//        --model <file.onnx> --shape 1,16 --iterations 10000 --warmup 1000
//
// The packages are the checksum-verified copies build.sh staged (never `npm install`). onnxruntime-node
// requires 'onnxruntime-common' by name, so that one name is resolved to the staged folder here.
'use strict';

const Module = require('module');
const path = require('path');

function parseArguments(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || i + 1 >= argv.length) {
      throw new Error(`expected --name value pairs, got '${argv[i]}'`);
    }
    args[argv[i].slice(2)] = argv[i + 1];
  }
  for (const required of ['package', 'common', 'model', 'shape', 'iterations', 'warmup']) {
    if (args[required] === undefined) {
      throw new Error(`missing --${required}`);
    }
  }
  return args;
}

function resolveCommonFrom(commonDir) {
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, parent, ...rest) {
    return resolve.call(this, request === 'onnxruntime-common' ? path.resolve(commonDir) : request, parent, ...rest);
  };
}

function percentile(sorted, fraction) {
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

async function main() {
  const args = parseArguments(process.argv.slice(2));
  resolveCommonFrom(args.common);
  const ort = require(path.resolve(args.package));

  const shape = args.shape.split(',').map(Number);
  const iterations = Number(args.iterations);
  const warmup = Number(args.warmup);
  const count = shape.reduce((a, b) => a * b, 1);

  const session = await ort.InferenceSession.create(args.model, {
    executionProviders: ['cpu'],
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const inputName = session.inputNames[0];
  const outputName = session.outputNames[0];

  const input = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    input[i] = (i % 97) / 97;
  }
  const feeds = { [inputName]: new ort.Tensor('float32', input, shape) };

  // Pre-allocated output, like EdgeMer's bound output, so both sides do the same work per run.
  const fetches = { [outputName]: new ort.Tensor('float32', new Float32Array(count), shape) };

  for (let i = 0; i < warmup; i++) {
    await session.run(feeds, fetches);
  }

  const result = await session.run(feeds, fetches);
  const produced = result[outputName].data;
  for (let i = 0; i < count; i++) {
    if (produced[i] !== input[i]) {
      throw new Error(`the identity model returned ${produced[i]} at ${i}, expected ${input[i]}`);
    }
  }

  const times = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    await session.run(feeds, fetches);
    times[i] = Number(process.hrtime.bigint() - start);
  }

  await session.release();
  let total = 0;
  for (const t of times) {
    total += t;
  }
  const sorted = Float64Array.from(times).sort();
  process.stdout.write(JSON.stringify({
    runtime: 'onnxruntime-node',
    version: ort.env.versions.node || ort.env.versions.common,
    node: process.version,
    iterations,
    meanNs: total / iterations,
    p50Ns: percentile(sorted, 0.5),
    p99Ns: percentile(sorted, 0.99),
  }) + '\n');
}

main().catch((error) => {
  process.stderr.write(`ort-node-bench: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
