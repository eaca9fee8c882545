"""Export the trained starter GPT-2 to resources/models/starter-story in the transformers.js /
Optimum layout (onnx/model.onnx with a key/value cache), with fp16 weights stored once.
Usage: python3 tools/starter/export_text.py"""
import json
import os
import shutil

import numpy as np
import torch

from bpe import ByteBPE
from pack import write_json, write_pack
from recipe import cache_dir, load_config, repo_path, setup
from train_text import build_model, checkpoint_path, held_out_perplexity

PACK_ID = "starter-story"


class CachedDecoder(torch.nn.Module):
    """Flat-argument wrapper so torch.onnx.export sees the Optimum input/output names."""

    def __init__(self, gpt):
        super().__init__()
        self.gpt = gpt

    def forward(self, input_ids, attention_mask, position_ids, *past_flat):
        past = [(past_flat[2 * i], past_flat[2 * i + 1]) for i in range(len(past_flat) // 2)]
        logits, present = self.gpt.forward_cached(input_ids, attention_mask, position_ids, past)
        return (logits, *[t for kv in present for t in kv])


def export_onnx(model, cfg, path):
    m = cfg["text"]["model"]
    n_layer, n_head, head = m["nLayer"], m["nHead"], m["nEmbd"] // m["nHead"]
    b, s, p = 2, 3, 4
    ids = torch.randint(0, 100, (b, s))
    mask = torch.ones(b, p + s, dtype=torch.int64)
    pos = torch.arange(p, p + s).repeat(b, 1)
    past = [torch.zeros(b, n_head, p, head) for _ in range(2 * n_layer)]
    names_in = ["input_ids", "attention_mask", "position_ids"]
    names_out = ["logits"]
    dyn = {"input_ids": {0: "batch_size", 1: "sequence_length"},
           "attention_mask": {0: "batch_size", 1: "past_sequence_length + sequence_length"},
           "position_ids": {0: "batch_size", 1: "sequence_length"},
           "logits": {0: "batch_size", 1: "sequence_length"}}
    for i in range(n_layer):
        for kind in ("key", "value"):
            names_in.append(f"past_key_values.{i}.{kind}")
            names_out.append(f"present.{i}.{kind}")
            dyn[f"past_key_values.{i}.{kind}"] = {0: "batch_size", 2: "past_sequence_length"}
            dyn[f"present.{i}.{kind}"] = {0: "batch_size", 2: "past_sequence_length + sequence_length"}
    os.makedirs(os.path.dirname(path), exist_ok=True)
    torch.onnx.export(CachedDecoder(model), (ids, mask, pos, *past), path, input_names=names_in,
                      output_names=names_out, dynamic_axes=dyn, opset_version=17,
                      do_constant_folding=False)


def main():
    cfg = load_config()
    setup(cfg)
    work = cache_dir(cfg, "text")
    ck = torch.load(checkpoint_path(cfg, work))
    model = build_model(cfg)
    model.load_state_dict(ck["model"])
    model.eval()
    out = repo_path("resources", "models", PACK_ID)
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(out)

    # Reference logits from the fp16-rounded weights, for the onnxruntime-node check.
    half = build_model(cfg)
    half.load_state_dict(ck["model"])
    half.half().eval()
    with open(os.path.join(work, "tokenizer.json"), encoding="utf-8") as f:
        tok = json.load(f)
    merges = [tuple(m.split(" ")) for m in tok["model"]["merges"]]
    bpe = ByteBPE(tok["model"]["vocab"], merges)
    prompt = "Once upon a time, a little fox"
    ids = bpe.encode(prompt)
    with torch.no_grad():
        ref = half(torch.tensor([ids]))[0, -1].numpy()
    write_json(os.path.join(work, "onnx-reference.json"),
               {"prompt": prompt, "ids": ids, "lastLogits": [round(float(v), 5) for v in ref]})
    with torch.no_grad():
        export_onnx(half, cfg, os.path.join(out, "onnx", "model.onnx"))

    m = cfg["text"]["model"]
    eos = cfg["text"]["vocabSize"] - 1
    write_json(os.path.join(out, "config.json"), {
        "architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "activation_function": "gelu_new",
        "n_layer": m["nLayer"], "n_head": m["nHead"], "n_embd": m["nEmbd"], "n_positions": m["nPositions"],
        "n_ctx": m["nPositions"], "n_inner": None, "vocab_size": cfg["text"]["vocabSize"],
        "bos_token_id": eos, "eos_token_id": eos, "layer_norm_epsilon": 1e-5, "initializer_range": 0.02,
        "scale_attn_weights": True, "tie_word_embeddings": True, "use_cache": True,
        "attn_pdrop": 0.0, "embd_pdrop": 0.0, "resid_pdrop": 0.0, "torch_dtype": "float16"})
    s = cfg["text"]["sampling"]
    write_json(os.path.join(out, "generation_config.json"), {
        "bos_token_id": eos, "eos_token_id": eos, "do_sample": True, "max_new_tokens": s["maxNewTokens"],
        "temperature": s["temperature"], "top_k": s["topK"], "top_p": s["topP"],
        "repetition_penalty": s["repetitionPenalty"], "no_repeat_ngram_size": s["noRepeatNgramSize"]})
    shutil.copy(os.path.join(work, "tokenizer.json"), os.path.join(out, "tokenizer.json"))
    write_json(os.path.join(out, "tokenizer_config.json"), {
        "add_prefix_space": False, "bos_token": "<|endoftext|>", "eos_token": "<|endoftext|>",
        "unk_token": "<|endoftext|>", "clean_up_tokenization_spaces": False,
        "model_max_length": m["nPositions"], "tokenizer_class": "GPT2Tokenizer",
        "added_tokens_decoder": {str(eos): {"content": "<|endoftext|>", "lstrip": False, "normalized": True,
                                            "rstrip": False, "single_word": False, "special": True}}})
    with open(os.path.join(work, "prepare-stats.json")) as f:
        stats = json.load(f)
    ppl, _ = held_out_perplexity(model, np.load(os.path.join(work, "heldout.npy")), m["nPositions"])
    books = ", ".join(sorted(k for k in stats["books"] if k != stats["heldOut"]))
    provenance = (f"Trained from scratch by tools/starter (seed {cfg['seed']}, {ck['step']} steps) on "
                  f"{stats['trainTokens']} tokens of public-domain stories ({books}) after removing "
                  f"Project Gutenberg headers, front matter, notes and paragraphs with violent words; "
                  f"{stats['heldOut']} held out (perplexity {ppl:.1f}).")
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8") as f:
        f.write(README.format(layers=m["nLayer"], width=m["nEmbd"], heads=m["nHead"], ctx=m["nPositions"],
                              vocab=cfg["text"]["vocabSize"], provenance=provenance))
    manifest = {"id": PACK_ID, "name": "Starter Story", "version": "1.0.0", "licence": "MIT", "kind": "text",
                "architecture": "gpt2",
                "description": "A small storyteller trained on public-domain fairy tales; it works offline "
                               "out of the box and is meant to be replaced by a larger pack.",
                "provenance": provenance,
                "defaults": {k: s[k] for k in ("maxNewTokens", "temperature", "topK", "topP",
                                               "repetitionPenalty", "noRepeatNgramSize")},
                "memoryBytes": 64 * 1024 * 1024}
    pack = write_pack(out, manifest)
    print(json.dumps({"pack": out, "bytes": sum(f["size"] for f in pack["files"])}))


README = """# Starter Story (text pack)

A GPT-2-architecture model ({layers} layers, width {width}, {heads} heads, context {ctx}) with a
byte-level BPE tokenizer of {vocab} tokens (`<|endoftext|>` is the last id), in the
transformers.js / Optimum layout: `onnx/model.onnx` takes `input_ids`, `attention_mask`,
`position_ids` and `past_key_values.{{i}}.key/.value` and returns `logits` and `present.{{i}}.*`.
Weights are stored as float16 (Cast nodes); inputs and outputs are float32.

## Provenance
{provenance}

Made by `tools/starter` in this repository (see its README for the exact commands).

## Licences
- Training text: public domain (Project Gutenberg editions, whose trademark headers were removed).
- Weights, tokenizer and the code that made them: MIT, as the rest of the project.
"""

if __name__ == "__main__":
    main()
