"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

Plain dictionaries, not `sarif-om`: sarif-om only holds attrs classes with Python
attribute names (`rule_id`) and no serialiser, so we would still map every field to its
JSON name by hand; it is also not a dependency of clausecheck. The tests validate the
output against the official OASIS 2.1.0 schema instead.

- `tool.driver.rules`: every rule of the ruleset (report.rules, then any rule only seen
  in a finding), with its default level from its severity: high -> error,
  medium -> warning, low -> note.
- One result per finding that is not ok. Its level is the rule's level, one step lower
  for a `vague` finding (error -> warning -> note): a vague clause is weaker than a
  missing or risky one. A waived finding carries `suppressions` (kind external).
- The region is the line of the first quote in a text or Markdown file. A PDF or DOCX is
  not line-based: its region is line 1, and the message names the page or paragraph
  after the quote ("… (p.3 第五条 保密)"). The clause heading is in `logicalLocations`;
  page, paragraph and line are in the result's properties.
- `partialFingerprints` hash (path, rule, clause heading) so GitHub matches a result
  across runs even when the quote changes.
- An unreadable document is a `toolExecutionNotifications` entry of level error, and
  `executionSuccessful` is false. Document warnings are notifications of level warning.
- URIs are relative where the path is (forward slashes, percent-encoded).
- GitHub takes at most 10 MB: past that size the log is written without indentation.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote as url_quote

from clausecheck.codec import pretty_json
from clausecheck.model import DocumentReport, Finding, Report, RuleMeta, SkippedFile, pick
from clausecheck.report.common import (
    doc_lang,
    error_text,
    fingerprint,
    first_location,
    looked_for_line,
    one_line,
    rel_path,
    report_lang,
    rules_of,
    severity_label,
    sorted_findings,
    status_label,
    text,
    where,
)
from clausecheck.report.options import ReportOptions

FORMAT = "sarif"  # the --format name (report.formats() lists every module that has one)
POSITION = 3  # where it is listed among the choices

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://github.com/clausecheck/clausecheck"
FINGERPRINT_KEY = "clausecheckFinding/v1"
MAX_BYTES = 10 * 1000 * 1000

LEVELS = {"high": "error", "medium": "warning", "low": "note"}
_DRIVE = re.compile(r"^[A-Za-z]:/")
_LOWER = {"error": "warning", "warning": "note", "note": "note"}


def render(report: Report, options: ReportOptions) -> str:
    log = to_dict(report, options)
    out = pretty_json(log)
    if len(out.encode("utf-8")) > MAX_BYTES:
        out = json.dumps(log, ensure_ascii=False, separators=(",", ":")) + "\n"
    return out


def level(finding: Finding) -> str:
    base = LEVELS.get(finding.severity, "warning")
    return _LOWER[base] if finding.status == "vague" else base


def uri(path: str) -> str:
    """The document's path as a URI reference: relative where the path is, forward
    slashes, percent-encoded (a colon too, so no segment reads as a scheme); an absolute
    path outside the working directory becomes a file: URI."""
    path = rel_path(path)
    if path.startswith("/") or _DRIVE.match(path):
        return "file://" + ("" if path.startswith("/") else "/") + url_quote(path, safe="/:")
    return url_quote(path, safe="/!$&'()*+,;=@-._~")


