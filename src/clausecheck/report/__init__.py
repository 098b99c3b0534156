"""Reporters: a `Report` in, text out. They never read a document.

One module per format (table, json_report, sarif, github, junit, markdown, csv_report,
html, compare); what they share (symbols, labels in both languages, ordering, short
texts) lives in `common`. Format modules are imported on first use, so importing this
package stays cheap (no rich, no XML).

    from clausecheck.report import render, ReportOptions
    print(render(report, "table", ReportOptions(lang="en", color=True)))
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from clausecheck.model import Report

__all__ = [
    "COMPARE_FORMATS",
    "FORMATS",
    "ReportOptions",
    "render",
    "render_compare",
]

FORMATS = ("table", "json", "sarif", "github", "junit", "markdown", "csv", "html")
COMPARE_FORMATS = ("table", "json", "csv", "html", "markdown")

_MODULES = {
    "table": "table",
    "json": "json_report",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
    "markdown": "markdown",
    "csv": "csv_report",
    "html": "html",
}


@dataclass(frozen=True)
class ReportOptions:
    lang: str | None = None  # "zh" | "en"; None = each document's language ("mixed" -> zh)
    details: bool = False  # table: per-rule detail for every file when several files
    color: bool = False  # table: ANSI colours (caller decides from tty/NO_COLOR)
    width: int | None = None  # table: console width (None -> 120 when not a terminal)


_DEFAULT = ReportOptions()


def _check(fmt: str, allowed: tuple[str, ...], options: ReportOptions) -> None:
    if fmt not in allowed:
        raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(allowed)}")
    if options.lang not in (None, "zh", "en"):
        raise ValueError(f"unknown report language {options.lang!r}; choose zh or en")


def render(report: Report, fmt: str, options: ReportOptions = _DEFAULT) -> str:
    """`report` as text in format `fmt` (one of FORMATS)."""
    _check(fmt, FORMATS, options)
    module = importlib.import_module(f"{__name__}.{_MODULES[fmt]}")
    return module.render(report, options)


def render_compare(report: Report, fmt: str, options: ReportOptions = _DEFAULT) -> str:
    """The documents of `report` side by side, rule by rule (one of COMPARE_FORMATS)."""
    _check(fmt, COMPARE_FORMATS, options)
    from clausecheck.report import compare

    return compare.render(report, fmt, options)
