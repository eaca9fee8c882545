"""Evaluate the starter upscaler on held-out scenes (another seed than training): each true
high-resolution render is degraded the way training degrades (fixed seed), then enlarged by
bicubic interpolation and by the upscaler, and both are compared with the truth:
- PSNR over the whole picture (RGB in [0, 1]);
- edge sharpness: on the truth's edges (pixels whose luma gradient is in its top 10%), the mean
  gradient magnitude of the enlarged picture over the truth's (1.0 = as crisp as the truth);
- edge PSNR: PSNR on those edge pixels alone, where blur costs the most.
Writes .cache/starter/upscale/evaluation.json and the contact sheet
contact-sheet.png (input, bicubic, ours, truth) beside the pack's README, listed in its pack.json.
Usage: python3 tools/starter/evaluate_upscale.py"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageDraw

from pack import relist_pack
from recipe import cache_dir, load_config, repo_path, setup
from scenes import OBJECT_BOX
from train_upscale import build
from upscale_models import bicubic, degrade


def luma_gradient(x):
    """Gradient magnitude of the luma of x [b, 3, h, w] (central differences, zero at the border)."""
    y = 0.299 * x[:, 0] + 0.587 * x[:, 1] + 0.114 * x[:, 2]
    gx = torch.zeros_like(y)
    gy = torch.zeros_like(y)
    gx[:, :, 1:-1] = (y[:, :, 2:] - y[:, :, :-2]) / 2
    gy[:, 1:-1] = (y[:, 2:] - y[:, :-2]) / 2
    return torch.sqrt(gx ** 2 + gy ** 2)


def psnr(mse):
    return float(10 * torch.log10(1 / mse))


def measure(pred, truth, edges):
    """Per-picture PSNR, edge PSNR and edge sharpness, averaged over the pictures."""
    out = {"psnr": [], "edgePsnr": [], "edgeSharpness": []}
    g_pred, g_true = luma_gradient(pred), luma_gradient(truth)
    for i in range(len(pred)):
        err = ((pred[i] - truth[i]) ** 2).mean(0)
        out["psnr"].append(psnr(err.mean()))
        out["edgePsnr"].append(psnr(err[edges[i]].mean()))
        out["edgeSharpness"].append(float(g_pred[i][edges[i]].mean() / g_true[i][edges[i]].mean()))
    return {k: round(float(np.mean(v)), 3) for k, v in out.items()}


def to_image(x):
    return Image.fromarray((x.clamp(0, 1).permute(1, 2, 0).numpy() * 255).round().astype(np.uint8))


def contact_sheet(rows, path, crop=192):
    """One row per scene: input (nearest), bicubic, ours, truth, each a crop around the object."""
    labels = ["input (nearest)", "bicubic", "ours", "truth"]
    pad, head = 6, 22
    sheet = Image.new("RGB", (4 * crop + 5 * pad, head + len(rows) * (crop + pad) + pad), (255, 255, 255))
    draw = ImageDraw.Draw(sheet)
    for c, label in enumerate(labels):
        draw.text((pad + c * (crop + pad) + 4, 5), label, fill=(0, 0, 0))
    for r, pictures in enumerate(rows):
        for c, picture in enumerate(pictures):
            sheet.paste(picture, (pad + c * (crop + pad), head + r * (crop + pad)))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    sheet.save(path, optimize=True)


def main():
    cfg = load_config()
    setup(cfg)
    uc = cfg["upscale"]
    ev, s = uc["evaluate"], uc["scale"]
    work = cache_dir(cfg, "upscale")
    truth = torch.from_numpy(np.load(os.path.join(work, "scenes.npz"))["heldOut"]).permute(0, 3, 1, 2).float() / 255
    lr = degrade(truth, s, uc["degrade"], torch.Generator().manual_seed(ev["seed"]))
    g = build(uc)
    ck = torch.load(os.path.join(work, "upscaler.pt"))
    g.load_state_dict(ck["g"])
    g.eval()
    with torch.no_grad():
        ours = torch.cat([g(lr[i:i + 10]) for i in range(0, len(lr), 10)]).clamp(0, 1)
    cubic = bicubic(lr, s)
    g_true = luma_gradient(truth)
    threshold = torch.quantile(g_true.flatten(1), 0.9, dim=1).clamp(min=1e-3).view(-1, 1, 1)
    edges = g_true > threshold
    res = {"step": ck["step"], "scenes": len(truth), "scale": s, "inputSize": truth.shape[-1] // s,
           "bicubic": measure(cubic, truth, edges), "ours": measure(ours, truth, edges)}
    res["psnrGainDb"] = round(res["ours"]["psnr"] - res["bicubic"]["psnr"], 3)
    res["packBytes"] = os.path.getsize(repo_path("resources", "models", "starter-upscaler", "model.onnx")) \
        if os.path.exists(repo_path("resources", "models", "starter-upscaler", "model.onnx")) else None
    # crops around the main object, where the edges are
    crop = 192
    x0, x1, y0, y1 = (v * s for v in OBJECT_BOX)
    cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
    left, top = max(0, cx - crop // 2), max(0, cy - crop // 2)
    rows = []
    for i in range(ev["contactSheet"]):
        nearest = F.interpolate(lr[i:i + 1], scale_factor=s, mode="nearest")[0]
        rows.append([to_image(p[:, top:top + crop, left:left + crop]) for p in (nearest, cubic[i], ours[i], truth[i])])
    # Beside the pack's README, which shows it; the manifest is rewritten to list it.
    pack_dir = repo_path("resources", "models", "starter-upscaler")
    sheet = os.path.join(pack_dir, "contact-sheet.png")
    contact_sheet(rows, sheet, crop)
    relist_pack(pack_dir)
    res["contactSheet"] = os.path.relpath(sheet, repo_path())
    with open(os.path.join(work, "evaluation.json"), "w") as f:
        json.dump(res, f, indent=1)
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
