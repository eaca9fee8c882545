"""Byte-level BPE training and encoding (GPT-2 style and CLIP style), written to the file
formats that @huggingface/tokenizers and the CLIP loaders read."""
import heapq
from collections import Counter

import regex

GPT2_PATTERN = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
CLIP_PATTERN = r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+"""


def bytes_to_unicode():
    """GPT-2's reversible byte -> printable character table, in GPT-2's id order."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


BYTE_ENCODER = bytes_to_unicode()
BYTE_DECODER = {v: k for k, v in BYTE_ENCODER.items()}


def to_byte_chars(word):
    return "".join(BYTE_ENCODER[b] for b in word.encode("utf-8"))


def learn_merges(word_counts, n_merges, suffix=""):
    """Learn up to n_merges merges from {pre-token: count}. Each word is split into its byte
    characters, the last one carrying `suffix` (CLIP's "</w>"). Ties break on the pair's text so
    the result is deterministic."""
    words, freqs = [], []
    for w, c in word_counts.items():
        syms = list(to_byte_chars(w))
        if not syms:
            continue
        syms[-1] += suffix
        words.append(syms)
        freqs.append(c)
    pair_counts = Counter()
    where = {}
    for i, syms in enumerate(words):
        for p in zip(syms, syms[1:]):
            pair_counts[p] += freqs[i]
            where.setdefault(p, set()).add(i)
    heap = [(-c, p) for p, c in pair_counts.items()]
    heapq.heapify(heap)
    merges = []
    while len(merges) < n_merges and heap:
        negc, pair = heapq.heappop(heap)
        if pair_counts.get(pair, 0) != -negc or -negc <= 0:
            continue
        merges.append(pair)
        new_sym = pair[0] + pair[1]
        touched = set()
        for i in list(where.get(pair, ())):
            syms, f = words[i], freqs[i]
            for p in zip(syms, syms[1:]):
                pair_counts[p] -= f
                touched.add(p)
            out, j = [], 0
            while j < len(syms):
                if j + 1 < len(syms) and syms[j] == pair[0] and syms[j + 1] == pair[1]:
                    out.append(new_sym)
                    j += 2
                else:
                    out.append(syms[j])
                    j += 1
            words[i] = out
            for p in zip(out, out[1:]):
                pair_counts[p] += f
                touched.add(p)
                where.setdefault(p, set()).add(i)
        where.pop(pair, None)
        pair_counts.pop(pair, None)
        for p in touched:
            c = pair_counts.get(p, 0)
            if c > 0:
                heapq.heappush(heap, (-c, p))
    return merges


class ByteBPE:
    """Encoder for a learned merge list (GPT-2 flavour: no suffix, no lowercasing)."""

    def __init__(self, vocab, merges, pattern=GPT2_PATTERN, suffix=""):
        self.vocab = vocab
        self.ranks = {tuple(m): i for i, m in enumerate(merges)}
        self.pattern = regex.compile(pattern)
        self.suffix = suffix
        self.cache = {}
        self.inverse = {i: t for t, i in vocab.items()}

    def _word(self, w):
        hit = self.cache.get(w)
        if hit is not None:
            return hit
        syms = list(to_byte_chars(w))
        syms[-1] += self.suffix
        while len(syms) > 1:
            best = min(((self.ranks.get(p, 1 << 30), k) for k, p in enumerate(zip(syms, syms[1:]))))
            if best[0] == 1 << 30:
                break
            k = best[1]
            syms = syms[:k] + [syms[k] + syms[k + 1]] + syms[k + 2:]
        ids = [self.vocab[s] for s in syms]
        self.cache[w] = ids
        return ids

    def encode(self, text):
        out = []
        for w in self.pattern.findall(text):
            out.extend(self._word(w))
        return out

    def decode(self, ids):
        text = "".join(self.inverse[i] for i in ids)
        if self.suffix:
            text = text.replace(self.suffix, " ")
        return bytearray(BYTE_DECODER[c] for c in text if c in BYTE_DECODER).decode("utf-8", errors="replace")


def gpt2_vocab(merges, eos="<|endoftext|>"):
    """Vocabulary in GPT-2 order: 256 byte characters, one token per merge, eos last."""
    vocab = {c: i for i, c in enumerate(BYTE_ENCODER.values())}
    for a, b in merges:
        vocab.setdefault(a + b, len(vocab))
    vocab[eos] = len(vocab)
    return vocab


def gpt2_tokenizer_json(vocab, merges, eos="<|endoftext|>"):
    """tokenizer.json in the Hugging Face tokenizers format, laid out like GPT-2's own."""
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [{"id": vocab[eos], "content": eos, "single_word": False, "lstrip": False,
                          "rstrip": False, "normalized": True, "special": True}],
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                  "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False,
                  "vocab": vocab, "merges": [f"{a} {b}" for a, b in merges]},
    }


def clip_vocab(merges, bos="<|startoftext|>", eos="<|endoftext|>"):
    """Vocabulary in CLIP order: 256 byte characters, the same with "</w>", merges, bos, eos."""
    chars = list(BYTE_ENCODER.values())
    vocab = {c: i for i, c in enumerate(chars)}
    for c in chars:
        vocab[c + "</w>"] = len(vocab)
    for a, b in merges:
        vocab.setdefault(a + b, len(vocab))
    vocab[bos] = len(vocab)
    vocab[eos] = len(vocab)
    return vocab
