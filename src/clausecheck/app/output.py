"""Where the commands' output goes: the report on stdout or in a file, notes on stderr, a
progress bar on a terminal, and the colour and width a terminal asks for."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from clausecheck.errors import UserError
from clausecheck.model import DocumentReport, Report

PROGRESS_MIN_FILES = 4


def write_output(text: str, output: Path | None) -> None:
    """`text` on stdout (ending with one newline) or in the file `output`."""
    if output is None:
        if not text.strip():  # e.g. the table of a file that could not be read
            return
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{output}: cannot write: {exc.strerror or exc}") from None


def note(message: str) -> None:
    """One line on stderr, after the report: a skipped file, an error, a threshold."""
    sys.stderr.write(f"clausecheck: {message}\n")
    sys.stderr.flush()


def note_errors(report: Report) -> None:
    """One line on stderr for each document that could not be read. The human formats do
    not repeat it on stdout; JSON, SARIF and the others carry it in the report."""
    for doc in report.documents:
        if doc.status == "error" and doc.error:
            note(f"error: {doc.path}: {doc.error.message} [{doc.error.code}]")


def terminal(output: Path | None, color: bool | None) -> tuple[bool, int | None]:
    """(colour, width) for output on stdout or in `output`.

    Colour: as asked (`--color/--no-color`), else on a terminal unless NO_COLOR is set.
    Width: COLUMNS when set; else, for stdout, the width of the terminal it is on, or when
    piped (`| head`, `| less`) the width of the terminal stderr is on; else None (the
    renderer's default: a CI log or a file)."""
    to_terminal = output is None and sys.stdout.isatty()
    if color is None:
        color = to_terminal and not os.environ.get("NO_COLOR")
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return color, int(columns)
    if output is not None:
        return color, None
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream.isatty():
                return color, os.get_terminal_size(stream.fileno()).columns
        except (OSError, ValueError):
            continue
    return color, None


class Progress:
    """A rich progress bar on stderr for more than a few files on a terminal; else silent.

    with Progress(len(files)) as advance:
        check_many(files, ..., on_done=advance)
    """

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar = None
        self.task = None

    def __enter__(self) -> Callable[[DocumentReport], None]:
        if self.total >= PROGRESS_MIN_FILES and sys.stderr.isatty():
            # rich is imported here, not at the top: it is heavy, and only a terminal needs it
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TimeElapsedColumn
            from rich.progress import Progress as Bar

            self.bar = Bar(
                "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), console=Console(stderr=True), transient=True,
            )  # fmt: skip
            self.bar.start()
            self.task = self.bar.add_task("checking", total=self.total)
        return self.advance

    def advance(self, _report: DocumentReport) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
