"""Procedural storybook scenes with captions generated from their composition: a sky by time of
day (sun, moon, stars, clouds), a ground (grass, sea, snow, sand) and one main object in a named
colour. The same module measures a picture back (sky brightness, ground colour, object colour)
so evaluation can check whether a generated picture matches its caption."""
import numpy as np

SIZE = 128
TIMES = ["day", "sunset", "night"]
GROUNDS = ["grass", "sea", "snow", "sand"]
LAND_OBJECTS = ["house", "tree", "castle", "mountain", "flower", "cat", "dog", "rabbit", "bird"]
COLOURS = {"red": (205, 40, 40), "orange": (240, 135, 25), "yellow": (245, 215, 40), "green": (50, 165, 60),
           "blue": (45, 85, 215), "purple": (135, 55, 180), "pink": (245, 140, 190), "white": (248, 248, 248),
           "brown": (125, 75, 35)}
GROUND_RGB = {"grass": (95, 175, 70), "sea": (40, 110, 185), "snow": (235, 240, 248), "sand": (228, 198, 135)}
SKY_RGB = {"day": ((75, 135, 225), (165, 205, 245)), "sunset": ((150, 80, 120), (250, 150, 85)),
           "night": ((12, 16, 45), (35, 45, 95))}
# colours that would vanish into a ground, or make no sense for an object
CLASH = {"grass": {"green"}, "sea": {"blue"}, "snow": {"white"}, "sand": {"yellow", "orange", "brown"}}
OBJECT_BOX = (34, 94, 38, 112)  # x0, x1, y0, y1: where the main object is drawn, and measured

YY, XX = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32) + 0.5
PX = 1.0  # pixels per drawing unit: the anti-aliasing ramps stay one pixel wide at any size


def _use_grid(size):
    """Point the drawing grid at size x size pixels while keeping 128-unit coordinates."""
    global YY, XX, PX
    PX = size / SIZE
    YY, XX = (np.mgrid[0:size, 0:size].astype(np.float32) + 0.5) / np.float32(PX)


def _blend(img, alpha, rgb):
    a = alpha[..., None]
    img *= 1 - a
    img += a * np.asarray(rgb, np.float32)


def _circle(cx, cy, r):
    return np.clip((r - np.hypot(XX - cx, YY - cy)) * PX + 0.5, 0, 1)


def _ellipse(cx, cy, rx, ry):
    d = np.hypot((XX - cx) / rx, (YY - cy) / ry)
    return np.clip((1 - d) * min(rx, ry) * PX + 0.5, 0, 1)


def _rect(x0, y0, x1, y1):
    d = np.maximum(np.maximum(x0 - XX, XX - x1), np.maximum(y0 - YY, YY - y1))
    return np.clip(0.5 - d * PX, 0, 1)


def _poly(points):
    """Convex polygon (clockwise in image coordinates) by intersecting half-planes."""
    d = np.full(XX.shape, -1e9, np.float32)
    n = len(points)
    for i in range(n):
        (x0, y0), (x1, y1) = points[i], points[(i + 1) % n]
        nx, ny = y1 - y0, x0 - x1
        ln = np.hypot(nx, ny) or 1.0
        d = np.maximum(d, ((XX - x0) * nx + (YY - y0) * ny) / ln)
    return np.clip(0.5 - d * PX, 0, 1)


def _shade(rgb, f):
    return tuple(float(np.clip(c * f, 0, 255)) for c in rgb)


def _tint(rgb, f):
    return tuple(c + (255 - c) * f for c in rgb)


def _jitter(rgb, rng, amount=12):
    return tuple(float(np.clip(c + rng.uniform(-amount, amount), 0, 255)) for c in rgb)


def compose(rng):
    """Draw a random composition: which time, ground, object, colour and extras."""
    time = TIMES[rng.integers(len(TIMES))]
    ground = GROUNDS[rng.integers(len(GROUNDS))]
    obj = "boat" if ground == "sea" else LAND_OBJECTS[rng.integers(len(LAND_OBJECTS))]
    allowed = [c for c in COLOURS if c not in CLASH[ground] and not (obj == "mountain" and c == "white")]
    colour = allowed[rng.integers(len(allowed))]
    extras = []
    if time == "night":
        extras = ["moon", "stars"] if rng.random() < 0.6 else (["moon"] if rng.random() < 0.5 else ["stars"])
    else:
        if rng.random() < 0.7:
            extras.append("sun")
        if rng.random() < 0.6 or not extras:
            extras.append("clouds")
    return {"time": time, "ground": ground, "object": obj, "colour": colour, "extras": extras}


