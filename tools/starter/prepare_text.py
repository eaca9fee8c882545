"""Clean the public-domain corpus, hold one book out, train the byte-level BPE tokenizer and
write token arrays for training. Usage: python3 tools/starter/prepare_text.py"""
import json
import os
import re
import time
from collections import Counter

import numpy as np
import regex

from bpe import BYTE_ENCODER, GPT2_PATTERN, ByteBPE, gpt2_tokenizer_json, gpt2_vocab, learn_merges
from recipe import cache_dir, load_config, repo_path

GUTENBERG_START = re.compile(r"^\*\*\* ?START OF", re.M)
GUTENBERG_END = re.compile(r"^\*\*\* ?END OF", re.M)
HEADING = re.compile(r"^(chapter|book|part)\s+[ivxlc\d]+\b.*$|^[ivxlc]+\.?$", re.I)
FOOTNOTE = re.compile(r"^\(\d+\)|^\[\d+\]|^footnotes?:", re.I)
PUNCT = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\ufeff": None, "_": None})


def body(text, rule):
    """The story text between the per-book start and end markers (Gutenberg frame removed)."""
    m = GUTENBERG_START.search(text)
    if m:
        text = text[text.index("\n", m.start()) + 1:]
    m = GUTENBERG_END.search(text)
    if m:
        text = text[:m.start()]
    start = re.search(rule["start"], text, re.M)
    if not start:
        raise SystemExit(f"start marker not found: {rule['start']}")
    text = text[start.start():]
    if rule.get("end"):
        end = re.search(rule["end"], text, re.M)
        if not end:
            raise SystemExit(f"end marker not found: {rule['end']}")
        text = text[:end.start()]
    return text


def paragraphs(text):
    """Unwrapped paragraphs with straight quotes, without illustrations, footnotes or headings."""
    out = []
    for block in re.split(r"\n\s*\n", text.replace("\r", "")):
        lines = [l.strip() for l in block.split("\n") if l.strip()]
        if not lines:
            continue
        para = " ".join(lines).translate(PUNCT)
        para = re.sub(r"\[Illustration[^\]]*\]?", "", para)
        para = re.sub(r"\(\d+\)|\[\d+\]", "", para)
        para = para.replace("--", "—")
        para = re.sub(r"\s+", " ", para).strip()
        if not para or para.startswith("*") or FOOTNOTE.match(para) or HEADING.match(para):
            continue
        out.append(para)
    return out


def unsuitable_matcher(words):
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


def main():
    cfg = load_config()
    tc = cfg["text"]
    work = cache_dir(cfg, "text")
    corpus = repo_path(tc["corpusDir"])
    bad = unsuitable_matcher(tc["unsuitableWords"])
    stats = {"books": {}, "excluded": tc["excluded"]}
    docs, held = [], None
    for name, rule in sorted(tc["sources"].items()):
        with open(os.path.join(corpus, name), encoding="utf-8") as f:
            paras = paragraphs(body(f.read(), rule))
        kept = [p for p in paras if not bad.search(p)]
        stats["books"][name] = {"paragraphs": len(paras), "dropped": len(paras) - len(kept),
                                "chars": sum(len(p) for p in kept)}
        doc = "\n\n".join(kept)
        if name == tc["heldOut"]:
            held = doc
        else:
            docs.append(doc)
    with open(os.path.join(work, "train.txt"), "w", encoding="utf-8") as f:
        f.write("\n\n<|endoftext|>\n\n".join(docs))
    with open(os.path.join(work, "heldout.txt"), "w", encoding="utf-8") as f:
        f.write(held)

    t0 = time.time()
    pat = regex.compile(GPT2_PATTERN)
    counts = Counter()
    for d in docs:
        counts.update(pat.findall(d))
    target = tc["vocabSize"] - 1  # eos takes the last id
    merges = learn_merges(counts, target - 256 + 64)
    # a merge can rebuild a token another merge already made, so count distinct tokens
    kept_merges, seen = [], set(BYTE_ENCODER.values())
    for a, b in merges:
        if len(seen) >= target:
            break
        kept_merges.append((a, b))
        seen.add(a + b)
    vocab = gpt2_vocab(kept_merges)
    assert len(vocab) == tc["vocabSize"], len(vocab)
    tok = gpt2_tokenizer_json(vocab, kept_merges)
    with open(os.path.join(work, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tok, f, ensure_ascii=False)
    bpe = ByteBPE(vocab, kept_merges)
    eos = vocab["<|endoftext|>"]
    ids = []
    for d in docs:
        ids.extend(bpe.encode(d))
        ids.append(eos)
    np.save(os.path.join(work, "train.npy"), np.array(ids, dtype=np.uint16))
    held_ids = bpe.encode(held)
    np.save(os.path.join(work, "heldout.npy"), np.array(held_ids, dtype=np.uint16))
    stats.update({"heldOut": tc["heldOut"], "trainTokens": len(ids), "heldOutTokens": len(held_ids),
                  "trainChars": sum(len(d) for d in docs), "heldOutChars": len(held),
                  "vocabSize": len(vocab), "tokenizerSeconds": round(time.time() - t0, 1)})
    with open(os.path.join(work, "prepare-stats.json"), "w") as f:
        json.dump(stats, f, indent=1)
    print(json.dumps(stats, indent=1))


if __name__ == "__main__":
    main()
