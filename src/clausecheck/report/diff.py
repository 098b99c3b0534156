"""`clausecheck diff OLD NEW`: what a revision did to each item, as a terminal table, JSON
(schema clausecheck/diff@1), Markdown (a pull-request comment) or one HTML page.

    render(DiffView(old_path, new_path, changes, tool_version), "markdown", options)
"""

from __future__ import annotations

from dataclasses import dataclass

from clausecheck.choices import DIFF_FORMATS
from clausecheck.codec import pretty_json
from clausecheck.drafting.diff import CHANGES, ItemChange, number_text
from clausecheck.model import Finding, pick
from clausecheck.normalize import display_width
from clausecheck.report.common import SYMBOLS, both, one_line, rel_path, shorten, status_label
from clausecheck.report.html import esc, page
from clausecheck.report.markdown import escape
from clausecheck.report.markdown import table as markdown_table
from clausecheck.report.options import ReportOptions

FORMATS = DIFF_FORMATS
SCHEMA = "clausecheck/diff@1"

CHANGE_LABELS = {
    "zh": {"weakened": "变差", "new": "新缺口", "fixed": "已修复", "improved": "有改善",
           "unchanged": "未变"},
    "en": {"weakened": "weakened", "new": "new gap", "fixed": "fixed", "improved": "improved",
           "unchanged": "unchanged"},
}  # fmt: skip
_MARKS = {"weakened": "▼", "new": "✘", "fixed": "✔", "improved": "▲", "unchanged": "="}
_WORDS = {
    "zh": {"title": "合同修订对比", "item": "检查项", "old": "旧稿", "new": "新稿",
           "change": "变化", "none": "没有变化。", "quotes": "原文对照"},
    "en": {"title": "Draft comparison", "item": "Item", "old": "old", "new": "new",
           "change": "Change", "none": "No item changed.", "quotes": "Quotes side by side"},
}  # fmt: skip


@dataclass(frozen=True)
class DiffView:
    old: str  # paths
    new: str
    changes: tuple[ItemChange, ...]
    tool_version: str


def render(view: DiffView, fmt: str, options: ReportOptions) -> str:
    lang = options.lang or "en"
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    return {"table": _table, "json": _json, "markdown": _markdown, "html": _html}[fmt](view, lang)


def _status(finding: Finding | None, lang: str) -> str:
    if finding is None:
        return "·"
    return f"{SYMBOLS[finding.status]} {status_label(finding.status, lang)}"


def _change(item: ItemChange, lang: str) -> str:
    shown = f"{_MARKS[item.change]} {CHANGE_LABELS[lang][item.change]}"
    return f"{shown} ({number_text(item.number, lang)})" if item.number else shown


def _quote(finding: Finding | None) -> str:
    if finding is None or not finding.found or not finding.locations:
        return "—"
    return one_line(finding.locations[0].quote)


def summary(view: DiffView, lang: str) -> str:
    counts = {c: sum(1 for i in view.changes if i.change == c) for c in CHANGES}
    sep = "，" if lang == "zh" else ", "
    return sep.join(f"{counts[c]} {CHANGE_LABELS[lang][c]}" for c in CHANGES)


def _changed(view: DiffView) -> list[ItemChange]:
    order = {c: i for i, c in enumerate(CHANGES)}
    moved = [i for i in view.changes if i.change != "unchanged"]
    return sorted(moved, key=lambda i: order[i.change])


