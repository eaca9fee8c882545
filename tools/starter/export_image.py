"""Export the starter picture models to resources/models/starter-pictures in the diffusers ONNX
layout (text_encoder, unet, vae_decoder, tokenizer, scheduler), fp16 weights with Cast nodes.
Also writes a torch reference for check_image_pack.mjs. Usage: python3 tools/starter/export_image.py"""
import json
import os
import shutil

import numpy as np
import torch

from image_models import VAE
from pack import write_json, write_pack
from recipe import cache_dir, load_config, repo_path, setup
from train_unet import load_ema

PACK_ID = "starter-pictures"


def export(module, args, path, inputs, outputs, dyn):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    torch.onnx.export(module, args, path, input_names=inputs, output_names=outputs, dynamic_axes=dyn,
                      opset_version=17, do_constant_folding=False)


class DecoderOnly(torch.nn.Module):
    def __init__(self, decoder):
        super().__init__()
        self.decoder = decoder

    def forward(self, latent_sample):
        return self.decoder(latent_sample)


def main():
    cfg = load_config()
    setup(cfg)
    ic = cfg["image"]
    work = cache_dir(cfg, "image")
    out = repo_path("resources", "models", PACK_ID)
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(out)
    text, unet, unet_step = load_ema(cfg, work)
    vae = VAE(ic["vae"])
    vck = torch.load(os.path.join(work, "vae.pt"))
    vae.load_state_dict(vck["model"])
    with open(os.path.join(work, "vae-stats.json")) as f:
        vstats = json.load(f)
    text.half()
    unet.half()
    decoder = DecoderOnly(vae.decoder).half().eval()
    width = ic["textEncoder"]["width"]
    length = ic["maxLength"]
    lc = ic["vae"]["latentChannels"]

    ids = torch.from_numpy(np.load(os.path.join(work, "scenes.npz"))["ids"][:2])
    g = torch.Generator().manual_seed(cfg["seed"])
    sample = torch.randn(2, lc, 16, 16, generator=g)
    with torch.no_grad():
        hidden, pooled = text(ids)
        eps = unet(sample, torch.tensor([500.0]), hidden)
        picture = decoder(sample[:1])
        export(text, (ids,), os.path.join(out, "text_encoder", "model.onnx"), ["input_ids"],
               ["last_hidden_state", "pooler_output"],
               {"input_ids": {0: "batch"}, "last_hidden_state": {0: "batch"}, "pooler_output": {0: "batch"}})
        export(unet, (sample, torch.tensor([500.0, 500.0]), hidden), os.path.join(out, "unet", "model.onnx"),
               ["sample", "timestep", "encoder_hidden_states"], ["out_sample"],
               {"sample": {0: "batch", 2: "height", 3: "width"}, "timestep": {0: "batch"},
                "encoder_hidden_states": {0: "batch"}, "out_sample": {0: "batch", 2: "height", 3: "width"}})
        export(decoder, (sample,), os.path.join(out, "vae_decoder", "model.onnx"), ["latent_sample"], ["sample"],
               {"latent_sample": {0: "batch", 2: "height", 3: "width"}, "sample": {0: "batch", 2: "height", 3: "width"}})
    r = lambda t: [round(float(v), 5) for v in t.reshape(-1)]
    with open(os.path.join(work, "captions.json")) as f:
        captions = json.load(f)["captions"][:2]
    write_json(os.path.join(work, "onnx-reference.json"), {
        "captions": captions, "ids": ids.tolist(), "lastHiddenState": r(hidden), "pooler": r(pooled), "sample": r(sample),
        "timestep": 500.0, "outSample": r(eps), "picture": r(picture)})

    shutil.copytree(os.path.join(work, "tokenizer"), os.path.join(out, "tokenizer"))
    with open(os.path.join(out, "tokenizer", "vocab.json"), encoding="utf-8") as f:
        vocab = json.load(f)
    special = {"bos_token": {"content": "<|startoftext|>", "single_word": False, "lstrip": False, "rstrip": False,
                             "normalized": True},
               "eos_token": {"content": "<|endoftext|>", "single_word": False, "lstrip": False, "rstrip": False,
                             "normalized": True},
               "unk_token": {"content": "<|endoftext|>", "single_word": False, "lstrip": False, "rstrip": False,
                             "normalized": True},
               "pad_token": "<|endoftext|>"}
    write_json(os.path.join(out, "tokenizer", "special_tokens_map.json"), special)
    write_json(os.path.join(out, "tokenizer", "tokenizer_config.json"), {
        "errors": "replace", **special, "add_prefix_space": False, "do_lower_case": True,
        "model_max_length": length, "tokenizer_class": "CLIPTokenizer"})
    sc = ic["scheduler"]
    write_json(os.path.join(out, "scheduler", "scheduler_config.json"), {
        "_class_name": "DDIMScheduler", "beta_start": sc["betaStart"], "beta_end": sc["betaEnd"],
        "beta_schedule": sc["betaSchedule"], "num_train_timesteps": sc["numTrainTimesteps"],
        "prediction_type": sc["predictionType"], "clip_sample": False, "set_alpha_to_one": False,
        "steps_offset": 1, "timestep_spacing": "leading", "trained_betas": None})
    write_json(os.path.join(out, "model_index.json"), {
        "_class_name": "OnnxStableDiffusionPipeline", "feature_extractor": [None, None],
        "requires_safety_checker": False, "safety_checker": [None, None],
        "scheduler": ["diffusers", "DDIMScheduler"], "text_encoder": ["diffusers", "OnnxRuntimeModel"],
        "tokenizer": ["transformers", "CLIPTokenizer"], "unet": ["diffusers", "OnnxRuntimeModel"],
        "vae_decoder": ["diffusers", "OnnxRuntimeModel"]})
    write_json(os.path.join(out, "text_encoder", "config.json"), {
        "architectures": ["CLIPTextModel"], "model_type": "clip_text_model", "hidden_size": width,
        "num_hidden_layers": ic["textEncoder"]["layers"], "num_attention_heads": ic["textEncoder"]["heads"],
        "max_position_embeddings": length, "vocab_size": len(vocab),
        "bos_token_id": vocab["<|startoftext|>"], "eos_token_id": vocab["<|endoftext|>"],
        "pad_token_id": vocab["<|endoftext|>"], "torch_dtype": "float16"})
    write_json(os.path.join(out, "unet", "config.json"), {
        "_class_name": "UNet2DConditionModel", "sample_size": 16, "in_channels": lc, "out_channels": lc,
        "cross_attention_dim": width, "block_out_channels": ic["unet"]["channels"],
        "attention_head_dim": ic["unet"]["heads"], "torch_dtype": "float16"})
    write_json(os.path.join(out, "vae_decoder", "config.json"), {
        "_class_name": "AutoencoderKL", "latent_channels": lc, "out_channels": 3, "sample_size": 128,
        "scaling_factor": round(vstats["scalingFactor"], 6), "block_out_channels": ic["vae"]["channels"],
        "torch_dtype": "float16"})
    provenance = (f"Trained from scratch by tools/starter (seed {cfg['seed']}) on {ic['count']} synthetic storybook "
                  f"scenes drawn procedurally by the tool, each with a caption generated from its composition "
                  f"({int(ic['emptyCaptionRate'] * 100)}% empty for classifier-free guidance): VAE "
                  f"{vck['step']} steps plus {vck.get('decoderStep', 0)} decoder-only steps, text encoder and UNet {unet_step} steps (EMA weights).")
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8") as f:
        f.write(README.format(provenance=provenance, width=width, scale=round(vstats["scalingFactor"], 4)))
    d = ic["defaults"]
    manifest = {"id": PACK_ID, "name": "Starter Pictures", "version": "1.0.0", "licence": "MIT", "kind": "image",
                "architecture": "sd15",
                "description": "A tiny picture model for 128x128 storybook scenes: sky by time of day, sun, "
                               "moon, stars, clouds, grass, sea, snow or sand, and one coloured house, tree, "
                               "castle, boat, mountain, flower or animal. Works offline out of the box.",
                "provenance": provenance,
                "defaults": {"steps": d["steps"], "guidance": d["guidance"], "width": d["width"],
                             "height": d["height"], "scheduler": d["scheduler"]},
                "memoryBytes": 96 * 1024 * 1024}
    pack = write_pack(out, manifest)
    print(json.dumps({"pack": out, "bytes": sum(f["size"] for f in pack["files"])}))


