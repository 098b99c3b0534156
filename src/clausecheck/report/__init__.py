"""Reporters: a `Report` in, text out. They never read a document.

One module per format, each declaring its name (`FORMAT = "json"`) and where it is listed
(`POSITION`), with `render(report, options) -> str`: adding a format is adding one file.
`formats()` finds them; the command line's `--format` choice, the configuration schema and
`render` are built from it. `compare` lays documents side by side in its own `FORMATS`;
`diff` shows what a revision changed, in its own; `evaluation` and `bank_evaluation` show
a `clausecheck eval` result (labelled contracts, a clause bank). What they share (symbols,
labels in both languages, ordering, short texts) lives in `common`; `ReportOptions` in
`options`.
Importing this package reads the format modules' declarations without importing them; a
format's module is imported when it first renders (`compare` too), and rich only when a
table is drawn.

    from clausecheck.report import render, ReportOptions
    print(render(report, "table", ReportOptions(lang="en", color=True)))

`open_stream(head, fmt, options)` writes the same text a document at a time, for batches
in flat memory (`stream`: which formats can, and why the others keep the batch).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import cache
from pathlib import Path
from types import ModuleType

from clausecheck.choices import COMPARE_FORMATS
from clausecheck.model import Report
from clausecheck.report import stream
from clausecheck.report.options import JSON_SCHEMAS, ReportOptions
from clausecheck.report.stream import Stream

__all__ = [
    "COMPARE_FORMATS",
    "FORMATS",
    "ReportOptions",
    "formats",
    "open_stream",
    "render",
    "render_compare",
    "streams",
]

# The modules of this package that are not a format of `clausecheck check`.
_HELPERS = frozenset(
    {
        "bank_evaluation",
        "common",
        "compare",
        "diff",
        "evaluation",
        "labels",
        "messages",
        "options",
        "stream",
        "wrap",
    }
)

_DEFAULT = ReportOptions()


_DECLARATION = re.compile(r'^(FORMAT|POSITION) = (?:"([a-z]+)"|(\d+))', re.MULTILINE)


@cache
def _declared() -> dict[str, str]:
    """Every format of `clausecheck check`, name -> module name, in the order they are
    listed: read from each module's `FORMAT` and `POSITION` lines, not imported, so a
    check imports only the format it prints (a table check no HTML, XML or SARIF code)."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name not in _HELPERS:
            source = Path(__path__[0], f"{info.name}.py").read_text(encoding="utf-8")
            declared = {m[1]: m[2] or int(m[3]) for m in _DECLARATION.finditer(source)}
            found.append((declared["POSITION"], declared["FORMAT"], f"{__name__}.{info.name}"))
    return {name: module for _, name, module in sorted(found)}


@cache
def formats() -> dict[str, ModuleType]:
    """Every format of `clausecheck check`, name -> module, in the order they are listed."""
    return {name: _module(name) for name in _declared()}


@cache
def _module(fmt: str) -> ModuleType:
    module = importlib.import_module(_declared()[fmt])
    assert fmt == module.FORMAT, f"{module.__name__}: FORMAT {module.FORMAT!r}, read {fmt!r}"
    return module


FORMATS: tuple[str, ...] = tuple(_declared())


def _check(fmt: str, allowed: tuple[str, ...], options: ReportOptions) -> None:
    if fmt not in allowed:
        raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(allowed)}")
    if options.lang not in (None, "zh", "en"):
        raise ValueError(f"unknown report language {options.lang!r}; choose zh or en")
    if options.schema not in JSON_SCHEMAS:
        raise ValueError(f"unknown JSON schema {options.schema!r}; choose {JSON_SCHEMAS}")


def render(report: Report, fmt: str, options: ReportOptions = _DEFAULT) -> str:
    """`report` as text in format `fmt` (one of FORMATS)."""
    _check(fmt, FORMATS, options)
    return _module(fmt).render(report, options)


def open_stream(head: Report, fmt: str, options: ReportOptions = _DEFAULT) -> Stream:
    """A writer of format `fmt` fed a document at a time (`head`: the report without its
    documents); formats that need the whole batch keep the documents until the end."""
    _check(fmt, FORMATS, options)
    return stream.open_stream(head, _module(fmt), options)


def streams(fmt: str) -> bool:
    """Whether format `fmt` writes each document as it comes (memory flat in a batch)."""
    return stream.streams(_module(fmt))


def render_compare(report: Report, fmt: str, options: ReportOptions = _DEFAULT) -> str:
    """The documents of `report` side by side, rule by rule (one of COMPARE_FORMATS)."""
    _check(fmt, COMPARE_FORMATS, options)
    from clausecheck.report import compare  # its formats' code: not for a check

    return compare.render(report, fmt, options)
