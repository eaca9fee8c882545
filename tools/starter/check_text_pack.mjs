// Loads the exported text pack with onnxruntime-node and @huggingface/tokenizers and checks it
// against the torch reference written by export_text.py: tokenizer round trip, the session's
// input/output names, dtypes and symbolic dims, prefill logits, and one cached decoding step.
// Usage: node tools/starter/check_text_pack.mjs [packDir] [referenceJson]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { Tokenizer } from '@huggingface/tokenizers';

const packDir = process.argv[2] ?? 'resources/models/starter-story';
const refPath = process.argv[3] ?? '.cache/starter/text/onnx-reference.json';
const ref = JSON.parse(readFileSync(refPath, 'utf8'));
const config = JSON.parse(readFileSync(join(packDir, 'config.json'), 'utf8'));
const failures = [];
const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failures.push(what); };

const tokenizer = new Tokenizer(
  JSON.parse(readFileSync(join(packDir, 'tokenizer.json'), 'utf8')),
  JSON.parse(readFileSync(join(packDir, 'tokenizer_config.json'), 'utf8')),
);
const ids = tokenizer.encode(ref.prompt, { add_special_tokens: false }).ids;
check(JSON.stringify(ids) === JSON.stringify(ref.ids), `tokenizer ids match Python (${ids.join(',')})`);
const sample = 'The little fox said, "Good morning!" — and ran 12 miles… to the café.\n\nThe end.';
const round = tokenizer.decode(tokenizer.encode(sample, { add_special_tokens: false }).ids,
  { skip_special_tokens: false, clean_up_tokenization_spaces: false });
check(round === sample, 'encode/decode round trip');
check(tokenizer.encode('<|endoftext|>', { add_special_tokens: false }).ids[0] === config.vocab_size - 1,
  '<|endoftext|> is the last id');

const session = await ort.InferenceSession.create(join(packDir, 'onnx', 'model.onnx'));
const L = config.n_layer, H = config.n_head, D = config.n_embd / config.n_head;
const want = ['input_ids', 'attention_mask', 'position_ids'];
for (let i = 0; i < L; i++) want.push(`past_key_values.${i}.key`, `past_key_values.${i}.value`);
check(JSON.stringify(session.inputNames) === JSON.stringify(want), 'input names');
const meta = Object.fromEntries(session.inputMetadata.map((m) => [m.name, m]));
const pk = meta['past_key_values.0.key'];
check(pk.type === 'float32' && JSON.stringify(pk.shape) === JSON.stringify(['batch_size', H, 'past_sequence_length', D]),
  `past shape ${JSON.stringify(pk.shape)} ${pk.type}`);
check(JSON.stringify(meta.attention_mask.shape) === JSON.stringify(['batch_size', 'past_sequence_length + sequence_length'])
  && meta.input_ids.type === 'int64', `attention_mask shape ${JSON.stringify(meta.attention_mask.shape)}`);
check(session.outputNames[0] === 'logits' && session.outputNames[1] === 'present.0.key', 'output names');

const run = async (tokens, pastLen, past) => {
  const n = tokens.length, t = pastLen + n;
  const feeds = {
    input_ids: new ort.Tensor('int64', BigInt64Array.from(tokens.map(BigInt)), [1, n]),
    attention_mask: new ort.Tensor('int64', new BigInt64Array(t).fill(1n), [1, t]),
    position_ids: new ort.Tensor('int64', BigInt64Array.from(tokens.map((_, i) => BigInt(pastLen + i))), [1, n]),
  };
  for (let i = 0; i < L; i++) for (const kind of ['key', 'value']) {
    feeds[`past_key_values.${i}.${kind}`] = past?.[`present.${i}.${kind}`]
      ?? new ort.Tensor('float32', new Float32Array(0), [1, H, 0, D]);
  }
  return session.run(feeds);
};
const maxDiff = (a, b) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
const V = config.vocab_size;
const full = await run(ref.ids, 0);
const last = full.logits.data.slice((ref.ids.length - 1) * V, ref.ids.length * V);
const diff = maxDiff(Array.from(last), ref.lastLogits);
check(diff < 2e-2, `prefill logits match torch (max abs diff ${diff.toExponential(2)})`);
check(JSON.stringify(full['present.0.key'].dims) === JSON.stringify([1, H, ref.ids.length, D]), 'present dims');
// The cache must agree with a full recompute: prefill all but the last token, then step once.
const head = await run(ref.ids.slice(0, -1), 0);
const step = await run(ref.ids.slice(-1), ref.ids.length - 1, head);
const stepDiff = maxDiff(Array.from(step.logits.data), Array.from(last));
check(stepDiff < 1e-3, `cached step matches prefill (max abs diff ${stepDiff.toExponential(2)})`);
if (failures.length) { console.error(`${failures.length} check(s) failed`); process.exit(1); }
console.log('text pack checks passed');
