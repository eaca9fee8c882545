// Loads the exported upscaler pack with onnxruntime-node and checks it against the torch
// reference written by export_upscale.py: names, dtypes and symbolic dims, the output of a
// 24 x 20 picture, and the scale pack.json declares.
// Usage: node tools/starter/check_upscale_pack.mjs [packDir] [referenceJson]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';

const packDir = process.argv[2] ?? 'resources/models/starter-upscaler';
const ref = JSON.parse(readFileSync(process.argv[3] ?? '.cache/starter/upscale/onnx-reference.json', 'utf8'));
const failures = [];
const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failures.push(what); };
const maxDiff = (a, b) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

const pack = JSON.parse(readFileSync(join(packDir, 'pack.json'), 'utf8'));
check(pack.kind === 'upscaler' && pack.architecture === 'esrgan' && pack.defaults.scale === 4, 'pack.json: upscaler, esrgan, scale 4');
const session = await ort.InferenceSession.create(join(packDir, 'model.onnx'));
const [input] = session.inputMetadata;
const [output] = session.outputMetadata;
check(input.name === 'input' && input.type === 'float32' && JSON.stringify(input.shape) === '["batch",3,"height","width"]', `input ${input.name} ${input.type} ${JSON.stringify(input.shape)}`);
check(output.name === 'output' && output.type === 'float32' && output.shape.length === 4, `output ${output.name} ${output.type} ${JSON.stringify(output.shape)}`);
const result = await session.run({ input: new ort.Tensor('float32', Float32Array.from(ref.input), ref.inputDims) });
check(JSON.stringify(result.output.dims) === JSON.stringify(ref.outputDims), `output dims ${JSON.stringify(result.output.dims)}`);
const diff = maxDiff(Array.from(result.output.data), ref.output);
check(diff < 1e-4, `output matches torch (max difference ${diff.toExponential(2)})`);
if (failures.length) { console.error(`${failures.length} check(s) failed`); process.exit(1); }
console.log('upscaler pack checks passed');
