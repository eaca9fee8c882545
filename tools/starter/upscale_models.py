"""The starter upscaler: a compact SRVGG-style x4 generator (plain 3x3 convolutions at the low
resolution, PReLU, one pixel shuffle, plus the nearest-neighbour upsampled input so the network
only learns the detail), the small patch discriminator it is trained against, and the
degradation that turns a true high-resolution scene into what the starter picture pack paints."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class Generator(nn.Module):
    """SRVGG-style compact generator: input [b, 3, h, w] in [0, 1] -> [b, 3, s*h, s*w]."""

    def __init__(self, features, convs, scale):
        super().__init__()
        self.scale = scale
        layers = [nn.Conv2d(3, features, 3, padding=1), nn.PReLU(features)]
        for _ in range(convs):
            layers += [nn.Conv2d(features, features, 3, padding=1), nn.PReLU(features)]
        layers += [nn.Conv2d(features, 3 * scale * scale, 3, padding=1), nn.PixelShuffle(scale)]
        self.body = nn.Sequential(*layers)

    def forward(self, x):
        base = F.interpolate(x, scale_factor=self.scale, mode="nearest")
        return self.body(x) + base


class Discriminator(nn.Module):
    """Patch discriminator on high-resolution crops: one real/fake logit per 8x8 region."""

    def __init__(self, features):
        super().__init__()
        f = features
        self.net = nn.Sequential(
            nn.Conv2d(3, f, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(f, 2 * f, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(2 * f, 4 * f, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(4 * f, 1, 3, 1, 1))

    def forward(self, x):
        return self.net(x * 2 - 1)


def _gaussian(x, sigma):
    """Blur each picture of x [b, 3, h, w] with its own sigma (reflect padding)."""
    out = []
    for img, s in zip(x, sigma.tolist()):
        r = max(1, math.ceil(3 * s))
        t = torch.arange(-r, r + 1, dtype=torch.float32)
        k = torch.exp(-0.5 * (t / s) ** 2)
        k = k / k.sum()
        img = F.pad(img[None], (r, r, r, r), mode="reflect")
        img = F.conv2d(img, k.view(1, 1, 1, -1).expand(3, 1, 1, -1), groups=3)
        img = F.conv2d(img, k.view(1, 1, -1, 1).expand(3, 1, -1, 1), groups=3)
        out.append(img[0])
    return torch.stack(out)


def degrade(hr, scale, dc, gen):
    """What the starter picture pack paints, from the true render hr [b, 3, H, W] in [0, 1]:
    area-downsampled by scale, blurred (sigma in low-resolution pixels), softened the way the
    VAE decoder softens (a random bilinear down-and-up round trip), with a little noise, then
    rounded to 8 bits. gen is a torch.Generator, so held-out pictures degrade reproducibly."""
    b = hr.shape[0]
    lr = F.avg_pool2d(hr, scale)
    u = lambda lo, hi: lo + (hi - lo) * torch.rand(b, generator=gen)
    lr = _gaussian(lr, u(*dc["blurSigma"]))
    h, w = lr.shape[-2:]
    soft = u(*dc["softScale"])
    out = []
    for img, f in zip(lr, soft.tolist()):
        small = F.interpolate(img[None], size=(max(2, round(h * f)), max(2, round(w * f))), mode="bilinear",
                              align_corners=False, antialias=True)
        out.append(F.interpolate(small, size=(h, w), mode="bilinear", align_corners=False)[0])
    lr = torch.stack(out)
    noise = u(*dc["noise"]).view(b, 1, 1, 1) / 255.0
    lr = lr + noise * torch.randn(lr.shape, generator=gen)
    return (lr.clamp(0, 1) * 255).round() / 255


def bicubic(lr, scale):
    """The baseline the starter upscaler has to beat."""
    return F.interpolate(lr, scale_factor=scale, mode="bicubic", align_corners=False).clamp(0, 1)
