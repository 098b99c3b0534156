"""An on-disk cache of extracted Documents (safe to delete at any time).

Entries are gzip-compressed JSON (never pickle), one file per key, under
`platformdirs.user_cache_dir("clausecheck")` or $CLAUSECHECK_CACHE_DIR. Writes are atomic
(temporary file + os.replace); an entry that cannot be read is ignored and removed; when
the cache grows past `MAX_BYTES` the entries used least recently (oldest mtime; a hit
touches its entry) are evicted. Every failure of the cache is silent: extraction never
fails because of it.

    key = key_for(sha256, options)
    doc = get(key)            # Document | None
    put(key, doc)
    clear()
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

__all__ = ["MAX_BYTES", "cache_dir", "clear", "get", "key_for", "put"]

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
    }
    blob = json.dumps(parts, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()


def _entry(key: str) -> Path | None:
    if not key or not all(c in "0123456789abcdef" for c in key) or len(key) > 128:
        return None
    return cache_dir() / (key + SUFFIX)


def get(key: str) -> Document | None:
    """The cached Document for `key`, or None (missing, unreadable or from another format)."""
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
        doc = _from_json(entry["document"])
    except Exception:
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    with contextlib.suppress(OSError):
        os.utime(path)
    return doc


def put(key: str, doc: Document) -> None:
    """Store `doc` under `key` (atomically); then keep the cache under MAX_BYTES."""
    path = _entry(key)
    if path is None:
        return
    blob = gzip.compress(
        json.dumps(
            {"format": FORMAT, "key": key, "document": _to_json(doc)}, ensure_ascii=False
        ).encode("utf-8"),
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
    _evict(path.parent, MAX_BYTES)


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


def _evict(folder: Path, limit: int) -> None:
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
        return
    if total <= limit:
        return
    entries.sort()
    for _, path, size in entries:
        if total <= limit:
            break
        with contextlib.suppress(OSError):
            os.unlink(path)
            total -= size


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
