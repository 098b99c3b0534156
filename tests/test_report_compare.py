"""Vendors side by side: matrix, scores and "not covered by any vendor" in every format."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re

import pytest

from clausecheck.model import SEVERITIES, pick
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
    assert [v.name for v in data.vendors] == [EN, ERR, ZH]  # in the order of their paths
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
    assert [v["name"] for v in data["vendors"]] == [EN, ERR, ZH]
    assert [v["path"] for v in data["vendors"]] == [EN_DOC.path, ERR_PATH, ZH_PATH]
    assert data["vendors"][1]["status"] == "error"
    assert data["vendors"][1]["error"]["code"] == "encrypted-pdf"
    assert data["matrix"] == MATRIX
    assert {k: v["score"] for k, v in data["scores"].items()} == {ZH: 40, EN: 50, ERR: None}
    assert data["scores"][ZH] == {"score": 40, "ok": 1, "vague": 2, "risky": 1, "missing": 1}
    assert data["uncovered"] == ["renewal-pricing"]


def test_compare_csv():
    rows = list(
        csv.reader(io.StringIO(render_compare(make_report(), "csv").removeprefix("\ufeff")))
    )
    assert rows[0] == ["rule", "title", "severity", EN, ERR, ZH, "uncovered"]
    body = rows[1:-1]
    assert [r[0] for r in body] == [r.id for r in RULES]
    for row in body:
        assert dict(zip(rows[0][3:6], row[3:6], strict=True)) == MATRIX[row[0]]
        assert row[6] == ("true" if row[0] == "renewal-pricing" else "false")
    assert rows[-1] == ["score", "", "", "50", "", "40", ""]


def test_compare_markdown():
    out = render_compare(make_report(), "markdown", ReportOptions(lang="en"))
    assert f"| Item | Sev. | {EN} | {ERR} | {ZH} |" in out
    assert "| Renewal and price | medium | ! | E | ✘ |" in out
    assert "| **Score** |  | **50%** | **—** | **40%** |" in out
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
    docs = [dataclasses.replace(EN_DOC, path=f"{d}/offer.docx") for d in ("b", "a")] + [
        dataclasses.replace(ZH_DOC, path=f"vendor_{i}.pdf") for i in (10, 2, 1)
    ]
    data = compare(make_report(*docs), ReportOptions())
    # the shortest end of the path that tells files apart; numbers sorted by value
    names = ["a/offer.docx", "b/offer.docx", "vendor_1", "vendor_2", "vendor_10"]
    assert [v.name for v in data.vendors] == names
    out = render_compare(make_report(*docs), "table", ReportOptions(width=120))
    assert max(len(line) for line in out.splitlines()) <= 120
    assert all(name in out for name in names)


def test_same_stem_other_type_and_same_path_twice():
    docs = [dataclasses.replace(EN_DOC, path=p) for p in ("x/offer.pdf", "x/offer.docx")]
    assert [v.name for v in compare(make_report(*docs), ReportOptions()).vendors] == [
        "offer.docx",
        "offer.pdf",
    ]
    twice = [EN_DOC, EN_DOC]
    names = [v.name for v in compare(make_report(*twice), ReportOptions()).vendors]
    assert names == ["acme (1)", "acme (2)"]


@pytest.mark.parametrize("width", [60, 80, 120])
def test_wide_matrix_is_printed_in_parts_never_cut(width):
    docs = [
        dataclasses.replace(EN_DOC, path=f"vendors/{name}.docx")
        for name in ["a_very_long_vendor_name_for_the_offer", *(f"v{i}" for i in range(11))]
    ]
    out = render_compare(make_report(*docs), "table", ReportOptions(lang="en", width=width))
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= width
    heads = [i for i, line in enumerate(lines) if line.startswith("Item")]
    assert len(heads) >= (2 if width < 120 else 1)  # the matrix in parts when too wide
    words = out.split()
    for title in (pick(r.title, "en") for r in RULES):
        assert all(word in words for word in title.split())
    assert "…" not in out
    for i in range(11):
        assert f"v{i}" in out
    # the long name wrapped in its column over the header's lines, not cut
    first = lines[heads[0]]
    start = first.index("a_very")
    pieces = [line[start : start + 16].strip() for line in lines[heads[0] : heads[0] + 3]]
    assert "".join(pieces).rstrip("─") == "a_very_long_vendor_name_for_the_offer"
    assert out.count("Score") == len(heads) + 1  # a score row per part (+ the note)


def test_nothing_uncovered():
    good = dataclasses.replace(EN_DOC, findings=tuple(finding(r.id, "ok") for r in RULES))
    for fmt in COMPARE_FORMATS:
        render_compare(make_report(good, ZH_DOC), fmt)
    assert compare(make_report(good, ZH_DOC), ReportOptions()).uncovered == []
    assert compare(make_report(ERR_DOC), ReportOptions()).uncovered == []
    assert compare(make_report(good), ReportOptions()).scores == {"acme": 100}
    out = render_compare(make_report(good, ZH_DOC), "markdown", ReportOptions(lang="en"))
    assert "none: every item is covered by at least one vendor" in out


def _lightness(page: str, selector: str) -> float:
    """The relative lightness (0 black .. 1 white) of `selector`'s background in the CSS."""
    style = page[page.index("<style>") : page.index("</style>")]
    value = re.search(re.escape(selector) + r"\{background:#([0-9a-f]{6})", style)
    assert value, selector
    red, green, blue = (int(value[1][i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_compare_html_colour_weight_follows_severity():
    page = render_compare(make_report(), "html")
    cells = {(c["data-rule"], c["data-file"]): c["class"] for c in parse_page(page).cells}
    assert cells[("dispute-resolution", EN_DOC.path)] == "c s-missing w-low"
    assert cells[("ip-ownership", ZH_PATH)] == "c s-risky w-high"
    # a low-severity gap is paler than a high-severity risk; within one status, the
    # higher the severity the darker
    assert _lightness(page, ".s-missing.w-low") > _lightness(page, ".s-risky.w-high")
    for status in ("missing", "risky", "vague"):
        low, medium, high = (_lightness(page, f".s-{status}.w-{s}") for s in SEVERITIES[::-1])
        assert low > medium > high
    for severity in SEVERITIES:  # at one severity, missing is the darker of the two
        missing = _lightness(page, f".s-missing.w-{severity}")
        assert missing < _lightness(page, f".s-risky.w-{severity}")


def test_compare_html_item_column_stays_and_panel_has_room():
    page = render_compare(make_report(), "html")
    style = page[page.index("<style>") : page.index("</style>")]
    rule_css = re.search(r"\.matrix th\.rule,\.matrix td\.rule\{([^}]*)\}", style)[1]
    assert "position:sticky" in rule_css and "left:0" in rule_css
    # the close button sits in the panel's own header row, not over its content
    head = re.search(r'<div class="panel-head">(.*?)</div>', page)[1]
    assert 'id="panel-close"' in head
    assert "#panel-close{float" not in style
