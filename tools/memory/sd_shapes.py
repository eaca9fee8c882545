"""Builds ONNX exports with the exact layer shapes of an SD 1.x UNet and VAE decoder (from the
diffusers configs in ../shared/data/sd15) and random weights, to measure what a real pack costs
in memory on onnxruntime: weights' values do not change how much memory a run takes, only the
layers' shapes, the picture size and the batch do.

usage: /usr/bin/python3 tools/memory/sd_shapes.py <config dir> <out dir>
writes <out dir>/unet/model.onnx (+ model.onnx_data) and <out dir>/vae_decoder/model.onnx
"""
import json
import math
import os
import sys

import torch
import torch.nn.functional as F
from torch import nn


def norm(c):
    return nn.GroupNorm(32, c, eps=1e-5)


class Resnet(nn.Module):
    def __init__(self, c_in, c_out, t_dim=None):
        super().__init__()
        self.n1, self.c1 = norm(c_in), nn.Conv2d(c_in, c_out, 3, padding=1)
        self.t = nn.Linear(t_dim, c_out) if t_dim else None
        self.n2, self.c2 = norm(c_out), nn.Conv2d(c_out, c_out, 3, padding=1)
        self.skip = nn.Conv2d(c_in, c_out, 1) if c_in != c_out else None

    def forward(self, x, temb=None):
        h = self.c1(F.silu(self.n1(x)))
        if self.t is not None:
            h = h + self.t(F.silu(temb))[:, :, None, None]
        h = self.c2(F.silu(self.n2(h)))
        return h + (self.skip(x) if self.skip is not None else x)


