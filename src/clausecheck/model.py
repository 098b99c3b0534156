"""Typed values passed between the stages: extract -> segment -> evaluate -> report.

Every stage takes and returns these plain, immutable values, so each stage can be
tested alone and a reporter never touches a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from clausecheck.errors import InputError as InputError  # the old name, still importable

Status = Literal["ok", "vague", "risky", "missing"]
Severity = Literal["high", "medium", "low"]
Format = Literal["pdf", "docx", "text"]
Language = Literal["zh", "en", "mixed"]

STATUSES: tuple[Status, ...] = ("ok", "vague", "risky", "missing")
SEVERITIES: tuple[Severity, ...] = ("high", "medium", "low")

# Text in both report languages, e.g. {"zh": "保密条款", "en": "Confidentiality"}.
LocalText = Mapping[str, str]


def pick(text: LocalText, lang: str) -> str:
    """The text in `lang`, falling back to English, then to any language."""
    if lang in text:
        return text[lang]
    if "en" in text:
        return text["en"]
    return next(iter(text.values()), "")


@dataclass(frozen=True, slots=True)
class Block:
    """One located piece of text: a paragraph, a table row, a footnote, a page line."""

    text: str
    kind: str = "paragraph"  # paragraph | heading | table-row | footnote | textbox | page
    page: int | None = None  # 1-based, PDF (and OCR) only
    paragraph: int | None = None  # 1-based block index in DOCX and text
    ocr: bool = False  # text recognised from an image (may contain recognition errors)
    line: int | None = None  # 1-based line of the file, text and Markdown only
    # The text as written, when `text` is a reading of it (Traditional Chinese read as
    # Simplified: see `variants`); quotes show this.
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Clause:
    """A numbered section of the contract: its heading and the blocks of its body."""

    index: int  # 0-based order in the document
    number: str | None  # "第五条", "5.2", "Article 5", None for the preamble
    heading: str | None  # the heading line, e.g. "第五条 保密条款"
    level: int  # 0 preamble, 1 top level, 2 sub-clause, ...
    blocks: tuple[Block, ...]  # heading block first when there is one

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)

    @property
    def page(self) -> int | None:
        return self.blocks[0].page if self.blocks else None

    @property
    def paragraph(self) -> int | None:
        return self.blocks[0].paragraph if self.blocks else None


@dataclass(frozen=True, slots=True)
class Parties:
    """Who is who: the labels that name the buyer and the vendor in this contract."""

    buyer: tuple[str, ...]  # e.g. ("甲方", "委托方", "Customer")
    vendor: tuple[str, ...]  # e.g. ("乙方", "受托方", "Provider")
    source: str = "default"  # default | detected | override


@dataclass(frozen=True, slots=True)
class Document:
    """What an extractor read, and (after segmentation) its clauses and language."""

    path: str
    sha256: str
    format: Format
    blocks: tuple[Block, ...]
    pages: int | None = None
    warnings: tuple[str, ...] = ()
    language: Language = "en"
    clauses: tuple[Clause, ...] = ()
    parties: Parties | None = None


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding was read: the page of a PDF, the paragraph of a DOCX, the line of a
    text or Markdown file (`paragraph` counts their non-empty lines)."""

    page: int | None
    paragraph: int | None
    clause: str | None
    quote: str
    ocr: bool = False
    line: int | None = None


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One test a rule made on the text: a specific it needs, a hedge, a red flag (the
    outcome; what to test is `rules.loader.CheckSpec`)."""

    id: str
    kind: str  # specific | hedge | red-flag
    met: bool
    quote: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    title: LocalText
    severity: Severity
    status: Status
    message: LocalText
    advice: LocalText
    locations: tuple[Location, ...] = ()
    checks: tuple[CheckResult, ...] = ()
    searched: tuple[str, ...] = ()  # the patterns looked for (reported for `missing`)
    # What was looked for, in words (the rule's `looks_for`), with `searched`: what a
    # person reads instead of the patterns.
    looks_for: LocalText = field(default_factory=dict)
    suppressed: str | None = None  # waiver reason, when a waiver (or the baseline) applies
    # False when the item was not found: always for `missing`, and for a red-flag rule
    # whose red flag is absent (status `ok`, e.g. no liability cap at all).
    found: bool = True
    baselined: bool = False  # suppressed because the baseline lists it (not a waiver)


@dataclass(frozen=True, slots=True)
class DocumentReport:
    path: str
    sha256: str
    format: str | None
    language: str | None
    pages: int | None
    status: Literal["checked", "error"]
    error: InputErrorInfo | None = None
    warnings: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()
    parties: Parties | None = None
    timings: Mapping[str, float] = field(default_factory=dict)

    @property
    def summary(self) -> dict[str, int]:
        counts = {s: 0 for s in STATUSES}
        for finding in self.findings:
            counts[finding.status] += 1
        return counts


@dataclass(frozen=True, slots=True)
class InputErrorInfo:
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Question:
    """A due-diligence question for the vendor, asked when the rule's status is in `when`."""

    when: tuple[Status, ...]
    text: LocalText


@dataclass(frozen=True, slots=True)
class WorseIf:
    """Which number of a clause hurts the buyer when it moves: a fix time `higher`, a
    liability cap `lower` (`diff` calls such a change weakened)."""

    quantity: str  # duration | money | percent
    direction: str  # higher | lower


@dataclass(frozen=True, slots=True)
class RuleMeta:
    """What a reporter may say about a rule (SARIF rule list, rule docs, compare rows)."""

    id: str
    title: LocalText
    severity: Severity
    description: LocalText
    advice: LocalText
    pack: str
    red_flag: bool = False  # a red-flag rule: not found is fine for the buyer
    looks_for: LocalText = field(default_factory=dict)  # what the rule looks for, in words
    # what goes to the vendor: the wording to ask for, why, the questions to put
    model_clause: LocalText | None = None
    why: LocalText | None = None
    questions: tuple[Question, ...] = ()
    worse_if: WorseIf | None = None
    searched: tuple[str, ...] = ()  # what a check looks for (a `missing` finding's `searched`)


@dataclass(frozen=True, slots=True)
class RulesetInfo:
    name: str
    sha256: str


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """A file of a folder or glob that was read but not checked."""

    path: str
    reason: str  # an error code: "not-a-contract"


@dataclass(frozen=True, slots=True)
class Report:
    tool_version: str
    ruleset: RulesetInfo
    documents: tuple[DocumentReport, ...]
    rules: tuple[RuleMeta, ...] = ()  # the ruleset's rules, in report order
    skipped: tuple[SkippedFile, ...] = ()  # files of a folder not checked, and why
