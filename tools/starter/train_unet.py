"""Train the text encoder and the cross-attention UNet together on the encoded scenes
(epsilon prediction, min-SNR weighting, EMA weights). Resumable.
Usage: python3 tools/starter/train_unet.py [--max-minutes N]"""
import argparse
import json
import math
import os
import time

import numpy as np
import torch

from diffusion import alphas_cumprod
from image_models import TextEncoder, UNet
from recipe import cache_dir, load_config, save_checkpoint, setup


def build(cfg, vocab_size):
    ic = cfg["image"]
    te = ic["textEncoder"]
    text = TextEncoder(vocab_size, ic["maxLength"], te["width"], te["layers"], te["heads"], te["embedStd"])
    return text, UNet(ic["unet"], te["width"], ic["vae"]["latentChannels"])


def vocab_size(work):
    with open(os.path.join(work, "tokenizer", "vocab.json"), encoding="utf-8") as f:
        return len(json.load(f))


def lr_at(step, uc):
    if step < uc["warmup"]:
        return uc["lr"] * (step + 1) / uc["warmup"]
    p = min(1.0, (step - uc["warmup"]) / max(1, uc["steps"] - uc["warmup"]))
    return uc["minLr"] + 0.5 * (uc["lr"] - uc["minLr"]) * (1 + math.cos(math.pi * p))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-minutes", type=float, default=0)
    args = ap.parse_args()
    cfg = load_config()
    setup(cfg, seed_offset=2)
    uc = cfg["image"]["unet"]
    work = cache_dir(cfg, "image")
    lat = torch.from_numpy(np.load(os.path.join(work, "latents.npy")))
    with open(os.path.join(work, "vae-stats.json")) as f:
        lat = lat * json.load(f)["scalingFactor"]
    ids = torch.from_numpy(np.load(os.path.join(work, "scenes.npz"))["ids"])
    text, unet = build(cfg, vocab_size(work))
    params = list(text.parameters()) + list(unet.parameters())
    ema = [p.detach().clone() for p in params]
    opt = torch.optim.AdamW([{"params": list(unet.parameters()), "scale": 1.0},
                             {"params": list(text.parameters()), "scale": uc["textLrScale"]}],
                            lr=uc["lr"], weight_decay=0.01)
    ab = torch.tensor(alphas_cumprod(cfg["image"]["scheduler"]), dtype=torch.float32)
    ckpt_path = os.path.join(work, "unet.pt")
    step, gen, log = 0, np.random.default_rng(cfg["seed"] + 2), []
    if os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path)
        text.load_state_dict(ck["text"])
        unet.load_state_dict(ck["unet"])
        ema = ck["ema"]
        opt.load_state_dict(ck["opt"])
        step, log = ck["step"], ck["log"]
        gen.bit_generator.state = ck["rng"]
        torch.set_rng_state(ck["torch_rng"])
        print(f"resumed at step {step}", flush=True)
    print(f"text {sum(p.numel() for p in text.parameters())} unet {sum(p.numel() for p in unet.parameters())}",
          flush=True)
    t0 = last = time.time()
    running = 0.0
    while step < uc["steps"]:
        for g in opt.param_groups:
            g["lr"] = lr_at(step, uc) * g["scale"]
        idx = torch.from_numpy(gen.integers(0, len(lat), uc["batchSize"]))
        x0 = lat[idx]
        t = torch.from_numpy(gen.integers(0, len(ab), uc["batchSize"]))
        noise = torch.randn_like(x0)
        a = ab[t][:, None, None, None]
        xt = a.sqrt() * x0 + (1 - a).sqrt() * noise
        ctx, _ = text(ids[idx])
        eps = unet(xt, t.float(), ctx)
        snr = ab[t] / (1 - ab[t])
        # min-SNR weighting for epsilon targets, with a floor on the x0 weight: at high noise the
        # epsilon loss barely depends on the caption, and without the floor the caption is ignored
        weight = torch.clamp(snr, min=uc["snrFloor"], max=uc["minSnrGamma"]) / snr
        loss = (weight * (eps - noise).pow(2).mean(dim=(1, 2, 3))).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        step += 1
        decay = min(uc["emaDecay"], (1 + step) / (10 + step))
        with torch.no_grad():
            for e, p in zip(ema, params):
                e.mul_(decay).add_(p.detach(), alpha=1 - decay)
        running += loss.item()
        if step % 10 == 0:
            now = time.time()
            print(f"step {step} loss {running / 10:.4f} lr {lr_at(step, uc):.5f} {(now - last) / 10:.2f}s/step",
                  flush=True)
            log.append({"step": step, "loss": running / 10})
            running, last = 0.0, now
        done = step == uc["steps"] or (args.max_minutes and time.time() - t0 > args.max_minutes * 60)
        if step % uc["checkpointEvery"] == 0 or done:
            save_checkpoint(ckpt_path, {"text": text.state_dict(), "unet": unet.state_dict(), "ema": ema,
                                        "opt": opt.state_dict(), "step": step, "log": log,
                                        "rng": gen.bit_generator.state, "torch_rng": torch.get_rng_state()})
        if done:
            break
    print("stopped at step", step, flush=True)


def load_ema(cfg, work):
    """The text encoder and UNet with their EMA weights, from the checkpoint."""
    text, unet = build(cfg, vocab_size(work))
    ck = torch.load(os.path.join(work, "unet.pt"))
    params = list(text.parameters()) + list(unet.parameters())
    with torch.no_grad():
        for p, e in zip(params, ck["ema"]):
            p.copy_(e)
    return text.eval(), unet.eval(), ck["step"]


if __name__ == "__main__":
    main()
