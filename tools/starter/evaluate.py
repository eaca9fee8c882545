"""Figures for the starter packs: held-out perplexity and sample continuations of the text
model; caption-match rates of generated pictures (sky brightness, ground colour, main object's
colour, each measured on the picture by scenes.measure_*); a contact sheet of 16 pictures; the
packs' sizes. Uses the weights exactly as exported (fp16-rounded).
Usage: python3 tools/starter/evaluate.py [--text-only | --image-only] [--guidance G] [--steps N]"""
import argparse
import json
import os

import numpy as np
import torch
from PIL import Image, ImageDraw

from bpe import CLIP_PATTERN, ByteBPE
from diffusion import alphas_cumprod, ddim_sample
from image_models import VAE
from prepare_images import clip_ids
from recipe import HERE, cache_dir, load_config, repo_path, setup
from scenes import caption, compose, measure_colour, measure_ground, measure_time, render
from train_text import build_model, checkpoint_path, held_out_perplexity
from train_unet import load_ema

PROMPT = "Once upon a time, a little fox"


def sample_text(model, bpe, eos, prompt, s, ctx, seed):
    """Top-k / top-p sampling with temperature, repetition penalty and an n-gram blocker."""
    gen = torch.Generator().manual_seed(seed)
    ids = bpe.encode(prompt)
    start = len(ids)
    n = s["noRepeatNgramSize"]
    with torch.no_grad():
        for _ in range(s["maxNewTokens"]):
            logits = model(torch.tensor([ids[-ctx:]]))[0, -1].clone()
            seen = torch.tensor(sorted(set(ids)))
            picked = logits[seen]
            logits[seen] = torch.where(picked > 0, picked / s["repetitionPenalty"], picked * s["repetitionPenalty"])
            if n > 0 and len(ids) >= n:
                tail = tuple(ids[-(n - 1):])
                for i in range(len(ids) - n + 1):
                    if tuple(ids[i:i + n - 1]) == tail:
                        logits[ids[i + n - 1]] = -float("inf")
            logits = logits / s["temperature"]
            top = torch.topk(logits, s["topK"])
            probs = torch.softmax(top.values, dim=-1)
            keep = torch.cumsum(probs, 0) - probs < s["topP"]
            probs = probs * keep
            nxt = int(top.indices[torch.multinomial(probs / probs.sum(), 1, generator=gen)])
            if nxt == eos:
                break
            ids.append(nxt)
    return bpe.decode(ids[start:])


def evaluate_text(cfg):
    work = cache_dir(cfg, "text")
    ck = torch.load(checkpoint_path(cfg, work))
    model = build_model(cfg)
    model.load_state_dict(ck["model"])
    model.half().eval()
    ctx = cfg["text"]["model"]["nPositions"]
    ppl, tokens = held_out_perplexity(model, np.load(os.path.join(work, "heldout.npy")), ctx)
    with open(os.path.join(work, "tokenizer.json"), encoding="utf-8") as f:
        tok = json.load(f)
    bpe = ByteBPE(tok["model"]["vocab"], [tuple(m.split(" ")) for m in tok["model"]["merges"]])
    eos = cfg["text"]["vocabSize"] - 1
    samples = [sample_text(model, bpe, eos, PROMPT, cfg["text"]["sampling"], ctx, cfg["seed"] + i) for i in range(3)]
    return {"step": ck["step"], "heldOut": cfg["text"]["heldOut"], "heldOutTokens": tokens,
            "heldOutPerplexity": round(ppl, 2), "prompt": PROMPT, "continuations": samples}


