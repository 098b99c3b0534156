"""`clausecheck compare`: the documents side by side, rule by rule."""

from __future__ import annotations

import dataclasses
import datetime as dt

from clausecheck.app.check import (
    CheckRequest,
    effective_config,
    note_searched,
    report_options,
    run_reports,
)
from clausecheck.app.output import note_errors, write_output
from clausecheck.config import apply_settings
from clausecheck.errors import ExitCode
from clausecheck.report import render_compare


def run_compare(request: CheckRequest) -> int:
    config = effective_config(request)
    report, skipped = run_reports(request, config)
    today = dt.date.today()
    report = dataclasses.replace(
        report, documents=tuple(apply_settings(d, config, today) for d in report.documents)
    )
    text = render_compare(report, request.fmt or "table", report_options(request, config))
    write_output(text, request.output)
    if request.debug:
        for doc in report.documents:
            note_searched(doc)
    skipped.note()
    note_errors(report)
    return ExitCode.ERROR if any(d.status == "error" for d in report.documents) else ExitCode.OK
