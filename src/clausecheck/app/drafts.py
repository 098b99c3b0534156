"""What `redline`, `letter` and `diff` share: one contract read and checked under the
configuration, with its rules and the language to write in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from clausecheck.api import CheckOptions, read_and_check
from clausecheck.app.check import CheckRequest, effective_config, ruleset_for
from clausecheck.config import apply_settings, buyer_for
from clausecheck.drafting.wording import text_lang
from clausecheck.model import Document, DocumentReport, RuleMeta


@dataclass(frozen=True)
class DraftRequest:
    path: str
    output: Path | None = None
    lang: str | None = None
    pack: str | None = None
    rules: tuple[str, ...] = ()
    buyer: str | None = None
    config: Path | None = None
    use_cache: bool = True
    insert_vague: bool = False  # redline: insert the model clause of vague items too
    questions: bool = False  # letter: add the due-diligence questions
    fmt: str | None = None  # letter: md or docx (default: from the output's suffix)


@dataclass(frozen=True)
class Checked:
    doc: Document  # segmented
    report: DocumentReport  # waivers of the configuration applied
    rules: tuple[RuleMeta, ...]
    lang: str  # the report language: --lang, else the contract's


def read_checked(request: DraftRequest) -> Checked:
    config = effective_config(
        CheckRequest(paths=[request.path], lang=request.lang, pack=request.pack,
                     rules=request.rules, buyer=request.buyer, config=request.config)
    )  # fmt: skip
    ruleset = ruleset_for(config)
    options = CheckOptions(buyer=buyer_for(request.path, config), use_cache=request.use_cache)
    doc, report = read_and_check(request.path, ruleset, options)
    report = apply_settings(report, config, dt.date.today())
    lang = config["lang"] or text_lang(doc.language)
    return Checked(doc, report, tuple(r.meta() for r in ruleset.rules), lang)
