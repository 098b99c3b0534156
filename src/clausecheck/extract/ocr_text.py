"""The text side of OCR: punctuation fixed to the line's script, spaces restored from the
gaps in the line image, and recognised boxes put in reading order. Pure functions of
the engine's output (numpy and cv2 only where a line image is measured)."""

from __future__ import annotations

import itertools
import math
import unicodedata
from collections.abc import Iterable
from typing import Any

# A recognised box: four corner points (clockwise from the top left), text, score.
Box = tuple[list[list[float]], str, float]


# ---------------------------------------------------------------------------------------
# spaces


def _is_cjk(c: str) -> bool:
    o = ord(c)
    return (
        0x2E80 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFE30 <= o <= 0xFE4F
        or 0xFF00 <= o <= 0xFFEF
        or 0x20000 <= o <= 0x2FFFF
    )


_FULL_TO_ASCII = dict(zip("，；：（）！？", ",;:()!?", strict=True))
_ASCII_TO_FULL = {v: k for k, v in _FULL_TO_ASCII.items()}


def _cjk_line(text: str) -> bool:
    return sum(map(_is_cjk, text)) > 0.2 * len(text)


def fix_marks(text: str) -> str:
    """Full-width or ASCII punctuation as the line's language writes it.

    The recogniser mixes them up: "Software，the" and "甲方(买方". In an English line
    full-width marks not next to a Chinese character become ASCII; in a Chinese line
    ASCII marks next to a Chinese character become full-width, and a full-width mark
    between two ASCII letters or digits (9：00) becomes ASCII. One character for one, so
    the positions of the characters on the line stay as they were.
    """
    if not any(c in _FULL_TO_ASCII or c in _ASCII_TO_FULL for c in text):
        return text
    cjk_line = _cjk_line(text)
    chars = list(text)
    for i, c in enumerate(text):
        if c not in _FULL_TO_ASCII and c not in _ASCII_TO_FULL:
            continue
        left = text[:i].rstrip()[-1:]
        right = text[i + 1 :].lstrip()[:1]
        if c in _FULL_TO_ASCII:
            if cjk_line:
                ascii_both = all(x.isascii() and x.isalnum() for x in (left, right) if x)
                if left and right and ascii_both:
                    chars[i] = _FULL_TO_ASCII[c]
            elif not (_is_cjk(left or " ") or _is_cjk(right or " ")):
                chars[i] = _FULL_TO_ASCII[c]
        elif cjk_line and any(x and _is_cjk(x) and x.isalpha() for x in (left, right)):
            chars[i] = _ASCII_TO_FULL[c]
    return "".join(chars)