def to_dict(report: Report, options: ReportOptions) -> dict[str, Any]:
    lang = report_lang(report, options.lang)
    rules = rules_of(report)
    index = {r.id: i for i, r in enumerate(rules)}
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for doc in report.documents:
        if doc.status == "error":
            notifications.append(_error_notification(doc))
            continue
        for warning in doc.warnings:
            notifications.append(_notification(doc, "warning", f"{doc.path}: {warning}"))
        dlang = doc_lang(doc, options.lang)
        for finding in sorted_findings(doc, rules):
            if finding.status != "ok":
                results.append(_result(doc, finding, index[finding.rule], dlang))
    notifications += [_skipped_notification(f) for f in report.skipped]
    failed = any(d.status == "error" for d in report.documents)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "clausecheck",
                "version": report.tool_version,
                "semanticVersion": report.tool_version,
                "informationUri": INFORMATION_URI,
                "language": lang,
                "rules": [_rule(r, lang) for r in rules],
                "properties": {
                    "ruleset": report.ruleset.name,
                    "rulesetSha256": report.ruleset.sha256,
                },
            }
        },
        "invocations": [
            {
                "executionSuccessful": not failed,
                "toolExecutionNotifications": notifications,
            }
        ],
        "language": lang,
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _rule(rule: RuleMeta, lang: str) -> dict[str, Any]:
    title = pick(rule.title, lang)
    description = pick(rule.description, lang) or title
    advice = pick(rule.advice, lang)
    tags = ["contract", rule.severity]
    if rule.pack:
        tags.append(rule.pack)
    if rule.red_flag:
        tags.append("red-flag")
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.replace("_", "-").split("-")),
        "shortDescription": {"text": title},
        "fullDescription": {"text": description},
        "help": {
            "text": f"{description}\n\n{text('advice', lang)}: {advice}",
            "markdown": f"{description}\n\n**{text('advice', lang)}**: {advice}",
        },
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": {
            "tags": list(dict.fromkeys(tags)),
            "severity": rule.severity,
            "pack": rule.pack,
            "title": {"zh": pick(rule.title, "zh"), "en": pick(rule.title, "en")},
        },
    }


def _message(finding: Finding, lang: str) -> str:
    status = status_label(finding.status, lang)
    parts = [f"[{status}] {pick(finding.title, lang)}: {one_line(pick(finding.message, lang))}"]
    loc = first_location(finding)
    if loc is not None and loc.quote:
        parts.append(f"“{one_line(loc.quote)}” ({where(finding)})")
    if finding.status == "missing" and (looked := looked_for_line(finding, lang)):
        parts.append(looked)
    advice = pick(finding.advice, lang)
    if advice:
        parts.append(f"{text('advice', lang)}: {one_line(advice)}")
    return "\n".join(parts)


def _result(doc: DocumentReport, finding: Finding, rule_index: int, lang: str) -> dict[str, Any]:
    loc = first_location(finding)
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": {"uri": uri(doc.path)},
            "region": {"startLine": (loc.line if loc else None) or 1},
        }
    }
    if loc is not None:
        if loc.clause:
            name = one_line(loc.clause)
        elif loc.page is not None:
            name = f"page {loc.page}"
        elif loc.paragraph is not None:
            name = f"paragraph {loc.paragraph}"
        else:
            name = ""
        if name:
            location["logicalLocations"] = [{"name": name, "kind": "section"}]
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": level(finding),
        "message": {"text": _message(finding, lang)},
        "locations": [location],
        "partialFingerprints": {
            FINGERPRINT_KEY: fingerprint(rel_path(doc.path), finding.rule, loc and loc.clause)
        },
        "properties": {
            "status": finding.status,
            "severity": finding.severity,
            "severityLabel": severity_label(finding.severity, lang),
            "page": loc.page if loc else None,
            "paragraph": loc.paragraph if loc else None,
            "line": loc.line if loc else None,
            "clause": loc.clause if loc else None,
            "quote": loc.quote if loc else None,
            "ocr": loc.ocr if loc else False,
            "searched": list(finding.searched),
        },
    }
    if finding.suppressed is not None:
        result["suppressions"] = [{"kind": "external", "justification": finding.suppressed}]
    return result


def _notification(doc: DocumentReport, lvl: str, message: str) -> dict[str, Any]:
    return {
        "level": lvl,
        "message": {"text": message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(doc.path)}}}],
    }


def _skipped_notification(file: SkippedFile) -> dict[str, Any]:
    """A file of a folder that was read but not checked (its text is not a contract)."""
    message = f"{file.path}: not checked: its text does not read as a contract"
    return {
        "level": "note",
        "message": {"text": message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(file.path)}}}],
        "descriptor": {"id": file.reason},
        "properties": {"code": file.reason, "path": file.path},
    }


def _error_notification(doc: DocumentReport) -> dict[str, Any]:
    code = doc.error.code if doc.error else "error"
    note = _notification(doc, "error", f"{doc.path}: could not be read: {error_text(doc)}")
    note["descriptor"] = {"id": code}
    note["properties"] = {"code": code, "path": doc.path}
    return note
