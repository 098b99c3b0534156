"""The labels file of `clausecheck eval`: one row per (file, rule) with the verdict a
careful reader gives (docs/eval.md, "Labels file")."""

from __future__ import annotations

import csv
import io
import posixpath
from dataclasses import dataclass
from pathlib import Path

from clausecheck.errors import UserError
from clausecheck.model import STATUSES

REQUIRED_COLUMNS = ("file", "rule", "verdict")
DEFAULT_LABELS = ("labels.tsv", "labels.csv")


@dataclass(frozen=True)
class Label:
    file: str  # relative to the folder, forward slashes
    rule: str
    verdict: str
    evidence: str = ""
    note: str = ""
    line: int = 0


def read_labels(path: Path) -> list[Label]:
    """The rows of a labels file; UserError naming `path:line` for anything wrong."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such labels file") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read the labels file: {exc.strerror or exc}") from None
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UserError(f"{path}:{line}: the labels file is not UTF-8 text") from None
    lines = content.splitlines()
    header_index = next(
        (i for i, ln in enumerate(lines) if ln.strip() and not ln.lstrip().startswith("#")), None
    )
    if header_index is None:
        raise UserError(
            f"{path}: the labels file is empty (it needs a header line: file, rule, verdict)"
        )
    delimiter = _delimiter(path, lines[header_index])
    if delimiter == "\t":
        reader = csv.reader(
            io.StringIO(content, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE
        )
    else:
        reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    columns: dict[str, int] = {}
    labels: list[Label] = []
    first_seen: dict[tuple[str, str], int] = {}
    start = 1
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
                continue
            if header is None:
                header = [cell.strip().lower() for cell in row]
                columns = _columns(header, path, line)
                continue
            label = _label(row, columns, path, line)
            key = (label.file, label.rule)
            if key in first_seen:
                raise UserError(
                    f"{path}:{line}: a second label for {label.file} / {label.rule} "
                    f"(the first is on line {first_seen[key]})"
                )
            first_seen[key] = line
            labels.append(label)
    except csv.Error as exc:
        raise UserError(f"{path}:{reader.line_num}: cannot parse the labels file: {exc}") from None
    return labels


def _delimiter(path: Path, header: str) -> str:
    suffix = path.suffix.lower()
    if suffix in (".tsv", ".tab"):
        return "\t"
    if suffix == ".csv":
        return ","
    if "\t" in header:
        return "\t"
    counts = {d: header.count(d) for d in (",", ";")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else "\t"


def _columns(header: list[str], path: Path, line: int) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        columns.setdefault(name, index)
    lacking = [c for c in REQUIRED_COLUMNS if c not in columns]
    if lacking:
        found = ", ".join(h for h in header if h) or "nothing"
        raise UserError(
            f"{path}:{line}: the header lacks the column{'s' if len(lacking) > 1 else ''} "
            f"{', '.join(lacking)} (it needs file, rule, verdict; found: {found}; is the file "
            "tab- or comma-separated?)"
        )
    return columns


def _label(row: list[str], columns: dict[str, int], path: Path, line: int) -> Label:
    def cell(name: str) -> str:
        index = columns.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    file, rule, verdict = cell("file"), cell("rule"), cell("verdict").lower()
    if not file:
        raise UserError(f"{path}:{line}: the file cell is empty")
    if not rule:
        raise UserError(f"{path}:{line}: the rule cell is empty")
    if verdict not in STATUSES:
        shown = repr(verdict) if verdict else "an empty verdict"
        raise UserError(f"{path}:{line}: unknown verdict {shown} (use {', '.join(STATUSES)})")
    file = posixpath.normpath(file.replace("\\", "/"))
    return Label(file, rule, verdict, cell("evidence"), cell("note"), line)


def default_labels_path(folder: Path) -> Path:
    for name in DEFAULT_LABELS:
        if (folder / name).is_file():
            return folder / name
    raise UserError(
        f"no labels file in {folder} (looked for {' and '.join(DEFAULT_LABELS)}; "
        "give one with --labels FILE)"
    )
