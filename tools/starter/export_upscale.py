"""Export the starter upscaler to resources/models/starter-upscaler: one ONNX model (input
[batch, 3, height, width] float32 in [0, 1] -> output [batch, 3, 4 height, 4 width]) with a
pack.json declaring its scale. Also writes a torch reference for check_upscale_pack.mjs.
Usage: python3 tools/starter/export_upscale.py"""
import json
import os
import shutil

import torch

from pack import write_json, write_pack
from recipe import cache_dir, load_config, repo_path, setup
from train_upscale import build

PACK_ID = "starter-upscaler"


def main():
    cfg = load_config()
    setup(cfg)
    uc = cfg["upscale"]
    work = cache_dir(cfg, "upscale")
    ck = torch.load(os.path.join(work, "upscaler.pt"))
    g = build(uc)
    g.load_state_dict(ck["g"])
    g.eval()
    out = repo_path("resources", "models", PACK_ID)
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(out)
    example = torch.rand(1, 3, 24, 20, generator=torch.Generator().manual_seed(3))
    torch.onnx.export(g, (example,), os.path.join(out, "model.onnx"), input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch", 2: "height", 3: "width"},
                                    "output": {0: "batch", 2: "height_out", 3: "width_out"}},
                      opset_version=17)
    with torch.no_grad():
        reference = g(example)
    write_json(os.path.join(work, "onnx-reference.json"), {
        "input": example.flatten().tolist(), "inputDims": list(example.shape),
        "output": reference.flatten().tolist(), "outputDims": list(reference.shape)})
    tc, m = uc["train"], uc["model"]
    provenance = (f"Trained from scratch by tools/starter (seed {cfg['seed']}) on {tc['patch']}-pixel patches of "
                  f"{uc['trainScenes']} synthetic storybook scenes drawn by the tool at {128 * uc['scale']} px and "
                  f"degraded the way the starter picture pack paints (blur, decoder softness, noise): "
                  f"{tc['pixelSteps']} steps on mean squared error, then {tc['ganSteps']} adversarial steps against a "
                  f"patch discriminator (the pixel loss kept). Stopped at step {ck['step']}.")
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8") as f:
        f.write(README.format(provenance=provenance, features=m["features"], convs=m["convs"], scale=uc["scale"]))
    manifest = {"id": PACK_ID, "name": "Starter Upscaler", "version": "1.0.0", "licence": "MIT", "kind": "upscaler",
                "architecture": "esrgan",
                "description": "A compact x4 super-resolution generator for storybook pictures: restores the "
                               "edges of the starter pictures so a book prints sharp. Works offline out of the box.",
                "provenance": provenance,
                "defaults": {"scale": uc["scale"]},
                "memoryBytes": 64 * 1024 * 1024}
    pack = write_pack(out, manifest)
    print(json.dumps({"pack": out, "bytes": sum(f["size"] for f in pack["files"]), "step": ck["step"]}))


README = """# Starter Upscaler (upscaler pack)

A compact SRVGG-style generator, x{scale}: {convs} + 2 plain 3x3 convolutions of {features} channels
with PReLU at the input resolution, a pixel shuffle, and the nearest-neighbour enlarged input
added back (the network only paints the detail). `model.onnx` takes `input` float32
[batch, 3, height, width] in [0, 1] (any size) and gives `output` [batch, 3, {scale} height,
{scale} width]; values outside [0, 1] are clamped by the engine.

It was trained on what the starter picture pack paints, so it sharpens skies, grounds and the
outlined houses, trees, boats and animals of those scenes; on photographs it is a mild
sharpener at best. Evaluation figures: `tools/starter/README.md` in this repository. Held-out
scenes, each row input (nearest), bicubic, this model, truth:

![Contact sheet: input, bicubic, this model, truth](contact-sheet.png)

## Provenance
{provenance}

Made by `tools/starter` in this repository (see its README for the exact commands).

## Licences
- Training pictures: synthetic, drawn by the project's own code.
- Weights and the code that made them: MIT, as the rest of the project.
"""

if __name__ == "__main__":
    main()
