"""The views of a `clausecheck eval` result (`evaluation.Evaluation`): the terminal table,
JSON (schema `clausecheck/eval@1`, docs/eval.md) and markdown."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterable, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

from clausecheck import __version__
from clausecheck.choices import EVAL_FORMATS
from clausecheck.codec import pretty_json
from clausecheck.evaluation import (
    ALL,
    Evaluation,
    Figures,
    Item,
    ThresholdResult,
)
from clausecheck.model import STATUSES
from clausecheck.report.common import one_line, shorten
from clausecheck.report.options import ReportOptions
from clausecheck.report.table import make_console, output

if TYPE_CHECKING:
    from rich.table import Table

SCHEMA = "clausecheck/eval@1"
QUOTE_LIMIT = 90


def rule_used(item: Item, limit: int = QUOTE_LIMIT) -> str:
    """What the rule used: its quote, or for a reported `missing`, what it looked for (in
    the rule's words; the patterns are in the JSON's `searched`)."""
    if item.reported == "missing":
        return "looked for " + shorten(item.looks_for, limit) if item.looks_for else ""
    return shorten(item.quote, limit)


def fmt_num(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def fmt_count_rate(count: int, rate: float | None) -> str:
    return f"{count} ({fmt_num(rate)})" if rate is not None else str(count)


def fmt_agree(agree: int, of: int, rate: float | None) -> str:
    return f"{fmt_num(rate)} ({agree}/{of})"


def scope_name(scope: str) -> str:
    return "all" if scope == ALL else scope


def plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def summary_lines(result: Evaluation) -> list[str]:
    """The header: what was scored and what was not, in plain sentences."""
    docs = result.documents
    by_lang = {lg: sum(1 for d in docs if d["language"] == lg) for lg in result.languages}
    langs = ", ".join(f"{n} {lg}" for lg, n in by_lang.items())
    lines = [
        f"ruleset {result.ruleset_name} ({plural(len(result.rule_ids), 'rule')}); "
        f"labels {result.labels_path}",
        f"{len(docs)} documents checked ({langs or 'none'}); {len(result.items)} of "
        f"{result.label_rows} label rows scored ({plural(len(result.rules_scored), 'rule')})",
    ]
    not_scored = (
        (result.unknown_rule_rows, "rows for rules not in the ruleset", result.unknown_rules),
        (result.absent_file_rows, "rows for files not in the folder", result.absent_files),
        (len(result.unlabelled_files), "files without labels", result.unlabelled_files),
    )
    for count, what, names in not_scored:
        if count:
            lines.append(f"not scored: {count} {what}: " + shorten(", ".join(names), 200))
    if result.errors:
        lines.append(
            f"unreadable: {len(result.errors)} documents, {result.unreadable_rows} "
            "label rows not scored (see errors)"
        )
    return lines


# --------------------------------------------------------------------------- JSON


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def figures_json(f: Figures) -> dict[str, Any]:
    return {
        "n": f.n,
        "presence": {
            "tp": f.tp,
            "fp": f.fp,
            "fn": f.fn,
            "tn": f.tn,
            "precision": rounded(f.precision),
            "recall": rounded(f.recall),
            "f1": rounded(f.f1),
        },
        "false_missing": {
            "count": f.fn,
            "labelled_present": f.labelled_present,
            "rate": rounded(f.false_missing_rate),
        },
        "agreement": {
            "agree": f.agree_present,
            "of": f.labelled_present,
            "rate": rounded(f.agreement),
        },
        "exact_agreement": {
            "agree": f.agree_all,
            "of": f.n,
            "rate": rounded(f.exact_agreement),
        },
        "confusion": {e: dict(row) for e, row in f.confusion.items()},
    }


def threshold_json(outcome: ThresholdResult) -> dict[str, Any]:
    t = outcome.threshold
    return {
        "metric": t.metric,
        "language": t.language,
        "bound": t.bound,
        "value": t.value,
        "actual": rounded(outcome.actual),
        "met": outcome.met,
    }


def item_json(item: Item) -> dict[str, Any]:
    return dataclasses.asdict(item)  # every field, in order (searched: a JSON array)


def json_head(schema: str, result: Any) -> dict[str, Any]:
    """The first keys of both JSON views: the schema, the tool and the ruleset."""
    return {
        "schema": schema,
        "tool_version": __version__,
        "ruleset": {
            "name": result.ruleset_name,
            "sha256": result.ruleset_sha256,
            "rules": len(result.rule_ids),
        },
    }


def to_json(result: Evaluation, show_all: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        **json_head(SCHEMA, result),
        "folder": result.folder,
        "labels": result.labels_path,
        "languages": result.languages,
        "counts": {
            "label_rows": result.label_rows,
            "scored": len(result.items),
            "unknown_rule": result.unknown_rule_rows,
            "absent_file": result.absent_file_rows,
            "unreadable": result.unreadable_rows,
            "documents": len(result.documents),
            "documents_unreadable": len(result.errors),
            "unlabelled_files": len(result.unlabelled_files),
        },
        "unknown_rules": list(result.unknown_rules),
        "absent_files": list(result.absent_files),
        "unlabelled_files": list(result.unlabelled_files),
        "documents": list(result.documents),
        "errors": list(result.errors),
        "overall": {s: figures_json(result.figures(s)) for s in result.scopes},
        "rules": [
            {"rule": r, **{s: figures_json(result.figures(s, r)) for s in result.scopes}}
            for r in result.rules_scored
        ],
        "disagreements": [item_json(i) for i in result.disagreements],
    }
    return with_items(data, result, item_json, show_all)


def with_items(data: dict[str, Any], result: Any, item: Any, show_all: bool) -> dict[str, Any]:
    """`data` with every item (`--all`) and the thresholds: the end of both JSON views."""
    if show_all:
        data["items"] = [item(i) for i in result.items]
    data["thresholds"] = [threshold_json(t) for t in result.thresholds]
    return data


def render_json(result: Evaluation, show_all: bool = False) -> str:
    return pretty_json(to_json(result, show_all))


# --------------------------------------------------------------------------- rows


RULE_HEADERS = ("rule", "n", "P", "R", "F1", "false-missing", "agreement", "exact")
OVERALL_HEADERS = ("language", "docs", "n", "P", "R", "F1", "false-missing", "agreement", "exact")
ITEM_HEADERS = (
    "file",
    "rule",
    "expected",
    "reported",
    "rule used (quote / looked for)",
    "label evidence",
)


def _figure_cells(f: Figures) -> list[str]:
    return [
        str(f.n),
        fmt_num(f.precision),
        fmt_num(f.recall),
        fmt_num(f.f1),
        fmt_count_rate(f.false_missing, f.false_missing_rate),
        fmt_agree(f.agree_present, f.labelled_present, f.agreement),
        fmt_agree(f.agree_all, f.n, f.exact_agreement),
    ]


def rule_rows(result: Evaluation) -> list[list[str]]:
    return [[r, *_figure_cells(result.figures(ALL, r))] for r in result.rules_scored]


def overall_rows(result: Evaluation) -> list[list[str]]:
    rows = []
    for scope in result.scopes:
        docs = sum(1 for d in result.documents if scope == ALL or d["language"] == scope)
        rows.append([scope_name(scope), str(docs), *_figure_cells(result.figures(scope))])
    return rows


def confusion_rows(f: Figures) -> list[list[str]]:
    rows = []
    for expected in STATUSES:
        row = f.confusion[expected]
        rows.append([expected, *(str(row[r]) for r in STATUSES), str(sum(row.values()))])
    totals = [sum(f.confusion[e][r] for e in STATUSES) for r in STATUSES]
    rows.append(["total", *(str(t) for t in totals), str(sum(totals))])
    return rows


def item_rows(items: Iterable[Item], limit: int = QUOTE_LIMIT) -> list[list[str]]:
    return [
        [
            i.file,
            i.rule,
            i.expected,
            i.reported + ("" if i.agrees else " ✗"),
            rule_used(i, limit),
            shorten(i.evidence, limit),
        ]
        for i in items
    ]


def listed_items(result: Evaluation, show_all: bool) -> tuple[str, list[Item]]:
    if show_all:
        return f"Items ({len(result.items)}, {len(result.disagreements)} disagree)", result.items
    return f"Disagreements ({len(result.disagreements)} of {len(result.items)})", (
        result.disagreements
    )


def threshold_lines(outcomes: Iterable[ThresholdResult]) -> list[str]:
    return [("ok    " if t.met else "FAIL  ") + t.message() for t in outcomes]


# --------------------------------------------------------------------------- markdown


def md_cell(value: str) -> str:
    return one_line(value).replace("|", "\\|") or " "


def md_table(headers: Sequence[str], rows: Iterable[Sequence[str]], right: int = 1) -> list[str]:
    """A pipe table; columns from `right` on are right-aligned (numbers)."""
    align = ["---" if i < right else "---:" for i in range(len(headers))]
    lines = ["| " + " | ".join(md_cell(h) for h in headers) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return lines


def render_markdown(result: Evaluation, show_all: bool = False) -> str:
    out = ["# clausecheck eval: " + md_cell(result.folder), ""]
    out += [f"- {md_cell(line)}" for line in summary_lines(result)]
    out += ["", "## Overall", "", *md_table(OVERALL_HEADERS, overall_rows(result))]
    out += ["", "## Per rule (all languages)", "", *md_table(RULE_HEADERS, rule_rows(result))]
    for scope in result.scopes:
        out += ["", f"## Confusion ({scope_name(scope)}): label rows × reported columns", ""]
        out += md_table(
            ("label \\ reported", *STATUSES, "total"), confusion_rows(result.figures(scope))
        )
    title, items = listed_items(result, show_all)
    out += ["", f"## {title}", ""]
    out += md_table(ITEM_HEADERS, item_rows(items, 160), right=99) if items else ["None."]
    if result.errors:
        out += ["", "## Unreadable documents", ""]
        out += md_table(
            ("file", "code", "message", "label rows"),
            [[e["file"], e["code"], e["message"], str(e["items"])] for e in result.errors],
            right=3,
        )
    if result.thresholds:
        out += ["", "## Thresholds", ""] + [
            f"- {md_cell(ln)}" for ln in threshold_lines(result.thresholds)
        ]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- table


def titled_console(title: str, summary: Iterable[str], color: bool, width: int) -> tuple:
    """(console, bold style) with the eval's title line and summary lines printed."""
    from rich.text import Text

    console = make_console(ReportOptions(color=color, width=width))
    bold = "bold" if color else ""
    console.print(Text("clausecheck eval: " + title, style=bold))
    for line in summary:
        console.print(Text(line))
    return console, bold


