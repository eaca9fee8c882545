"""Draw the synthetic storybook scenes, learn the CLIP-style tokenizer on their captions and
write pictures, captions and token ids to the cache folder.
Usage: python3 tools/starter/prepare_images.py"""
import json
import os
import time
from collections import Counter

import numpy as np
import regex

from bpe import CLIP_PATTERN, ByteBPE, clip_vocab, learn_merges
from recipe import cache_dir, load_config
from scenes import scene

BOS, EOS = "<|startoftext|>", "<|endoftext|>"


def clip_ids(bpe, vocab, text, length):
    """CLIP tokenisation: lowercase, [bos] + ids[:length-2] + [eos], padded with eos (SD 1.x)."""
    ids = bpe.encode(" ".join(text.lower().split()))[: length - 2]
    ids = [vocab[BOS]] + ids + [vocab[EOS]]
    return ids + [vocab[EOS]] * (length - len(ids))


def main():
    cfg = load_config()
    ic = cfg["image"]
    work = cache_dir(cfg, "image")
    rng = np.random.default_rng(cfg["seed"])
    t0 = time.time()
    pics, caps, comps = [], [], []
    for i in range(ic["count"]):
        img, text, comp = scene(rng, ic["emptyCaptionRate"])
        pics.append(img)
        caps.append(text)
        comps.append(comp)
        if (i + 1) % 1000 == 0:
            print(f"{i + 1} scenes, {time.time() - t0:.0f}s", flush=True)
    pat = regex.compile(CLIP_PATTERN)
    counts = Counter()
    for c in caps:
        counts.update(pat.findall(c.lower()))
    merges = learn_merges(counts, 10000, suffix="</w>")
    vocab = clip_vocab(merges)
    tok_dir = cache_dir(cfg, "image", "tokenizer")
    with open(os.path.join(tok_dir, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(vocab, f, ensure_ascii=False)
    with open(os.path.join(tok_dir, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges))
    bpe = ByteBPE(vocab, merges, pattern=CLIP_PATTERN, suffix="</w>")
    ids = np.array([clip_ids(bpe, vocab, c, ic["maxLength"]) for c in caps], dtype=np.int64)
    np.savez_compressed(os.path.join(work, "scenes.npz"), pictures=np.stack(pics), ids=ids)
    with open(os.path.join(work, "captions.json"), "w") as f:
        json.dump({"captions": caps, "compositions": comps}, f)
    print(json.dumps({"scenes": len(pics), "vocab": len(vocab), "merges": len(merges),
                      "seconds": round(time.time() - t0, 1)}))


if __name__ == "__main__":
    main()
