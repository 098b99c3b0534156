"""The terminal table (rich).

One document: a title line (path, format, language, pages, warnings), one row per rule
(status, severity, item, where, quote; for anything not ok the advice as a dim second
line under the quote), then the summary line. Several documents: one row per file with
its counts, a totals line, the unreadable files, and with `details` every document's
table after that.

rich is imported inside the functions: this module is also imported by `compare`.
Colour only when `options.color`; without it the output holds no escape sequence at all.
Untrusted text (quotes, headings, paths) goes in as rich `Text`, never as markup.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from clausecheck.model import Finding, Report, pick
from clausecheck.report.common import (
    STYLES,
    SYMBOLS,
    Doc,
    count_columns,
    display_counts,
    display_status,
    docs_of,
    error_text,
    files_line,
    first_location,
    label,
    one_line,
    open_count,
    quote,
    rel_path,
    report_lang,
    result_text,
    rules_of,
    set_aside_note,
    severity_label,
    shorten,
    status_label,
    summary_line,
    text,
    where,
)
from clausecheck.report.options import ReportOptions

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
            for doc in docs:
                console.print()
                _print_document(console, doc)
    return output(console)


# --------------------------------------------------------------------------- one document


def _buyer_fact(parties, lang: str, doc_language: str | None) -> str:
    """Which party the rules took for the buyer (甲方/乙方, or Party A/B in English
    contracts), and how it was decided."""
    words = text("buyer_sources", lang).split("|")
    source = dict(zip(("detected", "default", "override"), words, strict=True))[parties.source]
    name = parties.buyer[1] if doc_language == "en" else parties.buyer[0]
    return f"{text('buyer', lang)}: {name} ({source})"


def _print_document(console: Console, doc: Doc) -> None:
    """One document's title, warnings, table of findings and summary line."""
    from rich.text import Text

    d, lang = doc.report, doc.lang
    if doc.error:
        console.print(Text(f"{d.path}: error {error_text(d)}", style="red"))
        return
    title = Text()
    title.append(d.path, style="bold")
    facts = [d.format or "", d.language or ""]
    if d.pages is not None:
        facts.append(f"{d.pages} {text('pages', lang)}")
    if d.parties is not None:
        facts.append(_buyer_fact(d.parties, lang, d.language))
    title.append("  " + " · ".join(f for f in facts if f), style="dim")
    console.print(title)
    for warning in d.warnings:
        console.print(Text(label("warning", lang) + one_line(warning), style="yellow"))
    wide = console.width >= 110
    table = new_table()
    table.add_column(text("status", lang), no_wrap=True)
    table.add_column(text("sev", lang), no_wrap=True)
    table.add_column(text("item", lang), max_width=22 if wide else 16, overflow="fold")
    table.add_column(text("where", lang), max_width=26 if wide else 20, overflow="fold")
    table.add_column(text("quote_advice", lang), ratio=1, min_width=24, overflow="fold")
    for finding in doc.findings:
        table.add_row(*_row(finding, lang))
    console.print(table)
    console.print(summary_line(display_counts(d), lang))


def _row(finding: Finding, lang: str) -> tuple[Text, Text, Text, Text, Text]:
    from rich.text import Text

    status = display_status(finding)
    detail = Text()
    q = quote(finding)
    if q:
        detail.append(f"“{q}”", style="italic")
    elif finding.status == "missing":
        searched = ", ".join(finding.searched)
        note = text("not_found", lang)
        if searched:
            note += f" ({label('searched', lang)}{searched})"
        detail.append(shorten(note, 80), style="dim italic")
    if finding.status != "ok":
        advice = one_line(pick(finding.advice, lang))
        if advice:
            # no space after the arrow in Chinese: a CJK sentence is one long "word" to
            # rich, which would otherwise wrap it onto the next line whole
            arrow = "→" if lang == "zh" else "→ "
            detail.append(("\n" if detail else "") + arrow + advice, style="dim")
        if finding.suppressed is not None:
            detail.append("\n" + set_aside_note(finding, lang), style="dim")
    severity_style = {"high": "bold", "medium": "", "low": "dim"}.get(finding.severity, "")
    return (
        status_text(status, lang),
        Text(severity_label(finding.severity, lang), style=severity_style),
        Text(pick(finding.title, lang)),
        Text(where(finding), style="cyan" if first_location(finding) else ""),
        detail,
    )


# --------------------------------------------------------------------------- several documents


def _print_summary(console: Console, docs: list[Doc], lang: str) -> None:
    from rich.text import Text

    table = new_table()
    table.add_column(text("file", lang), overflow="ellipsis", max_width=60, no_wrap=True)
    table.add_column(text("language", lang), no_wrap=True)
    table.add_column(text("format", lang), no_wrap=True)
    statuses = count_columns(d.report for d in docs if not d.error)
    for status in statuses:
        table.add_column(status_text(status, lang), justify="right", no_wrap=True)
    table.add_column(text("result", lang), no_wrap=True)
    for doc in docs:
        d = doc.report
        cells: list[Text] = [Text(rel_path(d.path)), Text(d.language or "-"), Text(d.format or "-")]
        if doc.error:
            cells += [Text("-", style="dim") for _ in statuses]
            code = d.error.code if d.error else "error"
            cells.append(
                Text(f"{SYMBOLS['error']} {status_label('error', lang)} [{code}]", style="red")
            )
        else:
            counts = display_counts(d)
            for status in statuses:
                n = counts[status]
                cells.append(Text(str(n), style=STYLES[status] if n else "dim"))
            style = "red" if open_count(d) else "green"
            cells.append(Text(result_text(d, lang), style=style))
        table.add_row(*cells)
    console.print(table)
    console.print(files_line([d.report for d in docs], lang))
    for doc in docs:
        if doc.error:
            console.print(Text(f"{doc.report.path}: error {error_text(doc.report)}", style="red"))
