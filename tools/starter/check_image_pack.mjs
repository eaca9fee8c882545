// Loads the exported picture pack with onnxruntime-node and checks it against the torch
// reference written by export_image.py: the CLIP tokenizer (assembled as the engine does, from
// vocab.json + merges.txt) against Python's ids, session names and dtypes, text-encoder states,
// a UNet step fed a [1] timestep with a batch of 2, and the VAE decoder's picture.
// Usage: node tools/starter/check_image_pack.mjs [packDir] [referenceJson]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { Tokenizer } from '@huggingface/tokenizers';

const packDir = process.argv[2] ?? 'resources/models/starter-pictures';
const ref = JSON.parse(readFileSync(process.argv[3] ?? '.cache/starter/image/onnx-reference.json', 'utf8'));
const captions = ref.captions;
const failures = [];
const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failures.push(what); };
const maxDiff = (a, b) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

// CLIP tokenizer.json assembled from the pack's vocab.json and merges.txt (model-formats.md).
const vocab = JSON.parse(readFileSync(join(packDir, 'tokenizer', 'vocab.json'), 'utf8'));
const merges = readFileSync(join(packDir, 'tokenizer', 'merges.txt'), 'utf8').split('\n').slice(1).filter(Boolean);
const bos = vocab['<|startoftext|>'], eos = vocab['<|endoftext|>'];
check(bos === Object.keys(vocab).length - 2 && eos === Object.keys(vocab).length - 1, 'bos/eos are the last two ids');
const tokenizer = new Tokenizer({
  version: '1.0', truncation: null, padding: null,
  added_tokens: [bos, eos].map((id) => ({ id, content: id === bos ? '<|startoftext|>' : '<|endoftext|>', single_word: false, lstrip: false, rstrip: false, normalized: true, special: true })),
  normalizer: { type: 'Sequence', normalizers: [{ type: 'NFC' }, { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' }, { type: 'Lowercase' }] },
  pre_tokenizer: { type: 'Sequence', pretokenizers: [
    { type: 'Split', pattern: { Regex: "'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+" }, behavior: 'Removed', invert: true },
    { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false }] },
  post_processor: null,
  decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
  model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: '', end_of_word_suffix: '</w>', fuse_unk: false, byte_fallback: false, vocab, merges },
}, {});
const clipIds = (text) => {
  const ids = text.trim() ? tokenizer.encode(text, { add_special_tokens: false }).ids.slice(0, 75) : [];
  const out = [bos, ...ids, eos];
  while (out.length < 77) out.push(eos);
  return out;
};
for (let i = 0; i < ref.ids.length; i++) {
  check(JSON.stringify(clipIds(captions[i])) === JSON.stringify(ref.ids[i]), `CLIP ids match Python for "${captions[i]}"`);
}

const open = (name) => ort.InferenceSession.create(join(packDir, name, 'model.onnx'));
const [text, unet, vae] = await Promise.all([open('text_encoder'), open('unet'), open('vae_decoder')]);
const meta = (s) => Object.fromEntries(s.inputMetadata.map((m) => [m.name, m]));
const tm = meta(text), um = meta(unet), vm = meta(vae);
check(tm.input_ids.type === 'int64' && JSON.stringify(tm.input_ids.shape) === '["batch",77]', `text_encoder input_ids ${JSON.stringify(tm.input_ids.shape)}`);
check(JSON.stringify(text.outputNames) === '["last_hidden_state","pooler_output"]', 'text_encoder outputs');
check(JSON.stringify(unet.inputNames) === '["sample","timestep","encoder_hidden_states"]' && um.timestep.type === 'float32'
  && JSON.stringify(um.sample.shape) === '["batch",4,"height","width"]', `unet inputs ${JSON.stringify(um.sample.shape)}`);
check(unet.outputNames[0] === 'out_sample' && vm.latent_sample && vae.outputNames[0] === 'sample', 'unet / vae names');

const n = ref.ids.length;
const t = await text.run({ input_ids: new ort.Tensor('int64', BigInt64Array.from(ref.ids.flat().map(BigInt)), [n, 77]) });
const D = t.last_hidden_state.dims[2];
check(maxDiff(Array.from(t.last_hidden_state.data), ref.lastHiddenState) < 2e-3, `last_hidden_state matches torch (D=${D})`);
check(maxDiff(Array.from(t.pooler_output.data), ref.pooler) < 2e-3, 'pooler_output matches torch');
const u = await unet.run({
  sample: new ort.Tensor('float32', Float32Array.from(ref.sample), [n, 4, 16, 16]),
  timestep: new ort.Tensor('float32', Float32Array.from([ref.timestep]), [1]),
  encoder_hidden_states: t.last_hidden_state,
});
check(maxDiff(Array.from(u.out_sample.data), ref.outSample) < 2e-3, `out_sample matches torch with a [1] timestep, batch ${n}`);
const v = await vae.run({ latent_sample: new ort.Tensor('float32', Float32Array.from(ref.sample.slice(0, 1024)), [1, 4, 16, 16]) });
check(JSON.stringify(v.sample.dims) === '[1,3,128,128]', `decoded dims ${JSON.stringify(v.sample.dims)}`);
check(maxDiff(Array.from(v.sample.data), ref.picture) < 2e-3, 'decoded picture matches torch');
if (failures.length) { console.error(`${failures.length} check(s) failed`); process.exit(1); }
console.log('image pack checks passed');
