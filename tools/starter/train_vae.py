"""Train the tiny VAE on random crops of the scenes, then encode every scene to its latent
mean and record the scaling factor (1 / std of the latents). Resumable.
Usage: python3 tools/starter/train_vae.py [--max-minutes N]"""
import argparse
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

from image_models import VAE
from recipe import cache_dir, load_config, save_checkpoint, setup


def cosine(step, total, lr, min_lr):
    """Cosine decay from lr to min_lr over total steps."""
    return min_lr + 0.5 * (lr - min_lr) * (1 + math.cos(math.pi * min(1.0, step / total)))


def to_tensor(pics):
    return torch.from_numpy(pics).permute(0, 3, 1, 2).float() / 127.5 - 1.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-minutes", type=float, default=0)
    args = ap.parse_args()
    cfg = load_config()
    setup(cfg, seed_offset=1)
    vc = cfg["image"]["vae"]
    work = cache_dir(cfg, "image")
    pics = np.load(os.path.join(work, "scenes.npz"))["pictures"]
    vae = VAE(vc)
    opt = torch.optim.Adam(vae.parameters(), lr=vc["lr"])
    ckpt_path = os.path.join(work, "vae.pt")
    step, gen = 0, np.random.default_rng(cfg["seed"] + 1)
    if os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path)
        vae.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        step = ck["step"]
        gen.bit_generator.state = ck["rng"]
        torch.set_rng_state(ck["torch_rng"])
        print(f"resumed at step {step}", flush=True)
    t0 = last = time.time()
    crop, n = vc["crop"], len(pics)
    while step < vc["steps"]:
        for g in opt.param_groups:
            g["lr"] = cosine(step, vc["steps"], vc["lr"], vc["minLr"])
        idx = gen.integers(0, n, vc["batchSize"])
        ys, xs = gen.integers(0, 128 - crop + 1, 2 * vc["batchSize"]).reshape(2, -1)
        x = to_tensor(np.stack([pics[i, y:y + crop, x_:x_ + crop] for i, y, x_ in zip(idx, ys, xs)]))
        mean, logvar = vae.encoder(x)
        logvar = logvar.clamp(-30, 20)
        z = mean + torch.exp(0.5 * logvar) * torch.randn_like(mean)
        y = vae.decoder(z)
        rec = (y - x).abs().mean() + F.mse_loss(y, x)
        kl = 0.5 * (mean.pow(2) + logvar.exp() - 1 - logvar).sum(dim=(1, 2, 3)).mean()
        loss = rec + vc["klWeight"] * kl
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        step += 1
        if step % 10 == 0:
            now = time.time()
            print(f"step {step} rec {rec.item():.4f} kl {kl.item():.1f} {(now - last) / 10:.2f}s/step", flush=True)
            last = now
        done = step == vc["steps"] or (args.max_minutes and time.time() - t0 > args.max_minutes * 60)
        if step % vc["checkpointEvery"] == 0 or done:
            save_checkpoint(ckpt_path, {"model": vae.state_dict(), "opt": opt.state_dict(), "step": step,
                                        "rng": gen.bit_generator.state, "torch_rng": torch.get_rng_state()})
        if done:
            break
    if step < vc["steps"]:
        return
    if not os.path.exists(os.path.join(work, "vae-stats.json")):
        encode(vae, pics, vc, work)
    refine_decoder(vae, pics, vc, work, ckpt_path, gen, t0, args.max_minutes)


def encode(vae, pics, vc, work):
    """Encode every scene to its latent mean; record the scaling factor and reconstruction error."""
    n = len(pics)
    vae.eval()
    lat, err, seen = [], 0.0, 0
    with torch.no_grad():
        for i in range(0, n, vc["encodeBatch"]):
            x = to_tensor(pics[i:i + vc["encodeBatch"]])
            mean, _ = vae.encoder(x)
            lat.append(mean.numpy().astype(np.float32))
            if i < 512:
                err += (vae.decoder(mean).clamp(-1, 1) - x).abs().mean().item() * len(x)
                seen += len(x)
    lat = np.concatenate(lat)
    scale = float(1.0 / lat.std())
    np.save(os.path.join(work, "latents.npy"), lat)
    stats = {"scalingFactor": scale, "latentMean": float(lat.mean()), "latentStd": float(lat.std()),
             "reconstructionL1": err / seen}
    with open(os.path.join(work, "vae-stats.json"), "w") as f:
        json.dump(stats, f, indent=1)
    print(json.dumps(stats), flush=True)


def refine_decoder(vae, pics, vc, work, ckpt_path, gen, t0, max_minutes):
    """Second phase: train the decoder alone on whole pictures from the frozen latent means (with
    a little noise, since the UNet's latents are never exact). The latents the UNet learns from
    do not change, so this may run while the UNet trains."""
    ck = torch.load(ckpt_path)
    step = ck.get("decoderStep", 0)
    lat = torch.from_numpy(np.load(os.path.join(work, "latents.npy")))
    std = float(lat.std())
    opt = torch.optim.Adam(vae.decoder.parameters(), lr=vc["decoderLr"])
    if "decoderOpt" in ck:
        opt.load_state_dict(ck["decoderOpt"])
        gen.bit_generator.state = ck["decoderRng"]
    vae.decoder.train()
    last = time.time()
    while step < vc["decoderSteps"]:
        for g in opt.param_groups:
            g["lr"] = cosine(step, vc["decoderSteps"], vc["decoderLr"], vc["minLr"])
        idx = gen.integers(0, len(pics), vc["decoderBatchSize"])
        x = to_tensor(pics[idx])
        z = lat[idx] + torch.randn(lat[idx].shape) * (vc["decoderLatentNoise"] * std)
        y = vae.decoder(z)
        loss = (y - x).abs().mean() + F.mse_loss(y, x)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        step += 1
        if step % 10 == 0:
            now = time.time()
            print(f"decoder step {step} rec {loss.item():.4f} {(now - last) / 10:.2f}s/step", flush=True)
            last = now
        done = step == vc["decoderSteps"] or (max_minutes and time.time() - t0 > max_minutes * 60)
        if step % vc["checkpointEvery"] == 0 or done:
            ck.update({"model": vae.state_dict(), "decoderStep": step, "decoderOpt": opt.state_dict(),
                       "decoderRng": gen.bit_generator.state})
            save_checkpoint(ckpt_path, ck)
        if done:
            break


if __name__ == "__main__":
    main()
