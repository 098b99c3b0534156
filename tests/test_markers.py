"""One table of heading markers for clauses (segment) and paragraphs (normalize), and one
list of abbreviations for both sentence splitters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clausecheck.markers import ABBREVIATIONS, MARKERS, shouting
from clausecheck.model import Block
from clausecheck.normalize import ends_sentence, is_heading_start
from clausecheck.rules.engine import _sentences
from clausecheck.segment import heading_marker


def _starts_clause(line: str) -> bool:
    marker = heading_marker(Block(line))
    return marker is not None and marker[0] not in ("caps", "styled")


@given(
    st.text(
        alphabet="第一二万十百附件录条章节款（()）1234567890.、 "
        "ScheduleArticleSectionPartIVX:甲方约定 ",
        min_size=1,
        max_size=24,
    )
)
def test_every_clause_start_is_a_paragraph_start(text: str) -> None:
    """A heading glued to the paragraph before it could never start a clause."""
    if _starts_clause(text):
        assert is_heading_start(text), text


@pytest.mark.parametrize(
    "line",
    [
        "第三节 服务内容",
        "IV. Term",
        "Part 2 Fees",
        "万、测试",
        "第一条服务内容",
        "Section 5.2 Fees",
    ],
)
def test_headings_start_a_clause_and_a_paragraph(line: str) -> None:
    assert _starts_clause(line) and is_heading_start(line)


@pytest.mark.parametrize(
    "line", ["(a) the Customer's data;", "• bullet", "第二款 付款", "（1）首付"]
)
def test_list_items_start_a_paragraph_only(line: str) -> None:
    assert is_heading_start(line) and not _starts_clause(line)


@pytest.mark.parametrize(
    "line",
    ["第三条约定的服务", "第五十八条规定，向对方赔偿损失。", "clause 4.1 applies", "3.5 million"],
)
def test_references_start_neither(line: str) -> None:
    assert not _starts_clause(line) and not is_heading_start(line)


def test_every_marker_kind_is_named_once_per_role() -> None:
    assert all(m.paragraph for m in MARKERS if m.clause)
    assert all("(?P<num>" in m.pattern for m in MARKERS if m.clause)


@pytest.mark.parametrize("word", ABBREVIATIONS)
def test_both_sentence_splitters_read_the_abbreviations(word: str) -> None:
    line = f"see {word}."
    assert not ends_sentence(line)
    assert _sentences(f"{line} Customer shall pay.") == [f"{line} Customer shall pay."]


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        # a value after a colon belongs to the words before it
        ("Payable in two instalments: 50% on signature and 50% on delivery.", 1),
        ("Response time: 4 hours for a critical fault.", 1),
        # a list after a colon, and a new sentence after a full stop, still split
        ("The Vendor shall: 1. host the system. 2. back it up.", 3),
        ("Fees are paid monthly. 30 days' notice ends the service.", 2),
        # a time zone after "p.m." belongs to the time; a new sentence still starts one
        ("The licence lapses at 11:59 p.m. Eastern Time on 31 March 2031. Next.", 2),
        ("Reports arrive by 9 a.m. GMT each Monday.", 1),
        ("Calls are taken until 5 p.m. The Vendor answers e-mail later.", 2),
    ],
)
def test_where_a_sentence_ends_after_a_colon_or_a_time(text: str, pieces: int) -> None:
    assert len([p for p in _sentences(text) if p.strip()]) == pieces


@pytest.mark.parametrize(
    ("text", "shouted"),
    [
        ("IN NO EVENT SHALL VENDOR BE LIABLE.", True),
        ("Scots law applies.", False),
        ("本合同的SLA见附件。", False),  # capitals, but not three words of them
        ("SEE SLA", False),
    ],
)
def test_shouting_is_three_words_in_capitals_and_nothing_lower_case(text, shouted) -> None:
    assert shouting(text) is shouted
