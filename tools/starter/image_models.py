"""The starter picture models: a tiny VAE (pixel-(un)shuffle convolutions, 8x), a CLIP-style
text encoder and a small cross-attention UNet on a 4-channel latent. Weights may be stored as
fp16 for export; every use casts them back to fp32 (see gpt.Weights)."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from gpt import NEG, Block, LayerNorm, Linear, Weights


class Conv(Weights):
    def __init__(self, c_in, c_out, k=3, stride=1, zero=False):
        super().__init__()
        self.stride, self.pad = stride, k // 2
        self.weight = nn.Parameter(torch.zeros(c_out, c_in, k, k) if zero else
                                   torch.randn(c_out, c_in, k, k) * math.sqrt(2.0 / (c_in * k * k)))
        self.bias = nn.Parameter(torch.zeros(c_out))

    def forward(self, x):
        return F.conv2d(x, self.w(self.weight), self.w(self.bias), self.stride, self.pad)


class GroupNorm(Weights):
    def __init__(self, c, groups=8):
        super().__init__()
        self.groups = groups
        self.weight = nn.Parameter(torch.ones(c))
        self.bias = nn.Parameter(torch.zeros(c))

    def forward(self, x):
        return F.group_norm(x, self.groups, self.w(self.weight), self.w(self.bias), 1e-5)


# ---- VAE ------------------------------------------------------------------------------

class Encoder(nn.Module):
    """[B,3,8h,8w] in [-1,1] -> mean and log-variance [B,4,h,w] each."""

    def __init__(self, ch, latent):
        super().__init__()
        c0, c1, c2 = ch
        self.l0 = nn.ModuleList([Conv(12, c0), Conv(c0, c0)])
        self.l1 = nn.ModuleList([Conv(4 * c0, c1, 1), Conv(c1, c1)])
        self.l2 = nn.ModuleList([Conv(4 * c1, c2, 1), Conv(c2, c2), Conv(c2, c2)])
        self.out = Conv(c2, 2 * latent)

    def forward(self, x):
        for layers in (self.l0, self.l1, self.l2):
            x = F.pixel_unshuffle(x, 2)
            for conv in layers:
                x = F.silu(conv(x))
        return self.out(x).chunk(2, dim=1)


class Decoder(nn.Module):
    """[B,4,h,w] latent -> [B,3,8h,8w] picture in [-1,1] (clipped by the pipeline)."""

    def __init__(self, ch, latent):
        super().__init__()
        c0, c1, c2 = ch
        self.inp = Conv(latent, c2)
        self.mid = nn.ModuleList([Conv(c2, c2), Conv(c2, c2)])
        self.up2 = Conv(c2, 4 * c1, 1)
        self.l1 = nn.ModuleList([Conv(c1, c1), Conv(c1, c1)])
        self.up1 = Conv(c1, 4 * c0, 1)
        self.l0 = nn.ModuleList([Conv(c0, c0)])
        self.up0 = Conv(c0, 12, 1)

    def forward(self, z):
        x = F.silu(self.inp(z))
        for conv in self.mid:
            x = x + F.silu(conv(x))
        x = F.silu(F.pixel_shuffle(self.up2(x), 2))
        for conv in self.l1:
            x = x + F.silu(conv(x))
        x = F.silu(F.pixel_shuffle(self.up1(x), 2))
        for conv in self.l0:
            x = x + F.silu(conv(x))
        return F.pixel_shuffle(self.up0(x), 2)


class VAE(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.encoder = Encoder(cfg["channels"], cfg["latentChannels"])
        self.decoder = Decoder(cfg["channels"], cfg["latentChannels"])


# ---- text encoder ---------------------------------------------------------------------

class TextEncoder(Weights):
    """CLIP-style: token + position embeddings, causal pre-LN blocks, final LayerNorm;
    pooler_output is the hidden state at the first end-of-text token (the largest id)."""

    def __init__(self, vocab, length, width, layers, heads, embed_std):
        super().__init__()
        # embeddings large enough that the shared biases, trained from scratch next to the
        # UNet, cannot drown the token identity (which makes every caption look alike)
        self.tok = nn.Parameter(torch.randn(vocab, width) * embed_std)
        self.pos = nn.Parameter(torch.randn(length, width) * embed_std * 0.1)
        self.blocks = nn.ModuleList([Block(width, heads, 0.0) for _ in range(layers)])
        self.ln = LayerNorm(width)
        self.register_buffer("causal", torch.full((length, length), NEG).triu(1), persistent=False)

    def forward(self, input_ids):
        x = F.embedding(input_ids, self.w(self.tok)) + self.w(self.pos)
        for blk in self.blocks:
            x, _, _ = blk(x, self.causal)
        x = self.ln(x)
        # one-hot selection keeps the pooled width static in the exported graph
        first_eos = (torch.arange(self.pos.shape[0])[None] == input_ids.argmax(dim=-1)[:, None]).float()
        return x, torch.einsum("bt,btd->bd", first_eos, x)


# ---- UNet -----------------------------------------------------------------------------

def timestep_embedding(t, dim):
    """diffusers' sinusoidal embedding with flip_sin_to_cos=True, shift 0."""
    half = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32) / half)
    args = t.reshape(-1, 1).float() * freqs[None]
    return torch.cat([torch.cos(args), torch.sin(args)], dim=1)