def caption(comp, rng):
    """A short storybook caption naming the object, its colour, the ground, the time and extras."""
    c, o = comp["colour"], comp["object"]
    article = "an" if c[0] in "aeiou" else "a"
    where = {"grass": ["on the grass", "in a green meadow", "on a grassy hill"],
             "sea": ["on the sea", "sailing on the blue sea", "on the waves"],
             "snow": ["in the snow", "on a snowy field", "in a white winter land"],
             "sand": ["on the sand", "on a sandy beach", "in the desert sand"]}[comp["ground"]]
    when = {"day": ["in the daytime", "on a bright day", "under a blue sky"],
            "sunset": ["at sunset", "in the evening", "under an orange sunset sky"],
            "night": ["at night", "in the dark night", "under a night sky"]}[comp["time"]]
    names = {"sun": "the sun", "clouds": "clouds", "moon": "the moon", "stars": "stars"}
    extra = " and ".join(names[e] for e in comp["extras"])
    w, t = where[rng.integers(3)], when[rng.integers(3)]
    forms = [f"{article} {c} {o} {w} {t} with {extra}",
             f"{t}, {article} {c} {o} {w}",
             f"{article} {c} {o} {w}, {t}",
             f"{extra} {t} and {article} {c} {o} {w}"]
    return forms[rng.integers(len(forms))]


def render(comp, rng):
    """Paint a composition as a 128x128 RGB uint8 picture (render_at draws it larger)."""
    top, bottom = SKY_RGB[comp["time"]]
    horizon = float(rng.uniform(72, 88))
    t = np.clip(YY / horizon, 0, 1)[..., None]
    img = (np.asarray(_jitter(top, rng), np.float32) * (1 - t) + np.asarray(_jitter(bottom, rng), np.float32) * t)
    img = np.ascontiguousarray(img)
    side = rng.integers(2)  # sky objects stay left or right of the object box
    sx = float(rng.uniform(8, 26) if side == 0 else rng.uniform(102, 120))
    if "stars" in comp["extras"]:
        for _ in range(rng.integers(12, 30)):
            x, y = rng.uniform(2, 126), rng.uniform(2, min(horizon - 8, 36))
            _blend(img, _circle(x, y, rng.uniform(0.6, 1.3)), (255, 250, 220))
    if "sun" in comp["extras"]:
        if comp["time"] == "sunset":
            _blend(img, _circle(sx, horizon - 6, rng.uniform(10, 14)), (255, 120, 40))
        else:
            _blend(img, _circle(sx, rng.uniform(12, 24), rng.uniform(7, 10)), (255, 225, 60))
    if "moon" in comp["extras"]:
        my, r = rng.uniform(12, 24), rng.uniform(6, 9)
        moon = _circle(sx, my, r)
        if rng.random() < 0.5:
            moon = moon * (1 - _circle(sx + r * 0.55, my - r * 0.25, r))
        _blend(img, moon, (245, 240, 200))
    if "clouds" in comp["extras"]:
        shade = (250, 250, 252) if comp["time"] == "day" else (240, 175, 170)
        for _ in range(rng.integers(1, 4)):
            cx, cy = rng.uniform(10, 118), rng.uniform(8, 28)
            blob = np.zeros_like(XX)
            for k in range(4):
                blob = np.maximum(blob, _circle(cx + (k - 1.5) * 6 + rng.uniform(-2, 2), cy + rng.uniform(-3, 3),
                                                rng.uniform(4, 7)))
            _blend(img, blob, shade)
    g = comp["ground"]
    grgb = _jitter(GROUND_RGB[g], rng, 8)
    land = np.clip((YY - horizon) * PX + 0.5, 0, 1)
    _blend(img, land, grgb)
    if g == "sea":
        for _ in range(14):
            x, y = rng.uniform(0, 128), rng.uniform(horizon + 3, 126)
            _blend(img, _ellipse(x, y, rng.uniform(4, 8), 0.8) * 0.7, _tint(grgb, 0.35))
    elif g == "grass":
        for _ in range(20):
            x, y = rng.uniform(0, 128), rng.uniform(horizon + 3, 126)
            _blend(img, _ellipse(x, y, 1.2, 2.5) * 0.6, _shade(grgb, 0.75))
    elif g == "sand":
        for _ in range(25):
            _blend(img, _circle(rng.uniform(0, 128), rng.uniform(horizon + 2, 126), 0.8) * 0.6, _shade(grgb, 0.85))
    base = float(rng.uniform(98, 106))
    _draw_object(img, comp["object"], _jitter(COLOURS[comp["colour"]], rng, 10), base, horizon, rng)
    return np.clip(img + 0.5, 0, 255).astype(np.uint8)


