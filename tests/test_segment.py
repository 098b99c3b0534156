"""Segmentation into clauses, both languages, and language detection."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from clausecheck.model import Block
from clausecheck.segment import detect_language, heading_marker, split_clauses


def _blocks(text: str) -> tuple[Block, ...]:
    lines = [line for line in text.splitlines() if line.strip()]
    return tuple(Block(line, paragraph=i + 1) for i, line in enumerate(lines))


@pytest.mark.parametrize(
    ("line", "number", "heading"),
    [
        ("第一条 服务内容", "第一条", "第一条 服务内容"),
        ("第1条 定义", "第1条", "第1条 定义"),
        ("第三章 售后服务", "第三章", "第三章 售后服务"),
        ("一、双方责任", "一", "一、双方责任"),
        ("（二）保密义务", "（二）", "（二）保密义务"),
        ("1. DEFINITIONS", "1", "1. DEFINITIONS"),
        ("1.1 Services. Vendor shall provide the services.", "1.1", "1.1 Services"),
        ("2.3.1 响应时间：紧急故障30分钟内响应。", "2.3.1", "2.3.1 响应时间"),
        ("Article 5 Confidentiality", "Article 5", "Article 5 Confidentiality"),
        ("Section 5.2 Fees", "Section 5.2", "Section 5.2 Fees"),
        ("附件一 服务内容清单", "附件一", "附件一 服务内容清单"),
        ("Schedule 2 – Fees", "Schedule 2", "Schedule 2 – Fees"),
        ("Exhibit A: Service Levels", "Exhibit A", "Exhibit A: Service Levels"),
    ],
)
def test_heading_markers(line, number, heading):
    _kind, got_number, got_heading = heading_marker(Block(line))
    assert got_number == number
    assert got_heading == heading


def test_all_caps_line_is_a_heading():
    assert heading_marker(Block("LIMITATION OF LIABILITY")) is not None


@pytest.mark.parametrize(
    "line",
    [
        "乙方应在24小时内响应。",
        "The fee is 1.5% per month.",
        "2024年1月1日",
        "3.5 million dollars is the cap",
    ],
)
def test_body_lines_are_not_headings(line):
    assert heading_marker(Block(line)) is None


def test_table_rows_are_never_headings():
    assert heading_marker(Block("1. | 紧急 | 30分钟", kind="table-row")) is None


def test_clauses_keep_preamble_and_nesting():
    clauses = split_clauses(
        _blocks(
            """源码购买合同
甲方：某公司
第一条 服务内容
乙方提供部署服务。
（一）远程支持
工单系统。
第二条 保密
双方保密。
附件一 费用明细
| 项目 | 金额 |"""
        )
    )
    assert [c.number for c in clauses] == [None, "第一条", "（一）", "第二条", "附件一"]
    assert [c.level for c in clauses] == [0, 1, 2, 1, 1]
    assert clauses[0].text.startswith("源码购买合同")
    assert clauses[1].heading == "第一条 服务内容"
    assert clauses[4].blocks[-1].text == "| 项目 | 金额 |"


def test_english_nesting():
    clauses = split_clauses(
        _blocks(
            "1. SERVICES\n1.1 Support. Vendor supports.\n1.2 Hours. Monday to Friday.\n"
            "2. FEES\nUSD 10,000."
        )
    )
    assert [(c.number, c.level) for c in clauses] == [("1", 1), ("1.1", 2), ("1.2", 2), ("2", 1)]


@pytest.mark.parametrize(
    ("text", "language"),
    [("本合同由甲乙双方签订，乙方提供源码及售后服务。", "zh"),
     ("This Agreement is made between Customer and Vendor for support services.", "en"),
     ("本合同 This Agreement is made between the parties 甲乙双方 for the software "
      "support services described in the schedules attached hereto", "mixed")],
)  # fmt: skip
def test_language(text, language):
    assert detect_language((Block(text),)) == language


def test_appendix_number_glued_to_its_title():
    assert heading_marker(Block("附件一服务内容清单"))[1] == "附件一"


def test_the_title_stays_in_the_preamble():
    clauses = split_clauses(
        _blocks("SOURCE CODE SUPPORT AGREEMENT\nThis Agreement is made.\n1. SERVICES\nSupport.")
    )
    assert clauses[0].number is None and clauses[0].level == 0
    assert clauses[0].text.startswith("SOURCE CODE SUPPORT AGREEMENT")
    assert [c.number for c in clauses] == [None, "1"]


@settings(max_examples=400, deadline=None)
@example("第一条 总则")
@example("第二章 服务")
@example("附件一 报价")
@example("Schedule A")
@example("exhibit 2")
@example("Appendix I")
@example("ANNEX")
@example("Article 5")
@example("Section 3.2 Fees")
@example("clause 7")
@example("一、总则")
@example("（一）范围")
@example("(二) 费用")
@example("1.1 Fees")
@example("2.3.1 响应")
@example("3. Term")
@example("١. Arabic-Indic digit")
@given(
    st.text(
        alphabet="第一二十百附件录条章节（()）1234567890.、 "
        "ScheduleArticleSectionClausePartIVXANNEXſ:甲方",
        min_size=1,
        max_size=20,
    )
)
def test_no_marker_starts_outside_the_first_characters_checked(text: str) -> None:
    """heading_marker tries the marker patterns only after a character that can start one."""
    from clausecheck.segment import _MARKER_STARTS, _MARKERS

    text = text.strip()
    if text and any(pattern.match(text) for _, pattern in _MARKERS):
        assert text[0] in _MARKER_STARTS or text[0].isdecimal()
