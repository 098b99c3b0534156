"""HTML: self-contained, escaped, one matrix cell per (rule, file)."""

from __future__ import annotations

import dataclasses
import re

from clausecheck.report import ReportOptions, render
from reportdata import (
    EN_DOC,
    ERR_PATH,
    RULES,
    SCRIPT_QUOTE,
    WAIVER,
    ZH_DOC,
    ZH_PATH,
    make_report,
    parse_page,
)

EXPECTED = {
    (ZH_PATH, "service-scope"): "ok",
    (ZH_PATH, "response-sla"): "vague",
    (ZH_PATH, "ip-ownership"): "risky",
    (ZH_PATH, "renewal-pricing"): "missing",
    (ZH_PATH, "dispute-resolution"): "waived",
    (EN_DOC.path, "service-scope"): "vague",
    (EN_DOC.path, "response-sla"): "ok",
    (EN_DOC.path, "ip-ownership"): "ok",
    (EN_DOC.path, "renewal-pricing"): "risky",
    (EN_DOC.path, "dispute-resolution"): "missing",
    **{(ERR_PATH, r.id): "error" for r in RULES},
}


def assert_self_contained(page: str) -> None:
    parsed = parse_page(page)
    for tag, name, value in parsed.urls:
        assert value.startswith("#"), (tag, name, value)  # in-page anchors only
    assert "http" not in " ".join(v for _, _, v in parsed.urls)
    assert "link" not in parsed.tags and "img" not in parsed.tags and "iframe" not in parsed.tags
    assert parsed.tags.count("script") == 1 and parsed.tags.count("style") == 1
    style = page[page.index("<style>") : page.index("</style>")]
    assert "url(" not in style and "@import" not in style
    assert not re.search(r"\bfetch\(|XMLHttpRequest|import\(", "".join(parsed.script_text))


def test_html_is_per_document():
    page = render(make_report(), "html")
    parsed = parse_page(page)
    got = {(d["data-file"], d["data-rule"]): d["data-status"] for d in parsed.details}
    assert got == {k: v for k, v in EXPECTED.items() if k[0] != ERR_PATH}
    assert not parsed.cells and 'class="matrix"' not in page  # the matrix is compare's
    assert 'id="panel"' not in page
    sections = re.findall(r'<section class="doc" id="([^"]+)" data-file="([^"]+)"', page)
    assert [path for _, path in sections] == [ZH_PATH, EN_DOC.path]  # the readable ones
    for anchor, _ in sections:  # the table of files links to each document's part
        assert f'href="#{anchor}"' in page


def test_html_is_self_contained_and_escaped():
    page = render(make_report(), "html")
    assert_self_contained(page)
    assert page.count("<script") == 1  # ours; the quote's is escaped
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert SCRIPT_QUOTE in "".join(parse_page(page).text)  # shown to the reader as text
    assert "\x0c" not in page
    assert 'http-equiv="Content-Security-Policy"' in page and "default-src 'none'" in page


def test_html_content():
    page = render(make_report(), "html")
    text = "".join(parse_page(page).text)
    assert "合同条款检查报告" in text
    assert "default" in text and "d" * 64 in text and "0.1.0" in text  # ruleset, tool
    for word in ("✔ 合格", "~ 模糊", "! 风险", "✘ 缺失", "- 豁免", "E 错误"):  # the legend
        assert word in text
    assert "[encrypted-pdf] PDF is encrypted, a password is needed" in text
    assert "写明定制开发代码归甲方所有。" in text  # advice
    assert WAIVER in text
    assert "乙方应及时响应，\n尽快修复故障" in text  # quotes kept whole in the details
    assert "p.4 第八条 知识产权 (OCR)" in text
    assert parse_page(page).scores == {ZH_PATH: "40", EN_DOC.path: "50"}


def test_html_ok_items_are_folded():
    page = render(make_report(), "html", ReportOptions(lang="en"))
    zh_part = page[page.index(f'data-file="{ZH_PATH}">\n<h2>') :]
    assert zh_part.index("To fix") < zh_part.index(
        '<details class="ok-items"><summary>✔ 1 ok items'
    )


def test_html_language():
    page = render(make_report(), "html", ReportOptions(lang="en"))
    assert '<html lang="en">' in page and "Contract clause check" in page
    assert "Code and IP ownership" in page
    assert '<html lang="zh-CN">' in render(make_report(ZH_DOC), "html")


def test_html_escapes_paths_and_names():
    doc = dataclasses.replace(EN_DOC, path='x/"><img src=http://evil>.docx')
    report = dataclasses.replace(
        make_report(doc), ruleset=dataclasses.replace(make_report().ruleset, name="<b>r</b>")
    )
    page = render(report, "html")
    assert_self_contained(page)
    assert "<img" not in page and "<b>r</b>" not in page
    details = parse_page(page).details
    assert {d["data-file"] for d in details} == {doc.path}


def test_html_rule_not_checked_for_a_document():
    doc = dataclasses.replace(EN_DOC, findings=EN_DOC.findings[:2])
    details = parse_page(render(make_report(doc), "html")).details
    assert [d["data-status"] for d in details] == ["vague", "ok"]
