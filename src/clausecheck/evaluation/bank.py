"""Clause banks: single clauses labelled with the rule ids their own headings name.

A bank measures whether each rule recognises its topic from the wording of many
contracts, as it must in a contract whose headings are missing, numbered only or
misleading: per rule, its recall on the clauses labelled with it and its fire rate on the
`other` clauses (docs/eval.md, "Clause banks"; the protocol: docs/measuring.md).

With `documents`, each document of the bank is put back together from its clauses and
checked whole, as a user checks a contract: a rule labelled on any of its clauses and
found nowhere in it is a false `missing`, the error users forgive least.
"""

from __future__ import annotations

import csv
import hashlib
import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from clausecheck.api import check_document, document_from_text, load_ruleset
from clausecheck.choices import BANK_MIN_CLAUSES, BANK_SPLITS
from clausecheck.errors import InputError, UserError
from clausecheck.evaluation.scoring import ALL, LANGUAGES, ThresholdResult
from clausecheck.model import Finding
from clausecheck.rules.loader import Ruleset

OTHER = "other"
# Topics near ours that are neither positive nor negative for any rule: an uptime
# commitment (not a response time), a list of excused causes (not a liability cap).
NEUTRAL = frozenset({"availability", "exclusion"})
SPLITS = BANK_SPLITS
TUNE_SHARE = 0.7
MIN_CLAUSES = BANK_MIN_CLAUSES
REQUIRED_COLUMNS = ("labels", "text")

# metric -> (bound, description), as scoring.METRICS for contracts
BANK_METRICS: dict[str, tuple[str, str]] = {
    "recall": ("min", "mean recall over the rules with at least --min-clauses clauses"),
    "min-recall": ("min", "the lowest recall among those rules"),
    "fire-rate": ("max", "the highest fire rate on `other` clauses, over all rules"),
}

# The numbered headings a clause is put under with --with-heading: the heading path
# "Parent > Child" becomes a clause and its sub-clause.
_HEADING_MARKS = {"zh": ("第五条", "（一）", "1."), "en": ("5.", "5.1", "(a)")}


@dataclass(frozen=True)
class BankClause:
    id: str
    group: str  # near-duplicate documents share a group: a split never separates them
    language: str  # zh, en, … or "" when the bank does not say (told from the text)
    heading: str
    labels: frozenset[str]
    text: str
    line: int = 0
    document: str = ""  # the document it was cut from (doc_id; else its group)

    @property
    def is_other(self) -> bool:
        return self.labels == {OTHER}


def read_bank(path: Path) -> list[BankClause]:
    """The clauses of a TSV/CSV bank; UserError naming `path:line` for anything wrong."""
    try:
        content = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise UserError(f"{path}: no such clause bank") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read the clause bank: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: the clause bank is not UTF-8 text") from None
    first_line = content.split("\n", 1)[0]
    tsv = path.suffix.lower() in (".tsv", ".tab") or "\t" in first_line
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # a clause may be long
    reader = csv.DictReader(io.StringIO(content, newline=""), delimiter="\t" if tsv else ",")
    columns = {(name or "").strip().lower(): name for name in reader.fieldnames or ()}
    lacking = [c for c in REQUIRED_COLUMNS if c not in columns]
    if lacking:
        raise UserError(
            f"{path}:1: the header lacks {' and '.join(lacking)} (a clause bank needs the "
            "columns labels and text; id, group_id, lang and heading are optional)"
        )
    try:
        return [_clause(row, columns, path, reader.line_num) for row in reader]
    except csv.Error as exc:
        raise UserError(f"{path}:{reader.line_num}: cannot parse the clause bank: {exc}") from None


def _clause(row: dict[str, str | None], columns: dict[str, str], path: Path, line: int):
    def cell(name: str) -> str:
        key = columns.get(name)
        return (row.get(key) or "").strip() if key else ""

    labels = frozenset(x.strip() for x in cell("labels").split("|") if x.strip())
    if not labels:
        raise UserError(f"{path}:{line}: the labels cell is empty (write `other` for none)")
    ident = cell("id") or f"line-{line}"
    group = cell("group_id") or cell("doc_id") or ident
    language, heading = cell("lang").lower(), cell("heading")
    document = cell("doc_id") or group
    return BankClause(ident, group, language, heading, labels, cell("text"), line, document)


def split_of(group: str, seed: int = 0, tune_share: float = TUNE_SHARE) -> str:
    """`tune` or `check`: decided by a hash of the seed and the group id alone, so a
    group's side is the same on every machine and whatever else the bank holds."""
    digest = hashlib.sha256(f"{seed}:{group}".encode()).digest()
    return "tune" if int.from_bytes(digest, "big") / 2**256 < tune_share else "check"


