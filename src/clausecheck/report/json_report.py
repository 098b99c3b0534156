"""JSON: the wire format other tools read. Schema `clausecheck/report@1`.

The keys below are a contract: keys may be added, never renamed or dropped. The output is
deterministic: dictionaries are built in a fixed key order, documents keep the report's
order, findings follow the ruleset's order (report.rules), and nothing time- or
machine-dependent (timings) is written.

    {"schema": "clausecheck/report@1",
     "tool": {"name", "version"},
     "ruleset": {"name", "sha256"},
     "language": "zh|en|null"        # the --lang option, null = each document's own
     "documents": [{
       "path", "sha256", "format", "language", "pages", "status": "checked|error",
       "error": null | {"code", "message"}, "warnings": [str],
       "parties": null | {"buyer": [str], "vendor": [str], "source": str},
       "findings": [{
         "rule", "title", "severity", "status", "found", "message", "advice",
         "locations": [{"page", "paragraph", "line", "clause", "quote", "ocr"}],
         "checks": [{"id", "kind", "met", "quote"}], "searched": [str],
         "looks_for": str,                                # `searched` in words ("" if found)
         "suppressed": null | {"reason", "by": "waiver|baseline"},
         "open": bool,                                   # not ok and not waived/baselined
         "title_i18n": {"zh", "en"},
         "message_i18n": {"zh", "en"}, "advice_i18n": {"zh", "en"}}],
       "summary": {"ok", "vague", "risky", "missing",   # by the finding's own status
                   "waived",                           # not ok, but covered by a waiver
                   "baselined",                        # not ok, but in the baseline
                   "open"}}],                          # not ok and not set aside
     "summary": {"documents", "errors", "ok", "vague", "risky", "missing", "waived",
                 "baselined", "open"}}

title/message/advice/looks_for are in the report language: the option, else the document's
language (mixed -> zh). Error documents have no findings and a summary of zeros.
"""

from __future__ import annotations

from typing import Any

from clausecheck.codec import pretty_json
from clausecheck.model import STATUSES, DocumentReport, Finding, Report, RuleMeta, pick
from clausecheck.report.common import (
    SET_ASIDE,
    both,
    display_status,
    doc_lang,
    is_open,
    open_count,
    rules_of,
    sorted_findings,
)
from clausecheck.report.options import ReportOptions

FORMAT = "json"  # the --format name (report.formats() lists every module that has one)
POSITION = 2  # where it is listed among the choices

SCHEMA = "clausecheck/report@1"


def render(report: Report, options: ReportOptions) -> str:
    return pretty_json(to_dict(report, options))


def to_dict(report: Report, options: ReportOptions) -> dict[str, Any]:
    rules = rules_of(report)
    documents = [_document(d, rules, options) for d in report.documents]
    totals: dict[str, int] = {
        "documents": len(documents),
        "errors": sum(1 for d in report.documents if d.status == "error"),
    }
    for key in (*STATUSES, *SET_ASIDE, "open"):
        totals[key] = sum(d["summary"][key] for d in documents)
    return {
        "schema": SCHEMA,
        "tool": {"name": "clausecheck", "version": report.tool_version},
        "ruleset": {"name": report.ruleset.name, "sha256": report.ruleset.sha256},
        "language": options.lang,
        "documents": documents,
        "summary": totals,
    }


def _document(doc: DocumentReport, rules: list[RuleMeta], options: ReportOptions) -> dict[str, Any]:
    lang = doc_lang(doc, options.lang)
    checked = doc.status != "error"
    findings = sorted_findings(doc, rules) if checked else []
    summary: dict[str, int] = {s: 0 for s in STATUSES}
    for finding in findings:
        summary[finding.status] += 1
    for aside in SET_ASIDE:
        summary[aside] = sum(1 for f in findings if display_status(f) == aside)
    summary["open"] = open_count(doc) if checked else 0
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
        "findings": [_finding(f, lang) for f in findings],
        "summary": summary,
    }


def _suppressed(finding: Finding) -> dict[str, str] | None:
    if finding.suppressed is None:
        return None
    return {"reason": finding.suppressed, "by": "baseline" if finding.baselined else "waiver"}


def _finding(finding: Finding, lang: str) -> dict[str, Any]:
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