README = """# Starter Pictures (image pack)

A Stable-Diffusion-shaped trio at 128x128 (latent 4x16x16) in the diffusers ONNX layout:
`text_encoder/model.onnx` (input_ids int64 [batch, 77] -> last_hidden_state [batch, 77, {width}],
pooler_output), `unet/model.onnx` (sample, timestep float32 [batch] (a [1] timestep broadcasts),
encoder_hidden_states -> out_sample), `vae_decoder/model.onnx` (latent_sample -> sample in [-1, 1],
8x upsampling; divide latents by scaling_factor {scale} from `vae_decoder/config.json` first),
a CLIP-style tokenizer (`<|startoftext|>` and `<|endoftext|>` are the last two ids; pad with
`<|endoftext|>`), and a DDIM scheduler config (scaled_linear 0.00085..0.012, 1000 steps,
epsilon prediction). Weights are float16 with Cast nodes; inputs and outputs are float32.

It knows only what it was shown: prompts such as "a red house on the grass at night with the
moon and stars" or "a yellow boat on the sea at sunset".

## Provenance
{provenance}

Made by `tools/starter` in this repository (see its README for the exact commands).

## Licences
- Training pictures and captions: synthetic, drawn by the project's own code.
- Weights, tokenizer and the code that made them: MIT, as the rest of the project.
"""

if __name__ == "__main__":
    main()
