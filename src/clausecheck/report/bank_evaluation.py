"""The views of a clause-bank evaluation (`evaluation.bank.BankEvaluation`): the terminal
table, JSON (schema `clausecheck/bank-eval@1`, docs/eval.md) and markdown."""

from __future__ import annotations

import dataclasses
from typing import Any

from clausecheck.evaluation.bank import TUNE_SHARE, BankEvaluation, BankItem, RuleTally
from clausecheck.evaluation.scoring import ALL
from clausecheck.report.common import one_line, shorten
from clausecheck.report.evaluation import (
    fmt_num,
    json_head,
    md_cell,
    md_table,
    plural,
    print_thresholds,
    rich_table,
    rounded,
    scope_name,
    threshold_lines,
    titled_console,
    with_items,
)
from clausecheck.report.table import output

SCHEMA = "clausecheck/bank-eval@1"
TEXT_LIMIT = 300  # characters of a listed clause kept in JSON
RULE_HEADERS = ("rule", "clauses", "found", "recall", "other", "fired", "fire rate")
ITEM_HEADERS = ("kind", "lang", "rule", "clause", "heading", "text or quote")


def summary_lines(result: BankEvaluation) -> list[str]:
    """What was measured, in plain sentences."""
    where = "under a numbered heading" if result.with_heading else "body only"
    split = (
        "every clause"
        if result.split == "all"
        else f"the {result.split} split (seed {result.seed}, groups {TUNE_SHARE:.0%} tune)"
    )
    lines = [
        f"ruleset {result.ruleset_name} ({plural(len(result.rule_ids), 'rule')})",
        f"{result.clauses_selected} of {result.clauses_read} clauses: {split}; {where}",
    ]
    if result.documents:
        under = "numbered headings" if result.with_heading else "bare numbers (no heading titles)"
        lines[1] = (
            f"{plural(result.documents_selected, 'document')} put back together from "
            f"{result.clauses_selected} of {result.clauses_read} clauses: {split}; under {under}; "
            "each checked whole: a miss is a false `missing`"
        )
    if result.unreadable:
        lines.append(
            f"unreadable: {plural(len(result.unreadable), 'clause')} not scored: "
            + shorten(", ".join(result.unreadable), 200)
        )
    if result.unknown_labels:
        lines.append(
            "labels naming no rule of the ruleset (not scored): "
            + shorten(", ".join(result.unknown_labels), 200)
        )
    return lines


def overall_line(result: BankEvaluation, scope: str) -> str:
    """One language's summary: mean and lowest recall of the measured rules, worst fire."""
    measured = result.measured_rules(scope)
    name = scope_name(scope)
    if not measured:
        head = f"{name}: no rule has {result.min_clauses} {_units(result)} or more (--min-clauses)"
    else:
        lowest = min(measured, key=lambda r: result.tally(r, scope).recall or 0.0)
        head = (
            f"{name}: mean recall {fmt_num(result.metric('recall', scope))} over "
            f"{plural(len(measured), 'rule')} with {result.min_clauses}+ {_units(result)}; lowest "
            f"{fmt_num(result.metric('min-recall', scope))} ({lowest})"
        )
    if result.documents:
        tallies = [result.tally(r, scope) for r in result.rule_ids]
        items = sum(t.labelled for t in tallies)
        missed = items - sum(t.found for t in tallies)
        share = f" ({missed / items:.1%})" if items else ""
        return f"{head}; false `missing`: {missed} of {plural(items, 'labelled item')}{share}"
    rates = {r: result.tally(r, scope).fire_rate for r in result.rule_ids}
    known = {r: v for r, v in rates.items() if v is not None}
    if not known:
        return head
    worst = max(known, key=lambda r: known[r])
    return f"{head}; highest fire rate on other clauses {fmt_rate(known[worst])} ({worst})"


def _units(result: BankEvaluation) -> str:
    return "documents" if result.documents else "clauses"


def rule_headers(result: BankEvaluation) -> tuple[str, ...]:
    return ("rule", "documents", *RULE_HEADERS[2:4]) if result.documents else RULE_HEADERS


def rule_rows(result: BankEvaluation, scope: str) -> list[list[str]]:
    """A row per rule; on whole documents without the `other` columns (see rule_headers)."""
    columns = len(rule_headers(result))
    rows = []
    for rule in result.rule_ids:
        t = result.tally(rule, scope)
        thin = "  " if t.labelled >= result.min_clauses or not t.labelled else " ·"
        rows.append(
            [
                rule,
                str(t.labelled),
                str(t.found),
                fmt_num(t.recall) + thin,
                str(t.others),
                str(t.fired),
                fmt_rate(t.fire_rate),
            ][:columns]
        )
    return rows


