"""The evaluation itself: check every labelled contract of a folder and pair each label
with the verdict its rule reported."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clausecheck.api import CheckOptions, check_many, load_ruleset
from clausecheck.errors import UserError
from clausecheck.evaluation import scoring
from clausecheck.evaluation.labels import Label, default_labels_path, read_labels
from clausecheck.evaluation.scoring import ALL, Item, ThresholdResult
from clausecheck.files import collect
from clausecheck.model import DocumentReport


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
        return [lg for lg in scoring.LANGUAGES if lg in present] + sorted(
            present - set(scoring.LANGUAGES)
        )

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

    def figures(self, language: str = ALL, rule: str | None = None) -> scoring.Figures:
        return scoring.figures(self.select(language, rule))

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
                    "message": " ".join(error.message.split()) if error else "",
                    "items": len(file_labels),
                }
            )
            continue
        language = doc.language or "en"
        result.documents.append(
            {"file": file, "language": language, "format": doc.format, "items": len(file_labels)}
        )
        findings = {f.rule: f for f in doc.findings}
        result.items.extend(
            scoring.make_item(lb, language, findings.get(lb.rule)) for lb in file_labels
        )
    result.items = sort_items(result.items, rule_ids)
    return result


def apply_thresholds(
    result: Evaluation, thresholds: Sequence[scoring.Threshold]
) -> list[ThresholdResult]:
    results = [ThresholdResult(t, result.figures(t.language).metric(t.metric)) for t in thresholds]
    result.thresholds = results
    return results
