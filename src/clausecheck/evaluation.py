"""`clausecheck eval`: measure the rules against contracts labelled by hand.

    clausecheck eval FOLDER [--labels FILE] [--format table|json|markdown] [-o FILE]
                     [--pack PACK] [--rules FILE ...] [--fail-under METRIC[:LANG]=VALUE ...]
                     [--all]

Every labelled contract in FOLDER is checked with the ruleset (the default pack, or
`--pack`/`--rules`), and what each rule reported is compared with the label.

Labels file
-----------
`FOLDER/labels.tsv` (else `FOLDER/labels.csv`), or the file given with `--labels`.
Tab-separated when the name ends in `.tsv`/`.tab`, comma-separated when it ends in
`.csv`, else told from the header line. UTF-8 (a BOM is allowed). The first line is a
header naming the columns, in any order, case-insensitive:

    file      the contract's path relative to FOLDER (forward slashes), e.g. `a.docx`
    rule      a rule id, e.g. `dispute-resolution`
    verdict   ok | vague | risky | missing  (what a careful reader says the rule should
              report; `missing` also for a red-flag rule whose red flag is absent, e.g.
              `liability-cap` when there is no cap at all)
    evidence  optional: the quote that justifies the verdict (shown with disagreements)
    note      optional: the reason; any other column is ignored

Blank lines and lines starting with `#` are skipped. A TSV cell is taken literally (no
quoting); a CSV cell may be quoted the usual way. Each (file, rule) pair may appear once.
A missing column, an unknown verdict, an empty file or rule cell or a repeated pair is
an error naming `labels-file:line` (exit 2).

What is scored
--------------
Label rows whose rule is not in the ruleset, and rows for files that are not in FOLDER,
are not scored: they are counted and named in the output. A contract in FOLDER without
any label row is not checked (README files are ignored). A labelled contract that cannot
be read is an error: it is listed, and its label rows are counted as "unreadable", never
as `missing`.

The reported verdict of a rule is `missing` when the finding says not found
(`finding.found` is False: no text located, or a red-flag rule whose flag is absent),
else the finding's status.

Figures
-------
For every rule, and overall, for each document language (zh, en, and mixed when there
is one) and for all documents together:

* presence — "found" means any verdict but `missing`. precision = TP / (TP + FP),
  recall = TP / (TP + FN), F1 = 2·TP / (2·TP + FP + FN); TP labelled and reported
  found, FP labelled missing but reported found, FN labelled found but reported missing.
* false missing — FN: labelled present, reported missing; its rate is FN / (TP + FN),
  the share of labelled-present items the rules did not find (= 1 − recall).
* agreement — among labelled-present items, the share whose reported verdict equals the
  label (a false missing counts as a disagreement).
* exact agreement — the share of all items whose reported verdict equals the label.
* confusion — counts of label (rows) × reported verdict (columns), ok/vague/risky/missing.

A figure with an empty denominator is undefined: `–` in tables, `null` in JSON.
The disagreements list gives, for every item where label and report differ: file, rule,
label, report, and what the rule used (its first quote; for a reported `missing`, what
it searched for), with the label's evidence. `--all` lists every item.

Thresholds
----------
`--fail-under METRIC=VALUE` (repeatable) makes the command exit 1 when a figure misses
its threshold; each failure is printed on stderr. METRIC is one of `presence-f1`,
`presence-precision`, `presence-recall`, `agreement`, `exact-agreement` or
`false-missing-rate`, optionally followed by `:zh`, `:en`, `:mixed` or `:all` (the
default: all documents). VALUE is a number from 0 to 1 or a percentage (`95%`).
`false-missing-rate` is the one metric where lower is better: its VALUE is a maximum
and it fails when the rate is ABOVE it (`--fail-under false-missing-rate=0.05`). Every
other metric fails when BELOW its value. A threshold on an undefined figure (e.g. a
language with no documents) fails.

    clausecheck eval corpus/ --fail-under presence-f1=0.9 \
        --fail-under agreement:zh=0.6 --fail-under false-missing-rate=0.1

Exit codes: 0 every threshold met; 1 a threshold not met; 2 a usage error (unknown
metric, bad labels file, nothing to score) or a labelled contract that could not be read.

JSON (`--format json`, schema `clausecheck/eval@1`)
-------------------------------------------------
    {
      "schema": "clausecheck/eval@1",
      "tool_version": "0.1.0",
      "ruleset": {"name": "after-sales", "sha256": "...", "rules": 22},
      "folder": "corpus", "labels": "corpus/labels.tsv",
      "languages": ["zh", "en"],            # document languages present, in this order
      "counts": {
        "label_rows": 286,                  # rows read from the labels file
        "scored": 280,                      # items compared
        "unknown_rule": 4,                  # rows whose rule is not in the ruleset
        "absent_file": 2,                   # rows whose file is not in the folder
        "unreadable": 0,                    # rows of labelled files that could not be read
        "documents": 13,                    # labelled files checked
        "documents_unreadable": 0,
        "unlabelled_files": 0               # contracts in the folder with no label row
      },
      "unknown_rules": ["..."], "absent_files": ["..."], "unlabelled_files": ["..."],
      "documents": [{"file": "a.txt", "language": "zh", "format": "text", "items": 22}],
      "errors": [{"file": "b.pdf", "code": "corrupt", "message": "...", "items": 22}],
      "overall": {"all": FIGURES, "zh": FIGURES, "en": FIGURES},
      "rules": [{"rule": "service-scope", "all": FIGURES, "zh": FIGURES, "en": FIGURES}],
      "disagreements": [ITEM, ...],        # label != report, by file then rule order
      "items": [ITEM, ...],                # only with --all: every scored item
      "thresholds": [{"metric": "presence-f1", "language": "all", "bound": "min",
                      "value": 0.9, "actual": 0.93, "met": true}]
    }
    FIGURES = {
      "n": 286,
      "presence": {"tp": 0, "fp": 0, "fn": 0, "tn": 0,
                   "precision": 0.9, "recall": 0.9, "f1": 0.9},
      "false_missing": {"count": 3, "labelled_present": 200, "rate": 0.015},
      "agreement": {"agree": 120, "of": 200, "rate": 0.6},
      "exact_agreement": {"agree": 170, "of": 286, "rate": 0.59},
      "confusion": {"ok": {"ok": 0, "vague": 0, "risky": 0, "missing": 0}, "vague": {...},
                    "risky": {...}, "missing": {...}}      # label -> reported -> count
    }
    ITEM = {"file": "a.txt", "rule": "fees", "language": "zh", "expected": "ok",
            "reported": "vague", "status": "vague", "found": true,
            "quote": "...", "searched": ["..."], "evidence": "...", "note": "..."}

Rates are rounded to 4 decimals in JSON; `null` when undefined. Keys are only ever added
in a later `clausecheck/eval@1` output, never renamed or removed.
"""

