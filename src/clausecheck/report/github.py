"""GitHub Actions workflow commands: one annotation per finding that is not ok.

    ::error file=PATH,line=LINE,title=clausecheck RULE (status)::message

LINE is the quote's line in a text or Markdown file; a PDF or DOCX has none (line 1), and
its page or paragraph ends the title ("… (risky) p.3").

risky and missing -> `error`, vague -> `warning`, a waived finding -> `notice`. An
unreadable document -> `::error file=PATH::could not be read: [code] message`; a file of
a folder that is not a contract -> `::notice file=PATH::not checked: [not-a-contract] …`.
Escaping follows the runner's toolkit: in data `%` `\\r` `\\n`; in properties also `:` `,`.
"""

from __future__ import annotations

from clausecheck.model import Finding, Report, SkippedFile, pick
from clausecheck.report.common import (
    colon,
    display_status,
    doc_lang,
    error_text,
    first_location,
    label,
    looked_for_line,
    one_line,
    place,
    rel_path,
    rules_of,
    set_aside_note,
    sorted_findings,
    status_label,
    where,
)
from clausecheck.report.options import ReportOptions

FORMAT = "github"  # the --format name (report.formats() lists every module that has one)
POSITION = 4  # where it is listed among the choices
HEADER_LINES = 0  # written a document at a time (report.stream)

COMMANDS = {"risky": "error", "missing": "error", "vague": "warning"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, str], message: str) -> str:
    props = ",".join(f"{k}={escape_property(v)}" for k, v in properties.items())
    return f"::{name} {props}::{escape_data(message)}"


def render_skipped(file: SkippedFile) -> str:
    """A file of a folder not checked: a notice on it."""
    message = f"not checked: [{file.reason}] its text does not read as a contract"
    return command("notice", {"file": rel_path(file.path)}, message) + "\n"


def render(report: Report, options: ReportOptions) -> str:
    rules = rules_of(report)
    lines = []
    for doc in report.documents:
        path = rel_path(doc.path)
        if doc.status == "error":
            lines.append(command("error", {"file": path}, f"could not be read: {error_text(doc)}"))
            continue
        lang = doc_lang(doc, options.lang)
        for finding in sorted_findings(doc, rules):
            if finding.status == "ok":
                continue
            name = "notice" if finding.suppressed is not None else COMMANDS[finding.status]
            title = f"clausecheck {finding.rule} ({finding.status})"
            if finding.suppressed is not None:
                title = f"clausecheck {finding.rule} ({finding.status}; {display_status(finding)})"
            loc = first_location(finding)
            if loc is not None and loc.line is None and place(loc):
                title += f" {place(loc)}"  # a PDF's page, a DOCX paragraph: not lines
            line = (loc.line if loc else None) or 1
            props = {"file": path, "line": str(line), "title": title}
            lines.append(command(name, props, _message(finding, lang)))
    return "".join(line + "\n" for line in lines) + "".join(map(render_skipped, report.skipped))


def _message(finding: Finding, lang: str) -> str:
    head = status_label(finding.status, lang) + colon(lang) + pick(finding.title, lang)
    body = one_line(pick(finding.message, lang))
    lines = [f"{head} — {body}" if body else head]
    loc = first_location(finding)
    if loc is not None and loc.quote:
        lines.append(f"“{one_line(loc.quote)}” ({where(finding)})")
    elif finding.status == "missing" and (looked := looked_for_line(finding, lang)):
        lines.append(looked)
    advice = one_line(pick(finding.advice, lang))
    if advice:
        lines.append(label("advice", lang) + advice)
    if finding.suppressed is not None:
        lines.append(set_aside_note(finding, lang))
    return "\n".join(lines)
