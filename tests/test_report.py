"""Reporters: the API, JSON, table, CSV, Markdown, GitHub annotations, JUnit."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import subprocess
import sys

import pytest

from clausecheck.model import Location
from clausecheck.report import COMPARE_FORMATS, FORMATS, ReportOptions, render, render_compare
from clausecheck.report.common import QUOTE_MAX, summary_line
from clausecheck.report.csv_report import COLUMNS
from clausecheck.report.github import escape_data, escape_property
from reportdata import (
    EN_DOC,
    ERR_DOC,
    ERR_PATH,
    RENEWAL_SEARCHED,
    RULES,
    WAIVER,
    ZH_DOC,
    ZH_PATH,
    finding,
    make_report,
)

# --------------------------------------------------------------------------- API


def test_formats_are_the_documented_ones():
    assert FORMATS == (
        "table", "json", "sarif", "github", "junit", "markdown", "csv", "html", "jsonl",
    )  # fmt: skip
    assert COMPARE_FORMATS == ("table", "json", "csv", "html", "markdown")


def test_import_is_cheap():
    code = (
        "import sys, clausecheck.report\n"
        # the format modules are imported (each declares its name), but no heavy library
        "heavy = ['rich', 'html.parser', 'jsonschema', 'junitparser', 'sarif_om', 'typer']\n"
        "print([m for m in heavy if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_unknown_format_and_language_are_refused():
    with pytest.raises(ValueError, match="unknown format"):
        render(make_report(), "pdf")
    with pytest.raises(ValueError, match="unknown format"):
        render_compare(make_report(), "sarif")
    with pytest.raises(ValueError, match="language"):
        render(make_report(), "json", ReportOptions(lang="fr"))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", [None, "zh", "en"])
def test_every_format_is_deterministic(fmt, lang):
    options = ReportOptions(lang=lang)
    first = render(make_report(), fmt, options)
    assert first and first == render(make_report(), fmt, options)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_takes_an_empty_report(fmt):
    assert isinstance(render(make_report(*()), fmt), str)
    empty = dataclasses.replace(make_report(), documents=())
    assert isinstance(render(empty, fmt), str)


# --------------------------------------------------------------------------- JSON

REPORT_KEYS = ["schema", "tool", "ruleset", "language", "documents", "summary"]
DOC_KEYS = [
    "path",
    "sha256",
    "format",
    "language",
    "pages",
    "status",
    "error",
    "warnings",
    "parties",
    "findings",
    "summary",
]
FINDING_CONTRACT = [
    "rule",
    "title",
    "severity",
    "status",
    "found",
    "message",
    "advice",
    "locations",
]
FINDING_EXTRA = [
    "checks",
    "searched",
    "looks_for",
    "suppressed",
    "open",
    "title_i18n",
    "message_i18n",
    "advice_i18n",
]


def _json(lang=None, report=None):
    """The report@1 JSON (report@2: tests/test_report_stream.py)."""
    options = ReportOptions(lang=lang, schema="report@1")
    return json.loads(render(report or make_report(), "json", options))


def test_json_shape_is_the_contract():
    data = _json()
    assert list(data) == REPORT_KEYS
    assert data["schema"] == "clausecheck/report@1"
    assert data["tool"] == {"name": "clausecheck", "version": "0.1.0"}
    assert data["ruleset"] == {"name": "default", "sha256": "d" * 64}
    assert [d["path"] for d in data["documents"]] == [ZH_PATH, EN_DOC.path, ERR_PATH]
    for doc in data["documents"]:
        assert list(doc) == DOC_KEYS
        assert list(doc["summary"])[:4] == ["ok", "vague", "risky", "missing"]
        for f in doc["findings"]:
            assert list(f) == FINDING_CONTRACT + FINDING_EXTRA
            assert f["severity"] in ("high", "medium", "low")
            assert f["status"] in ("ok", "vague", "risky", "missing")
            assert isinstance(f["found"], bool)
            for loc in f["locations"]:
                assert list(loc) == ["page", "paragraph", "line", "clause", "quote", "ocr"]
            for check in f["checks"]:
                assert list(check) == ["id", "kind", "met", "quote"]
            assert set(f["title_i18n"]) == {"zh", "en"}
            assert set(f["advice_i18n"]) == {"zh", "en"}


def test_json_values():
    zh, en, err = _json()["documents"]
    assert zh["format"] == "pdf" and zh["language"] == "zh" and zh["pages"] == 6
    assert zh["status"] == "checked" and zh["error"] is None
    assert zh["warnings"] == list(ZH_DOC.warnings)
    assert zh["parties"] == {"buyer": ["甲方"], "vendor": ["乙方"], "source": "detected"}
    assert en["parties"] is None and en["pages"] is None
    # findings in the ruleset's order, not the document's
    assert [f["rule"] for f in zh["findings"]] == [r.id for r in RULES]
    by_rule = {f["rule"]: f for f in zh["findings"]}
    assert by_rule["renewal-pricing"]["found"] is False
    assert by_rule["renewal-pricing"]["locations"] == []
    assert by_rule["renewal-pricing"]["searched"] == list(RENEWAL_SEARCHED)
    assert by_rule["renewal-pricing"]["looks_for"] == "标题如“续费”，措辞如“续约价格”"
    assert by_rule["service-scope"]["looks_for"] == ""  # found: nothing looked for
    assert by_rule["dispute-resolution"]["suppressed"] == {"reason": WAIVER, "by": "waiver"}
    assert by_rule["dispute-resolution"]["open"] is False
    assert by_rule["ip-ownership"]["open"] is True
    assert by_rule["ip-ownership"]["locations"][0]["ocr"] is True
    assert by_rule["response-sla"]["checks"][1] == {
        "id": "hedge",
        "kind": "hedge",
        "met": True,
        "quote": "及时",
    }
    assert by_rule["service-scope"]["locations"][1]["clause"] == "附件一 服务清单"
    assert zh["summary"] == {
        "ok": 1,
        "vague": 2,
        "risky": 1,
        "missing": 1,
        "waived": 1,
        "baselined": 0,
        "open": 3,
    }
    assert err["status"] == "error"
    assert err["error"] == {"code": "encrypted-pdf", "message": ERR_DOC.error.message}
    assert err["findings"] == []
    assert err["language"] is None
    keys = ["ok", "vague", "risky", "missing", "waived", "baselined", "open"]
    assert err["summary"] == dict.fromkeys(keys, 0)


def test_json_text_follows_the_language():
    zh, en, _ = _json()["documents"]
    assert zh["findings"][0]["title"] == "服务内容清单"
    assert en["findings"][0]["title"] == "Scope of services"
    zh, en, _ = _json("en")["documents"]
    assert zh["findings"][0]["title"] == "Scope of services"
    assert zh["findings"][0]["advice"] == "Ask for a list of services with times."
    assert zh["findings"][0]["title_i18n"] == {"zh": "服务内容清单", "en": "Scope of services"}
    mixed = dataclasses.replace(EN_DOC, language="mixed")
    (doc,) = _json(report=make_report(mixed))["documents"]
    assert doc["findings"][0]["title"] == "服务内容清单"


def test_json_is_utf8_and_byte_identical():
    out = render(make_report(), "json")
    assert "服务内容清单" in out and "\\u" not in out
    assert out.encode() == render(make_report(), "json").encode()


# --------------------------------------------------------------------------- table


def _table(*docs, **options):
    return render(make_report(*docs), "table", ReportOptions(**options))


def test_summary_line_in_both_languages():
    counts = {"ok": 10, "vague": 5, "risky": 3, "missing": 4, "waived": 0}
    assert summary_line(counts, "en") == "22 items: 10 ok, 5 vague, 3 risky, 4 missing"
    assert summary_line(counts, "zh") == "22 项：10 合格，5 模糊，3 风险，4 缺失"


def test_table_one_document_zh():
    out = _table(ZH_DOC)
    assert "\x1b" not in out
    assert out.splitlines()[0].startswith(ZH_PATH)
    assert "6 页" in out.splitlines()[0]
    assert "警告：第4页为扫描图片" in out
    for word in ("✔ 合格", "~ 模糊", "! 风险", "✘ 缺失", "- 豁免"):
        assert word in out
    assert "5 项：1 合格，1 模糊，1 风险，1 缺失，1 豁免" in out
    assert "→写明定制开发代码归甲方所有。" in out  # advice of a risky finding
    assert "→要求逐项列出服务内容和响应时间。" not in out  # no advice for ok
    assert "p.4 第八条 知识产权 (OCR)" in out
    assert "豁免理由：" + WAIVER in out


def test_table_one_document_en():
    out = _table(EN_DOC)
    assert "\x1b" not in out
    assert "5 items: 2 ok, 1 vague, 1 risky, 1 missing" in out
    assert "✘ missing" in out and "✔ ok" in out
    assert "¶12 2. SERVICES" in out
    flat = " ".join(out.split())  # the sentence wraps in its column
    assert "No clause about dispute resolution was found (looked for headings such as" in flat
    assert "wording such as “venue”)" in flat and "\\b" not in out


def test_table_lines_fit_the_width():
    from rich.cells import cell_len

    for width in (100, 120):
        for docs in ((ZH_DOC,), (EN_DOC,), (ZH_DOC, EN_DOC, ERR_DOC)):
            out = _table(*docs, width=width, details=True)
            assert max(cell_len(line) for line in out.splitlines()) <= width


def test_table_colour_only_when_asked(monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    assert "\x1b" not in _table(ZH_DOC)
    assert "\x1b" not in _table()
    coloured = _table(ZH_DOC, color=True)
    assert "\x1b[" in coloured
    assert "✘" in coloured and "缺失" in coloured


def test_table_error_document_is_left_to_stderr():
    # the command line prints the error once, on stderr (tests/test_cli.py)
    assert _table(ERR_DOC) == ""


def test_table_several_documents():
    out = _table(lang="en")
    lines = out.splitlines()
    assert any(line.startswith(ZH_PATH) and "3 to fix" in line for line in lines)
    assert any(line.startswith(ERR_PATH) and "E error [encrypted-pdf]" in line for line in lines)
    totals = "3 files (1 unreadable), 10 items: 3 ok, 2 vague, 2 risky, 2 missing, 1 waived"
    assert totals in out
    assert "Quote / advice" not in out  # no per-document tables without details
    detailed = _table(lang="en", details=True)
    assert detailed.count("Quote / advice") == 2
    zh = _table()
    assert "3 个文件（1 个无法读取），共 10 项：3 合格，2 模糊，2 风险，2 缺失，1 豁免" in zh


def test_table_fifty_files_fit_one_screen():
    docs = [dataclasses.replace(EN_DOC, path=f"contracts/vendor-{i:02}.docx") for i in range(50)]
    out = render(make_report(*docs), "table", ReportOptions(width=100))
    assert len(out.splitlines()) <= 55
    assert all(len(line) <= 100 for line in out.splitlines())


def test_table_quotes_are_short_and_literal():
    long_quote = "[bold red]not markup[/] " + "很长的条款文字" * 20
    doc = dataclasses.replace(
        EN_DOC,
        findings=(
            finding("service-scope", "vague", locations=(Location(2, None, "二", long_quote),)),
        ),
    )
    out = _table(doc, width=400)
    assert "[bold red]not markup[/]" in out
    quoted = next(line for line in out.splitlines() if "“" in line)
    inner = quoted[quoted.index("“") + 1 : quoted.index("”")]
    assert len(inner) <= QUOTE_MAX and inner.endswith("…")


# --------------------------------------------------------------------------- CSV


def _csv(lang=None):
    out = render(make_report(), "csv", ReportOptions(lang=lang))
    assert out.startswith("\ufeff")  # the byte-order mark Excel needs for Chinese
    return list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))


def test_csv_rows_and_columns():
    rows = _csv()
    assert rows[0] == list(COLUMNS)
    assert rows[0][:14] == [
        "file",
        "language",
        "format",
        "rule",
        "title",
        "severity",
        "status",
        "found",
        "page",
        "paragraph",
        "clause",
        "quote",
        "advice",
        "suppressed",
    ]
    body = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert len(body) == 5 + 5 + 1
    zh = [r for r in body if r["file"] == ZH_PATH]
    assert [r["rule"] for r in zh] == [r.id for r in RULES]
    sla = zh[1]
    assert sla["status"] == "vague" and sla["page"] == "3" and sla["paragraph"] == ""
    assert sla["quote"] == "乙方应及时响应，\n尽快修复故障"  # newline and comma survive
    assert zh[0]["quote"].endswith("| 远程支持")
    assert zh[3]["found"] == "false" and zh[3]["quote"] == ""
    assert zh[4]["suppressed"] == WAIVER
    en_risky = next(r for r in body if r["file"] == EN_DOC.path and r["rule"] == "renewal-pricing")
    assert en_risky["clause"] == "9. RENEWAL, FEES" and en_risky["paragraph"] == "40"
    (err,) = [r for r in body if r["file"] == ERR_PATH]
    assert err["status"] == "error"
    assert err["message"] == "[encrypted-pdf] PDF is encrypted, a password is needed"
    assert _csv("en")[1][4] == "Scope of services"


def test_csv_defuses_formulas():
    doc = dataclasses.replace(
        EN_DOC,
        findings=(
            finding("service-scope", "vague", locations=(Location(1, None, "=cmd", "=1+2"),)),
        ),
    )
    rows = list(csv.reader(io.StringIO(render(make_report(doc), "csv", ReportOptions(bom=False)))))
    assert rows[1][10] == "'=cmd" and rows[1][11] == "'=1+2"


# --------------------------------------------------------------------------- Markdown


def test_markdown():
    out = render(make_report(), "markdown", ReportOptions(details=True))
    assert out.startswith("## clausecheck: 合同条款检查报告\n")
    assert "| 文件 | 语言 | 格式 | ✔ 合格 | ~ 模糊 | ! 风险 | ✘ 缺失 | - 豁免 | 结果 |" in out
    assert f"### {ZH_PATH}" in out and "### contracts/acme.docx" in out
    assert "| 状态 | 严重度 | 检查项 | 位置 | 原文 | 建议 |" in out
    assert "| Status | Sev. | Item | Where | Quote | Advice |" in out  # the en document
    assert "故障排查 \\| 远程支持" in out  # escaped pipe
    assert "then-current price \\| no cap" in out
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "<details><summary>✔ 1 合格项</summary>" in out
    assert "- 豁免" in out and WAIVER in out
    assert "\\[encrypted-pdf\\] PDF is encrypted" in out
    # every table row has as many cells as its header
    for block in out.split("\n\n"):
        lines = [ln for ln in block.splitlines() if ln.startswith("| ")]
        if lines:
            widths = {len(ln.replace("\\|", "").split(" | ")) for ln in lines}
            assert len(widths) == 1, block


def test_markdown_in_english():
    out = render(make_report(), "markdown", ReportOptions(lang="en", details=True))
    assert out.startswith("## clausecheck: Contract clause check\n")
    assert "| Status | Sev. | Item | Where | Quote | Advice |" in out
    assert "Code and IP ownership" in out


def test_markdown_one_file_is_in_full():
    out = render(make_report(ZH_DOC), "markdown")
    assert f"### {ZH_PATH}" in out and "| 状态 | 严重度 | 检查项 | 位置 | 原文 | 建议 |" in out


def test_markdown_brief_for_several_files():
    out = render(make_report(), "markdown", ReportOptions(lang="en"))
    assert "| File | Lang | Format |" in out  # the summary table
    assert f"- {ERR_PATH}: \\[encrypted-pdf\\] PDF is encrypted" in out  # with its cause
    assert out.count("**Code and IP ownership**:") == 1  # each item's advice once
    assert "<details><summary>contracts/acme.docx · 3 to fix</summary>" in out
    assert "| Status | Sev. | Item | Where | Quote |" in out  # items to fix, without advice
    assert render(make_report(), "markdown", ReportOptions(details=True)).count("<details>") == 2


def _long(doc, i):
    """`doc` as vendor i, with long quotes and advice."""
    findings = tuple(
        dataclasses.replace(
            f,
            advice={"zh": "写明" + "具体的服务内容、时限和费用，" * 15, "en": "Ask " * 80},
            locations=tuple(
                dataclasses.replace(loc, quote="乙方有权单方调整服务内容与价格，" * 20)
                for loc in f.locations
            ),
        )
        for f in doc.findings
    )
    return dataclasses.replace(doc, path=f"vendors/v{i}.pdf", findings=findings)


def test_markdown_brief_fits_a_pull_request_comment():
    report = make_report(*(_long(ZH_DOC if i % 2 else EN_DOC, i) for i in range(200)))
    full = render(report, "markdown", ReportOptions(details=True))
    brief = render(report, "markdown", ReportOptions(lang="en"))
    assert len(full) > 65_536 and len(brief) < 65_536  # GitHub's limit for a comment
    assert all(f"| vendors/v{i}.pdf |" in brief for i in range(200))  # every file counted
    assert "more files to fix are not shown here" in brief
    shown = brief.count("<details><summary>vendors/")
    assert 10 < shown < 200


# --------------------------------------------------------------------------- GitHub


def test_github_escaping():
    assert escape_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_annotations():
    lines = render(make_report(), "github").splitlines()
    assert len(lines) == 4 + 3 + 1  # not-ok findings + one unreadable document
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    zh = [line for line in lines if ZH_PATH in line]
    assert zh[0].startswith(
        f"::warning file={ZH_PATH},line=1,title=clausecheck response-sla (vague) p.3::"
    )
    assert zh[1].startswith("::error ") and "(risky)" in zh[1]
    assert zh[2].startswith("::error ") and "(missing)" in zh[2]
    assert zh[3].startswith("::notice ") and "waived" in zh[3]
    assert "%0A" in zh[0] and "\n" not in zh[0]
    assert "110%25" in zh[2]
    assert lines[-1] == (
        f"::error file={ERR_PATH}::could not be read: [encrypted-pdf] "
        "PDF is encrypted, a password is needed"
    )


def test_github_escapes_properties():
    doc = dataclasses.replace(EN_DOC, path="a,b:c.docx")
    out = render(make_report(doc), "github")
    assert "file=a%2Cb%3Ac.docx,line=1," in out


# --------------------------------------------------------------------------- JUnit


def test_junit_parses_with_counts():
    from junitparser import Error, Failure, JUnitXml, Skipped

    out = render(make_report(), "junit")
    xml = JUnitXml.fromstring(out.encode("utf-8"))
    assert (xml.tests, xml.failures, xml.errors, xml.skipped) == (11, 6, 1, 1)
    suites = list(xml)
    assert [s.name for s in suites] == [ZH_PATH, EN_DOC.path, ERR_PATH]
    zh, en, err = suites
    assert (zh.tests, zh.failures, zh.errors, zh.skipped) == (5, 3, 0, 1)
    assert (en.tests, en.failures, en.errors, en.skipped) == (5, 3, 0, 0)
    assert (err.tests, err.failures, err.errors, err.skipped) == (1, 0, 1, 0)
    cases = {c.name: c for c in zh}
    assert [c.name for c in zh] == [r.id for r in RULES]
    assert all(c.classname == ZH_PATH for c in zh)
    assert cases["service-scope"].is_passed
    (failure,) = cases["ip-ownership"].result
    assert isinstance(failure, Failure) and failure.type == "risky"
    assert "<script>alert('x')</script>" in failure.text  # escaped in XML, intact when parsed
    (skipped,) = cases["dispute-resolution"].result
    assert isinstance(skipped, Skipped) and WAIVER in skipped.message
    (error,) = next(iter(err)).result
    assert isinstance(error, Error) and error.type == "encrypted-pdf"
    en_cases = {c.name: c for c in en}
    (risky,) = en_cases["renewal-pricing"].result
    assert "then-current price | no cap" in risky.text  # the form feed is dropped
    assert "\x0c" not in out


def test_pretty_json_is_the_text_json_writes() -> None:
    import json

    from clausecheck.codec import pretty_json

    value = {"a": [1, 2.5, None, True], "条款": {"引文": "甲方“应当”…", "x": []}, "e": {}}
    assert pretty_json(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    # a lone surrogate (a broken text layer) is written as json would write it
    broken = {"q": "a\ud800b"}
    assert pretty_json(broken) == json.dumps(broken, ensure_ascii=False, indent=2) + "\n"