def _draw_object(img, obj, rgb, base, horizon, rng):
    cx = float(rng.uniform(56, 72))
    s = float(rng.uniform(0.85, 1.1))
    dark = _shade(rgb, 0.72)
    brown = (110, 70, 35)
    if obj == "house":
        w, h = 34 * s, 24 * s
        _blend(img, _rect(cx - w / 2, base - h, cx + w / 2, base), rgb)
        _blend(img, _poly([(cx - w / 2 - 4, base - h), (cx, base - h - 18 * s), (cx + w / 2 + 4, base - h)]), dark)
        _blend(img, _rect(cx - 4 * s, base - 13 * s, cx + 4 * s, base), brown)
        _blend(img, _rect(cx + 7 * s, base - h + 5, cx + 13 * s, base - h + 11), (250, 235, 140))
    elif obj == "tree":
        _blend(img, _rect(cx - 3.5 * s, base - 26 * s, cx + 3.5 * s, base), brown)
        for dx, dy, r in ((0, -42, 15), (-10, -32, 11), (10, -32, 11)):
            _blend(img, _circle(cx + dx * s, base + dy * s, r * s), rgb)
    elif obj == "castle":
        w, h = 40 * s, 28 * s
        _blend(img, _rect(cx - w / 2, base - h, cx + w / 2, base), rgb)
        for tx in (-w / 2, w / 2 - 10 * s):
            _blend(img, _rect(cx + tx, base - h - 16 * s, cx + tx + 10 * s, base), dark)
            _blend(img, _poly([(cx + tx - 2, base - h - 16 * s), (cx + tx + 5 * s, base - h - 28 * s),
                               (cx + tx + 10 * s + 2, base - h - 16 * s)]), dark)
        for k in range(3):
            x = cx - 8 * s + k * 7 * s
            _blend(img, _rect(x, base - h - 5 * s, x + 4 * s, base - h + 1), rgb)
        _blend(img, _ellipse(cx, base - 1, 6 * s, 12 * s) * _rect(0, 0, 128, base), (60, 40, 30))
    elif obj == "mountain":
        top = horizon - 46 * s
        _blend(img, _poly([(cx - 34 * s, base), (cx, top), (cx + 34 * s, base)]), rgb)
        _blend(img, _poly([(cx - 9 * s, top + 12 * s), (cx, top), (cx + 9 * s, top + 12 * s)]), (248, 248, 252))
    elif obj == "flower":
        _blend(img, _rect(cx - 1.5 * s, base - 30 * s, cx + 1.5 * s, base), (40, 130, 45))
        _blend(img, _ellipse(cx + 6 * s, base - 12 * s, 6 * s, 2.5 * s), (40, 130, 45))
        fy = base - 36 * s
        for k in range(6):
            a = k * np.pi / 3
            _blend(img, _circle(cx + np.cos(a) * 8 * s, fy + np.sin(a) * 8 * s, 6.5 * s), rgb)
        _blend(img, _circle(cx, fy, 4.5 * s), (250, 210, 50) if rgb[1] < 180 or rgb[0] < 200 else (150, 90, 30))
    elif obj == "boat":
        by = base - 6
        _blend(img, _poly([(cx - 24 * s, by - 8 * s), (cx + 24 * s, by - 8 * s), (cx + 16 * s, by + 3 * s),
                           (cx - 16 * s, by + 3 * s)]), rgb)
        _blend(img, _rect(cx - 1, by - 38 * s, cx + 1, by - 8 * s), brown)
        _blend(img, _poly([(cx + 2, by - 37 * s), (cx + 20 * s, by - 11 * s), (cx + 2, by - 11 * s)]), _tint(rgb, 0.25))
    elif obj in ("cat", "dog", "rabbit"):
        _blend(img, _ellipse(cx, base - 10 * s, 15 * s, 9 * s), rgb)
        hx, hy = cx + 14 * s, base - 22 * s
        for lx in (-9, -3, 4, 10):
            _blend(img, _rect(cx + lx * s - 2, base - 6 * s, cx + lx * s + 2, base), dark)
        if obj == "cat":
            _blend(img, _poly([(hx - 7 * s, hy - 3 * s), (hx - 5 * s, hy - 14 * s), (hx, hy - 6 * s)]), rgb)
            _blend(img, _poly([(hx, hy - 6 * s), (hx + 5 * s, hy - 14 * s), (hx + 7 * s, hy - 3 * s)]), rgb)
            _blend(img, _ellipse(cx - 17 * s, base - 20 * s, 2.5 * s, 10 * s), rgb)
        elif obj == "rabbit":
            for ex in (-3, 3):
                _blend(img, _ellipse(hx + ex * s, hy - 14 * s, 2.8 * s, 10 * s), rgb)
            _blend(img, _circle(cx - 15 * s, base - 14 * s, 4 * s), _tint(rgb, 0.6))
        else:
            _blend(img, _ellipse(cx - 17 * s, base - 17 * s, 2.5 * s, 7 * s), rgb)
        _blend(img, _circle(hx, hy, 8 * s), rgb)
        if obj == "dog":
            _blend(img, _ellipse(hx - 6 * s, hy + 2 * s, 3 * s, 7 * s), dark)
        _blend(img, _circle(hx + 3 * s, hy - 2 * s, 1.3 * s), (20, 20, 20))
    elif obj == "bird":
        by = float(rng.uniform(55, 70))
        _blend(img, _ellipse(cx, by, 13 * s, 8 * s), rgb)
        _blend(img, _circle(cx + 11 * s, by - 6 * s, 6 * s), rgb)
        _blend(img, _poly([(cx + 16 * s, by - 8 * s), (cx + 24 * s, by - 5 * s), (cx + 16 * s, by - 3 * s)]),
               (245, 150, 30))
        _blend(img, _poly([(cx - 8 * s, by - 2 * s), (cx + 2 * s, by - 20 * s), (cx + 4 * s, by - 2 * s)]), dark)
        _blend(img, _circle(cx + 13 * s, by - 7 * s, 1.2 * s), (20, 20, 20))


