"""Vendors side by side: rows = rules, columns = documents (vendor = file stem).

Each cell is the finding's own status: the comparison reads what each contract says, so a
waiver (a per-project decision) does not change it. An unreadable document's cells are
`error`; a rule a document was not checked for is `none` (null in JSON).

Score per vendor: ok 2 points, vague 1, risky 0, missing 0 per rule, as a whole-number
percentage of the maximum (2 points x rules checked); null for an unreadable document.
The same score appears in the HTML report's footer row.

"Not covered by any vendor": the rules that are missing or risky in every readable
document (a document without a finding for the rule does not cover it either, but at
least one document must show the rule missing or risky).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from clausecheck.choices import COMPARE_FORMATS
from clausecheck.codec import pretty_json
from clausecheck.model import STATUSES, Finding, Report, RuleMeta, pick
from clausecheck.report.common import (
    STYLES,
    SYMBOLS,
    both,
    docs_of,
    label,
    natural_key,
    rel_path,
    report_lang,
    rules_of,
    score,
    severity_label,
    status_label,
    text,
    vendor_names,
)
from clausecheck.report.csv_report import to_csv
from clausecheck.report.html import matrix_page
from clausecheck.report.markdown import escape
from clausecheck.report.markdown import table as markdown_table
from clausecheck.report.options import ReportOptions
from clausecheck.report.table import (
    GAP,
    make_console,
    output,
    row_lines,
    rule_line,
    table_width,
)

FORMATS = COMPARE_FORMATS
SCHEMA = "clausecheck/compare@1"
NOT_COVERING = ("missing", "risky")


@dataclass(frozen=True)
class Vendor:
    name: str
    path: str
    error: bool
    language: str | None
    format: str | None
    findings: dict[str, Finding]
    error_code: str | None = None
    error_message: str | None = None


@dataclass(frozen=True)
class Comparison:
    lang: str
    rules: list[RuleMeta]
    vendors: list[Vendor]
    matrix: dict[str, dict[str, str | None]]  # rule -> vendor -> status | "error" | None
    scores: dict[str, int | None]
    uncovered: list[str]


def in_order(report: Report) -> Report:
    """The documents in the order of their paths, numbers by value ("vendor_2" before
    "vendor_10"): a comparison's columns do not depend on the order files were found in."""
    documents = sorted(report.documents, key=lambda d: natural_key(rel_path(d.path)))
    return dataclasses.replace(report, documents=tuple(documents))


def compare(report: Report, options: ReportOptions) -> Comparison:
    """The comparison as plain data; every format renders this."""
    lang = report_lang(report, options.lang)
    report = in_order(report)
    rules = rules_of(report)
    docs = docs_of(report, options.lang, rules)
    names = vendor_names([d.report for d in docs])
    vendors = [
        Vendor(
            name=name,
            path=doc.report.path,
            error=doc.error,
            language=doc.report.language,
            format=doc.report.format,
            findings={f.rule: f for f in doc.findings},
            error_code=doc.report.error.code if doc.report.error else None,
            error_message=doc.report.error.message if doc.report.error else None,
        )
        for doc, name in zip(docs, names, strict=True)
    ]
    matrix: dict[str, dict[str, str | None]] = {}
    for rule in rules:
        row: dict[str, str | None] = {}
        for v in vendors:
            found = v.findings.get(rule.id)
            row[v.name] = "error" if v.error else (found.status if found else None)
        matrix[rule.id] = row
    scores = {v.name: None if v.error else score(v.findings.values()) for v in vendors}
    readable = [v for v in vendors if not v.error]
    uncovered = []
    for rule in rules:
        states = [matrix[rule.id][v.name] for v in readable]
        if (
            states
            and all(s in (*NOT_COVERING, None) for s in states)
            and any(s in NOT_COVERING for s in states)
        ):
            uncovered.append(rule.id)
    return Comparison(lang, rules, vendors, matrix, scores, uncovered)


