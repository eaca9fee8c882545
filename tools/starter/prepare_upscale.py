"""Render the storybook scenes at the upscaler's output resolution (scale x 128 px) for training,
and a separate held-out set (another seed) for evaluation.
Usage: python3 tools/starter/prepare_upscale.py"""
import json
import os
import time

import numpy as np

from recipe import cache_dir, load_config
from scenes import SIZE, compose, render_at


def render_set(seed, count, size):
    rng = np.random.default_rng(seed)
    return np.stack([render_at(compose(rng), rng, size) for _ in range(count)])


def main():
    cfg = load_config()
    uc = cfg["upscale"]
    work = cache_dir(cfg, "upscale")
    size = SIZE * uc["scale"]
    t0 = time.time()
    train = render_set(cfg["seed"] + 10, uc["trainScenes"], size)
    held = render_set(uc["evaluate"]["seed"], uc["evaluate"]["scenes"], size)
    np.savez(os.path.join(work, "scenes.npz"), train=train, heldOut=held)
    print(json.dumps({"train": len(train), "heldOut": len(held), "size": size,
                      "seconds": round(time.time() - t0, 1)}))


if __name__ == "__main__":
    main()
