"""DocumentReport <-> plain JSON values, for the results cache (never pickle)."""

from __future__ import annotations

import dataclasses
from typing import Any

from clausecheck.model import (
    Check,
    DocumentReport,
    Finding,
    InputErrorInfo,
    Location,
    Parties,
)


def report_to_json(report: DocumentReport) -> dict[str, Any]:
    return dataclasses.asdict(report)


def report_from_json(data: dict[str, Any]) -> DocumentReport:
    findings = tuple(
        Finding(
            **{
                **f,
                "locations": tuple(Location(**loc) for loc in f["locations"]),
                "checks": tuple(Check(**c) for c in f["checks"]),
                "searched": tuple(f["searched"]),
            }
        )
        for f in data["findings"]
    )
    parties = data.get("parties")
    error = data.get("error")
    return DocumentReport(
        **{
            **data,
            "findings": findings,
            "warnings": tuple(data["warnings"]),
            "parties": Parties(**{k: tuple(v) if k != "source" else v for k, v in parties.items()})
            if parties
            else None,
            "error": InputErrorInfo(**error) if error else None,
            "timings": dict(data.get("timings", {})),
        }
    )
