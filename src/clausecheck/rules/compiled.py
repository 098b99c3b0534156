"""Compiled rule patterns kept on disk, like bytecode, so a new process (a --jobs or Dask
worker, the next run) does not compile them again.

The `regex` module compiles a pattern in two steps: in Python it parses, optimises and
emits a list of codes (about 1 ms for one of our patterns, ~0.3-0.6 s for the patterns
a folder of contracts needs), then its C engine builds the pattern object from those
codes (`_regex.compile`, about 0.02 ms). The codes are what we keep, in the cache folder
(namespace "regex"), keyed by the regex and Python versions, the flags and the source.
They derive from the patterns alone, so --no-cache does not bypass them (as the
prefilter table). This reads `regex` internals (`regex._main._regex.compile` and its
arguments): a version of `regex` that changes them gets its own key and, if the codes
cannot be read or built, every pattern is compiled the ordinary way.
"""

from __future__ import annotations

import contextlib
import hashlib
import sys
import threading
from typing import Any

import regex

from clausecheck import cache

try:
    from regex import _main as _regex_main

    _ENGINE = _regex_main._regex  # the C engine module
except (ImportError, AttributeError):  # another layout: compile the ordinary way
    _regex_main = None
    _ENGINE = None

VERSION = 1  # of the stored form
_lock = threading.Lock()


def compile_cached(source: str, flags: int) -> regex.Pattern[str]:
    """`regex.compile(source, flags)`, built from the stored codes when they are there."""
    if _ENGINE is None:
        return regex.compile(source, flags)
    key = _key(source, flags)
    args = cache.get("regex", key, _arguments)
    if args is not None and args[0] == source:
        try:
            return _ENGINE.compile(*args)
        except Exception:
            pass  # not what this engine takes: compile it again and store that
    compiled, captured = _compile_capturing(source, flags)
    if captured is not None:
        # not storable as JSON (a lone surrogate, named lists): kept in memory only
        with contextlib.suppress(TypeError, ValueError, UnicodeError):
            cache.put("regex", key, _plain(captured))
    return compiled


def _key(source: str, flags: int) -> str:
    parts = ["regex", str(VERSION), regex.__version__, sys.version.split()[0], str(int(flags)),
             source]  # fmt: skip
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


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


def _plain(args: tuple[Any, ...]) -> list[Any]:
    """The engine's arguments as JSON values (integer dictionary keys become strings)."""
    pattern, flags, code, group_index, index_group, named_lists, named_indexes, *rest = args
    if named_lists or named_indexes:
        raise ValueError("named lists are not stored")
    return [pattern, int(flags), list(code), dict(group_index),
            {str(k): v for k, v in index_group.items()}, *[
                list(r) if isinstance(r, tuple) else r for r in rest]]  # fmt: skip


def _arguments(data: Any) -> tuple[Any, ...]:
    """The stored arguments, checked and typed as the engine takes them (ValueError for
    anything else, and the entry is dropped)."""
    pattern, flags, code, group_index, index_group, req_offset, req_chars, req_flags, groups = data
    ints = (flags, req_offset, req_flags, groups)
    if not isinstance(pattern, str) or not all(type(n) is int for n in ints):
        raise ValueError("bad entry")
    if not all(type(c) is int and 0 <= c < 1 << 32 for c in code):
        raise ValueError("bad codes")
    if req_chars is not None and not all(type(c) is int for c in req_chars):
        raise ValueError("bad required string")
    return (pattern, flags, code, {str(k): int(v) for k, v in group_index.items()},
            {int(k): str(v) for k, v in index_group.items()}, {}, [], req_offset,
            tuple(req_chars) if req_chars is not None else None, req_flags, groups)  # fmt: skip
