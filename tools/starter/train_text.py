"""Train the starter GPT-2 on the prepared corpus; resumes from the checkpoint in the cache
folder, so it can run in chunks. Usage: python3 tools/starter/train_text.py [--max-minutes N]"""
import argparse
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

from gpt import GPT
from recipe import cache_dir, load_config, save_checkpoint, setup


def build_model(cfg):
    m = cfg["text"]["model"]
    return GPT(cfg["text"]["vocabSize"], m["nLayer"], m["nHead"], m["nEmbd"], m["nPositions"],
               cfg["text"]["train"]["dropout"])


def checkpoint_path(cfg, work):
    """One checkpoint per model shape, so a smaller fallback run and the main run can coexist."""
    m = cfg["text"]["model"]
    return os.path.join(work, f"checkpoint-{m['nLayer']}x{m['nEmbd']}.pt")


def lr_at(step, tc):
    """Linear warm-up then cosine decay to minLr over the configured steps."""
    if step < tc["warmup"]:
        return tc["lr"] * (step + 1) / tc["warmup"]
    p = min(1.0, (step - tc["warmup"]) / max(1, tc["steps"] - tc["warmup"]))
    return tc["minLr"] + 0.5 * (tc["lr"] - tc["minLr"]) * (1 + math.cos(math.pi * p))


def batches(data, n, ctx, gen):
    idx = gen.integers(0, len(data) - ctx - 1, size=n)
    x = np.stack([data[i:i + ctx + 1] for i in idx]).astype(np.int64)
    return torch.from_numpy(x[:, :-1]), torch.from_numpy(x[:, 1:])


@torch.no_grad()
def held_out_loss(model, data, ctx, n_batches, batch):
    """Mean next-token loss over fixed, non-overlapping windows of the held-out book."""
    model.eval()
    starts = np.linspace(0, len(data) - ctx - 1, n_batches * batch).astype(np.int64)
    total = 0.0
    for i in range(0, len(starts), batch):
        x = np.stack([data[s:s + ctx + 1] for s in starts[i:i + batch]]).astype(np.int64)
        x = torch.from_numpy(x)
        logits = model(x[:, :-1])
        total += F.cross_entropy(logits.reshape(-1, logits.shape[-1]), x[:, 1:].reshape(-1)).item()
    model.train()
    return total / n_batches


@torch.no_grad()
def held_out_perplexity(model, data, ctx, batch=16):
    """Perplexity over every non-overlapping ctx-token window of the held-out book."""
    n = (len(data) - 1) // ctx
    windows = np.stack([data[i * ctx:i * ctx + ctx + 1] for i in range(n)]).astype(np.int64)
    model.eval()
    total = 0.0
    for i in range(0, n, batch):
        x = torch.from_numpy(windows[i:i + batch])
        logits = model(x[:, :-1])
        total += F.cross_entropy(logits.reshape(-1, logits.shape[-1]), x[:, 1:].reshape(-1), reduction="sum").item()
    return math.exp(total / (n * ctx)), n * ctx


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-minutes", type=float, default=0, help="stop (after a checkpoint) after this long")
    args = ap.parse_args()
    cfg = load_config()
    threads = setup(cfg)
    tc = cfg["text"]["train"]
    ctx = cfg["text"]["model"]["nPositions"]
    work = cache_dir(cfg, "text")
    train = np.load(os.path.join(work, "train.npy"))
    held = np.load(os.path.join(work, "heldout.npy"))
    model = build_model(cfg)
    decay = [p for n, p in model.named_parameters() if p.dim() == 2 and n != "wpe"]
    other = [p for n, p in model.named_parameters() if not (p.dim() == 2 and n != "wpe")]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": tc["weightDecay"]},
                             {"params": other, "weight_decay": 0.0}], lr=tc["lr"], betas=(0.9, 0.95))
    ckpt_path = checkpoint_path(cfg, work)
    step, log = 0, []
    gen = np.random.default_rng(cfg["seed"])
    if os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        step, log = ck["step"], ck["log"]
        gen.bit_generator.state = ck["rng"]
        torch.set_rng_state(ck["torch_rng"])
        print(f"resumed at step {step}", flush=True)
    print(f"params {sum(p.numel() for p in model.parameters())} threads {threads}", flush=True)
    t0 = time.time()
    last = t0
    while step < tc["steps"]:
        for g in opt.param_groups:
            g["lr"] = lr_at(step, tc)
        x, y = batches(train, tc["batchSize"], ctx, gen)
        loss = F.cross_entropy(model(x).reshape(-1, cfg["text"]["vocabSize"]), y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), tc["gradClip"])
        opt.step()
        step += 1
        if step % 10 == 0:
            now = time.time()
            print(f"step {step} loss {loss.item():.3f} lr {lr_at(step, tc):.5f} {(now - last) / 10:.2f}s/step", flush=True)
            last = now
        if step % tc["evalEvery"] == 0 or step == tc["steps"]:
            hl = held_out_loss(model, held, ctx, tc["evalBatches"], tc["batchSize"])
            log.append({"step": step, "train": loss.item(), "heldOut": hl, "ppl": math.exp(hl)})
            print(f"eval step {step} held-out loss {hl:.3f} ppl {math.exp(hl):.1f}", flush=True)
        done = step == tc["steps"] or (args.max_minutes and time.time() - t0 > args.max_minutes * 60)
        if step % tc["checkpointEvery"] == 0 or done:
            save_checkpoint(ckpt_path, {"model": model.state_dict(), "opt": opt.state_dict(), "step": step,
                                        "log": log, "rng": gen.bit_generator.state,
                                        "torch_rng": torch.get_rng_state(), "config": cfg["text"]})
        if done:
            break
    with open(os.path.join(work, "train-log.json"), "w") as f:
        json.dump(log, f, indent=1)
    print("stopped at step", step, flush=True)


if __name__ == "__main__":
    main()
