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

from dataclasses import dataclass
from typing import Any

from clausecheck.codec import pretty_json
from clausecheck.model import STATUSES, Finding, Report, RuleMeta, pick
from clausecheck.report.common import (
    STYLES,
    SYMBOLS,
    both,
    docs_of,
    label,
    report_lang,
    rules_of,
    score,
    severity_label,
    shorten,
    status_label,
    text,
    vendor_names,
)
from clausecheck.report.csv_report import to_csv
from clausecheck.report.html import matrix_page
from clausecheck.report.markdown import escape
from clausecheck.report.markdown import table as markdown_table
from clausecheck.report.options import ReportOptions
from clausecheck.report.table import make_console, new_table, output

FORMATS = ("table", "json", "csv", "html", "markdown")
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


def compare(report: Report, options: ReportOptions) -> Comparison:
    """The comparison as plain data; every format renders this."""
    lang = report_lang(report, options.lang)
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
    if fmt == "html":
        data = compare(report, options)
        return matrix_page(
            report, options, title_key="compare", waivers=False, uncovered=data.uncovered
        )
    data = compare(report, options)
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


def _table(report: Report, data: Comparison, options: ReportOptions) -> str:
    from rich.text import Text  # heavy: only the terminal table needs rich

    lang = data.lang
    console = make_console(options)
    # with many vendors the cells hold the symbol alone; the legend line explains them
    words = len(data.vendors) <= 5
    table = new_table()
    table.add_column(text("item", lang), max_width=24, overflow="fold")
    table.add_column(text("sev", lang), no_wrap=True)
    for v in data.vendors:
        table.add_column(
            shorten(v.name, 16), no_wrap=True, justify="center" if not words else "left"
        )
    for r in data.rules:
        cells = [Text(pick(r.title, lang)), Text(severity_label(r.severity, lang))]
        for v in data.vendors:
            status = data.matrix[r.id][v.name] or "none"
            shown = f"{SYMBOLS[status]} {status_label(status, lang)}" if words else SYMBOLS[status]
            cells.append(Text(shown, style=STYLES[status]))
        table.add_row(*cells)
    table.add_section()
    table.add_row(
        Text(text("score", lang), style="bold"),
        Text(""),
        *[Text(_score(data.scores[v.name]), style="bold") for v in data.vendors],
    )
    console.print(table)
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
