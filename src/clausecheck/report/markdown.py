"""Markdown for a pull-request comment (GitHub-flavoured).

A heading, a per-file summary table and the totals line; then per file a table of what is
not ok (waived findings included, marked) and the ok ones folded in a <details> block.
Text from documents is escaped for both Markdown and the HTML that GitHub lets through,
and folded to one line so it cannot break a table row.
"""

from __future__ import annotations

import re

from clausecheck.model import Finding, Report, pick
from clausecheck.report.common import (
    SYMBOLS,
    Doc,
    count_columns,
    display_counts,
    display_status,
    docs_of,
    error_text,
    files_line,
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
    status_label,
    summary_line,
    text,
    where,
)
from clausecheck.report.options import ReportOptions

FORMAT = "markdown"  # the --format name (report.formats() lists every module that has one)
POSITION = 6  # where it is listed among the choices

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")


def escape(value: str | None) -> str:
    """One line, safe inside a table cell: HTML metacharacters as entities, Markdown ones
    backslash-escaped (so `|` does not end the cell)."""
    flat = one_line(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", flat)


def table(header: list[str], rows: list[list[str]], align: str = "") -> list[str]:
    """A Markdown table; `align` gives one character per column: l (default), r or c."""
    marks = {"r": "---:", "c": ":---:"}
    rules = [marks.get(align[i : i + 1], "---") for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rules) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def status_cell(status: str, lang: str) -> str:
    return f"{SYMBOLS[status]} {status_label(status, lang)}"


def render(report: Report, options: ReportOptions) -> str:
    lang = report_lang(report, options.lang)
    rules = rules_of(report)
    docs = docs_of(report, options.lang, rules)
    out = [f"## clausecheck: {text('report', lang)}", ""]
    out.append(
        f"{label('ruleset', lang)}`{escape(report.ruleset.name)}` "
        f"(sha256 `{report.ruleset.sha256[:12]}`) · clausecheck {escape(report.tool_version)}"
    )
    out.append("")
    if not docs:
        out.append(text("no_documents", lang))
        return "\n".join(out) + "\n"
    out += _summary(docs, lang)
    for doc in docs:
        out.append("")
        out += _document(doc)
    return "\n".join(out) + "\n"


def _summary(docs: list[Doc], lang: str) -> list[str]:
    statuses = count_columns((d.report for d in docs if not d.error), always=("waived",))
    header = [text("file", lang), text("language", lang), text("format", lang)]
    header += [status_cell(s, lang) for s in statuses] + [text("result", lang)]
    rows = []
    for doc in docs:
        d = doc.report
        row = [escape(rel_path(d.path)), escape(d.language or "-"), escape(d.format or "-")]
        if doc.error:
            code = d.error.code if d.error else "error"
            row += ["-"] * len(statuses) + [
                f"{SYMBOLS['error']} {status_label('error', lang)} `{escape(code)}`"
            ]
        else:
            counts = display_counts(d)
            row += [str(counts[s]) for s in statuses]
            mark = SYMBOLS["missing"] if open_count(d) else SYMBOLS["ok"]
            row.append(f"{mark} {result_text(d, lang)}")
        rows.append(row)
    lines = table(header, rows, align="lll" + "r" * len(statuses))
    lines += ["", f"**{escape(files_line([d.report for d in docs], lang))}**"]
    return lines


def _document(doc: Doc) -> list[str]:
    d, lang = doc.report, doc.lang
    out = [f"### {escape(rel_path(d.path))}", ""]
    if doc.error:
        out.append(f"**{status_label('error', lang)}** {escape(error_text(d))}")
        return out
    for warning in d.warnings:
        out.append(f"> **{label('warning', lang)}**{escape(warning)}")
    if d.warnings:
        out.append("")
    out.append(summary_line(display_counts(d), lang))
    out.append("")
    bad = [f for f in doc.findings if f.status != "ok"]
    good = [f for f in doc.findings if f.status == "ok"]
    if bad:
        header = [
            text("status", lang),
            text("sev", lang),
            text("item", lang),
            text("where", lang),
            text("quote", lang),
            text("advice", lang),
        ]
        out += table(header, [_bad_row(f, lang) for f in bad])
    if good:
        out += [
            "",
            f"<details><summary>{SYMBOLS['ok']} {len(good)} {text('ok_items', lang)}</summary>",
            "",
        ]
        header = [text("item", lang), text("where", lang), text("quote", lang)]
        rows = [[escape(pick(f.title, lang)), escape(where(f)), _quote(f)] for f in good]
        out += table(header, rows)
        out += ["", "</details>"]
    return out


def _quote(finding: Finding) -> str:
    q = quote(finding)
    return f"“{escape(q)}”" if q else ""


def _bad_row(finding: Finding, lang: str) -> list[str]:
    status = display_status(finding)
    detail = _quote(finding)
    if not detail and finding.searched:
        detail = f"_{escape(label('searched', lang) + ', '.join(finding.searched))}_"
    advice = escape(pick(finding.advice, lang))
    if finding.suppressed is not None:
        advice += f"<br>_{escape(set_aside_note(finding, lang))}_"
    return [
        status_cell(status, lang),
        severity_label(finding.severity, lang),
        escape(pick(finding.title, lang)),
        escape(where(finding)),
        detail,
        advice,
    ]
