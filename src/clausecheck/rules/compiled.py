"""Compiled rule patterns kept on disk, like bytecode, so a new process (a --jobs or Dask
worker, the next run) does not compile them again.

The `regex` module compiles a pattern in two steps: in Python it parses, optimises and
emits a list of codes (about 1 ms for one of our patterns, ~0.3-0.6 s for the patterns
a folder of contracts needs), then its C engine builds the pattern object from those
codes (`_regex.compile`, about 0.02 ms). The codes are what we keep: every pattern's in
ONE cache entry, the bundle (namespace "regex"), keyed by the regex and Python versions
and the stored form, mapping a hash of a pattern's flags and source to its codes (~1.5
bytes a code, in base64). A process reads the bundle once, at its first pattern, and
writes it once, at exit, when it compiled patterns the bundle lacked (merged with the
bundle on disk then; the last writer wins). Past `MAX_ENTRIES` (the bundle grows with
each contract's party labels) it starts again from the patterns this process used. The
codes derive from the patterns alone, so --no-cache does not bypass them (as the
prefilter table). This reads `regex` internals (`regex._main._regex.compile` and its
arguments): a version of `regex` that changes them gets its own key and, if the codes
cannot be read or built, every pattern is compiled the ordinary way.
"""

from __future__ import annotations

import base64
import hashlib
import json
import multiprocessing.util
import os
import sys
import threading
from array import array
from typing import Any

import regex

from clausecheck import cache

try:
    from regex import _main as _regex_main

    _ENGINE = _regex_main._regex  # the C engine module
except (ImportError, AttributeError):  # another layout: compile the ordinary way
    _regex_main = None
    _ENGINE = None

VERSION = 3  # of the stored form
MAX_ENTRIES = 5000  # ~1,000 patterns per party layout; ~1.5 KB each
_WORD = next((t for t in "IL" if array(t).itemsize == 4), None)  # one code
_LARGE = 255  # codes from here on are stored as words
_lock = threading.Lock()


class _Bundle:
    """This process's view of the bundle: what it read, used and added."""

    def __init__(self) -> None:
        self.entries: dict[str, list[Any]] | None = None  # None: not read yet
        self.used: set[str] = set()
        self.added = False
        self.saver_pid = 0  # the process whose exit writes the bundle


_bundle = _Bundle()


def compile_cached(source: str, flags: int = 0) -> regex.Pattern[str]:
    """`regex.compile(source, flags)`, built from the stored codes when they are there."""
    if _ENGINE is None or _WORD is None:
        return regex.compile(source, flags)
    ident = _ident(source, flags)
    entry = _entries().get(ident)
    if entry is not None:
        try:
            compiled = _ENGINE.compile(*_arguments(entry, source))
            _bundle.used.add(ident)
            return compiled
        except Exception:
            pass  # not what this engine takes: compile it again and store that
    compiled, captured = _compile_capturing(source, flags)
    if captured is not None:
        _add(ident, captured)
    return compiled


def bundle_key() -> str:
    parts = ["regex-bundle", str(VERSION), regex.__version__, sys.version.split()[0],
             sys.byteorder, str(_WORD)]  # fmt: skip
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _ident(source: str, flags: int) -> str:
    data = f"{int(flags)}\n{source}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _entries() -> dict[str, list[Any]]:
    if _bundle.entries is None:
        with _lock:
            if _bundle.entries is None:
                _bundle.entries = cache.get("regex", bundle_key(), _parse_bundle) or {}
    return _bundle.entries


def _parse_bundle(data: Any) -> dict[str, list[Any]]:
    """The stored bundle's entries (ValueError for anything else: it is dropped)."""
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, dict) or not all(type(v) is list for v in entries.values()):
        raise ValueError("bad bundle")
    return entries