def print_thresholds(console: Any, outcomes: Sequence[ThresholdResult], bold: str) -> None:
    from rich.text import Text

    if outcomes:
        console.print()
        console.print(Text("Thresholds", style=bold))
        for line in threshold_lines(outcomes):
            console.print(Text(line))


def rich_table(
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    numeric_from: int = 1,
    total_last: bool = False,
    bold: str = "",
) -> Table:
    """A titled rich table: text columns, then numbers right-aligned; the last row of a
    `total_last` table set off and in bold. Cells go in as `Text`, never as markup."""
    # rich is imported here, not at the top: a heavy library only the tables need
    from rich import box
    from rich.table import Table
    from rich.text import Text

    t = Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        title_style=bold or None,
    )
    for i, h in enumerate(headers):
        t.add_column(h, justify="right" if i >= numeric_from else "left", overflow="fold")
    rows = list(rows)
    for index, row in enumerate(rows):
        last = total_last and index == len(rows) - 1
        t.add_row(
            *(Text(c) for c in row),
            end_section=index == len(rows) - 2 and total_last,
            style=bold if last else None,
        )
    return t


def render_table(
    result: Evaluation, show_all: bool = False, color: bool = False, width: int | None = None
) -> str:
    # rich is imported here, not at the top: a heavy library only the table needs
    from rich.table import Table
    from rich.text import Text

    console, bold = titled_console(result.folder, summary_lines(result), color, width or 140)

    def table(title: str, headers: Sequence[str], rows: Iterable[Sequence[str]], **kw: Any):
        return rich_table(title, headers, rows, bold=bold, **kw)

    console.print()
    console.print(table("Per rule (all languages)", RULE_HEADERS, rule_rows(result)))
    console.print()
    console.print(table("Overall", OVERALL_HEADERS, overall_rows(result), total_last=True))
    scopes = result.scopes if len(result.languages) > 1 else [ALL]
    for scope in scopes:
        console.print()
        console.print(
            table(
                f"Confusion ({scope_name(scope)}): label rows × reported columns",
                ("label \\ reported", *STATUSES, "total"),
                confusion_rows(result.figures(scope)),
                total_last=True,
            )
        )
    title, items = listed_items(result, show_all)
    console.print()
    console.print(Text(title + ("" if items else ": none"), style=bold))
    for item in items:
        mark = "" if item.agrees else "  ✗"
        head = Text(
            f"{item.file}  {item.rule}: label {item.expected}, reported {item.reported}{mark}",
            style=(bold if item.agrees else "bold red") if color else "",
        )
        console.print(head)
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=9, justify="right")
        grid.add_column(ratio=1, overflow="fold")
        used = rule_used(item, QUOTE_LIMIT * 2)
        if used:
            grid.add_row(Text("rule:"), Text(used))
        if item.evidence:
            grid.add_row(Text("label:"), Text(shorten(item.evidence, QUOTE_LIMIT * 2)))
        if grid.row_count:
            console.print(grid)
    if result.errors:
        console.print()
        console.print(
            table(
                "Unreadable documents",
                ("file", "code", "message", "label rows"),
                [[e["file"], e["code"], e["message"], str(e["items"])] for e in result.errors],
                numeric_from=3,
            )
        )
    print_thresholds(console, result.thresholds, bold)
    return output(console)


# --------------------------------------------------------------------------- dispatch

FORMATS = EVAL_FORMATS


def render(
    result: Any,
    fmt: str,
    show_all: bool = False,
    color: bool = False,
    width: int | None = None,
    views: ModuleType | None = None,
) -> str:
    """`result` as text in `fmt` (one of FORMATS), by the `to_json`, `render_markdown` and
    `render_table` of `views`: this module for contracts, `bank_evaluation` for a bank."""
    views = views or sys.modules[__name__]
    if fmt == "json":
        return pretty_json(views.to_json(result, show_all))
    if fmt == "markdown":
        return views.render_markdown(result, show_all)
    if fmt == "table":
        return views.render_table(result, show_all, color, width)
    raise ValueError(f"unknown format {fmt!r} (use table, json or markdown)")