class ResBlock(nn.Module):
    def __init__(self, c_in, c_out, t_dim):
        super().__init__()
        self.n1, self.c1 = GroupNorm(c_in), Conv(c_in, c_out)
        self.t = Linear(t_dim, c_out)
        self.n2, self.c2 = GroupNorm(c_out), Conv(c_out, c_out, zero=True)
        self.skip = Conv(c_in, c_out, 1) if c_in != c_out else None

    def forward(self, x, temb):
        h = self.c1(F.silu(self.n1(x))) + self.t(temb)[:, :, None, None]
        h = self.c2(F.silu(self.n2(h)))
        return h + (self.skip(x) if self.skip is not None else x)


class Attention(nn.Module):
    def __init__(self, c, ctx_dim, heads):
        super().__init__()
        self.heads = heads
        self.q, self.k, self.v = Linear(c, c), Linear(ctx_dim, c), Linear(ctx_dim, c)
        self.o = Linear(c, c)

    def forward(self, x, ctx):
        b, n, c = x.shape[0], x.shape[1], self.o.weight.shape[0]
        h = self.heads
        q = self.q(x).reshape(b, n, h, c // h)
        k = self.k(ctx).reshape(b, -1, h, c // h)
        v = self.v(ctx).reshape(b, -1, h, c // h)
        att = torch.softmax(torch.einsum("bnhd,bmhd->bhnm", q, k) * (1.0 / math.sqrt(c // h)), dim=-1)
        return self.o(torch.einsum("bhnm,bmhd->bnhd", att, v).reshape(b, n, c))


class Transformer(nn.Module):
    """SD's spatial transformer: self-attention, cross-attention to the text, feed-forward."""

    def __init__(self, c, ctx_dim, heads):
        super().__init__()
        self.c = c
        self.norm, self.proj_in = GroupNorm(c), Conv(c, c, 1)
        self.ln1, self.self_attn = LayerNorm(c), Attention(c, c, heads)
        self.ln2, self.cross_attn = LayerNorm(c), Attention(c, ctx_dim, heads)
        self.ln3, self.ff1, self.ff2 = LayerNorm(c), Linear(c, 4 * c), Linear(4 * c, c)
        self.proj_out = Conv(c, c, 1, zero=True)

    def forward(self, x, ctx):
        b, hgt, wid = x.shape[0], x.shape[2], x.shape[3]
        h = self.proj_in(self.norm(x)).flatten(2).transpose(1, 2)
        a = self.ln1(h)
        h = h + self.self_attn(a, a)
        h = h + self.cross_attn(self.ln2(h), ctx)
        h = h + self.ff2(F.gelu(self.ff1(self.ln3(h))))
        h = h.transpose(1, 2).reshape(b, self.c, hgt, wid)
        return x + self.proj_out(h)


class UNet(nn.Module):
    """sample [B,4,h,w], timestep [T] (T = B or 1, broadcast), encoder_hidden_states [B,77,D]
    -> predicted noise. Two resolutions with ResBlocks, cross-attention at the lower one and
    in the middle; the mean of the text states joins the time embedding as global context."""

    def __init__(self, cfg, ctx_dim, latent=4):
        super().__init__()
        c0, c1 = cfg["channels"]
        td, heads = cfg["timeEmbed"], cfg["heads"]
        self.t_in = c0
        self.t1, self.t2 = Linear(c0, td), Linear(td, td)
        self.text_pool = Linear(ctx_dim, td)
        self.conv_in = Conv(latent, c0)
        self.d0 = ResBlock(c0, c0, td)
        self.down0 = Conv(c0, c0, 3, stride=2)
        self.d1, self.d1t = ResBlock(c0, c1, td), Transformer(c1, ctx_dim, heads)
        self.down1 = Conv(c1, c1, 3, stride=2)
        self.m1, self.mt, self.m2 = ResBlock(c1, c1, td), Transformer(c1, ctx_dim, heads), ResBlock(c1, c1, td)
        self.u1, self.u1t = ResBlock(2 * c1, c1, td), Transformer(c1, ctx_dim, heads)
        self.up1 = Conv(c1, c1)
        self.u0 = ResBlock(c1 + c0, c0, td)
        self.up0 = Conv(c1, c1)
        self.norm_out, self.conv_out = GroupNorm(c0), Conv(c0, latent, zero=True)
        # fan-in init for every linear layer: GPT's 0.02 would make the time and text paths
        # (and the attention logits) so small that the UNet learns to ignore the caption
        for m in self.modules():
            if isinstance(m, Linear):
                nn.init.normal_(m.weight, std=m.weight.shape[1] ** -0.5)

    def forward(self, sample, timestep, ctx):
        temb = self.t2(F.silu(self.t1(timestep_embedding(timestep, self.t_in))))
        temb = F.silu(temb + self.text_pool(ctx.mean(dim=1)))
        x = self.conv_in(sample)
        s0 = self.d0(x, temb)
        x = self.down0(s0)
        s1 = self.d1t(self.d1(x, temb), ctx)
        x = self.down1(s1)
        x = self.m2(self.mt(self.m1(x, temb), ctx), temb)
        x = self.up1(F.interpolate(x, scale_factor=2.0, mode="nearest"))
        x = self.u1t(self.u1(torch.cat([x, s1], dim=1), temb), ctx)
        x = self.up0(F.interpolate(x, scale_factor=2.0, mode="nearest"))
        x = self.u0(torch.cat([x, s0], dim=1), temb)
        return self.conv_out(F.silu(self.norm_out(x)))
