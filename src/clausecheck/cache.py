"""An on-disk cache of extracted Documents (safe to delete at any time).

Entries are gzip-compressed JSON (never pickle), one file per key, under
`platformdirs.user_cache_dir("clausecheck")` or $CLAUSECHECK_CACHE_DIR. Writes are atomic
(temporary file + os.replace); an entry that cannot be read is ignored and removed; when
the cache grows past `MAX_BYTES` the entries used least recently (oldest mtime; a hit
touches its entry) are evicted (the folder is listed at a process's first write and
again whenever its writes since could have passed the bound). Every failure of the cache
is silent: extraction never fails because of it.

    key = key_for(sha256, options)
    doc = get(key)            # Document | None
    put(key, doc)
    clear()

A rule set's prefilter table (what words each pattern needs, `rules.prefilter`) is cached
too, keyed by the patterns, the analysis version and the Python version (whose regex
parser reads the patterns):

    rows = get_prefilter(key)  # list | None
    put_prefilter(key, rows)

OCR'd pages are cached beside the documents, one entry a page, keyed by the rendered
page's pixels and the OCR engine and pipeline versions (`ocr_page_key`), so a scan is
recognised once even when it is read again with other options (another --max-pages):

    key = ocr_page_key(pixels_sha256, engine)
    boxes = get_ocr_page(key)  # [[corners, text, score], ...] | None
    put_ocr_page(key, boxes)
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from clausecheck.model import Block, Document

__all__ = [
    "MAX_BYTES",
    "cache_dir",
    "clear",
    "get",
    "get_ocr_page",
    "get_prefilter",
    "key_for",
    "ocr_page_key",
    "put",
    "put_ocr_page",
    "put_prefilter",
]

MAX_BYTES = 200 * 1024 * 1024
FORMAT = 1  # layout of an entry file
SUFFIX = ".json.gz"
ENV = "CLAUSECHECK_CACHE_DIR"


def cache_dir() -> Path:
    """$CLAUSECHECK_CACHE_DIR, else the user cache folder for clausecheck."""
    env = os.environ.get(ENV)
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("clausecheck"))


def key_for(sha256: str, options: Any) -> str:
    """Key for a file's content read with `options` (the fields that change the output)."""
    from clausecheck.extract import EXTRACTOR_VERSION

    parts = {
        "sha256": sha256,
        "extractor": EXTRACTOR_VERSION,
        "pdf_engine": getattr(options, "pdf_engine", "auto"),
        "max_pages": getattr(options, "max_pages", None),
        "ocr": _ocr_key(getattr(options, "ocr", "auto")),
    }
    blob = json.dumps(parts, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()


def _ocr_key(mode: str) -> str:
    """The OCR setting, and the engine that would read text-less pages ("auto" with the
    engine installed is another key than without it: installing the extra makes scans
    cached without OCR be read again)."""
    if mode == "never":
        return "never"
    from clausecheck.extract import ocr

    engine = ocr.engine_version() if ocr.available() else "no engine"
    return f"{mode}: {engine} {ocr.PIPELINE_VERSION}"


def ocr_page_key(pixels_sha256: str, engine: str) -> str:
    """Key for one OCR'd page: its rendered pixels and the engine that read them."""
    blob = json.dumps({"ocr-page": pixels_sha256, "engine": engine}, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()


def _entry(key: str) -> Path | None:
    if not key or not all(c in "0123456789abcdef" for c in key) or len(key) > 128:
        return None
    return cache_dir() / (key + SUFFIX)


def get(key: str) -> Document | None:
    """The cached Document for `key`, or None (missing, unreadable or from another format)."""
    return _read(key, "document", _from_json)


def put(key: str, doc: Document) -> None:
    """Store `doc` under `key` (atomically); then keep the cache under MAX_BYTES."""
    _write(key, "document", _to_json(doc))


def get_ocr_page(key: str) -> list[tuple[list[list[float]], str, float]] | None:
    """The recognised boxes of a page cached under `key`, or None."""
    return _read(key, "ocr-page", _boxes_from_json)


def put_ocr_page(key: str, boxes: list[tuple[list[list[float]], str, float]]) -> None:
    """Store a page's recognised boxes (corner points, text, score) under `key`."""
    _write(key, "ocr-page", [[pts, text, score] for pts, text, score in boxes])


def get_report(key: str) -> Any:
    """A cached DocumentReport (a whole check of unchanged content with unchanged rules)."""
    from clausecheck.codec import report_from_json

    return _read(key, "report", report_from_json)


def put_report(key: str, report: Any) -> None:
    from clausecheck.codec import report_to_json

    _write(key, "report", report_to_json(report))


def get_prefilter(key: str) -> list | None:
    """A rule set's pattern requirements (`rules.prefilter.export` rows), or None."""
    return _read(key, "prefilter", _rows)


def put_prefilter(key: str, rows: list) -> None:
    _write(key, "prefilter", rows)


def _rows(data: Any) -> list:
    if not isinstance(data, list):
        raise ValueError("bad rows")
    return data


def _boxes_from_json(data: Any) -> list[tuple[list[list[float]], str, float]]:
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


def _read(key: str, kind: str, parse: Any) -> Any:
    path = _entry(key)
    if path is None:
        return None
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    try:
        entry = json.loads(gzip.decompress(raw))
        if entry.get("format") != FORMAT or entry.get("key") != key:
            raise ValueError("stale entry")
        value = parse(entry[kind])
    except Exception:
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    with contextlib.suppress(OSError):
        os.utime(path)
    return value


def _write(key: str, kind: str, value: Any) -> None:
    path = _entry(key)
    if path is None:
        return
    blob = gzip.compress(
        json.dumps({"format": FORMAT, "key": key, kind: value}, ensure_ascii=False).encode("utf-8"),
        compresslevel=1,
        mtime=0,
    )
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=SUFFIX)
        with os.fdopen(fd, "wb") as f:
            f.write(blob)
        os.replace(tmp, path)
        tmp = None
    except OSError:
        return
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    _keep_bounded(path.parent, len(blob))


def clear() -> None:
    """Delete every entry (and stray temporary files)."""
    folder = cache_dir()
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if name.endswith(SUFFIX):
            with contextlib.suppress(OSError):
                os.unlink(folder / name)


# A folder's size as this process last measured it, plus what it has written since: the
# folder is listed again only when that could pass the bound (listing thousands of
# entries after every write would make a batch slower the fuller the cache).
_estimated: dict[Path, int] = {}


def _keep_bounded(folder: Path, written: int) -> None:
    known = _estimated.get(folder)
    if known is not None and known + written <= MAX_BYTES:
        _estimated[folder] = known + written
    else:
        _estimated[folder] = _evict(folder, MAX_BYTES)


def _evict(folder: Path, limit: int) -> int:
    """Remove the least recently used entries until the folder holds at most `limit`
    bytes of them; the bytes left."""
    entries = []
    total = 0
    try:
        with os.scandir(folder) as it:
            for e in it:
                if not e.name.endswith(SUFFIX):
                    continue
                try:
                    st = e.stat()
                except OSError:
                    continue
                entries.append((st.st_mtime, e.path, st.st_size))
                total += st.st_size
    except OSError:
        return 0
    if total <= limit:
        return total
    entries.sort()
    for _, path, size in entries:
        if total <= limit:
            break
        with contextlib.suppress(OSError):
            os.unlink(path)
            total -= size
    return total


def _to_json(doc: Document) -> dict[str, Any]:
    return {
        "path": doc.path,
        "sha256": doc.sha256,
        "format": doc.format,
        "pages": doc.pages,
        "warnings": list(doc.warnings),
        "blocks": [[b.text, b.kind, b.page, b.paragraph, b.ocr] for b in doc.blocks],
    }


def _from_json(data: dict[str, Any]) -> Document:
    blocks = []
    for text, kind, page, paragraph, ocr in data["blocks"]:
        if not isinstance(text, str) or not isinstance(kind, str):
            raise ValueError("bad block")
        if not (page is None or isinstance(page, int)):
            raise ValueError("bad page")
        if not (paragraph is None or isinstance(paragraph, int)):
            raise ValueError("bad paragraph")
        blocks.append(Block(text=text, kind=kind, page=page, paragraph=paragraph, ocr=bool(ocr)))
    fmt = data["format"]
    if fmt not in ("pdf", "docx", "text"):
        raise ValueError("bad format")
    pages = data["pages"]
    if not (pages is None or isinstance(pages, int)):
        raise ValueError("bad pages")
    warnings = data["warnings"]
    if not all(isinstance(w, str) for w in warnings):
        raise ValueError("bad warnings")
    return Document(
        path=str(data["path"]),
        sha256=str(data["sha256"]),
        format=fmt,
        blocks=tuple(blocks),
        pages=pages,
        warnings=tuple(warnings),
    )
