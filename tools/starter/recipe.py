"""Shared plumbing for the starter-pack recipe: the one config file, folders, seeds, threads."""
import json
import os
import random

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def load_config():
    """Read tools/starter/config.json, the single home of every hyperparameter
    (STARTER_CONFIG may point at a variant for an experiment)."""
    with open(os.environ.get("STARTER_CONFIG") or os.path.join(HERE, "config.json"), encoding="utf-8") as f:
        return json.load(f)


def repo_path(*parts):
    """A path relative to the repository root (config paths are written that way)."""
    return os.path.normpath(os.path.join(REPO, *parts))


def cache_dir(cfg, *parts):
    """Work folder outside git for corpora, checkpoints and logs (TALEWEAVER_STARTER_CACHE overrides)."""
    base = os.environ.get("TALEWEAVER_STARTER_CACHE") or repo_path(cfg["cacheDir"])
    path = os.path.join(base, *parts)
    os.makedirs(path, exist_ok=True)
    return path


def setup(cfg, seed_offset=0):
    """Fix every seed and use all cores (or STARTER_THREADS / config threads when set)."""
    seed = cfg["seed"] + seed_offset
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    threads = int(os.environ.get("STARTER_THREADS") or cfg.get("threads") or 0) or os.cpu_count() or 1
    torch.set_num_threads(threads)
    return threads


def save_checkpoint(path, state):
    """Write atomically so an interrupted run never leaves a torn checkpoint."""
    tmp = path + ".tmp"
    torch.save(state, tmp)
    os.replace(tmp, path)
