"""An on-disk store of JSON values by namespace and key (safe to delete at any time).

The code that owns a value builds its key and converts it to and from JSON; this module
only stores. Namespaces in use: "document" (extracted text, `extract.extract_cached`),
"ocr-page" (one OCR'd page, `extract.ocr`), "report" (a whole check, `api.check`),
"prefilter" (a rule set's pattern requirements, `api.warm_prefilter`), "regex" (one
bundle of every pattern's compiled codes, read once and written once per process,
`rules.compiled`) and "rule-file" (a shipped rule file as parsed, `rules.loader`).

    put("document", key, value)          # any JSON value
    get("document", key)                 # the value, or None
    get("document", key, parse)          # parse(value), or None when parse raises (the
                                         # entry is then removed)
    clear()

Entries are gzip-compressed JSON (never pickle), one file per key, under
`platformdirs.user_cache_dir("clausecheck")` or $CLAUSECHECK_CACHE_DIR. Writes are atomic
(temporary file + os.replace); an entry that cannot be read is ignored and removed; when
the cache grows past `MAX_BYTES` the entries used least recently (oldest mtime; a hit
touches its entry) are evicted (the folder is listed at a process's first write and
again whenever its writes since could have passed the bound). Every failure of the cache
is silent: nothing fails because of it.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

__all__ = ["MAX_BYTES", "cache_dir", "clear", "get", "put"]

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


def _entry(key: str) -> Path | None:
    if not key or not all(c in "0123456789abcdef" for c in key) or len(key) > 128:
        return None
    return cache_dir() / (key + SUFFIX)


def get(namespace: str, key: str, parse: Callable[[Any], T] | None = None) -> T | Any | None:
    """The value stored under (`namespace`, `key`), through `parse` when given; None when
    there is none, it cannot be read, or `parse` refuses it (then it is removed)."""
    return _read(key, namespace, parse or _same)


def put(namespace: str, key: str, value: Any) -> None:
    """Store the JSON value `value` (atomically); then keep the cache under MAX_BYTES."""
    _write(key, namespace, value)


def _same(value: Any) -> Any:
    return value


def _read(key: str, kind: str, parse: Callable[[Any], Any]) -> Any:
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