from __future__ import annotations

import csv
import io
import math
import os
import posixpath
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clausecheck.codec import pretty_json
from clausecheck.commands import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UserError
from clausecheck.model import STATUSES, DocumentReport, Finding
from clausecheck.runner import note, write_output

SCHEMA = "clausecheck/eval@1"
LANGUAGES = ("zh", "en", "mixed")
ALL = "all"
REQUIRED_COLUMNS = ("file", "rule", "verdict")
DEFAULT_LABELS = ("labels.tsv", "labels.csv")

# metric -> (bound, description); bound "min": fails below; "max": fails above.
METRICS: dict[str, tuple[str, str]] = {
    "presence-f1": ("min", "presence F1"),
    "presence-precision": ("min", "presence precision"),
    "presence-recall": ("min", "presence recall"),
    "agreement": ("min", "status agreement on labelled-present items"),
    "exact-agreement": ("min", "exact agreement on all items"),
    "false-missing-rate": ("max", "false-missing rate"),
}

QUOTE_LIMIT = 90
_EPSILON = 1e-9


@dataclass(frozen=True)
class EvalRequest:
    folder: Path
    labels: Path | None = None
    fmt: str = "table"
    output: Path | None = None
    pack: str | None = None
    rules: tuple[str, ...] = ()
    fail_under: tuple[str, ...] = ()
    show_agreements: bool = False
    color: bool | None = None
    jobs: int | None = None
    use_cache: bool = True


