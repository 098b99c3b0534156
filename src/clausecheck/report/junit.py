"""JUnit XML: one <testsuite> per document, one <testcase> per rule.

ok -> pass; waived -> <skipped> with the waiver's reason; vague, risky, missing ->
<failure type=STATUS>; an unreadable document -> one testcase with <error>.

Built with xml.etree rather than junitparser or junit-xml: neither is a dependency of
clausecheck, both add timestamps or hostnames we do not want (the output must be the same
for the same report), and the element tree is a dozen lines. Characters XML 1.0 cannot
hold (form feeds from PDFs) are dropped.
"""

from __future__ import annotations

# This module is imported only when the junit format is asked for (see __init__), so the
# XML import here does not weigh on `import clausecheck.report`.
import xml.etree.ElementTree as ET

from clausecheck.model import DocumentReport, Finding, Report, RuleMeta, SkippedFile, pick
from clausecheck.report.common import (
    colon,
    doc_lang,
    first_location,
    label,
    looked_for_line,
    one_line,
    rules_of,
    set_aside_note,
    severity_label,
    sorted_findings,
    status_label,
    where,
    xml_safe,
)
from clausecheck.report.options import ReportOptions

FORMAT = "junit"  # the --format name (report.formats() lists every module that has one)
POSITION = 5  # where it is listed among the choices


def render(report: Report, options: ReportOptions) -> str:
    rules = rules_of(report)
    root = ET.Element("testsuites", name="clausecheck")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    total_time = 0.0
    for doc in report.documents:
        suite, counts, seconds = _suite(doc, rules, options)
        root.append(suite)
        for key in totals:
            totals[key] += counts[key]
        total_time += seconds
    for file in report.skipped:  # a file of a folder not checked: a skipped test
        root.append(_skipped_suite(file))
        totals["tests"] += 1
        totals["skipped"] += 1
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{total_time:.3f}")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _skipped_suite(file: SkippedFile) -> ET.Element:
    suite = ET.Element("testsuite", name=_clean(file.path), tests="1", failures="0",
                       errors="0", skipped="1", time="0.000")  # fmt: skip
    case = ET.SubElement(suite, "testcase", classname=_clean(file.path), name="read")
    case.set("time", "0.000")
    message = f"not checked: [{file.reason}] its text does not read as a contract"
    ET.SubElement(case, "skipped", message=message)
    return suite


def _clean(value: str) -> str:
    return xml_safe(value)


def _suite(
    doc: DocumentReport, rules: list[RuleMeta], options: ReportOptions
) -> tuple[ET.Element, dict[str, int], float]:
    lang = doc_lang(doc, options.lang)
    seconds = float(sum(doc.timings.values())) if doc.timings else 0.0
    suite = ET.Element("testsuite", name=_clean(doc.path))
    props = ET.SubElement(suite, "properties")
    for name, value in (
        ("sha256", doc.sha256),
        ("format", doc.format),
        ("language", doc.language),
        ("pages", None if doc.pages is None else str(doc.pages)),
    ):
        if value:
            ET.SubElement(props, "property", name=name, value=_clean(value))
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    if doc.status == "error":
        case = ET.SubElement(suite, "testcase", classname=_clean(doc.path), name="read")
        case.set("time", f"{seconds:.3f}")
        code = doc.error.code if doc.error else "error"
        message = doc.error.message if doc.error else ""
        err = ET.SubElement(case, "error", type=_clean(code), message=_clean(one_line(message)))
        err.text = _clean(f"{doc.path}: could not be read: [{code}] {message}")
        counts["tests"] = 1
        counts["errors"] = 1
    else:
        for finding in sorted_findings(doc, rules):
            _case(suite, doc, finding, lang, counts)
    for key, value in counts.items():
        suite.set(key, str(value))
    suite.set("time", f"{seconds:.3f}")
    return suite, counts, seconds


def _case(
    suite: ET.Element, doc: DocumentReport, finding: Finding, lang: str, counts: dict[str, int]
) -> None:
    case = ET.SubElement(suite, "testcase", classname=_clean(doc.path), name=finding.rule)
    case.set("time", "0.000")
    counts["tests"] += 1
    if finding.status == "ok":
        return
    title = pick(finding.title, lang)
    message = one_line(pick(finding.message, lang))
    if finding.suppressed is not None:
        note = set_aside_note(finding, lang)
        skipped = ET.SubElement(case, "skipped", message=_clean(note))
        skipped.text = _clean(
            f"{status_label(finding.status, lang)}{colon(lang)}{title} — {message}"
        )
        counts["skipped"] += 1
        return
    failure = ET.SubElement(
        case,
        "failure",
        type=finding.status,
        message=_clean(f"{status_label(finding.status, lang)}{colon(lang)}{title} — {message}"),
    )
    lines = [label("severity", lang) + severity_label(finding.severity, lang)]
    loc = first_location(finding)
    if loc is not None:
        lines.append(label("where", lang) + where(finding))
        if loc.quote:
            lines.append(label("quote", lang) + loc.quote)
    elif looked := looked_for_line(finding, lang):
        lines.append(looked)
    advice = pick(finding.advice, lang)
    if advice:
        lines.append(label("advice", lang) + advice)
    failure.text = _clean("\n".join(lines))
    counts["failures"] += 1
