"""clausecheck.normalize: pure text clean-up, line joining, running headers/footers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clausecheck.normalize import (
    display_width,
    ends_sentence,
    is_heading_start,
    is_page_number,
    join_lines,
    normalize_text,
    paragraphs_from_pages,
    strip_running_lines,
)

# ---------------------------------------------------------------------------------------
# normalize_text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("服务期限为 3 年", "服务期限为3年"),
        ("服 务 期 限", "服务期限"),
        ("提供 SaaS 服务", "提供SaaS服务"),
        ("the Provider  shall", "the Provider shall"),
        ("Article 2 Confidentiality", "Article 2 Confidentiality"),
        ("第一条 服务期限", "第一条 服务期限"),  # the space after a clause number stays
        ("confi\u00addential", "confidential"),
        ("a\ufffeb\uffffc", "abc"),
        ("ＡＢＣ１２３％", "ABC123%"),
        ("甲方：（一）付款；乙方。", "甲方：（一）付款；乙方。"),  # Chinese punctuation kept
        ("甲方\u3000乙方", "甲方乙方"),
        ("Fee\u3000USD", "Fee USD"),
        ("confiden-\ntiality", "confidentiality"),
        ("line one\r\nline two\rline three", "line one\nline two\nline three"),
        ("  padded  \n  lines  ", "padded\nlines"),
        ("tab\there", "tab here"),
        ("bell\x07 and\x00 nul", "bell and nul"),
        ("non\u00a0breaking", "non breaking"),
        ("", ""),
    ],
)
def test_normalize_text(raw: str, clean: str) -> None:
    assert normalize_text(raw) == clean


def test_normalize_keeps_hyphenated_compound_before_capital() -> None:
    # Only a lower-case continuation is a broken word.
    assert normalize_text("Software-\nProvider") == "Software-\nProvider"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_normalize_text_is_idempotent(s: str) -> None:
    once = normalize_text(s)
    assert normalize_text(once) == once


# ---------------------------------------------------------------------------------------
# headings and sentence ends


@pytest.mark.parametrize(
    "line",
    [
        "第一条 服务期限",
        "第十二条：保密",
        "第3章 总则",
        "第二部分 附则",
        "一、总则",
        "十二、违约责任",
        "（一）付款方式",
        "(2) 验收",
        "1. Definitions",
        "2、服务内容",
        "1.1 The Provider",
        "3.2.1 服务",
        "Article 5 Term",
        "Article 5. Confidentiality",
        "ARTICLE V",
        "Section 3.2 – Fees",
        "Clause 7",
        "CONFIDENTIALITY",
        "TERM AND TERMINATION",
        "附件一 服务水平",
        "附件：报价单",
        "Schedule 1 – Fees",
        "Exhibit A: Service Levels",
        "APPENDIX B",
        "(a) the Customer's data;",
        "I. DEFINITIONS",
        "• bullet item",
    ],
)
def test_heading_starts(line: str) -> None:
    assert is_heading_start(line)


@pytest.mark.parametrize(
    "line",
    [
        "第三条约定的服务",  # a reference inside a wrapped sentence
        "3.5 million dollars",
        "2024年1月1日",
        "Section 5.2 above applies",
        "Schedule 1 hereto",
        "the Provider shall",
        "服务期限为三年",
        "100 units",
        "3",
        "",
    ],
)
def test_not_heading_starts(line: str) -> None:
    assert not is_heading_start(line)


@pytest.mark.parametrize(
    ("line", "ends"),
    [
        ("不得无故中断服务。", True),
        ("如下：", True),
        ("written consent.", True),
        ('he said "stop."', True),
        ("（详见附件）。", True),
        ("并保证软", False),
        ("e.g.", False),
        ("Acme Inc.", False),
        ("the following", False),
    ],
)
def test_ends_sentence(line: str, ends: bool) -> None:
    assert ends_sentence(line) is ends


# ---------------------------------------------------------------------------------------
# join_lines

ZH_LINES = [
    "第一条 服务期限",
    "服务期限为3年，自合同签订之日起计算。乙方应当在服务期限内提供技术支持服务，并保证软",
    "件的正常运行和持续可用性，不得无故中断服务。",
    "第二条 保密",
    "乙方应对甲方的全部保密信息严格保密，未经甲方事先书面同意，不得向任何第三方披露，且",
    "保密义务在本合同终止后继续有效。",
]


def test_join_lines_chinese() -> None:
    assert join_lines(ZH_LINES) == [
        "第一条 服务期限",
        "服务期限为3年，自合同签订之日起计算。乙方应当在服务期限内提供技术支持服务，并保证软"
        "件的正常运行和持续可用性，不得无故中断服务。",
        "第二条 保密",
        "乙方应对甲方的全部保密信息严格保密，未经甲方事先书面同意，不得向任何第三方披露，且"
        "保密义务在本合同终止后继续有效。",
    ]


def test_join_lines_english() -> None:
    lines = [
        "Article 2 Confidentiality",
        "The Provider shall keep all confidential information of the Customer strictly confiden-",
        "tial and shall not disclose it to any third party without the prior written consent of",
        "the Customer.",
        "The obligations in this Article survive termination of this Agreement for five years,",
        "unless the parties agree otherwise in writing.",
    ]
    assert join_lines(lines) == [
        "Article 2 Confidentiality",
        "The Provider shall keep all confidential information of the Customer strictly "
        "confidential and shall not disclose it to any third party without the prior written "
        "consent of the Customer.",
        "The obligations in this Article survive termination of this Agreement for five years, "
        "unless the parties agree otherwise in writing.",
    ]


def test_join_lines_breaks_before_heading_markers() -> None:
    assert join_lines(["甲方应当付款", "（一）首付款", "1.1 Scope", "Section 2 Fees"]) == [
        "甲方应当付款",
        "（一）首付款",
        "1.1 Scope",
        "Section 2 Fees",
    ]


def test_join_lines_sentence_end_then_lowercase_joins() -> None:
    assert join_lines(["as agreed, i.e.", "the fees"]) == ["as agreed, i.e. the fees"]
    assert join_lines(["It ends here.", "next one"]) == ["It ends here. next one"]
    assert join_lines(["It ends here.", "Next one"]) == ["It ends here.", "Next one"]


def test_join_lines_empty_line_is_a_break() -> None:
    assert join_lines(["one", "", "two"]) == ["one", "two"]
    assert join_lines([]) == []
    assert join_lines(["", "  "]) == []


def test_join_lines_short_line_ends_paragraph() -> None:
    lines = ["甲方：北京某某科技有限公司", "乙方：上海某某软件有限公司"]
    assert join_lines(lines, full_width=90) == lines
    # without a full-width hint, two short lines of one sentence are joined
    assert join_lines(["the Provider shall", "deliver"]) == ["the Provider shall deliver"]


# ---------------------------------------------------------------------------------------
# running lines


@pytest.mark.parametrize(
    "line",
    [
        "3",
        "- 3 -",
        "— 12 —",
        "第 3 页",
        "第 3 页 共 10 页",
        "第3页/共10页",
        "共10页 第3页",
        "Page 3",
        "Page 3 of 10",
        "page 3 / 10",
        "3/10",
        "3 of 10",
        "- iv -",
    ],
)
def test_page_numbers(line: str) -> None:
    assert is_page_number(line)


@pytest.mark.parametrize("line", ["3年", "Page three", "1. Definitions", "第三条", "2024-01-01"])
def test_not_page_numbers(line: str) -> None:
    assert not is_page_number(line)


def _page(n: int, body: list[str]) -> list[str]:
    return ["ACME 软件许可合同 (合同编号 2024-001)", *body, f"第 {n} 页 共 3 页"]


def test_strip_running_lines() -> None:
    pages = [
        _page(1, ["第一条 服务期限", "服务期限为三年。"]),
        _page(2, ["第二条 保密", "乙方应当保密。"]),
        _page(3, ["第三条 其他", "本合同一式两份。"]),
    ]
    assert strip_running_lines(pages) == [
        ["ACME 软件许可合同 (合同编号 2024-001)", "第一条 服务期限", "服务期限为三年。"],
        ["第二条 保密", "乙方应当保密。"],
        ["第三条 其他", "本合同一式两份。"],
    ]


def test_strip_running_lines_keeps_numbers_inside_body() -> None:
    body = ["Fees", "Item", "3", "Total", "4", "More", "text", "here"]
    assert strip_running_lines([body]) == [body]


def test_strip_running_lines_single_page_number() -> None:
    assert strip_running_lines([["Title", "Body text.", "- 1 -"]]) == [["Title", "Body text."]]


def test_paragraph_across_page_break_is_joined() -> None:
    pages = [
        [
            "Licence Agreement",
            "1. The Provider grants the Customer a licence to use",
            "Page 1 of 2",
        ],
        [
            "Licence Agreement",
            "the Software for its internal business purposes.",
            "2. Fees",
            "Page 2 of 2",
        ],
    ]
    assert paragraphs_from_pages(pages) == [
        (1, "Licence Agreement"),  # kept as the title on the first page
        (
            1,
            "1. The Provider grants the Customer a licence to use the Software for its internal "
            "business purposes.",
        ),
        (2, "2. Fees"),
    ]


def test_no_join_after_sentence_end_or_over_a_blank_page() -> None:
    assert paragraphs_from_pages([["甲方应当付款。"], ["乙方应当交付。"]], strip_running=False) == [
        (1, "甲方应当付款。"),
        (2, "乙方应当交付。"),
    ]
    assert paragraphs_from_pages([["甲方应当"], [], ["乙方应当"]], strip_running=False) == [
        (1, "甲方应当"),
        (3, "乙方应当"),
    ]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.characters(blacklist_characters="-\u00ad"), max_size=40), max_size=12
    )
)
def test_join_lines_keeps_every_character(lines: list[str]) -> None:
    lines = [normalize_text(x).replace("\n", " ") for x in lines]
    joined = join_lines(lines)
    assert "".join(joined).replace(" ", "") == "".join(lines).replace(" ", "")
    assert all(p and p == p.strip() for p in joined)


def test_list_items_on_their_own_lines_are_paragraphs() -> None:
    lines = [
        "The Provider is not liable for:",
        "(a) hardware;",
        "(b) software; and",
        "(c) networks.",
    ]
    assert join_lines(lines) == lines
    assert join_lines(lines, full_width=90) == lines


def test_inline_list_wrapped_at_an_item_is_joined() -> None:
    full = "relates to: (a) hardware, hosting or networks; (b) any third-party software; (c) any"
    lines = [
        full,
        "installation environment, including one configured by the Provider or its agents;",
        "(d) any modification not made by the Provider.",
    ]
    assert join_lines(lines, full_width=len(lines[1])) == [" ".join(lines)]


def test_full_chinese_line_ending_with_punctuation_does_not_end_the_paragraph() -> None:
    a = "乙方应当在服务期限内提供技术支持服务，并保证软件正常运行，不得无故中断服务；"
    b = "逾期的，乙方应按日支付违约金。"
    c = "甲方应按时付款，逾期付款的，应按日支付万分之五的违约金，直至付清全部款项为止。"
    assert join_lines([a, b, c], full_width=display_width(a)) == [a + b, c]
    # without the width of a full line, the punctuation decides
    assert join_lines([a, b]) == [a, b]