def render_at(comp, rng, size):
    """Paint a composition at size x size pixels: the same drawing as render() with the same
    random draws, sampled on a finer grid (the true high-resolution picture for upscaling)."""
    _use_grid(size)
    try:
        return render(comp, rng)
    finally:
        _use_grid(SIZE)


def scene(rng, empty_caption_rate):
    """One training example: (picture, caption, composition); some captions are empty."""
    comp = compose(rng)
    img = render(comp, rng)
    text = "" if rng.random() < empty_caption_rate else caption(comp, rng)
    return img, text, comp


# ---- measuring a picture --------------------------------------------------------------

def measure_time(img):
    """Sky class from the top quarter: dark -> night; red above blue -> sunset; else day."""
    sky = img[:28].reshape(-1, 3).astype(np.float32)
    r, g, b = np.median(sky, axis=0)
    luma = 0.299 * r + 0.587 * g + 0.114 * b
    if luma < 70:
        return "night"
    return "sunset" if r > b else "day"


def measure_ground(img):
    """Nearest reference ground colour to the median of the bottom ten rows."""
    px = np.median(img[-10:].reshape(-1, 3).astype(np.float32), axis=0)
    return min(GROUND_RGB, key=lambda k: np.sum((px - np.asarray(GROUND_RGB[k])) ** 2))


def measure_colour(img):
    """Main object's colour: inside the object box, the pixels that differ from the row's
    background (median of the 8 leftmost and 8 rightmost pixels) are named by the nearest
    palette colour; the most common name wins (None if nothing stands out)."""
    x0, x1, y0, y1 = OBJECT_BOX
    f = img.astype(np.float32)
    bg = np.median(np.concatenate([f[:, :8], f[:, -8:]], axis=1), axis=1)  # [H, 3]
    box = f[y0:y1, x0:x1]
    diff = np.sqrt(((box - bg[y0:y1, None, :]) ** 2).sum(-1))
    px = box[diff > 60]
    if len(px) < 20:
        return None
    # each colour also in the shade and the tint the drawings use (roofs, towers, sails)
    names = [n for n in COLOURS for _ in range(3)]
    pal = np.asarray([v for c in COLOURS.values() for v in (c, _shade(c, 0.72), _tint(c, 0.25))], np.float32)
    idx = np.argmin(((px[:, None, :] - pal[None]) ** 2).sum(-1), axis=1)
    votes = {}
    for i in idx:
        votes[names[i]] = votes.get(names[i], 0) + 1
    return max(votes, key=votes.get)
