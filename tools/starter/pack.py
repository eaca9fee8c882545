"""pack.json writer shared by the text and image exports."""
import hashlib
import json
import os


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_pack(folder, manifest):
    """Write folder/pack.json listing every other file in the folder with its size and sha256."""
    files = []
    for root, _, names in os.walk(folder):
        for n in sorted(names):
            p = os.path.join(root, n)
            rel = os.path.relpath(p, folder).replace(os.sep, "/")
            if rel == "pack.json":
                continue
            files.append({"path": rel, "size": os.path.getsize(p), "sha256": sha256(p)})
    files.sort(key=lambda f: f["path"])
    out = {"formatVersion": 1, **manifest, "files": files}
    with open(os.path.join(folder, "pack.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=2)
        f.write("\n")
    return out


def relist_pack(folder):
    """Rewrite folder/pack.json with its fields kept and its file list taken again from the folder."""
    with open(os.path.join(folder, "pack.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    manifest.pop("formatVersion")
    manifest.pop("files")
    return write_pack(folder, manifest)


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2, ensure_ascii=False)
        f.write("\n")