# --------------------------------------------------------------------------- labels


@dataclass(frozen=True)
class Label:
    file: str  # relative to the folder, forward slashes
    rule: str
    verdict: str
    evidence: str = ""
    note: str = ""
    line: int = 0


def read_labels(path: Path) -> list[Label]:
    """The rows of a labels file; UserError naming `path:line` for anything wrong."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such labels file") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read the labels file: {exc.strerror or exc}") from None
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UserError(f"{path}:{line}: the labels file is not UTF-8 text") from None
    lines = content.splitlines()
    header_index = next(
        (i for i, ln in enumerate(lines) if ln.strip() and not ln.lstrip().startswith("#")), None
    )
    if header_index is None:
        raise UserError(
            f"{path}: the labels file is empty (it needs a header line: file, rule, verdict)"
        )
    delimiter = _delimiter(path, lines[header_index])
    if delimiter == "\t":
        reader = csv.reader(
            io.StringIO(content, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE
        )
    else:
        reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    columns: dict[str, int] = {}
    labels: list[Label] = []
    first_seen: dict[tuple[str, str], int] = {}
    start = 1
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
                continue
            if header is None:
                header = [cell.strip().lower() for cell in row]
                columns = _columns(header, path, line)
                continue
            label = _label(row, columns, path, line)
            key = (label.file, label.rule)
            if key in first_seen:
                raise UserError(
                    f"{path}:{line}: a second label for {label.file} / {label.rule} "
                    f"(the first is on line {first_seen[key]})"
                )
            first_seen[key] = line
            labels.append(label)
    except csv.Error as exc:
        raise UserError(f"{path}:{reader.line_num}: cannot parse the labels file: {exc}") from None
    return labels


def _delimiter(path: Path, header: str) -> str:
    suffix = path.suffix.lower()
    if suffix in (".tsv", ".tab"):
        return "\t"
    if suffix == ".csv":
        return ","
    if "\t" in header:
        return "\t"
    counts = {d: header.count(d) for d in (",", ";")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else "\t"


def _columns(header: list[str], path: Path, line: int) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        columns.setdefault(name, index)
    lacking = [c for c in REQUIRED_COLUMNS if c not in columns]
    if lacking:
        found = ", ".join(h for h in header if h) or "nothing"
        raise UserError(
            f"{path}:{line}: the header lacks the column{'s' if len(lacking) > 1 else ''} "
            f"{', '.join(lacking)} (it needs file, rule, verdict; found: {found}; is the file "
            "tab- or comma-separated?)"
        )
    return columns


def _label(row: list[str], columns: dict[str, int], path: Path, line: int) -> Label:
    def cell(name: str) -> str:
        index = columns.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    file, rule, verdict = cell("file"), cell("rule"), cell("verdict").lower()
    if not file:
        raise UserError(f"{path}:{line}: the file cell is empty")
    if not rule:
        raise UserError(f"{path}:{line}: the rule cell is empty")
    if verdict not in STATUSES:
        shown = repr(verdict) if verdict else "an empty verdict"
        raise UserError(f"{path}:{line}: unknown verdict {shown} (use {', '.join(STATUSES)})")
    file = posixpath.normpath(file.replace("\\", "/"))
    return Label(file, rule, verdict, cell("evidence"), cell("note"), line)


def default_labels_path(folder: Path) -> Path:
    for name in DEFAULT_LABELS:
        if (folder / name).is_file():
            return folder / name
    raise UserError(
        f"no labels file in {folder} (looked for {' and '.join(DEFAULT_LABELS)}; "
        "give one with --labels FILE)"
    )


# --------------------------------------------------------------------------- items


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
    evidence: str = ""
    note: str = ""

    @property
    def agrees(self) -> bool:
        return self.expected == self.reported

    def shown(self, limit: int = QUOTE_LIMIT) -> str:
        """What the rule used: its quote, or for a reported `missing`, what it searched."""
        if self.reported == "missing":
            return "searched: " + shorten(" | ".join(self.searched), limit) if self.searched else ""
        return shorten(self.quote, limit)


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
        quote=one_line(quote),
        searched=tuple(finding.searched) if finding else (),
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

    def as_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "presence": {
                "tp": self.tp,
                "fp": self.fp,
                "fn": self.fn,
                "tn": self.tn,
                "precision": _round(self.precision),
                "recall": _round(self.recall),
                "f1": _round(self.f1),
            },
            "false_missing": {
                "count": self.fn,
                "labelled_present": self.labelled_present,
                "rate": _round(self.false_missing_rate),
            },
            "agreement": {
                "agree": self.agree_present,
                "of": self.labelled_present,
                "rate": _round(self.agreement),
            },
            "exact_agreement": {
                "agree": self.agree_all,
                "of": self.n,
                "rate": _round(self.exact_agreement),
            },
            "confusion": {e: dict(row) for e, row in self.confusion.items()},
        }


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


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


# --------------------------------------------------------------------------- result


@dataclass
class Evaluation:
    folder: str
    labels_path: str
    ruleset_name: str
    ruleset_sha256: str
    rule_ids: tuple[str, ...]
    items: list[Item]
    label_rows: int = 0
    unknown_rule_rows: int = 0
    unknown_rules: list[str] = field(default_factory=list)
    absent_file_rows: int = 0
    absent_files: list[str] = field(default_factory=list)
    unlabelled_files: list[str] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)  # file, language, format, items
    errors: list[dict[str, Any]] = field(default_factory=list)  # file, code, message, items
    thresholds: list[ThresholdResult] = field(default_factory=list)

    @property
    def languages(self) -> list[str]:
        present = {i.language for i in self.items}
        return [lg for lg in LANGUAGES if lg in present] + sorted(present - set(LANGUAGES))

    @property
    def scopes(self) -> list[str]:
        """The languages to report separately, then "all"."""
        return [*self.languages, ALL]

    @property
    def unreadable_rows(self) -> int:
        return sum(e["items"] for e in self.errors)

    def select(self, language: str = ALL, rule: str | None = None) -> list[Item]:
        return [
            i
            for i in self.items
            if (language == ALL or i.language == language) and (rule is None or i.rule == rule)
        ]

    def figures(self, language: str = ALL, rule: str | None = None) -> Figures:
        return figures(self.select(language, rule))

    @property
    def rules_scored(self) -> list[str]:
        seen = {i.rule for i in self.items}
        return [r for r in self.rule_ids if r in seen]

    @property
    def disagreements(self) -> list[Item]:
        return [i for i in self.items if not i.agrees]


def sort_items(items: list[Item], rule_ids: Sequence[str]) -> list[Item]:
    order = {r: i for i, r in enumerate(rule_ids)}
    return sorted(items, key=lambda i: (i.file, order.get(i.rule, len(order)), i.rule))


def evaluate(
    folder: Path,
    labels_path: Path | None = None,
    pack: str | None = None,
    rules: tuple[str, ...] = (),
    jobs: int | None = None,
    use_cache: bool = True,
) -> Evaluation:
    """Check every labelled file of `folder` and pair each label with the reported verdict."""
    from clausecheck.api import CheckOptions, check_many, load_ruleset
    from clausecheck.files import collect

    if not folder.is_dir():
        raise UserError(f"{folder}: not a folder (give the folder of labelled contracts)")
    labels_path = labels_path or default_labels_path(folder)
    labels = read_labels(labels_path)
    ruleset = load_ruleset(pack, rules)
    rule_ids = tuple(r.id for r in ruleset.rules)
    known = set(rule_ids)
    result = Evaluation(
        folder=str(folder),
        labels_path=str(labels_path),
        ruleset_name=ruleset.name,
        ruleset_sha256=ruleset.sha256,
        rule_ids=rule_ids,
        items=[],
        label_rows=len(labels),
    )
    wanted: list[Label] = []
    for label in labels:
        if label.rule not in known:
            result.unknown_rule_rows += 1
            if label.rule not in result.unknown_rules:
                result.unknown_rules.append(label.rule)
        elif not (folder / label.file).is_file():
            result.absent_file_rows += 1
            if label.file not in result.absent_files:
                result.absent_files.append(label.file)
        else:
            wanted.append(label)
    labelled = {label.file for label in labels}
    for path in collect([str(folder)]).files:
        rel = Path(os.path.relpath(path, folder)).as_posix()
        if rel not in labelled and not Path(rel).name.upper().startswith("README"):
            result.unlabelled_files.append(rel)
    if not wanted:
        raise UserError(
            f"nothing to score: none of the {len(labels)} label rows of {labels_path} names "
            f"both a rule of the ruleset ({ruleset.name}) and a file in {folder}"
        )
    files = list(dict.fromkeys(label.file for label in wanted))
    report = check_many(
        [str(folder / f) for f in files],
        ruleset,
        CheckOptions(use_cache=use_cache),
        jobs=jobs,
        pack=pack,
        extra_rules=rules,
    )
    by_file: dict[str, DocumentReport] = dict(zip(files, report.documents, strict=True))
    per_file: dict[str, list[Label]] = {}
    for label in wanted:
        per_file.setdefault(label.file, []).append(label)
    for file in files:
        doc, file_labels = by_file[file], per_file[file]
        if doc.status == "error":
            error = doc.error
            result.errors.append(
                {
                    "file": file,
                    "code": error.code if error else "error",
                    "message": one_line(error.message) if error else "",
                    "items": len(file_labels),
                }
            )
            continue
        language = doc.language or "en"
        result.documents.append(
            {"file": file, "language": language, "format": doc.format, "items": len(file_labels)}
        )
        findings = {f.rule: f for f in doc.findings}
        result.items.extend(make_item(lb, language, findings.get(lb.rule)) for lb in file_labels)
    result.items = sort_items(result.items, rule_ids)
    return result


# --------------------------------------------------------------------------- thresholds


@dataclass(frozen=True)
class Threshold:
    metric: str
    language: str
    value: float
    text: str  # as given

    @property
    def bound(self) -> str:
        return METRICS[self.metric][0]


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

    def as_json(self) -> dict[str, Any]:
        t = self.threshold
        return {
            "metric": t.metric,
            "language": t.language,
            "bound": t.bound,
            "value": t.value,
            "actual": _round(self.actual),
            "met": self.met,
        }


_THRESHOLD = re.compile(r"^\s*([a-z0-9-]+)\s*(?::\s*([a-z]+)\s*)?=\s*([0-9.]+)\s*(%?)\s*$")


def parse_threshold(text: str) -> Threshold:
    match = _THRESHOLD.match(text.lower())
    known = ", ".join(METRICS)
    if not match:
        raise UserError(
            f"--fail-under {text!r}: expected METRIC=VALUE or METRIC:LANG=VALUE, "
            f"e.g. presence-f1=0.95 (metrics: {known})"
        )
    metric, language, number, percent = match.groups()
    if metric not in METRICS:
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
    return Threshold(metric, language, value, text.strip())


def apply_thresholds(result: Evaluation, thresholds: Sequence[Threshold]) -> list[ThresholdResult]:
    results = [ThresholdResult(t, result.figures(t.language).metric(t.metric)) for t in thresholds]
    result.thresholds = results
    return results


# --------------------------------------------------------------------------- small text


_SPACE = re.compile(r"\s+")


def one_line(value: str | None) -> str:
    return _SPACE.sub(" ", value or "").strip()


def shorten(value: str | None, limit: int) -> str:
    flat = one_line(value)
    if len(flat) <= limit:
        return flat
    return flat[: max(limit - 1, 0)].rstrip() + "…"


def fmt_num(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def fmt_count_rate(count: int, rate: float | None) -> str:
    return f"{count} ({fmt_num(rate)})" if rate is not None else str(count)


def fmt_agree(agree: int, of: int, rate: float | None) -> str:
    return f"{fmt_num(rate)} ({agree}/{of})"


def scope_name(scope: str) -> str:
    return "all" if scope == ALL else scope


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def summary_lines(result: Evaluation) -> list[str]:
    """The header: what was scored and what was not, in plain sentences."""
    docs = result.documents
    by_lang = {lg: sum(1 for d in docs if d["language"] == lg) for lg in result.languages}
    langs = ", ".join(f"{n} {lg}" for lg, n in by_lang.items())
    lines = [
        f"ruleset {result.ruleset_name} ({_plural(len(result.rule_ids), 'rule')}); "
        f"labels {result.labels_path}",
        f"{len(docs)} documents checked ({langs or 'none'}); {len(result.items)} of "
        f"{result.label_rows} label rows scored ({_plural(len(result.rules_scored), 'rule')})",
    ]
    if result.unknown_rule_rows:
        lines.append(
            f"not scored: {result.unknown_rule_rows} rows for rules not in the ruleset: "
            + shorten(", ".join(result.unknown_rules), 200)
        )
    if result.absent_file_rows:
        lines.append(
            f"not scored: {result.absent_file_rows} rows for files not in the folder: "
            + shorten(", ".join(result.absent_files), 200)
        )
    if result.unlabelled_files:
        lines.append(
            f"not scored: {len(result.unlabelled_files)} files without labels: "
            + shorten(", ".join(result.unlabelled_files), 200)
        )
    if result.errors:
        lines.append(
            f"unreadable: {len(result.errors)} documents, {result.unreadable_rows} "
            "label rows not scored (see errors)"
        )
    return lines


# --------------------------------------------------------------------------- JSON


def item_json(item: Item) -> dict[str, Any]:
    return {
        "file": item.file,
        "rule": item.rule,
        "language": item.language,
        "expected": item.expected,
        "reported": item.reported,
        "status": item.status,
        "found": item.found,
        "quote": item.quote,
        "searched": list(item.searched),
        "evidence": item.evidence,
        "note": item.note,
    }


def to_json(result: Evaluation, show_all: bool = False) -> dict[str, Any]:
    from clausecheck import __version__

    data: dict[str, Any] = {
        "schema": SCHEMA,
        "tool_version": __version__,
        "ruleset": {
            "name": result.ruleset_name,
            "sha256": result.ruleset_sha256,
            "rules": len(result.rule_ids),
        },
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
        "overall": {s: result.figures(s).as_json() for s in result.scopes},
        "rules": [
            {"rule": r, **{s: result.figures(s, r).as_json() for s in result.scopes}}
            for r in result.rules_scored
        ],
        "disagreements": [item_json(i) for i in result.disagreements],
    }
    if show_all:
        data["items"] = [item_json(i) for i in result.items]
    data["thresholds"] = [t.as_json() for t in result.thresholds]
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
    "rule used (quote / searched)",
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
            i.shown(limit),
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


def threshold_lines(result: Evaluation) -> list[str]:
    return [("ok    " if t.met else "FAIL  ") + t.message() for t in result.thresholds]


# --------------------------------------------------------------------------- markdown


def _md_cell(value: str) -> str:
    return one_line(value).replace("|", "\\|") or " "


def _md_table(headers: Sequence[str], rows: Iterable[Sequence[str]], right: int = 1) -> list[str]:
    """A pipe table; columns from `right` on are right-aligned (numbers)."""
    align = ["---" if i < right else "---:" for i in range(len(headers))]
    lines = ["| " + " | ".join(_md_cell(h) for h in headers) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return lines


def render_markdown(result: Evaluation, show_all: bool = False) -> str:
    out = ["# clausecheck eval: " + _md_cell(result.folder), ""]
    out += [f"- {_md_cell(line)}" for line in summary_lines(result)]
    out += ["", "## Overall", "", *_md_table(OVERALL_HEADERS, overall_rows(result))]
    out += ["", "## Per rule (all languages)", "", *_md_table(RULE_HEADERS, rule_rows(result))]
    for scope in result.scopes:
        out += ["", f"## Confusion ({scope_name(scope)}): label rows × reported columns", ""]
        out += _md_table(
            ("label \\ reported", *STATUSES, "total"), confusion_rows(result.figures(scope))
        )
    title, items = listed_items(result, show_all)
    out += ["", f"## {title}", ""]
    out += _md_table(ITEM_HEADERS, item_rows(items, 160), right=99) if items else ["None."]
    if result.errors:
        out += ["", "## Unreadable documents", ""]
        out += _md_table(
            ("file", "code", "message", "label rows"),
            [[e["file"], e["code"], e["message"], str(e["items"])] for e in result.errors],
            right=3,
        )
    if result.thresholds:
        out += ["", "## Thresholds", ""] + [f"- {_md_cell(ln)}" for ln in threshold_lines(result)]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- table


def render_table(
    result: Evaluation, show_all: bool = False, color: bool = False, width: int | None = None
) -> str:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from clausecheck.report import ReportOptions
    from clausecheck.report.table import make_console, output

    console = make_console(ReportOptions(color=color, width=width or 140))
    bold = "bold" if color else ""
    console.print(Text("clausecheck eval: " + result.folder, style=bold))
    for line in summary_lines(result):
        console.print(Text(line))

    def table(
        title: str,
        headers: Sequence[str],
        rows: Iterable[Sequence[str]],
        numeric_from: int = 1,
        total_last: bool = False,
    ) -> Table:
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
        used = item.shown(QUOTE_LIMIT * 2)
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
    if result.thresholds:
        console.print()
        console.print(Text("Thresholds", style=bold))
        for line in threshold_lines(result):
            console.print(Text(line))
    return output(console)


# --------------------------------------------------------------------------- command


def render(
    result: Evaluation,
    fmt: str,
    show_all: bool = False,
    color: bool = False,
    width: int | None = None,
) -> str:
    if fmt == "json":
        return render_json(result, show_all)
    if fmt == "markdown":
        return render_markdown(result, show_all)
    if fmt == "table":
        return render_table(result, show_all, color, width)
    raise UserError(f"unknown format {fmt!r} (use table, json or markdown)")


def run_eval(request: EvalRequest) -> int:
    """What `clausecheck eval` does; returns the exit code."""
    if request.fmt not in ("table", "json", "markdown"):
        raise UserError(f"--format {request.fmt!r}: use table, json or markdown")
    thresholds = [parse_threshold(t) for t in request.fail_under]  # usage errors first
    result = evaluate(
        request.folder,
        request.labels,
        request.pack,
        request.rules,
        request.jobs,
        request.use_cache,
    )
    outcomes = apply_thresholds(result, thresholds)
    to_terminal = request.output is None and sys.stdout.isatty()
    color = (
        request.color
        if request.color is not None
        else (to_terminal and not os.environ.get("NO_COLOR"))
    )
    width = None
    if to_terminal:
        try:
            width = os.get_terminal_size(sys.stdout.fileno()).columns
        except OSError:
            width = None
    write_output(render(result, request.fmt, request.show_agreements, color, width), request.output)
    for error in result.errors:
        note(
            f"error: {error['file']}: {error['message']} [{error['code']}] "
            f"({error['items']} label rows not scored)"
        )
    failed = [o for o in outcomes if not o.met]
    for outcome in failed:
        note("threshold not met: " + outcome.message())
    if result.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if failed else EXIT_OK
