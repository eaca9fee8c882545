import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { gpt2SignatureModel } from '../../formats/onnx/model-files'

/** Writes a plain transformers.js-style GPT-2 export (no pack.json) with a signature-only model. */
export async function writeGpt2Export(dir: string, options: { model?: Uint8Array; modelType?: string } = {}): Promise<string> {
  const files: Record<string, Uint8Array | string> = {
    'config.json': JSON.stringify({ model_type: options.modelType ?? 'gpt2', n_layer: 1, n_head: 2, n_embd: 8, n_positions: 64, vocab_size: 16 }),
    'generation_config.json': JSON.stringify({ bos_token_id: 15, eos_token_id: 15, temperature: 0.9, top_k: 30, max_new_tokens: 99999 }),
    'tokenizer.json': '{}',
    'onnx/model.onnx': options.model ?? gpt2SignatureModel(),
  }
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true })
    await writeFile(join(dir, path), content)
  }
  return dir
}
