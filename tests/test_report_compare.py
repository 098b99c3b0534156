"""Vendors side by side: matrix, scores and "not covered by any vendor" in every format."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest

from clausecheck.report import COMPARE_FORMATS, ReportOptions, render_compare
from clausecheck.report.compare import compare
from reportdata import (
    EN_DOC,
    ERR_DOC,
    ERR_PATH,
    RULES,
    ZH_DOC,
    ZH_PATH,
    finding,
    make_report,
    parse_page,
)
from test_report_html import assert_self_contained

ZH, EN, ERR = "甲公司 合同", "acme", "broken"
MATRIX = {
    "service-scope": {ZH: "ok", EN: "vague", ERR: "error"},
    "response-sla": {ZH: "vague", EN: "ok", ERR: "error"},
    "ip-ownership": {ZH: "risky", EN: "ok", ERR: "error"},
    "renewal-pricing": {ZH: "missing", EN: "risky", ERR: "error"},
    # the waiver does not change the comparison: the contract is still vague
    "dispute-resolution": {ZH: "vague", EN: "missing", ERR: "error"},
}


def test_comparison_data():
    data = compare(make_report(), ReportOptions())
    assert [v.name for v in data.vendors] == [ZH, EN, ERR]
    assert data.matrix == MATRIX
    assert data.scores == {ZH: 40, EN: 50, ERR: None}
    assert data.uncovered == ["renewal-pricing"]
    assert data.lang == "zh"  # one zh and one en document: the first seen wins the tie


@pytest.mark.parametrize("fmt", COMPARE_FORMATS)
def test_every_compare_format_is_deterministic(fmt):
    assert render_compare(make_report(), fmt) == render_compare(make_report(), fmt)


def test_compare_json():
    data = json.loads(render_compare(make_report(), "json", ReportOptions(lang="en")))
    assert list(data)[:1] == ["schema"] and data["schema"] == "clausecheck/compare@1"
    assert {"rules", "vendors", "matrix", "scores", "uncovered"} <= set(data)
    assert [r["id"] for r in data["rules"]] == [r.id for r in RULES]
    assert data["rules"][0]["title"] == "Scope of services"
    assert [v["name"] for v in data["vendors"]] == [ZH, EN, ERR]
    assert [v["path"] for v in data["vendors"]] == [ZH_PATH, EN_DOC.path, ERR_PATH]
    assert data["vendors"][2]["status"] == "error"
    assert data["vendors"][2]["error"]["code"] == "encrypted-pdf"
    assert data["matrix"] == MATRIX
    assert {k: v["score"] for k, v in data["scores"].items()} == {ZH: 40, EN: 50, ERR: None}
    assert data["scores"][ZH] == {"score": 40, "ok": 1, "vague": 2, "risky": 1, "missing": 1}
    assert data["uncovered"] == ["renewal-pricing"]


def test_compare_csv():
    rows = list(
        csv.reader(io.StringIO(render_compare(make_report(), "csv").removeprefix("\ufeff")))
    )
    assert rows[0] == ["rule", "title", "severity", ZH, EN, ERR, "uncovered"]
    body = rows[1:-1]
    assert [r[0] for r in body] == [r.id for r in RULES]
    for row in body:
        assert dict(zip(rows[0][3:6], row[3:6], strict=True)) == MATRIX[row[0]]
        assert row[6] == ("true" if row[0] == "renewal-pricing" else "false")
    assert rows[-1] == ["score", "", "", "40", "50", "", ""]


def test_compare_markdown():
    out = render_compare(make_report(), "markdown", ReportOptions(lang="en"))
    assert f"| Item | Sev. | {ZH} | {EN} | {ERR} |" in out
    assert "| Renewal and price | medium | ✘ | ! | E |" in out
    assert "| **Score** |  | **40%** | **50%** | **—** |" in out
    assert "**Not covered by any vendor**" in out
    assert "- Renewal and price (renewal-pricing)" in out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_compare_table(lang):
    out = render_compare(make_report(), "table", ReportOptions(lang=lang, width=100))
    assert "\x1b" not in out
    lines = out.splitlines()
    assert ZH in lines[0] and EN in lines[0] and ERR in lines[0]
    if lang == "en":
        renewal = next(line for line in lines if line.startswith("Renewal and price"))
        assert "✘ missing" in renewal and "! risky" in renewal
        score = next(line for line in lines if line.startswith("Score"))
        assert "40%" in score and "50%" in score
        assert "Not covered by any vendor:" in out
        assert "✘ Renewal and price (renewal-pricing)" in out
    else:
        assert "所有供应商都未覆盖：" in out and "续费政策 (renewal-pricing)" in out
    assert "\x1b[" in render_compare(make_report(), "table", ReportOptions(color=True))


def test_compare_html():
    page = render_compare(make_report(), "html", ReportOptions(lang="en"))
    assert_self_contained(page)
    parsed = parse_page(page)
    names = {ZH_PATH: ZH, EN_DOC.path: EN, ERR_PATH: ERR}
    got: dict[str, dict[str, str]] = {}
    for cell in parsed.cells:
        got.setdefault(cell["data-rule"], {})[names[cell["data-file"]]] = cell["data-status"]
    assert got == MATRIX
    assert parsed.uncovered == ["renewal-pricing"]
    assert parsed.scores == {ZH_PATH: "40", EN_DOC.path: "50", ERR_PATH: ""}
    assert "Vendor comparison" in page
    assert "&lt;script&gt;" in page and page.count("<script") == 1


def test_many_vendors_and_repeated_stems():
    docs = [dataclasses.replace(EN_DOC, path=f"{d}/offer.docx") for d in ("a", "b")] + [
        dataclasses.replace(ZH_DOC, path=f"vendor{i}.pdf") for i in range(6)
    ]
    data = compare(make_report(*docs), ReportOptions())
    assert [v.name for v in data.vendors][:2] == ["offer (1)", "offer (2)"]
    out = render_compare(make_report(*docs), "table", ReportOptions(width=120))
    assert max(len(line) for line in out.splitlines()) <= 120
    assert "offer (1)" in out


def test_nothing_uncovered():
    good = dataclasses.replace(EN_DOC, findings=tuple(finding(r.id, "ok") for r in RULES))
    for fmt in COMPARE_FORMATS:
        render_compare(make_report(good, ZH_DOC), fmt)
    assert compare(make_report(good, ZH_DOC), ReportOptions()).uncovered == []
    assert compare(make_report(ERR_DOC), ReportOptions()).uncovered == []
    assert compare(make_report(good), ReportOptions()).scores == {"acme": 100}
    out = render_compare(make_report(good, ZH_DOC), "markdown", ReportOptions(lang="en"))
    assert "none: every item is covered by at least one vendor" in out
