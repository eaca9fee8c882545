"""GPT-2 architecture (learned positions, pre-LayerNorm, tanh GELU, tied embeddings) sized for
the starter pack. The same module trains (fp32) and exports (fp16 weights with Cast nodes and a
key/value cache in the transformers.js layout)."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

NEG = -1e9


class Weights(nn.Module):
    """Base for layers whose stored weights may be fp16 in an export: every use goes through
    w(), which casts back to fp32 so inputs, outputs and arithmetic stay float32."""

    def w(self, t):
        return t if t is None or t.dtype == torch.float32 else t.float()


class Linear(Weights):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(n_out, n_in) * 0.02)
        self.bias = nn.Parameter(torch.zeros(n_out))

    def forward(self, x):
        return F.linear(x, self.w(self.weight), self.w(self.bias))


class LayerNorm(Weights):
    def __init__(self, n):
        super().__init__()
        self.n = n
        self.weight = nn.Parameter(torch.ones(n))
        self.bias = nn.Parameter(torch.zeros(n))

    def forward(self, x):
        return F.layer_norm(x, (self.n,), self.w(self.weight), self.w(self.bias), 1e-5)


class Block(nn.Module):
    def __init__(self, n_embd, n_head, dropout):
        super().__init__()
        self.n_head = n_head
        self.n_embd = n_embd
        self.ln_1 = LayerNorm(n_embd)
        self.c_attn = Linear(n_embd, 3 * n_embd)
        self.attn_proj = Linear(n_embd, n_embd)
        self.ln_2 = LayerNorm(n_embd)
        self.c_fc = Linear(n_embd, 4 * n_embd)
        self.mlp_proj = Linear(4 * n_embd, n_embd)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, bias, past_k=None, past_v=None):
        b, s = x.shape[0], x.shape[1]
        c, h = self.n_embd, self.n_head
        q, k, v = self.c_attn(self.ln_1(x)).split(c, dim=2)
        q = q.reshape(b, s, h, c // h).transpose(1, 2)
        k = k.reshape(b, s, h, c // h).transpose(1, 2)
        v = v.reshape(b, s, h, c // h).transpose(1, 2)
        if past_k is not None:
            k = torch.cat([past_k, k], dim=2)
            v = torch.cat([past_v, v], dim=2)
        # einsum: torch 1.13 on CPU is slow on batched matmuls of transposed tensors
        att = torch.einsum("bhsd,bhtd->bhst", q, k) * (1.0 / math.sqrt(c // h)) + bias
        att = self.drop(torch.softmax(att, dim=-1))
        y = torch.einsum("bhst,bhtd->bhsd", att, v).transpose(1, 2).reshape(b, s, c)
        x = x + self.drop(self.attn_proj(y))
        x = x + self.drop(self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh")))
        return x, k, v


class GPT(Weights):
    def __init__(self, vocab_size, n_layer, n_head, n_embd, n_positions, dropout=0.0):
        super().__init__()
        self.wte = nn.Parameter(torch.randn(vocab_size, n_embd) * 0.02)
        self.wpe = nn.Parameter(torch.randn(n_positions, n_embd) * 0.01)
        self.drop = nn.Dropout(dropout)
        self.h = nn.ModuleList([Block(n_embd, n_head, dropout) for _ in range(n_layer)])
        self.ln_f = LayerNorm(n_embd)
        # GPT-2's scaled init of the residual projections
        for blk in self.h:
            for lin in (blk.attn_proj, blk.mlp_proj):
                nn.init.normal_(lin.weight, std=0.02 / math.sqrt(2 * n_layer))

    def forward(self, idx):
        """Training path: full causal attention over idx [B, S] -> logits [B, S, V]."""
        s = idx.shape[1]
        pos = torch.arange(s)
        bias = torch.full((s, s), NEG).triu(1)
        wte = self.w(self.wte)
        x = self.drop(wte[idx] + self.w(self.wpe)[pos])
        for blk in self.h:
            x, _, _ = blk(x, bias)
        return self.ln_f(x) @ wte.t()

    def forward_cached(self, input_ids, attention_mask, position_ids, past):
        """Inference path in the Optimum GPT-2 signature; past is [(k, v)] per layer with
        k, v [B, H, P, D]; returns logits and the grown cache."""
        s = input_ids.shape[1]
        t = attention_mask.shape[1]
        qpos = torch.arange(s) + (t - s)
        kpos = torch.arange(t)
        causal = (kpos[None, :] > qpos[:, None]).float() * NEG
        pad = (1.0 - attention_mask.float())[:, None, None, :] * NEG
        bias = causal[None, None] + pad
        wte = self.w(self.wte)
        x = F.embedding(input_ids, wte) + F.embedding(position_ids, self.w(self.wpe))
        present = []
        for blk, (pk, pv) in zip(self.h, past):
            x, k, v = blk(x, bias, pk, pv)
            present.append((k, v))
        return self.ln_f(x) @ wte.t(), present