def restore_spaces(crop: Any, text: str, info: Any) -> str:
    """Put back the spaces the recogniser left out, from the gaps in the line image.

    `info` is the engine's word information for the line: [columns, words, their
    column positions, ...]; each character's CTC column gives its position on the line.
    Between two characters a blank gap (columns with no ink) wider than a word space is
    a space: for Latin letters and digits the line's own gaps are split where they jump
    (inside words 1-4 pixels, between words 6 and more at the usual sizes), between
    Chinese characters only a wide gap counts (normalisation drops those spaces again,
    except after 第N条, where a heading's space matters), and never next to a full-width
    mark.
    """
    import cv2
    import numpy as np

    total = float(info[0])
    cols = [c for word in info[2] for c in word]
    if len(cols) != len(text) or total <= 0 or len(text) < 2:
        return text
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    _, bw = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    w = bw.shape[1]
    rows = np.nonzero(bw.sum(axis=1) >= max(2, 0.01 * w))[0]
    if len(rows) == 0:
        return text
    ink_h = float(rows[-1] - rows[0] + 1)
    blank = bw.sum(axis=0) <= 1
    xs = [(c + 0.5) / total * w for c in cols]
    # blank runs (start, end) of the line
    runs: list[tuple[int, int]] = []
    edges = np.flatnonzero(np.diff(np.concatenate(([0], blank.astype(np.int8), [0]))))
    for s, e in zip(edges[::2], edges[1::2], strict=True):
        if s > 0 and e < w:
            runs.append((int(s), int(e)))
    # In a Chinese line curly quotes are full-width marks: no space goes next to them.
    cjk_line = _cjk_line(text)

    def tight(c: str) -> bool:
        return _is_cjk(c) or (cjk_line and c in "“”‘’")

    gaps: list[tuple[int, float, bool]] = []  # (index of the left character, width, latin)
    for i in range(len(text) - 1):
        a, b = text[i], text[i + 1]
        if a.isspace() or b.isspace():
            continue
        chinese = tight(a) or tight(b)
        if chinese and any(
            tight(c) and not unicodedata.category(c).startswith("L") for c in (a, b)
        ):
            continue  # next to a full-width mark (，。：（）“”): never a space
        lo_x, hi_x = xs[i], xs[i + 1]
        width = max((e - s for s, e in runs if lo_x <= (s + e) / 2 <= hi_x), default=0)
        if width:
            gaps.append((i, float(width), not chinese))
    # Latin gaps split where their sizes jump (letters 1-4 px apart, words 6 and more),
    # within what a word space can be: a quarter to a third of the ink height (~1 em).
    latin = sorted({g for _, g, is_latin in gaps if is_latin})
    threshold = 0.30 * ink_h
    best_ratio = 1.5
    for small, big in itertools.pairwise(latin):
        if big / small >= best_ratio:
            best_ratio, threshold = big / small, math.sqrt(small * big)
    threshold = min(max(threshold, 0.25 * ink_h), 0.36 * ink_h)
    cjk_threshold = 0.33 * ink_h
    after = {i for i, g, is_latin in gaps if g > (threshold if is_latin else cjk_threshold)}
    if not after:
        return text
    return "".join(c + (" " if i in after else "") for i, c in enumerate(text))


# ---------------------------------------------------------------------------------------
# reading order


def lines_from_boxes(boxes: Iterable[Box]) -> list[str]:
    """Text lines in reading order: top to bottom, and left to right within a line.

    The skew is the median slope of the wide boxes; box corners are turned back by it,
    then a box joins the line it overlaps vertically by at least half the smaller height.
    Boxes of one line are joined with a space (none between two Chinese characters).
    """
    items = [(pts, text.strip(), score) for pts, text, score in boxes if text.strip()]
    if not items:
        return []
    slopes = []
    for pts, _, _ in items:
        (x0, y0), (x1, y1) = pts[0], pts[1]
        (x3, y3) = pts[3]
        width, height = math.hypot(x1 - x0, y1 - y0), math.hypot(x3 - x0, y3 - y0)
        if width > 3 * height and x1 > x0:
            slopes.append(math.atan2(y1 - y0, x1 - x0))
    angle = sorted(slopes)[len(slopes) // 2] if slopes else 0.0
    angle = max(-0.2, min(0.2, angle))
    cos, sin = math.cos(-angle), math.sin(-angle)
    placed = []
    for pts, text, _ in items:
        xs = [x * cos - y * sin for x, y in pts]
        ys = [x * sin + y * cos for x, y in pts]
        placed.append((min(ys), max(ys), min(xs), max(xs), text))
    placed.sort(key=lambda p: ((p[0] + p[1]) / 2, p[2]))

    lines: list[list[tuple[float, float, float, float, str]]] = []
    for box in placed:
        top, bottom = box[0], box[1]
        best, best_overlap = None, 0.0
        for line in lines[-2:]:
            l_top = sorted(b[0] for b in line)[len(line) // 2]
            l_bottom = sorted(b[1] for b in line)[len(line) // 2]
            overlap = min(bottom, l_bottom) - max(top, l_top)
            need = 0.5 * min(bottom - top, l_bottom - l_top)
            if overlap >= need and overlap > best_overlap:
                best, best_overlap = line, overlap
        if best is None:
            lines.append([box])
        else:
            best.append(box)
    out = []
    for line in lines:
        line.sort(key=lambda b: b[2])
        text = line[0][4]
        for b in line[1:]:
            sep = "" if _is_cjk(text[-1]) and _is_cjk(b[4][0]) else " "
            text += sep + b[4]
        out.append(text)
    return out
