"""JSON: the wire format other tools read. Schema `clausecheck/report@2` (default) or
`clausecheck/report@1` (`--schema report@1`, kept for one release).

The keys below are a contract: keys may be added, never renamed or dropped. The output is
deterministic: dictionaries are built in a fixed key order, documents keep the report's
order, findings follow the ruleset's order (report.rules), and nothing time- or
machine-dependent (timings) is written. Documents are written as they come (`Stream`),
so a batch of any size is never held in memory.

report@2 keeps what belongs to a rule once, in `rules`; a finding names its rule:

    {"schema": "clausecheck/report@2",
     "tool": {"name", "version"},
     "ruleset": {"name", "sha256"},
     "language": "zh|en|null"        # the --lang option, null = each document's own
     "rules": {ID: {"title": {"zh", "en"}, "severity", "description": {"zh", "en"},
                    "advice": {"zh", "en"}, "pack", "red_flag", "searched": [str], …}},
     "documents": [{
       "path", "sha256", "format", "language", "pages", "status": "checked|error",
       "error": null | {"code", "message"}, "warnings": [str],
       "parties": null | {"buyer": [str], "vendor": [str], "source": str},
       "findings": [{
         "rule", "severity", "status", "found", "message", "message_i18n": {"zh", "en"},
         "locations": [{"page", "paragraph", "line", "clause", "quote", "ocr"}],
         "checks": [{"id", "kind", "met", "quote"}],
         "suppressed": null | {"reason", "by": "waiver|baseline"},
         "open": bool}],                                 # not ok and not waived/baselined
       "summary": {"ok", "vague", "risky", "missing",   # by the finding's own status
                   "waived",                           # not ok, but covered by a waiver
                   "baselined",                        # not ok, but in the baseline
                   "open"}}],                          # not ok and not set aside
     "skipped": [{"path", "reason"}],   # files of a folder read but not checked (reason:
                                        # "not-a-contract"); report@2 only
     "summary": {"documents", "errors", "skipped", "ok", "vague", "risky", "missing",
                 "waived", "baselined", "open"}}     # report@1: no "skipped"

Every text field of a rule (model.RuleMeta) is in `rules`, a bilingual one as
{"zh", "en"}; a rule-level field of a finding (title, advice, searched …) is left out of
the finding. A finding's advice is its rule's (for a status other than ok); `searched`
(the patterns) and `looks_for` (the same in words) are what a `missing` finding looked
for. report@1 repeats those in every finding ("title", "advice", "searched", "looks_for",
"title_i18n", "advice_i18n") and has no `rules`.
title/message/advice/looks_for are in the report language: the option, else the document's
language (mixed -> zh). Error documents have no findings and a summary of zeros.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from clausecheck.codec import pretty_json
from clausecheck.model import DocumentReport, Finding, Report, RuleMeta, SkippedFile, pick
from clausecheck.report.common import both, doc_lang, is_open, rules_of, sorted_findings
from clausecheck.report.options import ReportOptions
from clausecheck.report.stream import Totals, document_summary, text_of

FORMAT = "json"  # the --format name (report.formats() lists every module that has one)
POSITION = 2  # where it is listed among the choices

SCHEMA = "clausecheck/report@2"
SCHEMA_V1 = "clausecheck/report@1"

# A finding's fields that are its rule's (the same in every finding of that rule): those
# RuleMeta has too, save the severity, which the configuration may change per path.
RULE_LEVEL = frozenset(f.name for f in dataclasses.fields(Finding)) & frozenset(
    f.name for f in dataclasses.fields(RuleMeta)
) - {"severity"}


def render(report: Report, options: ReportOptions) -> str:
    return text_of(Stream(report, options), report.documents, report.skipped)


class Stream:
    """The indented JSON report, a document at a time: the same text as indenting the
    whole object at once."""

    def __init__(self, head: Report, options: ReportOptions) -> None:
        self.options = options
        self.v1 = options.schema == "report@1"
        self.rules = rules_of(head)
        self.totals = Totals()
        self.skips: list[dict[str, str]] = []
        self.head_dict = header(head, options)

    def head(self) -> str:
        text = pretty_json(self.head_dict)
        return text[: -len("\n}\n")] + ',\n  "documents": ['

    def document(self, doc: DocumentReport) -> str:
        data = document(doc, self.rules, self.options, v1=self.v1)
        self.totals.add(doc, data["summary"])
        lead = "\n" if self.totals.counts["documents"] == 1 else ",\n"
        return lead + _indent(pretty_json(data).rstrip("\n"), 4)

    def skipped(self, file: SkippedFile) -> str:
        self.skips.append(skipped_file(file))
        self.totals.counts["skipped"] += 1
        return ""

    def tail(self) -> str:
        close = "\n  ]" if self.totals.counts["documents"] else "]"
        counts = dict(self.totals.counts)
        skipped = ""
        if self.v1:
            del counts["skipped"]
        else:
            skips = _indent(pretty_json(self.skips).rstrip("\n"), 2).lstrip()
            skipped = f',\n  "skipped": {skips}'
        summary = _indent(pretty_json(counts).rstrip("\n"), 2).lstrip()
        return f'{close}{skipped},\n  "summary": {summary}\n}}\n'


def skipped_file(file: SkippedFile) -> dict[str, str]:
    return {"path": file.path, "reason": file.reason}


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line for line in text.split("\n"))


def header(head: Report, options: ReportOptions) -> dict[str, Any]:
    """Everything before the documents: schema, tool, rule set, language (and rules)."""
    v1 = options.schema == "report@1"
    data: dict[str, Any] = {
        "schema": SCHEMA_V1 if v1 else SCHEMA,
        "tool": {"name": "clausecheck", "version": head.tool_version},
        "ruleset": {"name": head.ruleset.name, "sha256": head.ruleset.sha256},
        "language": options.lang,
    }
    if not v1:
        data["rules"] = {rule.id: rule_dict(rule) for rule in rules_of(head)}
    return data


def rule_dict(rule: RuleMeta) -> dict[str, Any]:
    """Every field of a rule but its id: bilingual text as {"zh", "en"}, lists as lists."""
    out: dict[str, Any] = {}
    for spec in dataclasses.fields(rule):
        if spec.name != "id":
            out[spec.name] = _plain(getattr(rule, spec.name))
    return out


def _plain(value: object) -> object:
    if isinstance(value, Mapping):
        return both(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def document(
    doc: DocumentReport, rules: list[RuleMeta], options: ReportOptions, *, v1: bool = False
) -> dict[str, Any]:
    lang = doc_lang(doc, options.lang)
    checked = doc.status != "error"
    findings = sorted_findings(doc, rules) if checked else []
    parties = None
    if doc.parties is not None:
        parties = {
            "buyer": list(doc.parties.buyer),
            "vendor": list(doc.parties.vendor),
            "source": doc.parties.source,
        }
    return {
        "path": doc.path,
        "sha256": doc.sha256,
        "format": doc.format,
        "language": doc.language,
        "pages": doc.pages,
        "status": doc.status,
        "error": (
            {"code": doc.error.code, "message": doc.error.message}
            if doc.error is not None
            else None
        ),
        "warnings": list(doc.warnings),
        "parties": parties,
        "findings": [(_finding_v1 if v1 else _finding)(f, lang) for f in findings],
        "summary": document_summary(doc),
    }


def _finding(finding: Finding, lang: str) -> dict[str, Any]:
    """A report@2 finding: what is its own, its rule's fields left to `rules`."""
    data = _finding_v1(finding, lang)
    for key in RULE_LEVEL:
        data.pop(key, None)
        data.pop(f"{key}_i18n", None)
    return data


def _suppressed(finding: Finding) -> dict[str, str] | None:
    if finding.suppressed is None:
        return None
    return {"reason": finding.suppressed, "by": "baseline" if finding.baselined else "waiver"}


def _finding_v1(finding: Finding, lang: str) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "title": pick(finding.title, lang),
        "severity": finding.severity,
        "status": finding.status,
        "found": finding.found,
        "message": pick(finding.message, lang),
        "advice": pick(finding.advice, lang),
        "locations": [
            {
                "page": loc.page,
                "paragraph": loc.paragraph,
                "line": loc.line,
                "clause": loc.clause,
                "quote": loc.quote,
                "ocr": loc.ocr,
            }
            for loc in finding.locations
        ],
        "checks": [
            {"id": c.id, "kind": c.kind, "met": c.met, "quote": c.quote} for c in finding.checks
        ],
        "searched": list(finding.searched),
        "looks_for": pick(finding.looks_for, lang),
        "suppressed": _suppressed(finding),
        "open": is_open(finding),
        "title_i18n": both(finding.title),
        "message_i18n": both(finding.message),
        "advice_i18n": both(finding.advice),
    }