def _table(view: DiffView, lang: str) -> str:
    words = _WORDS[lang]
    rows = [(pick(i.title, lang), _status(i.old, lang), _status(i.new, lang), _change(i, lang))
            for i in view.changes]  # fmt: skip
    head = (words["item"], words["old"], words["new"], words["change"])
    widths = [max(display_width(r[k]) for r in [head, *rows]) for k in range(4)]

    def line(cells: tuple[str, ...]) -> str:
        padded = [c + " " * (widths[k] - display_width(c)) for k, c in enumerate(cells[:3])]
        return "  ".join([*padded, cells[3]]).rstrip()

    out = [f"{words['old']}: {rel_path(view.old)}", f"{words['new']}: {rel_path(view.new)}", ""]
    out += [line(head), "─" * (sum(widths) + 6)]
    out += [line(r) for r in rows]
    changed = _changed(view)
    if changed:
        out += ["", words["quotes"] + (":" if lang == "en" else "：")]
    for item in changed:
        out.append(f"  {pick(item.title, lang)} — {_change(item, lang)}")
        out.append(f"    {words['old']}: {shorten(_quote(item.old), 110)}")
        out.append(f"    {words['new']}: {shorten(_quote(item.new), 110)}")
    out += ["", summary(view, lang)]
    return "\n".join(out) + "\n"


def _json(view: DiffView, lang: str) -> str:
    def side(finding: Finding | None) -> dict | None:
        if finding is None:
            return None
        loc = finding.locations[0] if finding.found and finding.locations else None
        return {"status": finding.status, "quote": loc.quote if loc else None,
                "clause": loc.clause if loc else None}  # fmt: skip

    items = [
        {"rule": i.rule, "title": both(i.title), "severity": i.severity, "change": i.change,
         "old": side(i.old), "new": side(i.new),
         "number": {"old": i.number[0], "new": i.number[1], "quantity": i.number[2]}
         if i.number else None}
        for i in view.changes
    ]  # fmt: skip
    counts = {c: sum(1 for i in view.changes if i.change == c) for c in CHANGES}
    return pretty_json({"schema": SCHEMA, "tool": {"name": "clausecheck",
                        "version": view.tool_version}, "old": view.old, "new": view.new,
                        "items": items, "summary": counts})  # fmt: skip


def _markdown(view: DiffView, lang: str) -> str:
    words = _WORDS[lang]
    out = [f"## clausecheck: {words['title']}", "",
           f"`{escape(rel_path(view.old))}` → `{escape(rel_path(view.new))}`: "
           f"{summary(view, lang)}", ""]  # fmt: skip
    changed = _changed(view)
    if not changed:
        return "\n".join([*out, words["none"]]) + "\n"
    header = [words["item"], words["change"], words["old"], words["new"]]
    rows = [[escape(pick(i.title, lang)), _change(i, lang),
             f"{_status(i.old, lang)}: {escape(shorten(_quote(i.old), 90))}",
             f"{_status(i.new, lang)}: {escape(shorten(_quote(i.new), 90))}"]
            for i in changed]  # fmt: skip
    return "\n".join(out + markdown_table(header, rows)) + "\n"


def _html(view: DiffView, lang: str) -> str:
    words = _WORDS[lang]
    rows = "".join(
        f'<tr class="c-{i.change}"><td>{esc(pick(i.title, lang))}</td>'
        f'<td class="s-{i.old.status if i.old else "none"}">{esc(_status(i.old, lang))}'
        f"<br><q>{esc(_quote(i.old))}</q></td>"
        f'<td class="s-{i.new.status if i.new else "none"}">{esc(_status(i.new, lang))}'
        f"<br><q>{esc(_quote(i.new))}</q></td><td>{esc(_change(i, lang))}</td></tr>"
        for i in view.changes
    )
    body = (
        f"<header><h1>clausecheck · {esc(words['title'])}</h1>"
        f"<p>{esc(words['old'])}: <code>{esc(rel_path(view.old))}</code> · {esc(words['new'])}: "
        f"<code>{esc(rel_path(view.new))}</code></p><p>{esc(summary(view, lang))}</p></header>"
        f"<main><table><thead><tr><th>{esc(words['item'])}</th><th>{esc(words['old'])}</th>"
        f"<th>{esc(words['new'])}</th><th>{esc(words['change'])}</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></main>"
    )
    return page(words["title"], lang, body)