def select(clauses: Sequence[BankClause], split: str, seed: int) -> list[BankClause]:
    if split == "all":
        return list(clauses)
    return [c for c in clauses if split_of(c.group, seed) == split]


def clause_text(clause: BankClause, language: str, with_heading: bool) -> str:
    """The clause as a tiny contract: its body alone, or under its numbered heading(s)."""
    body = _printable(clause.text)
    parts = _heading_path(clause)
    if not with_heading or not parts:
        return body
    marks = _HEADING_MARKS["zh" if language == "zh" else "en"]
    lines = [f"{marks[min(i, len(marks) - 1)]} {part}" for i, part in enumerate(parts)]
    return "\n".join([*lines, body])


def _printable(text: str) -> str:
    # control characters would make the text look binary; they carry nothing here
    return "".join(ch if ch >= " " or ch in "\n\t" else " " for ch in text)


def _heading_path(clause: BankClause) -> list[str]:
    return [p.strip() for p in clause.heading.split(" > ") if p.strip()]


def document_text(clauses: Sequence[BankClause], language: str, with_heading: bool) -> str:
    """A document put back together from its clauses, in bank order: each top-level
    heading a numbered clause ("第3条 保密", "3. Confidentiality"), a child heading its
    numbered sub-clause; without `with_heading`, the numbers alone (a contract whose
    headings say nothing), so the bodies must speak for themselves."""
    zh = language == "zh"
    lines: list[str] = []
    number = sub = 0
    parent: str | None = None
    for clause in clauses:
        parts = _heading_path(clause) or [""]
        if len(parts) == 1 or parts[0] != parent:
            number, sub = number + 1, 0
            parent = parts[0] if len(parts) > 1 else None
            lines.append(_numbered(f"第{number}条" if zh else f"{number}.", parts[0], with_heading))
        if len(parts) > 1:
            sub += 1
            mark = f"（{sub}）" if zh else f"{number}.{sub}"
            lines.append(_numbered(mark, parts[-1], with_heading))
        lines.append(_printable(clause.text))
    return "\n".join(lines)


def _numbered(mark: str, title: str, with_heading: bool) -> str:
    return f"{mark} {title}" if with_heading and title else mark


@dataclass
class RuleTally:
    labelled: int = 0  # clauses labelled with the rule
    found: int = 0  # … where it located its topic
    others: int = 0  # `other` clauses
    fired: int = 0  # … where it located something

    @property
    def recall(self) -> float | None:
        return self.found / self.labelled if self.labelled else None

    @property
    def fire_rate(self) -> float | None:
        return self.fired / self.others if self.others else None

    def add(self, other: RuleTally) -> None:
        self.labelled += other.labelled
        self.found += other.found
        self.others += other.others
        self.fired += other.fired


@dataclass(frozen=True)
class BankItem:
    """A clause a rule missed (labelled with it, not found) or fired on (an `other`)."""

    clause: str
    rule: str
    language: str
    kind: str  # "missed" | "fired"
    heading: str
    text: str
    quote: str = ""


@dataclass
class BankEvaluation:
    path: str
    split: str
    seed: int
    with_heading: bool
    ruleset_name: str
    ruleset_sha256: str
    rule_ids: tuple[str, ...]
    min_clauses: int = MIN_CLAUSES
    clauses_read: int = 0
    clauses_selected: int = 0
    documents: bool = False  # whole documents were checked (see the module's docstring)
    documents_selected: int = 0
    unreadable: list[str] = field(default_factory=list)  # clause ids
    unknown_labels: list[str] = field(default_factory=list)
    tallies: dict[tuple[str, str], RuleTally] = field(default_factory=dict)  # (lang, rule)
    items: list[BankItem] = field(default_factory=list)
    thresholds: list[ThresholdResult] = field(default_factory=list)

    @property
    def languages(self) -> list[str]:
        present = {lang for lang, _ in self.tallies}
        return [lg for lg in LANGUAGES if lg in present] + sorted(present - set(LANGUAGES))

    @property
    def scopes(self) -> list[str]:
        """Each language, then all of them together (when there is more than one)."""
        return [*self.languages, ALL] if len(self.languages) > 1 else self.languages or [ALL]

    def tally(self, rule: str, language: str = ALL) -> RuleTally:
        if language != ALL:
            return self.tallies.get((language, rule), RuleTally())
        total = RuleTally()
        for lang in self.languages:
            total.add(self.tally(rule, lang))
        return total

    def measured_rules(self, language: str = ALL) -> list[str]:
        """The rules with enough labelled clauses for their recall to be averaged."""
        return [r for r in self.rule_ids if self.tally(r, language).labelled >= self.min_clauses]

    def metric(self, name: str, language: str = ALL) -> float | None:
        if name == "fire-rate":
            rates = [self.tally(r, language).fire_rate for r in self.rule_ids]
            known = [x for x in rates if x is not None]
            return max(known) if known else None
        recalls = [self.tally(r, language).recall or 0.0 for r in self.measured_rules(language)]
        if not recalls:
            return None
        return sum(recalls) / len(recalls) if name == "recall" else min(recalls)


