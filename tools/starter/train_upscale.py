"""Train the starter upscaler on patches of the high-resolution scenes, degraded on the fly:
first on a pixel loss (mean squared error: on so short a run L1 sat at the "add no detail"
solution, its gradient being the sign of mostly flat-region noise), then adversarially against
a patch discriminator (the pixel loss kept, so the picture stays faithful while edges sharpen).
The generator at the end of the pixel phase is kept beside the checkpoint. Resumable.
Usage: python3 tools/starter/train_upscale.py [--max-minutes N]"""
import argparse
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

from recipe import cache_dir, load_config, save_checkpoint, setup
from scenes import OBJECT_BOX
from upscale_models import Discriminator, Generator, bicubic, degrade


def cosine(step, total, lr, min_lr):
    return min_lr + 0.5 * (lr - min_lr) * (1 + math.cos(math.pi * min(1.0, step / total)))


def crops(pics, n, hr, scale, object_rate, rng):
    """n random hr x hr crops [n, 3, hr, hr] in [0, 1]; a share centred on the main object,
    where the edges are (the sky alone teaches little)."""
    size = pics.shape[1]
    x0, x1, y0, y1 = (v * scale for v in OBJECT_BOX)
    out = []
    for _ in range(n):
        i = rng.integers(len(pics))
        if rng.random() < object_rate:
            cx, cy = rng.integers(x0, x1), rng.integers(y0, y1)
            x, y = np.clip([cx - hr // 2, cy - hr // 2], 0, size - hr)
        else:
            x, y = rng.integers(0, size - hr + 1, 2)
        out.append(pics[i, y:y + hr, x:x + hr])
    return torch.from_numpy(np.stack(out)).permute(0, 3, 1, 2).float() / 255


def psnr(a, b):
    return float(10 * torch.log10(1 / F.mse_loss(a, b)))


def build(uc):
    return Generator(uc["model"]["features"], uc["model"]["convs"], uc["scale"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-minutes", type=float, default=0)
    args = ap.parse_args()
    cfg = load_config()
    setup(cfg, seed_offset=10)
    uc, tc = cfg["upscale"], cfg["upscale"]["train"]
    scale, hr = uc["scale"], tc["patch"] * uc["scale"]
    work = cache_dir(cfg, "upscale")
    pics = np.load(os.path.join(work, "scenes.npz"))["train"]
    g, d = build(uc), Discriminator(tc["discriminatorFeatures"])
    g_opt = torch.optim.Adam(g.parameters(), lr=tc["lr"])
    d_opt = torch.optim.Adam(d.parameters(), lr=tc["ganLr"], betas=(0.5, 0.99))
    rng, tgen = np.random.default_rng(cfg["seed"] + 10), torch.Generator().manual_seed(cfg["seed"] + 10)
    ckpt_path = os.path.join(work, "upscaler.pt")
    step = 0
    if os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path)
        g.load_state_dict(ck["g"])
        d.load_state_dict(ck["d"])
        g_opt.load_state_dict(ck["gOpt"])
        d_opt.load_state_dict(ck["dOpt"])
        step, rng.bit_generator.state = ck["step"], ck["rng"]
        tgen.set_state(ck["tgen"])
        print(f"resumed at step {step}", flush=True)
    # a fixed validation batch from its own generators, so its figures compare across steps
    vrng, vgen = np.random.default_rng(1), torch.Generator().manual_seed(1)
    v_hr = crops(pics, 32, hr, scale, tc["objectCropRate"], vrng)
    v_lr = degrade(v_hr, scale, uc["degrade"], vgen)
    print(f"validation: bicubic {psnr(bicubic(v_lr, scale), v_hr):.2f} dB", flush=True)
    total = tc["pixelSteps"] + tc["ganSteps"]
    t0 = last = time.time()
    while step < total:
        adversarial = step >= tc["pixelSteps"]
        for group in g_opt.param_groups:
            group["lr"] = tc["ganLr"] if adversarial else cosine(step, tc["pixelSteps"], tc["lr"], tc["minLr"])
        y = crops(pics, tc["batchSize"], hr, scale, tc["objectCropRate"], rng)
        x = degrade(y, scale, uc["degrade"], tgen)
        out = g(x)
        pixel = F.mse_loss(out, y)
        loss, adv = pixel, torch.zeros(())
        if adversarial:
            # relativistic average GAN (as in ESRGAN): real should look more real than the fakes
            real, fake = d(y), d(out)
            adv = (F.binary_cross_entropy_with_logits(fake - real.mean().detach(), torch.ones_like(fake))
                   + F.binary_cross_entropy_with_logits(real.detach() - fake.mean(), torch.zeros_like(real))) / 2
            loss = pixel + tc["adversarialWeight"] * adv
        g_opt.zero_grad(set_to_none=True)
        loss.backward()
        g_opt.step()
        if adversarial:
            real, fake = d(y), d(out.detach())
            d_loss = (F.binary_cross_entropy_with_logits(real - fake.mean(), torch.ones_like(real))
                      + F.binary_cross_entropy_with_logits(fake - real.mean(), torch.zeros_like(fake))) / 2
            d_opt.zero_grad(set_to_none=True)
            d_loss.backward()
            d_opt.step()
        step += 1
        if step % 10 == 0:
            now = time.time()
            print(f"step {step} mse {pixel.item():.5f} adv {adv.item():.3f} {(now - last) / 10:.2f}s/step", flush=True)
            last = now
        if step % 100 == 0:
            with torch.no_grad():
                print(f"validation at {step}: ours {psnr(g(v_lr).clamp(0, 1), v_hr):.2f} dB", flush=True)
        done = step == total or (args.max_minutes and time.time() - t0 > args.max_minutes * 60)
        if step % tc["checkpointEvery"] == 0 or done:
            save_checkpoint(ckpt_path, {"g": g.state_dict(), "d": d.state_dict(), "gOpt": g_opt.state_dict(),
                                        "dOpt": d_opt.state_dict(), "step": step, "rng": rng.bit_generator.state,
                                        "tgen": tgen.get_state()})
        if step == tc["pixelSteps"]:
            save_checkpoint(os.path.join(work, "upscaler-pixel.pt"), {"g": g.state_dict(), "step": step})
        if done:
            break


if __name__ == "__main__":
    main()
