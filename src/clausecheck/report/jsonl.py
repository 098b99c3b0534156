"""JSON Lines: one JSON object a line, each document written as soon as it is checked,
for batches of any size (schema `clausecheck/report@2`, as `json`).

    {"record": "header", "schema": "clausecheck/report@2", "tool", "ruleset", "language",
     "rules": {ID: {...}}}
    {"record": "document", "path", "sha256", …, "findings": [...], "summary": {...}}
    …                                   # one line per document, in input order
    {"record": "skipped", "path", "reason"}   # a file of a folder read but not checked
                                              # (not a contract), when it is found
    {"record": "summary", "documents", "errors", "skipped", "ok", "vague", "risky",
     "missing", "waived", "baselined", "open"}

The header, document, skipped and summary objects have the keys of the report@2 JSON
(see json_report): joining the header's keys, the documents as `documents`, the skipped
files as `skipped` and the summary line as `summary` gives that report. A run stopped
halfway leaves whole lines, and no summary line.
"""

from __future__ import annotations

import json
from typing import Any

from clausecheck.model import DocumentReport, Report, SkippedFile
from clausecheck.report.common import rules_of
from clausecheck.report.json_report import document, header, skipped_file
from clausecheck.report.options import ReportOptions
from clausecheck.report.stream import Totals, text_of

FORMAT = "jsonl"  # the --format name (report.formats() lists every module that has one)
POSITION = 9  # where it is listed among the choices


def render(report: Report, options: ReportOptions) -> str:
    return text_of(Stream(report, options), report.documents, report.skipped)


def line(record: str, data: dict[str, Any]) -> str:
    """One record: compact JSON, non-ASCII text as is, and a newline."""
    import orjson

    value = {"record": record, **data}
    try:
        return orjson.dumps(value).decode("utf-8") + "\n"
    except orjson.JSONEncodeError:  # what orjson refuses (a lone surrogate in a text)
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


class Stream:
    def __init__(self, head: Report, options: ReportOptions) -> None:
        self.options = options
        self.report = head
        self.rules = rules_of(head)
        self.totals = Totals()

    def head(self) -> str:
        schema2 = ReportOptions(lang=self.options.lang)  # always report@2
        return line("header", header(self.report, schema2))

    def document(self, doc: DocumentReport) -> str:
        data = document(doc, self.rules, self.options)
        self.totals.add(doc, data["summary"])
        return line("document", data)

    def skipped(self, file: SkippedFile) -> str:
        self.totals.counts["skipped"] += 1
        return line("skipped", skipped_file(file))

    def tail(self) -> str:
        return line("summary", self.totals.counts)
