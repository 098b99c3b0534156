"""The terminal table (rich).

One document: a title line (path, format, language, pages, warnings), one row per rule
(status, severity, item, where, quote; for anything not ok the advice under the quote),
then the summary line; below DETAIL_MIN cells for the quote, the quote and advice go
under the row (`findings_table`). Several documents: one row per file with its counts
and a totals line, and with `details` every document's table after that. An unreadable
file is only a row here: its error is one line on stderr (`app.output.note_errors`).

rich is imported inside the functions: this module is also imported by `compare`.
Colour only when `options.color`; without it the output holds no escape sequence at all.
Untrusted text (quotes, headings, paths) goes in as rich `Text`, never as markup.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from clausecheck.model import Finding, Report, pick
from clausecheck.report.common import (
    STYLES,
    SYMBOLS,
    Doc,
    buyer_fact,
    count_columns,
    display_counts,
    display_status,
    docs_of,
    files_line,
    first_location,
    label,
    not_found_text,
    one_line,
    open_count,
    quote,
    rel_path,
    report_lang,
    result_text,
    rules_of,
    set_aside_note,
    severity_label,
    status_label,
    summary_line,
    text,
    where,
)
from clausecheck.report.messages import warning_text
from clausecheck.report.options import ReportOptions
from clausecheck.report.wrap import wrap

FORMAT = "table"  # the --format name (report.formats() lists every module that has one)
POSITION = 1  # where it is listed among the choices

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

DEFAULT_WIDTH = 120


def make_console(options: ReportOptions) -> Console:
    """A console writing to memory: colour only when asked, fixed width."""
    from rich.console import Console

    return Console(
        file=io.StringIO(),
        force_terminal=options.color,
        no_color=not options.color,
        color_system="standard" if options.color else None,
        width=options.width or DEFAULT_WIDTH,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
        legacy_windows=False,
        force_jupyter=False,
        force_interactive=False,
    )


def output(console: Console) -> str:
    """What was printed on `console`, each line without trailing blanks."""
    value = console.file.getvalue()  # type: ignore[attr-defined]
    if not value.strip():
        return ""
    return "\n".join(line.rstrip() for line in value.splitlines()) + "\n"


def status_text(status: str, lang: str) -> Text:
    """ "✘ missing" in its colour."""
    from rich.text import Text

    return Text(f"{SYMBOLS[status]} {status_label(status, lang)}", style=STYLES[status])


def new_table(*, lines: bool = False) -> Table:
    from rich import box
    from rich.table import Table

    return Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        show_lines=lines,
        header_style="bold",
        expand=False,
    )


def render(report: Report, options: ReportOptions) -> str:
    console = make_console(options)
    rules = rules_of(report)
    docs = docs_of(report, options.lang, rules)
    if not docs:
        console.print(text("no_documents", report_lang(report, options.lang)))
    elif len(docs) == 1:
        _print_document(console, docs[0])
    else:
        _print_summary(console, docs, report_lang(report, options.lang))
        if options.details:
            for doc in (d for d in docs if not d.error):
                console.print()
                _print_document(console, doc)
    return output(console)


# --------------------------------------------------------------------------- one document


def _print_document(console: Console, doc: Doc) -> None:
    """One document's title, warnings, table of findings and summary line. (An unreadable
    document prints nothing here: its error is one line on stderr.)"""
    from rich.text import Text

    d, lang = doc.report, doc.lang
    if doc.error:
        return
    title = Text()
    title.append(d.path, style="bold")
    facts = [d.format or "", d.language or ""]
    if d.pages is not None:
        facts.append(f"{d.pages} {text('pages', lang)}")
    if d.parties is not None:
        facts.append(buyer_fact(d.parties, lang, d.language))
    title.append("  " + " · ".join(f for f in facts if f), style="dim")
    console.print(title)
    for warning in d.warnings:
        console.print(Text(label("warning", lang) + warning_text(warning, lang), style="yellow"))
    rows = [_row(finding, lang) for finding in doc.findings]
    for line in findings_table(rows, lang, console.width):
        console.print(line, no_wrap=True, crop=False)
    console.print(summary_line(display_counts(d), lang))


# What a finding shows: (text, style) of its status, severity, item and place, then its
# detail: the quote (or what was not found), the advice and the waiver, each on new lines.
Cell = tuple[str, str]


@dataclass(frozen=True)
class Row:
    head: tuple[Cell, Cell, Cell, Cell]
    detail: tuple[Cell, ...]


def _row(finding: Finding, lang: str) -> Row:
    status = display_status(finding)
    detail: list[Cell] = []
    q = quote(finding)
    if q:
        detail.append((f"“{q}”", "italic"))
    elif finding.status == "missing":
        detail.append((not_found_text(finding, lang), "italic"))
    if finding.status != "ok":
        advice = one_line(pick(finding.advice, lang))
        if advice:
            arrow = "→" if lang == "zh" else "→ "  # Chinese sets no space after it
            detail.append((arrow + advice, ""))  # the most useful line: normal weight
        if finding.suppressed is not None:
            detail.append((set_aside_note(finding, lang), "dim"))
    severity_style = {"high": "bold", "medium": "", "low": "dim"}.get(finding.severity, "")
    head = (
        (f"{SYMBOLS[status]} {status_label(status, lang)}", STYLES[status]),
        (severity_label(finding.severity, lang), severity_style),
        (pick(finding.title, lang), ""),
        (where(finding), "cyan" if first_location(finding) else ""),
    )
    return Row(head, tuple(detail))


GAP = 2  # cells between two columns
ITEM_MAX = 22  # cells of the item column
WHERE_MAX = 26  # cells of the where column
DETAIL_MIN = 40  # a narrower quote column: quote and advice go under the row instead


def findings_table(rows: list[Row], lang: str, width: int) -> list[Text]:
    """The findings as lines of at most `width` cells (60 and up), no word lost.

    Wide: status, severity, item, where, quote / advice side by side. Narrow (the quote
    column would get fewer than DETAIL_MIN cells): the four short columns on the row's
    first line, the quote and advice under it across the whole width."""
    from rich.cells import cell_len

    headers = [text(k, lang) for k in ("status", "sev", "item", "where")]
    fixed = [max([cell_len(h), *(cell_len(r.head[i][0]) for r in rows)]) for i, h in
             enumerate(headers)]  # fmt: skip
    status_w, sev_w = fixed[0], fixed[1]
    item_w, where_w = min(fixed[2], ITEM_MAX), min(fixed[3], WHERE_MAX)
    detail_w = width - status_w - sev_w - item_w - where_w - 4 * GAP
    if detail_w >= DETAIL_MIN:
        widths = [status_w, sev_w, item_w, where_w, detail_w]
        header = line_of([(h, "bold") for h in [*headers, text("quote_advice", lang)]], widths)
        out = [header, rule_line(table_width(widths))]
        for row in rows:
            out += row_lines([*row.head, *row.detail], widths, stacked_detail=True)
        return out
    # narrow: the item column gives way first, then the where column wraps
    room = width - status_w - sev_w - 3 * GAP
    item_w = min(item_w, max(10, room - fixed[3] - GAP))
    where_w = max(4, room - item_w - GAP)
    widths = [status_w, sev_w, item_w, where_w]
    indent = status_w + GAP
    out = [line_of([(h, "bold") for h in headers], widths)]
    out.append(line_of([("", ""), (text("quote_advice", lang), "bold")], [status_w, width]))
    out.append(rule_line(width))
    for row in rows:
        out += row_lines(list(row.head), widths)
        for value, style in row.detail:
            out += [line_of([("", ""), (piece, style)], [status_w, width - indent])
                    for piece in wrap(value, width - indent, cell_len)]  # fmt: skip
    return out


def row_lines(
    cells_: list[Cell], widths: list[int], stacked_detail: bool = False, breaks: str = ""
) -> list[Text]:
    """One table row as lines: each cell wrapped in its column (also after `breaks`);
    with `stacked_detail` the cells past the columns (quote, advice) follow one another
    down the last column."""
    from rich.cells import cell_len

    columns: list[list[Cell]] = []
    for (value, style), w in zip(cells_, widths, strict=False):
        pieces = [value] if cell_len(value) <= w else wrap(value, w, cell_len, breaks)
        columns.append([(piece, style) for piece in pieces])
    if stacked_detail:
        last = len(widths) - 1
        columns[last:] = [[(p, style) for value, style in cells_[last:]
                           for p in wrap(value, widths[last], cell_len)]]  # fmt: skip
    height = max(len(c) for c in columns)
    return [
        line_of([c[i] if i < len(c) else ("", "") for c in columns], widths) for i in range(height)
    ]


def line_of(parts: list[Cell], widths: list[int]) -> Text:
    """Cells side by side, each padded to its width, GAP between, no trailing blank."""
    from rich.cells import cell_len
    from rich.text import Text

    line = Text()
    for i, ((value, style), w) in enumerate(zip(parts, widths, strict=True)):
        if i:
            line.append(" " * GAP)
        line.append(value, style=style)
        if i < len(parts) - 1:
            line.append(" " * max(0, w - cell_len(value)))
    line.rstrip()
    return line


def table_width(widths: list[int]) -> int:
    """Cells of a table whose columns have `widths`, with GAP between them."""
    return sum(widths) + GAP * (len(widths) - 1)


def rule_line(width: int) -> Text:
    from rich.text import Text

    return Text("─" * width)


# --------------------------------------------------------------------------- several documents


FILE_MAX = 60  # cells of the file column before a path wraps
PATH_MIN = 24  # the file column narrows to this before the status headings shorten
RESULT_MIN = 12  # the narrowest file or result column


def _print_summary(console: Console, docs: list[Doc], lang: str) -> None:
    """One row per file: language, format, counts by status and result. Nothing is cut:
    when the terminal is narrow the status headings become their symbols, then the path
    and the result wrap."""
    from rich.cells import cell_len

    statuses = count_columns(d.report for d in docs if not d.error)
    rows = [_summary_row(doc, statuses, lang) for doc in docs]
    heads = [(text(k, lang), "bold") for k in ("file", "language", "format")]
    heads += [(f"{SYMBOLS[s]} {status_label(s, lang)}", STYLES[s]) for s in statuses]
    heads.append((text("result", lang), "bold"))
    widths = [max(cell_len(row[i][0]) for row in [heads, *rows]) for i in range(len(heads))]
    widths[0] = min(widths[0], FILE_MAX)
    room = console.width - GAP * (len(widths) - 1)  # cells for the columns themselves
    if sum(widths[1:]) + min(widths[0], PATH_MIN) > room:  # the symbols head the counts
        for i, status in enumerate(statuses, start=3):
            heads[i] = (SYMBOLS[status], STYLES[status])
            widths[i] = max(cell_len(row[i][0]) for row in [heads, *rows])
    rest = room - sum(widths[1:-1])  # for the path and the result
    widths[-1] = min(widths[-1], max(RESULT_MIN, rest - min(widths[0], PATH_MIN)))
    widths[0] = max(RESULT_MIN, min(widths[0], rest - widths[-1]))
    for i in range(3, 3 + len(statuses)):  # counts to the right
        rows = [[*r[:i], (r[i][0].rjust(widths[i]), r[i][1]), *r[i + 1 :]] for r in rows]
        heads[i] = (heads[i][0].rjust(widths[i] - cell_len(heads[i][0]) + len(heads[i][0])),
                    heads[i][1])  # fmt: skip
    lines = row_lines(heads, widths)
    lines.append(rule_line(table_width(widths)))
    for row in rows:
        lines += row_lines(row, widths, breaks="/-_")
    for line in lines:
        console.print(line, no_wrap=True, crop=False)
    console.print(files_line([d.report for d in docs], lang))


def _summary_row(doc: Doc, statuses: list[str], lang: str) -> list[Cell]:
    d = doc.report
    cells: list[Cell] = [(rel_path(d.path), ""), (d.language or "-", ""), (d.format or "-", "")]
    if doc.error:
        code = d.error.code if d.error else "error"
        cells += [("-", "dim") for _ in statuses]
        cells.append((f"{SYMBOLS['error']} {status_label('error', lang)} [{code}]", "red"))
        return cells
    counts = display_counts(d)
    cells += [(str(counts[s]), STYLES[s] if counts[s] else "dim") for s in statuses]
    cells.append((result_text(d, lang), "red" if open_count(d) else "green"))
    return cells
