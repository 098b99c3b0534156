"""A check over a batch, in flat memory: each document flows from the workers (local
processes or a Dask cluster) through the configuration (severities, waivers, baseline) to
the writer, and is then dropped. What the run keeps is a count of what fails and the
error notes; the whole documents only for `--write-baseline` and for the formats that lay
out the whole batch (report.streams says which).

    with Output(path) as out:
        outcome = run_batch(documents, head, fmt, options, settle, out, judge)
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from clausecheck.errors import UserError
from clausecheck.model import DocumentReport, Report, SkippedFile
from clausecheck.report import ReportOptions, open_stream


@dataclass
class Outcome:
    documents: int = 0
    errors: list[str] = field(default_factory=list)  # "path: message [code]"
    failing: bool = False  # a finding at or above the fail threshold
    kept: list[DocumentReport] | None = None  # every document, when asked to keep them


class Output:
    """The report on stdout or in a file, written piece by piece; on stdout a report ends
    with one newline (a file gets the text as is; an empty report writes nothing)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.handle: IO[str] | None = None
        self.last = ""

    def __enter__(self) -> Output:
        if self.path is not None:
            try:
                self.handle = open(self.path, "w", encoding="utf-8")
            except OSError as exc:
                raise self._error(exc) from None
        return self

    def write(self, text: str) -> None:
        if not text:
            return
        try:
            (self.handle or sys.stdout).write(text)
        except OSError as exc:
            if self.handle is None:
                raise
            raise self._error(exc) from None
        self.last = text[-1]

    def __exit__(self, *exc: object) -> None:
        if self.handle is not None:
            self.handle.close()
            return
        if self.last not in ("", "\n"):  # nothing written: nothing to end
            sys.stdout.write("\n")
        sys.stdout.flush()

    def _error(self, exc: OSError) -> UserError:
        return UserError(f"{self.path}: cannot write: {exc.strerror or exc}")


def run_batch(
    documents: Iterable[DocumentReport],
    head: Report,
    fmt: str,
    options: ReportOptions,
    settle: Callable[[DocumentReport], DocumentReport],
    out: Output,
    fails: Callable[[DocumentReport], bool],
    *,
    keep: bool = False,
    skipped: list[SkippedFile] | None = None,
) -> Outcome:
    """Write each of `documents`, once `settle`d (configuration and baseline applied), in
    format `fmt`; `head` is the report without documents (tool, rule set, rules).
    `skipped` is a list the documents' source adds the files it passes over to, as it
    goes: each is written (where the format has a place for it) as soon as it is seen."""
    outcome = Outcome(kept=[] if keep else None)
    stream = open_stream(head, fmt, options)
    written = 0

    def write_skipped() -> None:
        nonlocal written
        for file in (skipped or [])[written:]:
            out.write(stream.skipped(file))
        written = len(skipped or [])

    out.write(stream.head())
    for raw in documents:
        write_skipped()
        doc = settle(raw)
        outcome.documents += 1
        if doc.status == "error" and doc.error:
            outcome.errors.append(f"{doc.path}: {doc.error.message} [{doc.error.code}]")
        outcome.failing = outcome.failing or fails(doc)
        if outcome.kept is not None:
            outcome.kept.append(doc)
        out.write(stream.document(doc))
    write_skipped()
    out.write(stream.tail())
    return outcome
