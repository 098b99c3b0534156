"""Make "scanned" PDFs from the project's own digital samples, for the OCR tests.

Each page of a digital PDF is rendered to a bitmap with pypdfium2, then made to look like
a scan: turned by a degree or two, with light grain, and (on chosen pages) a red circular
company seal (公章 / 合同专用章 style: a ring, a star and text along the ring) stamped
over a paragraph with a multiply blend, as ink is. The images are wrapped into a PDF with
Pillow (JPEG images, no text layer at all).

Pillow and pypdfium2 only (both are clausecheck dependencies): no numpy, so the tests
that need no OCR engine can make scans too. Files are made in a temporary folder at test
time; none is committed.

    make_scan(Path("samples/zh_strong.pdf"), tmp / "scan.pdf", pages=[0, 1])
    make_mixed(digital, scan, tmp / "mixed.pdf", [("digital", 0), ("scan", 1)])
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFont

SCALE = 2.0  # 144 dpi, a common office-scanner setting for documents
DPI = 72 * SCALE
STAMP_RED = (214, 40, 40)

CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)


def render_pages(
    pdf: Path, pages: Sequence[int] | None = None, scale: float = SCALE
) -> list[Image.Image]:
    """The pages (0-based indices; all when None) of `pdf` as RGB images."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        indices = range(len(doc)) if pages is None else pages
        out = []
        for i in indices:
            page = doc[i]
            try:
                out.append(page.render(scale=scale).to_pil().convert("RGB"))
            finally:
                page.close()
        return out
    finally:
        doc.close()


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in CJK_FONTS:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def _has_cjk(font) -> bool:
    return isinstance(font, ImageFont.FreeTypeFont)


def stamp(
    img: Image.Image,
    center: tuple[float, float] = (0.62, 0.36),
    radius: float = 0.105,
    text: str = "星河网络科技有限公司",
    label: str = "合同专用章",
) -> Image.Image:
    """A red seal over `img`: centre and radius relative to the page width/height.

    Drawn as ink: multiplied into the page, so text under the seal stays dark under red.
    """
    w, h = img.size
    r = int(radius * w)
    cx, cy = int(center[0] * w), int(center[1] * h)
    size = 2 * r + 8
    layer = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(layer)
    c = size // 2
    ring = max(4, r // 16)
    draw.ellipse((c - r, c - r, c + r, c + r), outline=STAMP_RED, width=ring)
    # a five-pointed star in the middle
    star_r = r * 0.28
    points = []
    for k in range(10):
        rr = star_r if k % 2 == 0 else star_r * 0.4
        a = -math.pi / 2 + k * math.pi / 5
        points.append((c + rr * math.cos(a), c + rr * math.sin(a)))
    draw.polygon(points, fill=STAMP_RED)
    font_size = max(10, int(r * 0.24))
    font = _font(font_size)
    if not _has_cjk(font):
        text, label = "STAR NETWORK TECHNOLOGY CO LTD", "CONTRACT SEAL"
    # text along the upper arc, each character turned to face outwards
    span = math.radians(250)
    start = -math.pi / 2 - span / 2
    inner = r - ring - font_size * 0.75
    for i, ch in enumerate(text):
        a = start + span * (i + 0.5) / len(text)
        glyph = Image.new("L", (font_size * 2, font_size * 2), 0)
        ImageDraw.Draw(glyph).text((font_size, font_size), ch, font=font, fill=255, anchor="mm")
        glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC)
        gx = int(c + inner * math.cos(a) - font_size)
        gy = int(c + inner * math.sin(a) - font_size)
        layer.paste(Image.new("RGB", glyph.size, STAMP_RED), (gx, gy), glyph)
    draw.text((c, c + r * 0.52), label, font=font, fill=STAMP_RED, anchor="mm")
    full = Image.new("RGB", img.size, "white")
    full.paste(layer, (cx - c, cy - c))
    return ImageChops.multiply(img, full)


def scanify(
    img: Image.Image,
    *,
    angle: float = 0.0,
    noise: float = 10.0,
    seed: int = 0,
) -> Image.Image:
    """Turn the page by `angle` degrees and add grain (uniform, +-`noise` levels; seeded)."""
    out = img
    if angle:
        out = out.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor="white")
    if noise:
        raw = random.Random(seed).randbytes(out.size[0] * out.size[1])
        amp = noise / 128
        grain = Image.frombytes("L", out.size, raw).point(lambda v: round(128 + (v - 128) * amp))
        grain = Image.merge("RGB", (grain, grain, grain))
        out = ImageChops.add(out, grain, scale=1.0, offset=-128)
    return out


def images_to_pdf(images: Sequence[Image.Image], out: Path, dpi: float = DPI) -> Path:
    """A PDF with one JPEG image per page and no text layer."""
    first, *rest = [im.convert("RGB") for im in images]
    first.save(out, "PDF", save_all=True, append_images=rest, resolution=dpi, quality=85)
    return out


def make_scan(
    src: Path,
    out: Path,
    *,
    pages: Sequence[int] | None = None,
    angles: Sequence[float] = (1.2, -0.8, 1.8, -1.5),
    stamp_pages: Sequence[int] = (0,),
    noise: float = 10.0,
) -> Path:
    """A scanned copy of `src` (0-based `pages`, all when None): turned, grainy, stamped.

    Page k of the scan (0-based, in output order) is turned by angles[k % len(angles)]
    degrees; the pages at the output positions in `stamp_pages` get a red seal over a
    paragraph.
    """
    images = []
    for k, img in enumerate(render_pages(src, pages)):
        if k in stamp_pages:
            img = stamp(img)
        images.append(scanify(img, angle=angles[k % len(angles)] if angles else 0.0,
                              noise=noise, seed=k))  # fmt: skip
    return images_to_pdf(images, out)


def make_mixed(digital: Path, scan: Path, out: Path, layout: Sequence[tuple[str, int]]) -> Path:
    """A PDF whose pages come from `digital` or `scan`: layout [("digital", 0), ("scan", 1)]."""
    import pypdfium2 as pdfium

    sources = {"digital": pdfium.PdfDocument(str(digital)), "scan": pdfium.PdfDocument(str(scan))}
    new = pdfium.PdfDocument.new()
    try:
        for which, index in layout:
            new.import_pages(sources[which], [index])
        new.save(str(out))
    finally:
        new.close()
        for doc in sources.values():
            doc.close()
    return out