def fmt_rate(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


THIN_NOTE = "· fewer clauses (with --documents: documents) than --min-clauses: not in the mean"


def item_rows(items: list[BankItem], limit: int) -> list[list[str]]:
    return [
        [
            i.kind,
            i.language,
            i.rule,
            i.clause,
            shorten(i.heading, 40),
            shorten(i.quote if i.kind == "fired" else i.text, limit),
        ]
        for i in items
    ]


def listed_title(result: BankEvaluation) -> str:
    missed = sum(1 for i in result.items if i.kind == "missed")
    fired = len(result.items) - missed
    if result.documents:
        return f"Items reported missing in documents labelled with them ({missed})"
    return f"Missed clauses ({missed}) and fires on other clauses ({fired})"


# --------------------------------------------------------------------------- JSON


def _tally_json(t: RuleTally) -> dict[str, Any]:
    return {
        "labelled": t.labelled,
        "found": t.found,
        "recall": rounded(t.recall),
        "others": t.others,
        "fired": t.fired,
        "fire_rate": rounded(t.fire_rate),
    }


def _item_json(item: BankItem) -> dict[str, Any]:
    """Every field, in order, the clause text cut short and the quote on one line."""
    data = dataclasses.asdict(item)
    data.update(text=shorten(item.text, TEXT_LIMIT), quote=one_line(item.quote))
    return data


def to_json(result: BankEvaluation, show_all: bool = False) -> dict[str, Any]:
    scopes = [*result.languages, ALL]
    data: dict[str, Any] = {
        **json_head(SCHEMA, result),
        "bank": result.path,
        "split": {"name": result.split, "seed": result.seed, "tune_share": TUNE_SHARE},
        "with_heading": result.with_heading,
        "documents": result.documents,
        "min_clauses": result.min_clauses,
        "languages": result.languages,
        "counts": {
            "clauses": result.clauses_read,
            "selected": result.clauses_selected,
            "documents": result.documents_selected,
            "unreadable": len(result.unreadable),
            "missed": sum(1 for i in result.items if i.kind == "missed"),
            "fired": sum(1 for i in result.items if i.kind == "fired"),
        },
        "unreadable": list(result.unreadable),
        "unknown_labels": list(result.unknown_labels),
        "overall": {
            s: {
                "recall": rounded(result.metric("recall", s)),
                "min_recall": rounded(result.metric("min-recall", s)),
                "fire_rate": rounded(result.metric("fire-rate", s)),
                "rules_measured": result.measured_rules(s),
            }
            for s in scopes
        },
        "rules": [
            {"rule": r, **{s: _tally_json(result.tally(r, s)) for s in scopes}}
            for r in result.rule_ids
        ],
    }
    return with_items(data, result, _item_json, show_all)


# --------------------------------------------------------------------------- markdown


def render_markdown(result: BankEvaluation, show_all: bool = False) -> str:
    out = ["# clausecheck eval: " + md_cell(result.path), ""]
    out += [f"- {md_cell(line)}" for line in summary_lines(result)]
    out += ["", "## Overall", ""] + [f"- {md_cell(overall_line(result, s))}" for s in result.scopes]
    for scope in result.scopes:
        out += ["", f"## Per rule ({scope_name(scope)})", ""]
        out += md_table(rule_headers(result), rule_rows(result, scope))
    out += ["", THIN_NOTE]
    if show_all:
        out += ["", f"## {listed_title(result)}", ""]
        rows = item_rows(result.items, 160)
        out += md_table(ITEM_HEADERS, rows, right=99) if rows else ["None."]
    if result.thresholds:
        out += ["", "## Thresholds", ""] + [
            f"- {md_cell(ln)}" for ln in threshold_lines(result.thresholds)
        ]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- table


def render_table(
    result: BankEvaluation, show_all: bool = False, color: bool = False, width: int | None = None
) -> str:
    # rich is imported here, not at the top: a heavy library only the table needs
    from rich.text import Text

    console, bold = titled_console(result.path, summary_lines(result), color, width or 100)
    for scope in result.scopes:
        console.print()
        title = f"Per rule ({scope_name(scope)})"
        console.print(rich_table(title, rule_headers(result), rule_rows(result, scope), bold=bold))
    console.print()
    console.print(Text("Overall", style=bold))
    for scope in result.scopes:
        console.print(Text(overall_line(result, scope)))
    console.print(Text(THIN_NOTE))
    if show_all:
        console.print()
        console.print(Text(listed_title(result), style=bold))
        for kind, lang, rule, clause, heading, text in item_rows(result.items, 180):
            console.print(Text(f"{kind:6} {lang:3} {rule:19} {clause} [{heading}]"))
            console.print(Text("       " + text))
    elif result.items:
        console.print(Text(f"{listed_title(result)}: --all lists them"))
    print_thresholds(console, result.thresholds, bold)
    return output(console)
