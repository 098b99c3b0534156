"""Markdown for a pull-request comment (GitHub-flavoured).

A heading, a per-file summary table and the totals line; then per file a table of what is
not ok (waived findings included, marked) and the ok ones folded in a <details> block.
Several files without `details` get the brief report instead, which fits a pull-request
comment (`BRIEF_LIMIT`): after the table, each failing item's advice once, then each
file's items to fix folded, as many files as fit.
Text from documents is escaped for both Markdown and the HTML that GitHub lets through,
and folded to one line so it cannot break a table row.
"""

from __future__ import annotations

import re

from clausecheck.model import Finding, Report, pick
from clausecheck.report.common import (
    QUOTE_MAX,
    SYMBOLS,
    Doc,
    count_columns,
    display_counts,
    display_status,
    docs_of,
    files_line,
    is_open,
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
from clausecheck.report.messages import error_line, warning_text
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
    if report.skipped:
        out += ["", f"### {text('skipped_files', lang)}", ""]
        out += [f"- {escape(rel_path(f.path))}" for f in report.skipped]
    if len(docs) > 1 and not options.details:
        return _brief(out, docs, lang)
    for doc in docs:
        out.append("")
        out += _document(doc)
    return "\n".join(out) + "\n"


# GitHub refuses a pull-request comment over 65,536 characters; the brief report of several
# files stays under this many, with room for what a workflow adds around it.
BRIEF_LIMIT = 60_000
BRIEF_QUOTE = 60  # characters of a quote in the brief report


def _brief(head: list[str], docs: list[Doc], lang: str) -> str:
    """Several files (without --details): the summary table, the files that could not be
    read, each failing item's advice once, then per file its items to fix in a folded
    block, as many files as fit."""
    out = "\n".join(head) + "\n"
    bad = [d.report for d in docs if d.error]
    if bad:
        out += f"\n### {text('could_not_read', lang)}\n\n"
        out += "".join(f"- {escape(rel_path(d.path))}: {escape(error_line(d, lang))}\n"
                       for d in bad)  # fmt: skip
    open_findings = [f for d in docs for f in d.findings if is_open(f)]
    advice = {f.rule: (pick(f.title, lang), pick(f.advice, lang)) for f in open_findings}
    if advice:
        out += f"\n### {text('advice', lang)}\n\n"
        out += "".join(f"- **{escape(t)}**: {escape(a)}\n" for t, a in advice.values() if a)
    failing = [d for d in docs if not d.error and open_count(d.report)]
    if failing:
        out += f"\n### {text('not_ok', lang)}\n"
    for shown, doc in enumerate(failing):
        block = "\n" + "\n".join(_folded(doc, lang)) + "\n"
        rest = len(failing) - shown
        if len(out) + len(block) + 200 > BRIEF_LIMIT:
            out += "\n" + text("brief_more", lang).format(n=rest) + "\n"
            break
        out += block
    return out


def _folded(doc: Doc, lang: str) -> list[str]:
    """A file's items to fix (no advice: that is listed once above), folded."""
    d = doc.report
    out = [
        f"<details><summary>{escape(rel_path(d.path))} · {escape(result_text(d, lang))}</summary>",
        "",
    ]
    out += [f"> **{label('warning', lang)}**{escape(warning_text(w, lang))}" for w in d.warnings]
    header = [text(k, lang) for k in ("status", "sev", "item", "where", "quote")]
    rows = [_bad_row(f, lang, quote_max=BRIEF_QUOTE)[:5] for f in doc.findings if is_open(f)]
    return [*out, *table(header, rows), "", "</details>"]


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
        out.append(f"**{status_label('error', lang)}** {escape(error_line(d, lang))}")
        return out
    for warning in d.warnings:
        out.append(f"> **{label('warning', lang)}**{escape(warning_text(warning, lang))}")
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


def _quote(finding: Finding, limit: int = QUOTE_MAX) -> str:
    q = quote(finding, limit)
    return f"“{escape(q)}”" if q else ""


def _bad_row(finding: Finding, lang: str, quote_max: int = QUOTE_MAX) -> list[str]:
    status = display_status(finding)
    detail = _quote(finding, quote_max)
    if not detail and finding.status == "missing":
        detail = f"_{escape(not_found_text(finding, lang))}_"
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