def contact_sheet(pics, captions, path, cols=4):
    tile, pad = 128, 34
    sheet = Image.new("RGB", (cols * (tile + 8) + 8, (len(pics) + cols - 1) // cols * (tile + pad + 8) + 8), "white")
    draw = ImageDraw.Draw(sheet)
    for i, (p, c) in enumerate(zip(pics, captions)):
        x, y = 8 + (i % cols) * (tile + 8), 8 + (i // cols) * (tile + pad + 8)
        sheet.paste(Image.fromarray(p), (x, y))
        words, lines = c.split(), [""]
        for w in words:
            if len(lines[-1]) + len(w) + 1 > 24 and len(lines) < 3:
                lines.append("")
            lines[-1] = (lines[-1] + " " + w).strip()
        draw.multiline_text((x, y + tile + 2), "\n".join(lines), fill=(40, 40, 40), spacing=0)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    sheet.save(path, optimize=True)


@torch.no_grad()
def caption_effect(cfg, work, text, unet, ab, scale, n=256):
    """UNet noise-prediction loss on training latents with their own captions vs shuffled ones,
    at a few noise levels: equal numbers would mean the caption is ignored."""
    lat = torch.from_numpy(np.load(os.path.join(work, "latents.npy"))[:n]) * scale
    ids = torch.from_numpy(np.load(os.path.join(work, "scenes.npz"))["ids"][:n])
    gen = torch.Generator().manual_seed(cfg["image"]["evaluate"]["seed"])
    shuffled = ids[torch.randperm(n, generator=gen)]
    out = {}
    for t in (300, 600, 900):
        a = float(ab[t])
        noise = torch.randn(lat.shape, generator=gen)
        xt = a ** 0.5 * lat + (1 - a) ** 0.5 * noise
        out[str(t)] = [round(((unet(xt, torch.tensor([float(t)]), text(c)[0]) - noise) ** 2).mean().item(), 5)
                       for c in (ids, shuffled)]
    return out


def evaluate_images(cfg, guidance, steps):
    ic = cfg["image"]
    work = cache_dir(cfg, "image")
    text, unet, unet_step = load_ema(cfg, work)
    text.half()
    unet.half()
    vae = VAE(ic["vae"])
    vae.load_state_dict(torch.load(os.path.join(work, "vae.pt"))["model"])
    decoder = vae.decoder.half().eval()
    with open(os.path.join(work, "vae-stats.json")) as f:
        scale = json.load(f)["scalingFactor"]
    with open(os.path.join(work, "tokenizer", "vocab.json"), encoding="utf-8") as f:
        vocab = json.load(f)
    with open(os.path.join(work, "tokenizer", "merges.txt"), encoding="utf-8") as f:
        merges = [tuple(l.split()) for l in f.read().split("\n")[1:] if l]
    bpe = ByteBPE(vocab, merges, pattern=CLIP_PATTERN, suffix="</w>")
    ev = ic["evaluate"]
    rng = np.random.default_rng(ev["seed"])
    comps = [compose(rng) for _ in range(ev["pictures"])]
    caps = [caption(c, rng) for c in comps]
    ab = alphas_cumprod(ic["scheduler"])
    gen = torch.Generator().manual_seed(ev["seed"])
    pics = []
    with torch.no_grad():
        uncond, _ = text(torch.tensor([clip_ids(bpe, vocab, "", ic["maxLength"])]))
        for i in range(0, len(caps), 10):
            ids = torch.tensor([clip_ids(bpe, vocab, c, ic["maxLength"]) for c in caps[i:i + 10]])
            cond, _ = text(ids)
            z = ddim_sample(unet, cond, uncond.expand(len(ids), -1, -1), ab, steps, guidance,
                            (len(ids), ic["vae"]["latentChannels"], 16, 16), gen)
            x = decoder(z / scale).clamp(-1, 1)
            pics.extend(((x.permute(0, 2, 3, 1).numpy() + 1) * 127.5 + 0.5).astype(np.uint8))
    with torch.no_grad():  # how faithfully the exported decoder redraws true latents
        true = np.load(os.path.join(work, "scenes.npz"))["pictures"][:64]
        lat = torch.from_numpy(np.load(os.path.join(work, "latents.npy"))[:64])
        redrawn = decoder(lat).clamp(-1, 1)
        vae_l1 = (redrawn - (torch.from_numpy(true).permute(0, 3, 1, 2).float() / 127.5 - 1)).abs().mean().item()
    effect = caption_effect(cfg, work, text, unet, ab, scale)
    rates = {"sky": 0, "ground": 0, "colour": 0, "all": 0}
    truth = {"sky": 0, "ground": 0, "colour": 0}
    for p, c in zip(pics, comps):
        ok = (measure_time(p) == c["time"], measure_ground(p) == c["ground"], measure_colour(p) == c["colour"])
        for k, v in zip(("sky", "ground", "colour"), ok):
            rates[k] += v
        rates["all"] += all(ok)
        ref = render(c, rng)  # the measure itself, on true drawings of the same compositions
        truth["sky"] += measure_time(ref) == c["time"]
        truth["ground"] += measure_ground(ref) == c["ground"]
        truth["colour"] += measure_colour(ref) == c["colour"]
    n = len(pics)
    sheet = os.path.join(HERE, "samples", "contact-sheet.png")
    contact_sheet(pics[:ev["contactSheet"]], caps[:ev["contactSheet"]], sheet)
    return {"unetStep": unet_step, "pictures": n, "steps": steps, "guidance": guidance, "scheduler": "ddim",
            "skyMatch": rates["sky"] / n, "groundMatch": rates["ground"] / n, "colourMatch": rates["colour"] / n,
            "allThreeMatch": rates["all"] / n, "vaeReconstructionL1": round(vae_l1, 4),
            "noiseLossTrueVsShuffledCaptions": effect, "measureOnTrueDrawings": {k: v / n for k, v in truth.items()},
            "contactSheet": os.path.relpath(sheet, repo_path())}


def pack_sizes():
    out = {}
    for pid in ("starter-story", "starter-pictures"):
        path = repo_path("resources", "models", pid, "pack.json")
        if os.path.exists(path):
            with open(path) as f:
                out[pid] = sum(x["size"] for x in json.load(f)["files"]) + os.path.getsize(path)
    out["total"] = sum(out.values())
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--text-only", action="store_true")
    ap.add_argument("--image-only", action="store_true")
    ap.add_argument("--guidance", type=float, default=None)
    ap.add_argument("--steps", type=int, default=None)
    args = ap.parse_args()
    cfg = load_config()
    setup(cfg)
    res = {}
    if not args.image_only:
        res["text"] = evaluate_text(cfg)
    if not args.text_only:
        d = cfg["image"]["defaults"]
        res["image"] = evaluate_images(cfg, args.guidance or d["guidance"], args.steps or d["steps"])
    res["packBytes"] = pack_sizes()
    with open(os.path.join(cache_dir(cfg), "evaluation.json"), "w") as f:
        json.dump(res, f, indent=1, ensure_ascii=False)
    print(json.dumps(res, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
