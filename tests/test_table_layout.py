"""The terminal table of every bundled sample at 60, 80, 100 and 120 columns: every word of
every quote and piece of advice on screen, no line wider than the terminal, and no
Chinese line that begins with closing punctuation."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from rich.cells import cell_len

from clausecheck import api
from clausecheck.model import Report, pick
from clausecheck.report import ReportOptions, render
from clausecheck.report.common import doc_lang, one_line, quote, text
from clausecheck.report.wrap import NO_END, NO_START, wrap
from reportdata import EN_DOC, ERR_DOC, ZH_DOC, make_report

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(
    [*ROOT.glob("samples/*.pdf"), *ROOT.glob("samples/*.docx"), *ROOT.glob("samples/text/*.txt")]
)
WIDTHS = (60, 80, 100, 120)


@pytest.fixture(scope="module")
def reports() -> list[Report]:
    batch = api.check_many(SAMPLES, api.load_ruleset(), api.CheckOptions(use_cache=False))
    return [
        Report(batch.tool_version, batch.ruleset, (doc,), batch.rules) for doc in batch.documents
    ]


def _from_cell(line: str, column: int) -> str:
    """`line` from terminal cell `column` on."""
    used = 0
    for index, ch in enumerate(line):
        if used >= column:
            return line[index:]
        used += cell_len(ch)
    return ""


def _squash(value: str) -> str:
    return "".join(value.split())


def _expected(report: Report) -> list[str]:
    """The quotes and advice the table must show, as it shows them."""
    doc = report.documents[0]
    lang = doc_lang(doc, None)
    shown = []
    for finding in doc.findings:
        if quote(finding):
            shown.append(f"“{quote(finding)}”")
        if finding.status != "ok":
            shown.append(("→" if lang == "zh" else "→ ") + one_line(pick(finding.advice, lang)))
    return shown


def test_every_sample_was_read(reports):
    assert len(SAMPLES) == 12
    assert all(r.documents[0].status == "checked" for r in reports)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_word_of_every_quote_and_advice_is_on_screen(reports, width):
    for report in reports:
        doc = report.documents[0]
        out = render(report, "table", ReportOptions(width=width))
        lines = out.splitlines()
        assert max(cell_len(line) for line in lines) <= width, doc.path
        label = text("quote_advice", doc_lang(doc, None))
        head = next(i for i, line in enumerate(lines) if label in line)
        column = cell_len(lines[head][: lines[head].index(label)])
        body = [_from_cell(line, column) for line in lines[head + 2 : -1]]
        stream = _squash("".join(body))
        words = set(out.split())
        for shown in _expected(report):
            assert _squash(shown) in stream, (doc.path, width, shown[:40])
            for word in shown.split():
                if word.isascii() and len(word) < 30:
                    assert word in words, (doc.path, width, word)
        for piece in body:
            piece = piece.strip()
            assert not piece or piece[0] not in "。，、；：？！”’）》」』】", (doc.path, piece)


def test_narrow_terminals_stack_quote_and_advice_under_the_row(reports):
    weak = next(r for r in reports if r.documents[0].path.endswith("en_weak.pdf"))
    narrow = render(weak, "table", ReportOptions(width=80)).splitlines()
    wide = render(weak, "table", ReportOptions(width=120)).splitlines()
    # the document's line above the table may wrap (its path is as long as the checkout's)
    head = next(i for i, line in enumerate(narrow) if line.startswith("Status"))
    assert narrow[head].rstrip().endswith("Where") and narrow[head + 1].strip() == "Quote / advice"
    assert (
        next(line for line in wide if line.startswith("Status")).rstrip().endswith("Quote / advice")
    )
    row = next(i for i, line in enumerate(narrow) if line.startswith("! risky"))
    assert "“The scope, level and manner" in narrow[row + 1]
    assert "determined by Vendor in its sole…”" in " ".join(narrow[row + 1 : row + 3])


def test_advice_is_printed_in_normal_weight(reports):
    weak = next(r for r in reports if r.documents[0].path.endswith("en_weak.pdf"))
    out = render(weak, "table", ReportOptions(width=120, color=True))
    start = out.index("→ List each service")
    assert "\x1b[2m" not in out[start - 12 : start]  # not dim
    assert "\x1b[2m→" not in out


@pytest.mark.parametrize(
    ("value", "width", "expected"),
    [
        # a line never starts with closing punctuation: the character before comes along
        ("甲方告知。", 8, ["甲方告", "知。"]),
        ("乙方（服务方）", 6, ["乙方", "（服务", "方）"]),
        ("工作日内完成；（二）技术支持", 16, ["工作日内完成；", "（二）技术支持"]),
        # English breaks between words; a word longer than the line is cut
        ("List each service with timing", 12, ["List each", "service with", "timing"]),
        ("see https://example.com/very/long/path ok", 10,
         ["see", "https://ex", "ample.com/", "very/long/", "path ok"]),
        # Latin inside Chinese stays whole
        ("热线7×24小时", 6, ["热线", "7×24小", "时"]),
    ],
)  # fmt: skip
def test_wrap(value, width, expected):
    assert wrap(value, width) == expected


def test_wrap_keeps_every_character():
    value = "“乙方提供下列服务：（一）部署实施；（二）技术支持。”不接受“以乙方解释为准”。"
    for width in range(6, 30):
        lines = wrap(value, width)
        assert "".join(lines) == value
        assert all(cell_len(line) <= width for line in lines)
        assert all(line[0] not in NO_START for line in lines[1:])
        assert all(line[-1] not in NO_END for line in lines[:-1])


@pytest.mark.parametrize("width", WIDTHS)
def test_summary_of_several_files_wraps_a_long_path_and_cuts_nothing(width):
    long_path = "contracts/" + "/".join(["a-rather-long-folder-name"] * 4) + "/acme.docx"
    docs = (dataclasses.replace(EN_DOC, path=long_path), ZH_DOC, ERR_DOC)
    out = render(make_report(*docs), "table", ReportOptions(width=width, lang="en"))
    assert "…" not in out
    assert max(cell_len(line) for line in out.splitlines()) <= width
    lines = out.splitlines()
    column = lines[0].index("Lang")  # the file column, wrapped over the lines of its row
    assert long_path in "".join(line[:column].strip() for line in lines[2:])
    for word in ("Lang", "Format", "ok", "vague", "risky", "missing", "Result", "[encrypted-"):
        assert word in out
    result = "".join(_squash(line[lines[0].index("Result") :]) for line in lines)
    assert result.count("Eerror[encrypted-pdf]") == 1
