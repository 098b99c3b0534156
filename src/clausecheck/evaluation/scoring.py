"""Scoring: a label paired with the finding the rule reported (an `Item`), the figures of
a group of items (presence precision/recall/F1, false missing, agreement, confusion) and
the thresholds `--fail-under` sets on them (docs/eval.md, "Figures", "Thresholds")."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from clausecheck.errors import UserError
from clausecheck.evaluation.labels import Label
from clausecheck.model import STATUSES, Finding, pick

LANGUAGES = ("zh", "en", "mixed")
ALL = "all"

# metric -> (bound, description); bound "min": fails below; "max": fails above.
METRICS: dict[str, tuple[str, str]] = {
    "presence-f1": ("min", "presence F1"),
    "presence-precision": ("min", "presence precision"),
    "presence-recall": ("min", "presence recall"),
    "agreement": ("min", "status agreement on labelled-present items"),
    "exact-agreement": ("min", "exact agreement on all items"),
    "false-missing-rate": ("max", "false-missing rate"),
}

_EPSILON = 1e-9


@dataclass(frozen=True)
class Item:
    """One scored (file, rule) pair: the label and what the rule reported."""

    file: str
    rule: str
    language: str
    expected: str
    reported: str
    status: str = ""  # the finding's own status (ok for a red-flag rule not found)
    found: bool = True
    quote: str = ""
    searched: tuple[str, ...] = ()
    looks_for: str = ""  # `searched` in the rule's words (English)
    evidence: str = ""
    note: str = ""

    @property
    def agrees(self) -> bool:
        return self.expected == self.reported


def reported_verdict(finding: Finding | None) -> str:
    if finding is None or not finding.found:
        return "missing"
    return finding.status


def make_item(label: Label, language: str, finding: Finding | None) -> Item:
    quote = finding.locations[0].quote if finding and finding.locations else ""
    return Item(
        file=label.file,
        rule=label.rule,
        language=language,
        expected=label.verdict,
        reported=reported_verdict(finding),
        status=finding.status if finding else "missing",
        found=bool(finding and finding.found),
        quote=" ".join(quote.split()),  # one line, as report.common.one_line
        searched=tuple(finding.searched) if finding else (),
        looks_for=pick(finding.looks_for, "en") if finding else "",
        evidence=label.evidence,
        note=label.note,
    )


# --------------------------------------------------------------------------- figures


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class Figures:
    """Every number for one group of items (a rule, a language, everything)."""

    n: int
    tp: int
    fp: int
    fn: int
    tn: int
    agree_present: int  # labelled present and reported == label
    agree_all: int
    confusion: dict[str, dict[str, int]]

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    @property
    def labelled_present(self) -> int:
        return self.tp + self.fn

    @property
    def false_missing(self) -> int:
        return self.fn

    @property
    def false_missing_rate(self) -> float | None:
        return _ratio(self.fn, self.labelled_present)

    @property
    def agreement(self) -> float | None:
        return _ratio(self.agree_present, self.labelled_present)

    @property
    def exact_agreement(self) -> float | None:
        return _ratio(self.agree_all, self.n)

    def metric(self, name: str) -> float | None:
        return {
            "presence-f1": self.f1,
            "presence-precision": self.precision,
            "presence-recall": self.recall,
            "agreement": self.agreement,
            "exact-agreement": self.exact_agreement,
            "false-missing-rate": self.false_missing_rate,
        }[name]


def figures(items: Iterable[Item]) -> Figures:
    tp = fp = fn = tn = agree_present = agree_all = n = 0
    confusion = {e: {r: 0 for r in STATUSES} for e in STATUSES}
    for item in items:
        n += 1
        labelled, reported = item.expected != "missing", item.reported != "missing"
        tp += labelled and reported
        fn += labelled and not reported
        fp += reported and not labelled
        tn += not labelled and not reported
        agree_all += item.agrees
        agree_present += labelled and item.agrees
        confusion[item.expected][item.reported] += 1
    return Figures(n, tp, fp, fn, tn, agree_present, agree_all, confusion)


@dataclass(frozen=True)
class Threshold:
    metric: str
    language: str
    value: float
    text: str  # as given
    bound: str = "min"  # "min": fails below the value; "max": fails above it


@dataclass(frozen=True)
class ThresholdResult:
    threshold: Threshold
    actual: float | None

    @property
    def met(self) -> bool:
        if self.actual is None:
            return False
        if self.threshold.bound == "max":
            return self.actual <= self.threshold.value + _EPSILON
        return self.actual >= self.threshold.value - _EPSILON

    def message(self) -> str:
        t = self.threshold
        name = t.metric + ("" if t.language == ALL else f":{t.language}")
        if self.actual is None:
            return f"{name} is undefined (no items to compute it from): --fail-under {t.text}"
        word = "above the maximum" if t.bound == "max" else "below"
        state = ("within the maximum" if t.bound == "max" else "at least") if self.met else word
        return f"{name} = {self.actual:.3f} {state} {t.value:.3f}" + (
            "" if self.met else f" (--fail-under {t.text})"
        )


_THRESHOLD = re.compile(r"^\s*([a-z0-9-]+)\s*(?::\s*([a-z]+)\s*)?=\s*([0-9.]+)\s*(%?)\s*$")


def parse_threshold(text: str, metrics: Mapping[str, tuple[str, str]] = METRICS) -> Threshold:
    """`METRIC[:LANG]=VALUE` for one of `metrics` (a contract or a clause-bank evaluation)."""
    match = _THRESHOLD.match(text.lower())
    known = ", ".join(metrics)
    if not match:
        raise UserError(
            f"--fail-under {text!r}: expected METRIC=VALUE or METRIC:LANG=VALUE, "
            f"e.g. presence-f1=0.95 (metrics: {known})"
        )
    metric, language, number, percent = match.groups()
    if metric not in metrics:
        raise UserError(f"--fail-under {text!r}: unknown metric {metric!r} (use one of {known})")
    language = language or ALL
    if language not in (*LANGUAGES, ALL):
        raise UserError(
            f"--fail-under {text!r}: unknown language {language!r} (use zh, en, mixed or all)"
        )
    try:
        value = float(number)
    except ValueError:
        raise UserError(f"--fail-under {text!r}: {number!r} is not a number") from None
    if percent:
        value /= 100
    if not 0 <= value <= 1 or math.isnan(value):
        raise UserError(
            f"--fail-under {text!r}: the value must be between 0 and 1 (or 0% and 100%)"
        )
    return Threshold(metric, language, value, text.strip(), metrics[metric][0])