def evaluate_bank(
    path: Path,
    split: str = "all",
    seed: int = 0,
    with_heading: bool = False,
    pack: str | None = None,
    rules: tuple[str, ...] = (),
    min_clauses: int = MIN_CLAUSES,
    documents: bool = False,
) -> BankEvaluation:
    """Check every clause of the chosen split on its own and count, per rule and language,
    what it found among its own clauses and among the `other` ones; with `documents`,
    check every document whole and count the documents labelled with each rule."""
    if split not in SPLITS:
        raise UserError(f"--split {split!r}: use one of {', '.join(SPLITS)}")
    clauses = read_bank(path)
    ruleset = load_ruleset(pack, rules)
    result = BankEvaluation(
        path=str(path),
        split=split,
        seed=seed,
        with_heading=with_heading,
        ruleset_name=ruleset.name,
        ruleset_sha256=ruleset.sha256,
        rule_ids=tuple(r.id for r in ruleset.rules),
        min_clauses=min_clauses,
        clauses_read=len(clauses),
        documents=documents,
    )
    chosen = select(clauses, split, seed)
    result.clauses_selected = len(chosen)
    known = set(result.rule_ids) | NEUTRAL | {OTHER}
    result.unknown_labels = sorted({x for c in chosen for x in c.labels} - known)
    if documents:
        _evaluate_documents(result, chosen, ruleset, with_heading)
        return result
    for clause in chosen:
        text = clause_text(clause, clause.language, with_heading)
        try:
            report = check_document(document_from_text(text, clause.id), ruleset)
        except InputError:  # e.g. a clause that is mostly unmappable glyphs
            result.unreadable.append(clause.id)
            continue
        _score(result, clause, clause.language or report.language or "en", report.findings)
    return result


def _evaluate_documents(
    result: BankEvaluation, chosen: Sequence[BankClause], ruleset: Ruleset, with_heading: bool
) -> None:
    by_document: dict[str, list[BankClause]] = {}
    for clause in chosen:
        by_document.setdefault(clause.document, []).append(clause)
    result.documents_selected = len(by_document)
    for name, clauses in by_document.items():
        language = clauses[0].language
        text = document_text(clauses, language, with_heading)
        try:
            report = check_document(document_from_text(text, name), ruleset)
        except InputError:
            result.unreadable.append(name)
            continue
        found = {f.rule for f in report.findings if f.found}
        _score_document(result, name, clauses, language or report.language or "en", found)


def _score_document(
    result: BankEvaluation, name: str, clauses: list[BankClause], language: str, found: set[str]
) -> None:
    """Each rule labelled on a clause of the document counts once; a miss lists the
    clauses that carry the label. (No fire rate: a document holds many topics its
    headings never name.)"""
    for rule in result.rule_ids:
        labelled = [c for c in clauses if rule in c.labels]
        if not labelled:
            continue
        tally = result.tallies.setdefault((language, rule), RuleTally())
        tally.labelled += 1
        tally.found += rule in found
        if rule not in found:
            heading = " | ".join(c.heading for c in labelled)
            text = "\n".join(c.text for c in labelled)
            result.items.append(BankItem(name, rule, language, "missed", heading, text))


def _score(
    result: BankEvaluation, clause: BankClause, language: str, findings: Sequence[Finding]
) -> None:
    found = {f.rule: f for f in findings if f.found}
    for rule in result.rule_ids:
        tally = result.tallies.setdefault((language, rule), RuleTally())
        if rule in clause.labels:
            tally.labelled += 1
            tally.found += rule in found
            if rule not in found:
                result.items.append(_item(clause, rule, language, "missed", None))
        elif clause.is_other:
            tally.others += 1
            if rule in found:
                tally.fired += 1
                result.items.append(_item(clause, rule, language, "fired", found[rule]))


def _item(
    clause: BankClause, rule: str, language: str, kind: str, finding: Finding | None
) -> BankItem:
    quote = finding.locations[0].quote if finding is not None and finding.locations else ""
    return BankItem(clause.id, rule, language, kind, clause.heading, clause.text, quote)


def apply_bank_thresholds(result: BankEvaluation, thresholds) -> list[ThresholdResult]:
    outcomes = [ThresholdResult(t, result.metric(t.metric, t.language)) for t in thresholds]
    result.thresholds = outcomes
    return outcomes
