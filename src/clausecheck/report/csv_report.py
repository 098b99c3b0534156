"""CSV: one row per (file, rule), for spreadsheets and scripts.

Columns: file, language, format, rule, title, severity, status, found, page, paragraph,
clause, quote, advice, suppressed, message, line (of a text or Markdown file). `status` is
the finding's own status (a waived finding keeps it; `suppressed` holds the waiver's
reason). An unreadable document is one
row with status `error` and "[code] message" in `message`. The first location of a finding
fills page/paragraph/line/clause/quote. UTF-8 with a byte-order mark, so that Excel reads
Chinese as Chinese (`ReportOptions.bom=False`, `--no-bom`, leaves it out); "\\n" line ends.

Text copied from a document (clause, quote) that starts with = + - @ or a tab is prefixed
with an apostrophe, so a spreadsheet shows it instead of running it as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence

from clausecheck.model import Report, pick
from clausecheck.report.common import (
    doc_lang,
    error_text,
    first_location,
    rules_of,
    sorted_findings,
)
from clausecheck.report.options import ReportOptions

FORMAT = "csv"  # the --format name (report.formats() lists every module that has one)
POSITION = 7  # where it is listed among the choices
HEADER_LINES = 1  # written a document at a time, the header row once (report.stream)

COLUMNS = (
    "file",
    "language",
    "format",
    "rule",
    "title",
    "severity",
    "status",
    "found",
    "page",
    "paragraph",
    "clause",
    "quote",
    "advice",
    "suppressed",
    "message",
    "line",  # added last: the columns before keep their places
)

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: str | None) -> str:
    """A cell a spreadsheet will not run as a formula."""
    if not value:
        return ""
    return "'" + value if value.startswith(_FORMULA) else value


BOM = "\ufeff"


def to_csv(header: Sequence[str], rows: Iterable[Mapping[str, object]], bom: bool = True) -> str:
    """CSV text: the header, then each row's values in header order (missing -> ""),
    after a byte-order mark when `bom`."""
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    out = csv.writer(buffer, lineterminator="\n")
    out.writerow(header)
    for row in rows:
        out.writerow(["" if row.get(k) is None else row[k] for k in header])
    return buffer.getvalue()


def render(report: Report, options: ReportOptions) -> str:
    return to_csv(COLUMNS, _rows(report, options), bom=options.bom)


def _rows(report: Report, options: ReportOptions) -> Iterator[dict[str, object]]:
    rules = rules_of(report)
    for doc in report.documents:
        base = {"file": doc.path, "language": doc.language, "format": doc.format}
        if doc.status == "error":
            yield {**base, "status": "error", "message": error_text(doc)}
            continue
        lang = doc_lang(doc, options.lang)
        for f in sorted_findings(doc, rules):
            loc = first_location(f)
            yield {
                **base,
                "rule": f.rule,
                "title": pick(f.title, lang),
                "severity": f.severity,
                "status": f.status,
                "found": "true" if f.found else "false",
                "page": loc.page if loc else None,
                "paragraph": loc.paragraph if loc else None,
                "line": loc.line if loc else None,
                "clause": defuse(loc.clause if loc else None),
                "quote": defuse(loc.quote if loc else None),
                "advice": pick(f.advice, lang),
                "suppressed": f.suppressed,
                "message": pick(f.message, lang),
            }