class Attention(nn.Module):
    """Unfused attention, as the public ONNX exports of SD 1.x run it on the CPU provider."""

    def __init__(self, c, ctx_dim, heads):
        super().__init__()
        self.heads = heads
        self.q = nn.Linear(c, c, bias=False)
        self.k = nn.Linear(ctx_dim, c, bias=False)
        self.v = nn.Linear(ctx_dim, c, bias=False)
        self.o = nn.Linear(c, c)

    def forward(self, x, ctx):
        b, n, c = x.shape
        h = self.heads
        q = self.q(x).reshape(b, n, h, c // h).transpose(1, 2)
        k = self.k(ctx).reshape(b, -1, h, c // h).transpose(1, 2)
        v = self.v(ctx).reshape(b, -1, h, c // h).transpose(1, 2)
        att = torch.softmax(q @ k.transpose(-1, -2) * (1.0 / math.sqrt(c // h)), dim=-1)
        return self.o((att @ v).transpose(1, 2).reshape(b, n, c))


class Transformer(nn.Module):
    def __init__(self, c, ctx_dim, heads):
        super().__init__()
        self.norm, self.proj_in = nn.GroupNorm(32, c, eps=1e-6), nn.Conv2d(c, c, 1)
        self.ln1, self.attn1 = nn.LayerNorm(c), Attention(c, c, heads)
        self.ln2, self.attn2 = nn.LayerNorm(c), Attention(c, ctx_dim, heads)
        self.ln3, self.geglu, self.ff = nn.LayerNorm(c), nn.Linear(c, 8 * c), nn.Linear(4 * c, c)
        self.proj_out = nn.Conv2d(c, c, 1)

    def forward(self, x, ctx):
        b, c, hgt, wid = x.shape
        h = self.proj_in(self.norm(x)).flatten(2).transpose(1, 2)
        a = self.ln1(h)
        h = h + self.attn1(a, a)
        h = h + self.attn2(self.ln2(h), ctx)
        value, gate = self.geglu(self.ln3(h)).chunk(2, dim=-1)
        h = h + self.ff(value * F.gelu(gate))
        return x + self.proj_out(h.transpose(1, 2).reshape(b, c, hgt, wid))


class UNet(nn.Module):
    """diffusers' UNet2DConditionModel for the SD 1.x config: CrossAttn down blocks, a plain last
    one, a cross-attention middle, and the mirror on the way up with skip connections."""

    def __init__(self, cfg):
        super().__init__()
        chans, layers = cfg["block_out_channels"], cfg["layers_per_block"]
        heads, ctx_dim = cfg["attention_head_dim"], cfg["cross_attention_dim"]
        t_dim = chans[0] * 4
        self.t_in = chans[0]
        self.t1, self.t2 = nn.Linear(chans[0], t_dim), nn.Linear(t_dim, t_dim)
        self.conv_in = nn.Conv2d(cfg["in_channels"], chans[0], 3, padding=1)
        self.down = nn.ModuleList()
        skips = [chans[0]]
        c_prev = chans[0]
        for i, (kind, c) in enumerate(zip(cfg["down_block_types"], chans)):
            block = nn.ModuleDict()
            block["res"] = nn.ModuleList([Resnet(c_prev if j == 0 else c, c, t_dim) for j in range(layers)])
            if kind.startswith("CrossAttn"):
                block["attn"] = nn.ModuleList([Transformer(c, ctx_dim, heads) for _ in range(layers)])
            skips += [c] * layers
            if i < len(chans) - 1:
                block["down"] = nn.Conv2d(c, c, 3, stride=2, padding=1)
                skips.append(c)
            self.down.append(block)
            c_prev = c
        self.mid1, self.mid_attn, self.mid2 = Resnet(c_prev, c_prev, t_dim), Transformer(c_prev, ctx_dim, heads), Resnet(c_prev, c_prev, t_dim)
        self.up = nn.ModuleList()
        for i, (kind, c) in enumerate(zip(cfg["up_block_types"], list(reversed(chans)))):
            block = nn.ModuleDict()
            res = []
            for _ in range(layers + 1):
                res.append(Resnet(c_prev + skips.pop(), c, t_dim))
                c_prev = c
            block["res"] = nn.ModuleList(res)
            if kind.startswith("CrossAttn"):
                block["attn"] = nn.ModuleList([Transformer(c, ctx_dim, heads) for _ in range(layers + 1)])
            if i < len(chans) - 1:
                block["up"] = nn.Conv2d(c, c, 3, padding=1)
            self.up.append(block)
        self.norm_out, self.conv_out = norm(chans[0]), nn.Conv2d(chans[0], cfg["out_channels"], 3, padding=1)

    def forward(self, sample, timestep, encoder_hidden_states):
        half = self.t_in // 2
        freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32) / half)
        args = timestep.reshape(-1, 1).float() * freqs[None]
        temb = self.t2(F.silu(self.t1(torch.cat([torch.cos(args), torch.sin(args)], dim=1))))
        x = self.conv_in(sample)
        skips = [x]
        for block in self.down:
            for j, res in enumerate(block["res"]):
                x = res(x, temb)
                if "attn" in block:
                    x = block["attn"][j](x, encoder_hidden_states)
                skips.append(x)
            if "down" in block:
                x = block["down"](x)
                skips.append(x)
        x = self.mid2(self.mid_attn(self.mid1(x, temb), encoder_hidden_states), temb)
        for block in self.up:
            for j, res in enumerate(block["res"]):
                x = res(torch.cat([x, skips.pop()], dim=1), temb)
                if "attn" in block:
                    x = block["attn"][j](x, encoder_hidden_states)
            if "up" in block:
                x = block["up"](F.interpolate(x, scale_factor=2.0, mode="nearest"))
        return self.conv_out(F.silu(self.norm_out(x)))


class VaeAttention(nn.Module):
    """The VAE middle's single-head self-attention over every latent pixel."""

    def __init__(self, c):
        super().__init__()
        self.norm = norm(c)
        self.q, self.k, self.v, self.o = (nn.Linear(c, c) for _ in range(4))

    def forward(self, x):
        b, c, hgt, wid = x.shape
        h = self.norm(x).flatten(2).transpose(1, 2)
        att = torch.softmax(self.q(h) @ self.k(h).transpose(-1, -2) * (1.0 / math.sqrt(c)), dim=-1)
        return x + self.o(att @ self.v(h)).transpose(1, 2).reshape(b, c, hgt, wid)


class VaeDecoder(nn.Module):
    """AutoencoderKL's decoder with post_quant_conv: latent [B,4,h,w] -> picture [B,3,8h,8w]."""

    def __init__(self, cfg):
        super().__init__()
        chans, layers = list(reversed(cfg["block_out_channels"])), cfg["layers_per_block"]
        latent = cfg["latent_channels"]
        self.post_quant = nn.Conv2d(latent, latent, 1)
        self.conv_in = nn.Conv2d(latent, chans[0], 3, padding=1)
        self.mid1, self.mid_attn, self.mid2 = Resnet(chans[0], chans[0]), VaeAttention(chans[0]), Resnet(chans[0], chans[0])
        self.up = nn.ModuleList()
        c_prev = chans[0]
        for i, c in enumerate(chans):
            block = nn.ModuleDict()
            block["res"] = nn.ModuleList([Resnet(c_prev if j == 0 else c, c) for j in range(layers + 1)])
            if i < len(chans) - 1:
                block["up"] = nn.Conv2d(c, c, 3, padding=1)
            self.up.append(block)
            c_prev = c
        self.norm_out, self.conv_out = norm(chans[-1]), nn.Conv2d(chans[-1], cfg["out_channels"], 3, padding=1)

    def forward(self, latent_sample):
        x = self.mid2(self.mid_attn(self.mid1(self.conv_in(self.post_quant(latent_sample)))))
        for block in self.up:
            for res in block["res"]:
                x = res(x)
            if "up" in block:
                x = block["up"](F.interpolate(x, scale_factor=2.0, mode="nearest"))
        return self.conv_out(F.silu(self.norm_out(x)))


def export(module, args, path, inputs, outputs, dynamic):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(module, args, path, input_names=inputs, output_names=outputs, dynamic_axes=dynamic,
                          opset_version=17, do_constant_folding=False)


def main():
    config_dir, out_dir = sys.argv[1], sys.argv[2]
    torch.manual_seed(0)
    with open(os.path.join(config_dir, "unet", "config.json")) as f:
        unet_cfg = json.load(f)
    with open(os.path.join(config_dir, "vae", "config.json")) as f:
        vae_cfg = json.load(f)
    vae = VaeDecoder(vae_cfg).eval()
    export(vae, (torch.randn(1, 4, 8, 8),), os.path.join(out_dir, "vae_decoder", "model.onnx"),
           ["latent_sample"], ["sample"], {"latent_sample": {0: "batch", 2: "height", 3: "width"}})
    unet = UNet(unet_cfg).eval()
    print(json.dumps({"unet_parameters": sum(p.numel() for p in unet.parameters()),
                      "vae_decoder_parameters": sum(p.numel() for p in vae.parameters())}))
    export(unet, (torch.randn(1, 4, 8, 8), torch.tensor([999]), torch.randn(1, 77, unet_cfg["cross_attention_dim"])),
           os.path.join(out_dir, "unet", "model.onnx"), ["sample", "timestep", "encoder_hidden_states"], ["out_sample"],
           {"sample": {0: "batch", 2: "height", 3: "width"}, "timestep": {0: "steps"}, "encoder_hidden_states": {0: "batch"}})


if __name__ == "__main__":
    main()
