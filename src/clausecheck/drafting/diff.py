"""`diff`: two drafts of one contract, item by item — what a revision fixed, which new gaps
it opened, what it weakened (ok → vague, vague → risky, or a number worse for the buyer:
a longer fix time, a lower cap, a higher renewal increase) and what it left alone."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from clausecheck.drafting.wording import block_of
from clausecheck.model import Document, DocumentReport, Finding, LocalText, RuleMeta, WorseIf
from clausecheck.recognise.quantities import Quantity, durations, money, percentages

# What happened to an item, in the order a reviewer reads them (worst first).
CHANGES = ("weakened", "new", "fixed", "improved", "unchanged")
_RECOGNISERS: dict[str, Callable[[str], list[Quantity]]] = {
    "duration": durations,
    "money": money,
    "percent": percentages,
}
_UNITS = {"duration": {"zh": "小时", "en": "h"}, "money": {"zh": "", "en": ""},
          "percent": {"zh": "%", "en": "%"}}  # fmt: skip


@dataclass(frozen=True)
class ItemChange:
    rule: str
    title: LocalText
    severity: str
    old: Finding | None  # None: the rule was not evaluated in that draft
    new: Finding | None
    change: str  # one of CHANGES
    number: tuple[float, float, str] | None = None  # (old, new, quantity) when it moved


def diff(
    old: DocumentReport,
    new: DocumentReport,
    rules: Sequence[RuleMeta],
    docs: tuple[Document, Document] | None = None,
) -> list[ItemChange]:
    """Every rule of `rules` (in their order), with its status in each draft and the change
    (`docs`, the drafts' texts, let a number be read from the whole clause)."""
    before = {f.rule: f for f in old.findings}
    after = {f.rule: f for f in new.findings}
    out = []
    for rule in rules:
        a, b = before.get(rule.id), after.get(rule.id)
        if a is None and b is None:
            continue
        number = _moved(rule.worse_if, a, b, docs or (None, None))
        out.append(
            ItemChange(rule.id, rule.title, rule.severity, a, b, _change(a, b, rule.worse_if,
                                                                         number), number)
        )  # fmt: skip
    return out


def _change(a: Finding | None, b: Finding | None, worse: WorseIf | None, number) -> str:
    if a is None or b is None:
        return "unchanged"
    old, new = a.status, b.status
    if old == new:
        if number is None or worse is None:
            return "unchanged"
        higher = number[1] > number[0]
        return "weakened" if higher == (worse.direction == "higher") else "improved"
    if new == "ok":
        return "fixed"
    if new == "missing":
        return "improved" if old == "risky" else "new"
    if new == "risky" or old == "ok":
        return "weakened"
    return "improved"  # missing or risky -> vague


def _moved(worse: WorseIf | None, a: Finding | None, b: Finding | None, docs):
    """(old, new, quantity) when both drafts state the number `worse` watches and it moved."""
    if worse is None or a is None or b is None or not (a.found and b.found):
        return None
    pick = max if worse.direction == "higher" else min
    values = [_values(f, worse.quantity, d) for f, d in zip((a, b), docs, strict=True)]
    if not all(values):
        return None
    old, new = pick(values[0]), pick(values[1])
    return (old, new, worse.quantity) if old != new else None


def _values(finding: Finding, quantity: str, doc: Document | None) -> list[float]:
    """The numbers of `quantity` in the sentences that met the checks and in the whole
    clause of the first location (a list of fix times spans sentences)."""
    texts = [c.quote for c in finding.checks if c.met and c.quote]
    if finding.locations:
        loc = finding.locations[0]
        texts.append(loc.quote)
        if doc is not None:
            block = block_of(doc, loc.paragraph, loc.page, loc.quote)
            target = doc.blocks[block] if block is not None else None
            texts += [c.text for c in doc.clauses if any(b is target for b in c.blocks)]
    recognise = _RECOGNISERS[quantity]
    return [q.value for t in texts for q in recognise(t) if q.value]


def number_text(number: tuple[float, float, str], lang: str) -> str:
    """ "24 h → 72 h" """
    old, new, quantity = number
    unit = _UNITS[quantity][lang]

    def show(value: float) -> str:
        return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"

    space = "" if lang == "zh" or quantity == "percent" else " "
    return f"{show(old)}{space}{unit} → {show(new)}{space}{unit}"


def failing(changes: Sequence[ItemChange], fail_on: Sequence[str]) -> list[ItemChange]:
    return [c for c in changes if c.change in fail_on]
