"""Command-line paths -> the documents to check: files, folders (recursive) and globs.

A file named on the command line is always checked (and is an error if unreadable); in a
folder or a glob, only files with a contract extension are taken and the rest are
skipped and counted (as are, once read, those whose text is not a contract: `named` tells
them from the files named on the command line).
"""

from __future__ import annotations

import fnmatch
import glob
import os
from dataclasses import dataclass, field
from pathlib import Path

CONTRACT_SUFFIXES = (".pdf", ".docx", ".txt", ".md", ".markdown", ".text")


@dataclass
class Selection:
    files: list[str] = field(default_factory=list)
    skipped: int = 0  # files in folders/globs that are not contracts (or excluded)
    named: set[str] = field(default_factory=set)  # the files named on the command line


def collect(paths: list[str], exclude: list[str] | tuple[str, ...] = ()) -> Selection:
    selection = Selection()
    seen: set[str] = set()

    def add(path: str) -> None:
        key = os.path.normpath(path)
        if key not in seen:
            seen.add(key)
            selection.files.append(path)

    for raw in paths:
        if _is_glob(raw) and not os.path.lexists(raw):
            for match in sorted(glob.glob(raw, recursive=True)):
                _add_from_listing(match, exclude, selection, add)
        elif os.path.isdir(raw) and not os.path.islink(raw.rstrip("/")):
            for path in _walk(raw):
                _add_from_listing(path, exclude, selection, add)
        elif _excluded(raw, exclude):
            selection.skipped += 1
        else:
            add(raw)  # named explicitly: checked, and an error if it cannot be read
            selection.named.add(raw)
    return selection


def _add_from_listing(path: str, exclude, selection: Selection, add) -> None:
    if os.path.isdir(path):
        for inner in _walk(path):
            _add_from_listing(inner, exclude, selection, add)
    elif path.lower().endswith(CONTRACT_SUFFIXES) and not _excluded(path, exclude):
        add(path)
    else:
        selection.skipped += 1


def _walk(folder: str) -> list[str]:
    """Files under `folder`, sorted, not following symlinked folders (no loops)."""
    found = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [os.path.join(root, f) for f in files if not f.startswith((".", "~$"))]
    return sorted(found)


def _is_glob(path: str) -> bool:
    return any(c in path for c in "*?[")


def _excluded(path: str, patterns) -> bool:
    posix = Path(path).as_posix()
    return any(
        fnmatch.fnmatch(posix, p) or fnmatch.fnmatch(Path(path).name, p) or
        fnmatch.fnmatch(posix, f"*/{p}") or fnmatch.fnmatch(posix, f"{p.rstrip('/')}/*")
        for p in patterns
    )  # fmt: skip
