"""Writing a report while the documents are still being checked.

A format whose module defines `Stream` writes each document as it arrives (`json`,
`jsonl`); one that declares `HEADER_LINES = N` is rendered a document at a time, its
first N lines (a header row) kept only once (`csv`, `github`): the caller keeps nothing,
so memory stays flat however many files there are. Every other format lays out the batch
as a whole (column widths, a summary or matrix at the top, totals in the first element)
and is rendered from the kept documents at the end.

    stream = open_stream(head, "jsonl", options)   # head: a Report with no documents
    out.write(stream.head())
    for doc in documents:
        out.write(stream.document(doc))
    out.write(stream.tail())
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Protocol

from clausecheck.model import STATUSES, DocumentReport, Report, SkippedFile
from clausecheck.report.common import SET_ASIDE, display_counts, open_count, rules_of
from clausecheck.report.options import ReportOptions

__all__ = ["Stream", "Totals", "open_stream", "streams", "text_of"]


class Stream(Protocol):
    def head(self) -> str: ...
    def document(self, doc: DocumentReport) -> str: ...
    def skipped(self, file: SkippedFile) -> str: ...  # a file of a folder not checked
    def tail(self) -> str: ...


def streams(module: object) -> bool:
    """Whether a format module writes documents as they come (`Stream`, `HEADER_LINES`)."""
    return hasattr(module, "Stream") or hasattr(module, "HEADER_LINES")


def open_stream(head: Report, module: object, options: ReportOptions) -> Stream:
    """The format's own Stream, one rendering a document at a time, or one that keeps the
    documents and renders at the end."""
    if hasattr(module, "Stream"):
        return module.Stream(head, options)  # type: ignore[attr-defined]
    if hasattr(module, "HEADER_LINES"):
        return _PerDocument(head, module, options)
    return _Whole(head, module, options)


def text_of(
    stream: Stream, documents: Iterable[DocumentReport], skipped: Iterable[SkippedFile] = ()
) -> str:
    """The whole text of a stream over `documents` (what `render` returns)."""
    body = "".join(stream.document(d) for d in documents)
    return stream.head() + body + "".join(stream.skipped(f) for f in skipped) + stream.tail()


class _Whole:
    """A format that needs the whole batch: documents kept, rendered by the module."""

    def __init__(self, head: Report, module: object, options: ReportOptions) -> None:
        self.report, self.module, self.options = head, module, options
        self.documents: list[DocumentReport] = []
        self.skips: list[SkippedFile] = []

    def head(self) -> str:
        return ""

    def document(self, doc: DocumentReport) -> str:
        self.documents.append(doc)
        return ""

    def skipped(self, file: SkippedFile) -> str:
        self.skips.append(file)
        return ""

    def tail(self) -> str:
        report = dataclasses.replace(
            self.report, documents=tuple(self.documents), skipped=tuple(self.skips)
        )
        return self.module.render(report, self.options)  # type: ignore[attr-defined]


class _PerDocument:
    """A format of rows or lines, each document's own: rendered one document at a time
    with the rules known so far (so that findings keep the whole report's order), its
    header lines written once."""

    def __init__(self, head: Report, module: object, options: ReportOptions) -> None:
        self.report, self.module, self.options = head, module, options
        self.skip: int = module.HEADER_LINES  # type: ignore[attr-defined]
        self.rules = list(rules_of(head))
        self.started = False

    def head(self) -> str:
        return ""

    def document(self, doc: DocumentReport) -> str:
        one = dataclasses.replace(self.report, documents=(doc,), rules=tuple(self.rules))
        self.rules = rules_of(one)  # a rule only seen in a finding keeps its first place
        text = self.module.render(one, self.options)  # type: ignore[attr-defined]
        if self.started and self.skip:
            text = "".join(text.splitlines(keepends=True)[self.skip :])
        self.started = True
        return text

    def skipped(self, file: SkippedFile) -> str:
        """A row format has no place for a file it did not check, unless it says one
        (`render_skipped`)."""
        render_skipped = getattr(self.module, "render_skipped", None)
        return render_skipped(file) if render_skipped else ""

    def tail(self) -> str:
        if self.started:
            return ""
        return self.module.render(self.report, self.options)  # type: ignore[attr-defined]


class Totals:
    """The batch summary of the JSON reports, counted as documents pass."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {"documents": 0, "errors": 0, "skipped": 0}
        self.counts.update({key: 0 for key in (*STATUSES, *SET_ASIDE, "open")})

    def add(self, doc: DocumentReport, summary: dict[str, int]) -> None:
        self.counts["documents"] += 1
        self.counts["errors"] += doc.status == "error"
        for key in (*STATUSES, *SET_ASIDE, "open"):
            self.counts[key] += summary[key]


def document_summary(doc: DocumentReport) -> dict[str, int]:
    """A document's counts: by the findings' own status, then those set aside (waived,
    baselined) and those open."""
    summary: dict[str, int] = {s: 0 for s in STATUSES}
    if doc.status == "error":
        return {**summary, **{aside: 0 for aside in SET_ASIDE}, "open": 0}
    for finding in doc.findings:
        summary[finding.status] += 1
    shown = display_counts(doc)
    summary.update({aside: shown[aside] for aside in SET_ASIDE})
    summary["open"] = open_count(doc)
    return summary
