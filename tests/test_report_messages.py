"""A document's warnings in the report's language: one of every kind the extractors and
the engine write, each turned into Chinese with no English sentence left."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from clausecheck.extract import ERROR_CODES
from clausecheck.model import InputErrorInfo
from clausecheck.report import ReportOptions, render
from clausecheck.report.messages import ERRORS, warning_text
from reportdata import ERR_DOC, ZH_DOC, make_report

SRC = Path(__file__).resolve().parents[1] / "src" / "clausecheck"

# One of each, as extract/pdf.py, extract/text.py, extract/docx.py and rules/engine.py
# write them (tests/test_report_messages.py counts the places that write one).
WARNINGS = [
    "stopped after 3 of 9 pages (--max-pages 3)",
    "pages 2, 5 could not be read (damaged PDF)",
    "pages 1-3 were read by OCR; quotes may contain recognition errors",
    "page 4 has no text layer (scanned?)",
    "OCR found no text on page 4",
    "page 4 could not be read by OCR: the OCR engine is not installed; install it with"
    ' pip install "clausecheck[ocr]"',
    "pages 1-4, 6, 8 and 20 more are mostly unreadable glyphs and were left out (--ocr reads them)",
    "removed 3 NUL bytes from the text",
    "1 invalid UTF-8 byte sequence was replaced by �",
    "2 invalid UTF-16-LE sequence(s) were replaced by �",
    "the text encoding was guessed as cp1252; save the file as UTF-8 to be sure",
    "tracked changes: read as if all were accepted",
    "2 embedded document chunks (altChunk) not read",
    "word/footnotes.xml is damaged; read what could be read",
    "word/comments.xml could not be read: the part is too large",
    "word/styles.xml is damaged and was not read",
    "a rule pattern took too long and was stopped, so a verdict may be incomplete: (a|b)+$",
    "the file is named .doc but is a web page (HTML): its visible text was read",
    "the file is named .doc but is plain text: read as text",
]  # fmt: skip

# Words that stay as they are in a Chinese sentence: names, codes, options, file parts.
_KEPT = re.compile(
    r"OCR|PDF|HTML|UTF-8|UTF-16-LE|NUL|cp1252|altChunk|--max-pages|--ocr|--password|\.docx?"
    r"|pip install|clausecheck\[ocr\]|clausecheck"
    r"|\"clausecheck\[ocr\]\"|word/\w+\.xml|the part is too large|\(a\|b\)\+\$"
)


def test_every_place_that_writes_a_warning_has_an_example_here():
    sources = [*SRC.glob("extract/*.py"), SRC / "rules" / "engine.py"]
    writes = sum(
        len(re.findall(r"warnings\.(?:append|insert)\(", p.read_text(encoding="utf-8")))
        for p in sources
    )
    assert writes == len(WARNINGS)


@pytest.mark.parametrize("warning", WARNINGS)
def test_each_warning_reads_in_chinese(warning):
    zh = warning_text(warning, "zh")
    assert zh != warning
    assert not re.search(r"[A-Za-z]{3,}", _KEPT.sub("", zh)), zh
    assert warning_text(warning, "en") == warning


def test_page_lists_in_chinese():
    assert warning_text(WARNINGS[2], "zh") == "第 1-3 页经 OCR 识别，引文可能有识别错误"
    assert warning_text(WARNINGS[6], "zh").startswith("第 1-4、6、8 页及另外 20 处")
    assert warning_text("something new", "zh") == "something new"  # unknown: as written


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_a_chinese_report_shows_the_ocr_warning_in_chinese(fmt):
    doc = dataclasses.replace(ZH_DOC, warnings=(WARNINGS[2],))
    out = render(make_report(doc), fmt)
    assert "第 1-3 页经 OCR 识别" in out and "were read by OCR" not in out
    english = render(make_report(doc), fmt, ReportOptions(lang="en"))
    assert "pages 1-3 were read by OCR" in english


def test_every_error_code_reads_in_chinese():
    assert set(ERROR_CODES) <= set(ERRORS)
    assert all(not re.search(r"[A-Za-z]{3,}", _KEPT.sub("", text)) for text in ERRORS.values())


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_an_unreadable_file_in_a_chinese_report(fmt):
    error = InputErrorInfo("encrypted", "the PDF is encrypted: a password is needed")
    doc = dataclasses.replace(ERR_DOC, error=error)
    out = render(make_report(ZH_DOC, doc), fmt, ReportOptions(lang="zh"))
    assert "[encrypted] 文件已加密" in out.replace("\\", "")
    assert "a password is needed" not in out
    english = render(make_report(ZH_DOC, doc), fmt, ReportOptions(lang="en"))
    assert "a password is needed" in english
