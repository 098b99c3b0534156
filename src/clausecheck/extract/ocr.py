"""OCR for PDF pages that have no usable text layer (the optional `ocr` extra).

    available() -> bool                       # is the engine installed? (imports nothing)
    read_pages(data, password, numbers, use_cache=..., progress=...) -> {page: [line, ...]}
    lines_from_boxes(boxes) -> [line, ...]    # recognised boxes in reading order

Why this engine: rapidocr-onnxruntime (Apache-2.0) runs PaddleOCR's PP-OCRv4 detection and
recognition models on onnxruntime. Its wheel ships the models themselves (Chinese and
English in one recognition model, about 16 MB), so `pip install "clausecheck[ocr]"` is all
it takes and nothing is ever downloaded at run time; it needs no system packages (opencv,
onnxruntime and numpy come as wheels) and no GPU. Tesseract, the usual alternative, needs
the tesseract program and its chi_sim/eng language data from the system's package manager
(apt, brew, an installer on Windows), and reads Chinese contracts less well. Newer
`rapidocr` releases (2.x/3.x) fetch their models from the network on first use, which an
offline tool must never do: the extra is pinned to `rapidocr-onnxruntime>=1.4.4,<1.5`,
and the model files are passed by path, from the installed wheel, to make sure of it.

How a page is read:

1. it is rendered with pypdfium2 (1600 pixels on the long side, about 140 dpi on A4);
2. coloured seals (公章, 合同专用章: a red or blue ring of ink, often stamped over the
   text) are washed out: inside an elliptical ring of coloured ink each pixel keeps its
   brightest channel, so the ink turns white and the black text under it stays;
3. the engine finds text lines and reads them. Its Chinese/English model often runs
   English words together ("ThisSourceCode"); the spaces are put back from the line
   image itself: gaps between letters much wider than the gaps inside words. (The engine's
   180-degree text-line classifier is off: it turns many upright English lines upside
   down. A page whose text reads badly is tried again turned by 180 degrees, and by 90
   when its lines stand upright.)
4. the boxes are put in reading order (`lines_from_boxes`): the page's skew is measured
   from the boxes, boxes on the same line are merged left to right, lines top to bottom.
   The lines then go through the same normalisation and paragraph building as a text
   layer (`clausecheck.normalize`).

A page with nothing like writing on it (fewer than three character-sized marks: a blank
sheet, a picture) is not given to the engine at all. The engine is loaded once per
process (a lazy module-level singleton, about 0.5 s); with `--jobs` each worker process
loads its own and runs onnxruntime on one thread.
Recognised pages are cached with the extraction cache (`clausecheck.cache`), keyed by the
rendered page's pixels and the engine and pipeline versions, so a second run over the
same scan, even with another --max-pages, reads nothing again.

numpy, opencv, onnxruntime and the engine are imported only when a page is read.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from clausecheck import cache
from clausecheck.extract.ocr_text import Box, fix_marks, lines_from_boxes, restore_spaces

__all__ = [
    "ENGINE_MODULE",
    "ENGINE_PACKAGE",
    "INSTALL_HINT",
    "PIPELINE_VERSION",
    "OcrUnavailable",
    "available",
    "boxes_from_json",
    "engine_version",
    "fix_marks",
    "lines_from_boxes",
    "load_engine",
    "looks_blank",
    "page_key",
    "page_source",
    "read_pages",
    "set_progress_hook",
]

ENGINE_PACKAGE = "rapidocr-onnxruntime"
ENGINE_MODULE = "rapidocr_onnxruntime"
INSTALL_HINT = 'pip install "clausecheck[ocr]"'
# Bump when rendering, seal removal, recognition or space restoration change: cached
# pages made by an older pipeline are then read again.
PIPELINE_VERSION = "ocr-1"

# Pixels on the long side of a rendered page: 1600 (about 140 dpi on A4) reads as well as
# 2000 (the engine's own limit) on 10-point text, 12% faster and with 250 MB less memory.
TARGET_LONG_SIDE = 1600
MIN_SCALE, MAX_SCALE = 1.0, 4.0
TEXT_SCORE = 0.5  # recognised lines less sure than this are dropped
RETRY_SCORE = 0.75  # a page whose lines score lower on average is tried turned round

_MODELS = {
    "det": "ch_PP-OCRv4_det_infer.onnx",
    "rec": "ch_PP-OCRv4_rec_infer.onnx",
    "cls": "ch_ppocr_mobile_v2.0_cls_infer.onnx",
}

Progress = Callable[[int, int], None]


class OcrUnavailable(Exception):
    """The OCR engine is not installed, or cannot be loaded (the message says which)."""


# ---------------------------------------------------------------------------------------
# the engine


def available() -> bool:
    """Is the OCR engine installed? Looks for the modules without importing them."""
    for name in (ENGINE_MODULE, "onnxruntime", "cv2", "numpy"):
        try:
            if importlib.util.find_spec(name) is None:
                return False
        except (ImportError, ValueError):
            return False
    return True


_version: str | None = None


def engine_version() -> str:
    """'rapidocr-onnxruntime 1.4.4' (the cache keys on it)."""
    global _version
    if _version is None:
        try:
            from importlib.metadata import version

            _version = f"{ENGINE_PACKAGE} {version(ENGINE_PACKAGE)}"
        except Exception:
            _version = f"{ENGINE_PACKAGE} unknown"
    return _version


_engine: Any = None
_engine_lock = threading.Lock()
load_seconds: float | None = None  # how long loading the engine took (None: not loaded)


def _threads() -> int:
    """onnxruntime threads: CLAUSECHECK_OCR_THREADS, else 1 in a worker process (--jobs
    runs one process per core), else onnxruntime's own choice (-1: all cores)."""
    env = os.environ.get("CLAUSECHECK_OCR_THREADS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    import multiprocessing

    return 1 if multiprocessing.parent_process() is not None else -1


def load_engine() -> Any:
    """The engine, loaded on first use (once per process); raises OcrUnavailable."""
    global _engine, load_seconds
    if _engine is not None:
        return _engine
    with _engine_lock:
        if _engine is None:
            started = time.perf_counter()
            _engine = _load()
            load_seconds = time.perf_counter() - started
    return _engine


def _load() -> Any:
    from pathlib import Path

    try:
        import cv2  # noqa: F401
        import numpy  # noqa: F401
        import rapidocr_onnxruntime
        from rapidocr_onnxruntime import RapidOCR
    except Exception as exc:  # ImportError, or a broken native library
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
        raise OcrUnavailable(
            f"the OCR engine ({ENGINE_PACKAGE}) is not installed or cannot be loaded"
            f" ({reason}); install it with {INSTALL_HINT}"
        ) from None
    folder = Path(rapidocr_onnxruntime.__file__).resolve().parent / "models"
    paths = {kind: folder / name for kind, name in _MODELS.items()}
    missing = [p.name for p in paths.values() if not p.is_file()]
    if missing:  # never let the engine go looking for them
        raise OcrUnavailable(
            f"the OCR engine's model files are missing ({', '.join(missing)});"
            f" reinstall it with {INSTALL_HINT}"
        )
    threads = _threads()
    try:
        engine = RapidOCR(
            det_model_path=str(paths["det"]),
            rec_model_path=str(paths["rec"]),
            cls_model_path=str(paths["cls"]),
            use_cls=False,
            text_score=TEXT_SCORE,
            rec_batch_num=1,  # one line at a time: faster on CPU than padded batches
            intra_op_num_threads=threads,
            inter_op_num_threads=1 if threads > 0 else -1,
            print_verbose=False,
        )
    except Exception as exc:
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
        raise OcrUnavailable(f"the OCR engine could not be loaded ({reason})") from None
    for name in ("RapidOCR", "OrtInferSession"):  # its loggers print to stderr
        logging.getLogger(name).setLevel(logging.ERROR)
    return engine


# ---------------------------------------------------------------------------------------
# progress


_progress_hook: Progress | None = None


def set_progress_hook(hook: Progress | None) -> Progress | None:
    """Call `hook(done, total)` after each page OCR reads (instead of the terminal line
    shown on a TTY); returns the previous hook. None restores the default."""
    global _progress_hook
    previous, _progress_hook = _progress_hook, hook
    return previous


class _TerminalProgress:
    """'OCR page 3/7' on stderr, rewritten in place, erased at the end; only on a
    terminal, in the main process (workers of --jobs stay quiet), and not while a rich
    live display (the runner's bar over many files) holds stderr."""

    def __init__(self) -> None:
        import multiprocessing

        stream = sys.stderr
        self.on = bool(
            stream is not None
            and hasattr(stream, "isatty")
            and stream.isatty()
            and not type(stream).__module__.startswith("rich")
            and multiprocessing.parent_process() is None
        )
        self.width = 0

    def __call__(self, done: int, total: int) -> None:
        if not self.on:
            return
        text = f"clausecheck: OCR page {done}/{total}"
        with contextlib.suppress(Exception):
            sys.stderr.write("\r" + text.ljust(self.width))
            sys.stderr.flush()
        self.width = max(self.width, len(text))

    def close(self) -> None:
        if self.on and self.width:
            with contextlib.suppress(Exception):
                sys.stderr.write("\r" + " " * self.width + "\r")
                sys.stderr.flush()


# ---------------------------------------------------------------------------------------
# pages

PageSource = Callable[[Sequence[int]], "dict[int, list[str] | None]"]
_source = threading.local()  # per thread: a distributed worker checks several at once


@contextlib.contextmanager
def page_source(source: PageSource):
    """While in the block, `read_pages` in this thread answers with `source(numbers)`
    instead of reading: a cluster that OCRs a scan's pages on several workers hands their
    lines in here (clausecheck.distributed)."""
    previous = getattr(_source, "source", None)
    _source.source = source
    try:
        yield
    finally:
        _source.source = previous


def read_pages(
    data: bytes,
    password: str | None,
    numbers: Sequence[int],
    *,
    use_cache: bool = False,
    progress: Progress | None = None,
) -> dict[int, list[str] | None]:
    """Recognised lines of the 1-based pages `numbers` of the PDF `data`, in reading order.

    A page that cannot be rendered maps to None. Raises OcrUnavailable when a page needs
    the engine and it cannot be loaded. With `use_cache`, pages are looked up in (and
    added to) the extraction cache first.
    """
    numbers = sorted(set(numbers))
    source = getattr(_source, "source", None)
    if source is not None:
        return source(numbers)
    import pypdfium2 as pdfium  # heavy: imported when a page is read

    hook = progress or _progress_hook
    terminal = None
    if hook is None:
        terminal = _TerminalProgress()
        hook = terminal
    out: dict[int, list[str] | None] = {}
    doc = pdfium.PdfDocument(data, password=password)
    try:
        for done, number in enumerate(numbers, start=1):
            try:
                pixels, size = _render(doc, number - 1)
            except Exception:
                out[number] = None
                hook(done, len(numbers))
                continue
            key = page_key(_pixels_digest(pixels, size), engine_version())
            boxes = cache.get("ocr-page", key, boxes_from_json) if use_cache else None
            if boxes is None:
                boxes = recognise(pixels)
                if use_cache:
                    cache.put("ocr-page", key, [[pts, text, score] for pts, text, score in boxes])
            out[number] = lines_from_boxes(boxes)
            hook(done, len(numbers))
    finally:
        doc.close()
        if terminal is not None:
            terminal.close()
    return out


def _render(doc: Any, index: int) -> tuple[Any, tuple[int, int]]:
    """Page `index` as a BGR numpy array (height, width, 3) and its size."""
    import numpy as np

    page = doc[index]
    try:
        w, h = page.get_size()
        long_side = max(w, h, 1.0)
        scale = min(MAX_SCALE, max(MIN_SCALE, TARGET_LONG_SIDE / long_side))
        bitmap = page.render(scale=scale, may_draw_forms=True)
        try:
            arr = np.array(bitmap.to_numpy(), dtype=np.uint8, copy=True)
        finally:
            bitmap.close()
    finally:
        page.close()
    if arr.ndim == 2:
        arr = np.repeat(arr[:, :, None], 3, axis=2)
    elif arr.shape[2] == 4:
        arr = np.ascontiguousarray(arr[:, :, :3])
    return arr, (arr.shape[1], arr.shape[0])


def page_key(pixels_sha256: str, engine: str) -> str:
    """The cache key of one OCR'd page: its rendered pixels and the engine that read them."""
    blob = json.dumps({"ocr-page": pixels_sha256, "engine": engine}, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()


def boxes_from_json(data: Any) -> list[Box]:
    """A cached page's boxes; ValueError for a damaged entry."""
    boxes = []
    for pts, text, score in data:
        if not isinstance(text, str) or not isinstance(score, (int, float)):
            raise ValueError("bad box")
        if len(pts) != 4 or not all(
            len(p) == 2 and all(isinstance(v, (int, float)) for v in p) for p in pts
        ):
            raise ValueError("bad corners")
        boxes.append(([[float(x), float(y)] for x, y in pts], text, float(score)))
    return boxes


def _pixels_digest(pixels: Any, size: tuple[int, int]) -> str:
    digest = hashlib.sha256(f"{PIPELINE_VERSION} {size[0]}x{size[1]}x3\n".encode())
    digest.update(pixels.tobytes())
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------
# recognition


def recognise(image: Any) -> list[Box]:
    """The text boxes of a page image (BGR numpy array), seals washed out first.

    A page whose lines read badly is tried again turned by 180 degrees (and by 90 and
    270 when most of its lines stand upright); the better reading wins.
    """
    import numpy as np

    if looks_blank(image):
        return []
    engine = load_engine()
    image = remove_seals(image)
    boxes, detected, upright = _recognise(engine, image)
    turns = []
    if detected and upright > 0.5:
        turns = [1, 3]  # np.rot90 quarter turns: a page scanned sideways
    elif detected and (len(boxes) < 0.5 * detected or _mean_score(boxes) < RETRY_SCORE):
        turns = [2]  # upside down?
    best = boxes
    for k in turns:
        other, _, _ = _recognise(engine, np.ascontiguousarray(np.rot90(image, k)))
        if _weight(other) > _weight(best):
            best = other
    return best


def looks_blank(image: Any) -> bool:
    """Is there nothing like writing on the page? Fewer than three character-sized dark
    marks at 600 pixels across: a blank sheet, a picture, a page of scanner noise. (Such a
    page costs the engine seconds to find nothing.)"""
    import cv2
    import numpy as np

    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    h, w = gray.shape
    scale = 600 / max(w, 1)
    small = cv2.resize(gray, (600, max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    level = min(200.0, max(100.0, float(np.median(small)) - 60))
    n, _, stats, _ = cv2.connectedComponentsWithStats(
        (small < level).astype(np.uint8), connectivity=8
    )
    marks = 0
    for i in range(1, n):
        if stats[i, 4] >= 2 and stats[i, 3] <= 40 and stats[i, 2] <= 60:
            marks += 1
            if marks >= 3:
                return False
    return True


def _mean_score(boxes: Sequence[Box]) -> float:
    return sum(b[2] for b in boxes) / len(boxes) if boxes else 0.0


def _weight(boxes: Sequence[Box]) -> float:
    return sum(b[2] * len(b[1]) for b in boxes)


def _recognise(engine: Any, image: Any) -> tuple[list[Box], int, float]:
    """Boxes read well enough, how many lines were found, and the share of those lines
    that stand upright (much taller than wide: the page is on its side)."""
    import numpy as np

    raw_h, raw_w = image.shape[:2]
    img, ratio_h, ratio_w = engine.preprocess(image)
    record: dict[str, Any] = {"preprocess": {"ratio_h": ratio_h, "ratio_w": ratio_w}}
    img, record = engine.maybe_add_letterbox(img, record)
    dt_boxes, _ = engine.auto_text_det(img)
    if dt_boxes is None or len(dt_boxes) == 0:
        return [], 0, 0.0
    tall = wide = 0
    for pts in dt_boxes:
        width = float(np.linalg.norm(pts[1] - pts[0]))
        height = float(np.linalg.norm(pts[3] - pts[0]))
        tall += height > 3 * width
        wide += width > 3 * height
    crops = engine.get_crop_img_list(img, dt_boxes)
    rec, _ = engine.text_rec(crops, True)
    points = engine._get_origin_points(dt_boxes, record, raw_h, raw_w)
    out: list[Box] = []
    for pts, crop, res in zip(points, crops, rec, strict=True):
        text, score = res[0], float(res[1])
        if not text.strip() or score < TEXT_SCORE:
            continue
        text = fix_marks(text)
        with contextlib.suppress(Exception):  # spaces are a nicety, never a failure
            text = restore_spaces(crop, text, res[2])
        corners = [[round(float(x), 1), round(float(y), 1)] for x, y in np.asarray(pts)]
        out.append((corners, text, round(score, 4)))
    return out, len(dt_boxes), tall / max(tall + wide, 1)


def remove_seals(image: Any) -> Any:
    """Wash out coloured seals: within each elliptical ring of coloured ink, every pixel
    takes its brightest channel (red or blue ink turns near white, black text stays)."""
    import cv2
    import numpy as np

    h, w = image.shape[:2]
    hi = image.max(axis=2)
    lo = image.min(axis=2)
    ink = ((hi.astype(np.int16) - lo) > 60) & (hi > 110)
    if int(ink.sum()) < 0.0005 * h * w:
        return image
    mask = ink.astype(np.uint8)
    k = max(3, round(w * 0.01))  # bridges the ring where text strokes cross it
    grown = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
    out = image
    for i in range(1, n):
        x, y, bw, bh = (int(v) for v in stats[i, :4])
        if max(bw, bh) < 0.06 * w or min(bw, bh) < 0.04 * w or not 0.5 <= bw / bh <= 2.0:
            continue
        sub = mask[y : y + bh, x : x + bw].astype(bool) & (labels[y : y + bh, x : x + bw] == i)
        ys, xs = np.nonzero(sub)
        if len(xs) < 50:
            continue
        rho = np.hypot((xs - (bw - 1) / 2) / (bw / 2), (ys - (bh - 1) / 2) / (bh / 2))
        # a seal's ink lies on a ring inside its box; text or a picture fills the corners
        if float(np.mean(rho > 1.02)) > 0.08 or float(np.mean(rho > 0.65)) < 0.5:
            continue
        if out is image:
            out = image.copy()
        region = out[y : y + bh, x : x + bw]
        bright = region.max(axis=2).astype(np.float32)
        colour = bright - region.min(axis=2)
        level = float(np.median(bright[sub])) or 255.0
        washed = np.clip(bright * (255.0 / max(level, 128.0)), 0, 255)
        # what is left of the ink's edges (blurred colour, JPEG) goes white as well
        washed[(washed >= 190) | ((colour > 40) & (washed >= 150))] = 255
        region[:] = washed.astype(np.uint8)[:, :, None]
    return out