def render(report: Report, fmt: str, options: ReportOptions) -> str:
    data = compare(report, options)
    if fmt == "html":
        return matrix_page(in_order(report), options, data.lang, data.uncovered)
    return {"table": _table, "json": _json, "csv": _csv, "markdown": _markdown}[fmt](
        report, data, options
    )


def _cell(status: str | None) -> str:
    return SYMBOLS[status or "none"]


def _score(value: int | None) -> str:
    return "—" if value is None else f"{value}%"


def _uncovered_titles(data: Comparison) -> list[str]:
    titles = {r.id: pick(r.title, data.lang) for r in data.rules}
    return [f"{titles[r]} ({r})" for r in data.uncovered]


# --------------------------------------------------------------------------- formats


def _terminal_cell(status: str, lang: str, words: bool) -> tuple[str, str]:
    shown = f"{SYMBOLS[status]} {status_label(status, lang)}" if words else SYMBOLS[status]
    return shown, STYLES[status]


def _centred(cells: list[tuple[str, str]], widths: list[int], words: bool) -> list[tuple[str, str]]:
    """The vendor cells of a row centred in their columns when they hold a symbol alone."""
    if words:
        return cells
    return cells[:2] + [(" " * ((w - len(v)) // 2) + v, style)
                        for (v, style), w in zip(cells[2:], widths[2:], strict=True)]  # fmt: skip


def _pages(widths: list[int], width: int) -> list[list[int]]:
    """The vendor columns (indexes from 2) in groups that fit `width` beside the item and
    severity columns: a matrix too wide for the terminal is printed in parts."""
    room = width - widths[0] - widths[1] - 2 * GAP
    columns = list(range(2, len(widths)))
    pages: list[list[int]] = [[]]
    for i in columns:
        if pages[-1] and sum(widths[j] + GAP for j in [*pages[-1], i]) > room:
            pages.append([])
        pages[-1].append(i)
    # as many columns on each page as the widths allow: 5 + 5, not 9 + 1
    per = -(-len(columns) // len(pages))
    even = [columns[k : k + per] for k in range(0, len(columns), per)]
    if len(even) == len(pages) and all(sum(widths[j] + GAP for j in p) <= room for p in even):
        return even
    return pages


def _json(report: Report, data: Comparison, options: ReportOptions) -> str:
    counts = {}
    for v in data.vendors:
        tally = {s: 0 for s in STATUSES}
        for f in v.findings.values():
            tally[f.status] += 1
        counts[v.name] = tally
    value: dict[str, Any] = {
        "schema": SCHEMA,
        "tool": {"name": "clausecheck", "version": report.tool_version},
        "ruleset": {"name": report.ruleset.name, "sha256": report.ruleset.sha256},
        "language": data.lang,
        "rules": [
            {
                "id": r.id,
                "title": pick(r.title, data.lang),
                "severity": r.severity,
                "title_i18n": both(r.title),
            }
            for r in data.rules
        ],
        "vendors": [
            {
                "name": v.name,
                "path": v.path,
                "status": "error" if v.error else "checked",
                "language": v.language,
                "format": v.format,
                "error": ({"code": v.error_code, "message": v.error_message} if v.error else None),
            }
            for v in data.vendors
        ],
        "matrix": data.matrix,
        "scores": {v.name: {"score": data.scores[v.name], **counts[v.name]} for v in data.vendors},
        "uncovered": data.uncovered,
    }
    return pretty_json(value)


def _csv(report: Report, data: Comparison, options: ReportOptions) -> str:
    """rule, title, severity, one column per vendor (status words), uncovered; then a
    row whose rule is `score` with each vendor's percentage."""
    names = [v.name for v in data.vendors]
    header = ["rule", "title", "severity", *names, "uncovered"]
    rows: list[dict[str, object]] = []
    for r in data.rules:
        row: dict[str, object] = {
            "rule": r.id,
            "title": pick(r.title, data.lang),
            "severity": r.severity,
            "uncovered": "true" if r.id in data.uncovered else "false",
        }
        row.update({n: data.matrix[r.id][n] or "none" for n in names})
        rows.append(row)
    rows.append({"rule": "score", **{n: data.scores[n] for n in names}})
    return to_csv(header, rows, bom=options.bom)


def _markdown(report: Report, data: Comparison, options: ReportOptions) -> str:
    lang = data.lang
    out = [f"## clausecheck: {text('compare', lang)}", ""]
    legend = " · ".join(f"{SYMBOLS[s]} {status_label(s, lang)}" for s in (*STATUSES, "error"))
    out += [legend, ""]
    header = [text("item", lang), text("sev", lang)] + [escape(v.name) for v in data.vendors]
    rows = [
        [escape(pick(r.title, lang)), severity_label(r.severity, lang)]
        + [_cell(data.matrix[r.id][v.name]) for v in data.vendors]
        for r in data.rules
    ]
    rows.append(
        [f"**{text('score', lang)}**", ""]
        + [f"**{_score(data.scores[v.name])}**" for v in data.vendors]
    )
    out += markdown_table(header, rows, align="ll" + "c" * len(data.vendors))
    out += ["", text("score_note", lang), "", f"**{text('uncovered', lang)}**", ""]
    if data.uncovered:
        out += [f"- {escape(t)}" for t in _uncovered_titles(data)]
    else:
        out.append(text("uncovered_none", lang))
    return "\n".join(out) + "\n"


ITEM_MAX = 24  # cells of the item column
NAME_MAX = 16  # cells of a vendor column before its name wraps (never cut)


def _table(report: Report, data: Comparison, options: ReportOptions) -> str:
    from rich.cells import cell_len
    from rich.text import Text  # heavy: only the terminal table needs rich

    lang = data.lang
    console = make_console(options)
    # with many vendors the cells hold the symbol alone; the legend line explains them
    words = len(data.vendors) <= 5
    rows = [
        [(pick(r.title, lang), ""), (severity_label(r.severity, lang), "")]
        + [_terminal_cell(data.matrix[r.id][v.name] or "none", lang, words) for v in data.vendors]
        for r in data.rules
    ]
    score_row = [(text("score", lang), "bold"), ("", "")] + [
        (_score(data.scores[v.name]), "bold") for v in data.vendors
    ]
    heads = [text("item", lang), text("sev", lang)] + [v.name for v in data.vendors]
    widths = [max(cell_len(row[i][0]) for row in [*rows, score_row]) for i in range(len(heads))]
    widths[0] = min(ITEM_MAX, max(widths[0], cell_len(heads[0])))
    widths[1] = max(widths[1], cell_len(heads[1]))
    for i, name in enumerate(heads[2:], start=2):
        widths[i] = max(widths[i], min(cell_len(name), NAME_MAX))
    for number, page in enumerate(_pages(widths, console.width)):
        if number:
            console.print()
        cols = [0, 1, *page]
        own = [widths[i] for i in cols]
        lines = row_lines([(heads[i], "bold") for i in cols], own)
        lines.append(rule_line(table_width(own)))
        for row in [*rows, score_row]:
            if row is score_row:
                lines.append(rule_line(table_width(own)))
            lines += row_lines(_centred([row[i] for i in cols], own, words), own)
        for line in lines:
            console.print(line, no_wrap=True, crop=False)
    legend = Text("  ").join(
        Text(f"{SYMBOLS[s]} {status_label(s, lang)}", style=STYLES[s])
        for s in (*STATUSES, "error", "none")
    )
    console.print(legend)
    console.print(Text(text("score_note", lang), style="dim"))
    console.print(Text(label("uncovered", lang), style="bold"))
    if data.uncovered:
        for title in _uncovered_titles(data):
            console.print(Text(f"  {SYMBOLS['missing']} {title}", style="red"))
    else:
        console.print(Text("  " + text("uncovered_none", lang), style="green"))
    return output(console)