def _add(ident: str, captured: tuple[Any, ...]) -> None:
    """Note a newly compiled pattern's codes, to be written when the process ends."""
    try:
        stored = _stored(captured)
        json.dumps(stored, ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError, UnicodeError, OverflowError):
        return  # not storable as JSON (a lone surrogate, named lists): kept in memory only
    entries = _entries()
    with _lock:
        if len(entries) >= MAX_ENTRIES:  # start again from what this process uses
            _bundle.entries = entries = {k: entries[k] for k in _bundle.used if k in entries}
        entries[ident] = stored
        _bundle.used.add(ident)
        _bundle.added = True
        if _bundle.saver_pid != os.getpid():  # once per process (a forked worker too)
            _bundle.saver_pid = os.getpid()
            # Run at exit by the main process and by multiprocessing workers alike.
            multiprocessing.util.Finalize(None, save, exitpriority=0)


def save() -> None:
    """Write the bundle when this process added to it: merged with the one on disk (which
    another process may have written since), or, past MAX_ENTRIES, what this process used."""
    entries = _bundle.entries
    if not _bundle.added or entries is None:
        return
    _bundle.added = False
    on_disk = cache.get("regex", bundle_key(), _parse_bundle) or {}
    merged = {**on_disk, **entries}
    if len(merged) > MAX_ENTRIES:
        merged = {k: entries[k] for k in _bundle.used if k in entries}
    cache.put("regex", bundle_key(), {"entries": merged})


class _Capture:
    """Stands in for the engine module while one pattern compiles: notes the codes."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.args: tuple[Any, ...] | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(_ENGINE, name)

    def compile(self, *args: Any) -> Any:
        if args and args[0] == self.source:
            self.args = args
        return _ENGINE.compile(*args)


def _compile_capturing(source: str, flags: int) -> tuple[regex.Pattern[str], tuple | None]:
    capture = _Capture(source)
    with _lock:
        _regex_main._regex = capture
        try:
            compiled = regex.compile(source, flags, cache_pattern=False)
        finally:
            _regex_main._regex = _ENGINE
    return compiled, capture.args


def _stored(args: tuple[Any, ...]) -> list[Any]:
    """The engine's arguments as JSON values (integer dictionary keys as strings); not the
    source, which the key stands for. The codes as two base64 strings: one byte a code
    (most are under 255), 255 marking each larger one, and those as 32-bit words."""
    _, flags, code, group_index, index_group, named_lists, named_indexes, *rest = args
    if named_lists or named_indexes:
        raise ValueError("named lists are not stored")
    small = bytes(c if c < _LARGE else _LARGE for c in code)
    large = array(_WORD, [c for c in code if c >= _LARGE]).tobytes()
    return [int(flags), _b64(small), _b64(large), dict(group_index),
            {str(k): v for k, v in index_group.items()}, *[
                list(r) if isinstance(r, tuple) else r for r in rest]]  # fmt: skip


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _arguments(entry: list[Any], source: str) -> tuple[Any, ...]:
    """A stored entry as the engine takes it (ValueError for anything else, and the
    pattern is compiled again)."""
    flags, small, large, group_index, index_group, req_offset, req_chars, req_flags, groups = entry
    if not all(type(n) is int for n in (flags, req_offset, req_flags, groups)):
        raise ValueError("bad entry")
    if req_chars is not None and not all(type(c) is int for c in req_chars):
        raise ValueError("bad required string")
    return (source, flags, _codes(small, large), {str(k): int(v) for k, v in group_index.items()},
            {int(k): str(v) for k, v in index_group.items()}, {}, [], req_offset,
            tuple(req_chars) if req_chars is not None else None, req_flags, groups)  # fmt: skip


def _codes(small: str, large: str) -> list[int]:
    """The codes back from `_stored`'s two strings (ValueError when they do not agree)."""
    marked = base64.b64decode(small, validate=True)
    words = array(_WORD)
    words.frombytes(base64.b64decode(large, validate=True))
    code = list(marked)
    at = -1
    for word in words:
        at = marked.index(_LARGE, at + 1)  # ValueError: fewer marks than words
        code[at] = word
    if marked.find(_LARGE, at + 1) != -1:
        raise ValueError("more marks than words")
    return code
