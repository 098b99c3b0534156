"""Text files: encodings, NUL bytes, binary junk, Markdown, very long lines."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from clausecheck.extract import extract
from clausecheck.extract.text import MAX_BLOCK, split_long
from clausecheck.model import InputError

ZH = (
    "第一条 服务期限\n服务期限为三年。甲方应按时付款。\n\n"
    "乙方须保证软件质量，并提供技术支持与维护服务。\n"
)
ZH_BLOCKS = [
    "第一条 服务期限",
    "服务期限为三年。甲方应按时付款。",
    "乙方须保证软件质量，并提供技术支持与维护服务。",
]


def _doc(tmp_path: Path, data: bytes, name: str = "c.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return extract(path)


def _texts(doc) -> list[str]:
    return [b.text for b in doc.blocks]


@pytest.mark.parametrize(
    "encoded",
    [
        ZH.encode("utf-8"),
        b"\xef\xbb\xbf" + ZH.encode("utf-8"),
        b"\xff\xfe" + ZH.encode("utf-16-le"),
        b"\xfe\xff" + ZH.encode("utf-16-be"),
        b"\xff\xfe\x00\x00" + ZH.encode("utf-32-le"),
        ZH.encode("gb18030"),
        ZH.encode("gbk"),
        ZH.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf32le-bom", "gb18030", "gbk", "crlf"],
)
def test_encodings(tmp_path: Path, encoded: bytes) -> None:
    doc = _doc(tmp_path, encoded)
    assert _texts(doc) == ZH_BLOCKS
    assert doc.warnings == ()
    assert doc.format == "text" and doc.pages is None
    assert [b.paragraph for b in doc.blocks] == [1, 2, 3]
    assert {b.kind for b in doc.blocks} == {"paragraph"}


def test_big5_is_guessed_with_a_warning(tmp_path: Path) -> None:
    text = "本合約之保密條款，乙方應遵守。甲方得隨時查核乙方之保密措施，乙方不得拒絕。\n" * 3
    doc = _doc(tmp_path, text.encode("big5"))
    assert (
        _texts(doc)[0]
        == "本合約之保密條款，乙方應遵守。甲方得隨時查核乙方之保密措施，乙方不得拒絕。"
    )
    assert any("guessed" in w for w in doc.warnings)


def test_latin1_is_guessed_not_read_as_gb18030(tmp_path: Path) -> None:
    text = "Le fournisseur garantit la confidentialité des données. Résiliation: préavis.\n" * 3
    doc = _doc(tmp_path, text.encode("latin-1"))
    assert "confidentialité" in _texts(doc)[0]


def test_a_few_bad_utf8_bytes_are_replaced_with_a_warning(tmp_path: Path) -> None:
    data = ("The Provider shall keep the data confidential. " * 40).encode() + b"\xff" + b" end"
    doc = _doc(tmp_path, data)
    assert "\ufffd" in _texts(doc)[0]
    assert any("invalid UTF-8" in w for w in doc.warnings)


def test_undecodable(tmp_path: Path) -> None:
    import random

    rng = random.Random(7)
    junk = bytes(rng.randrange(0x80, 0x100) for _ in range(3000))
    with pytest.raises(InputError) as err:
        _doc(tmp_path, b"Contract " + junk)
    assert err.value.code == "decode"


def test_a_few_nul_bytes_are_stripped(tmp_path: Path) -> None:
    doc = _doc(tmp_path, ("服务期限为三年。\x00\n" * 3 + "乙方应当保密。" * 500).encode())
    assert _texts(doc)[0] == "服务期限为三年。"
    assert doc.warnings == ("removed 3 NUL bytes from the text",)


@pytest.mark.parametrize(
    "data",
    [b"abc\x00" * 300, bytes(range(256)) * 20, b"\x01\x02\x03\x04hello\x05\x06\x07\x08" * 50],
    ids=["many-nuls", "all-bytes", "controls"],
)
def test_binary(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(InputError) as err:
        _doc(tmp_path, data)
    assert err.value.code == "binary"


def test_utf16_without_bom_is_binary(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        _doc(tmp_path, ("The Provider shall keep secrets. " * 20).encode("utf-16-le"))
    assert err.value.code == "binary"


def test_decoded_private_use_junk_is_binary(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        _doc(tmp_path, ("\ue000\ue001\ue002\ufffd" * 100).encode())
    assert err.value.code == "binary"


def test_markdown(tmp_path: Path) -> None:
    md = (
        "# 软件许可合同\n\n"
        "## 第一条 **服务期限** ##\n"
        "服务期限为**三年**。\n"
        "| 项目 | 金额 |\n"
        "|---|:---:|\n"
        "| 许可费 | 100,000元 |\n"
        "#hashtag is not a heading\n"
    )
    doc = _doc(tmp_path, md.encode(), "c.md")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "软件许可合同"),
        ("heading", "第一条 服务期限"),
        ("paragraph", "服务期限为三年。"),
        ("table-row", "项目 | 金额"),
        ("table-row", "许可费 | 100,000元"),
        ("paragraph", "#hashtag is not a heading"),
    ]


def test_an_underlined_line_is_a_heading_and_a_rule_after_a_blank_stays(tmp_path: Path) -> None:
    text = "Services\n========\nWe build the app.\n\n-----\n\nFees\n----\nYou pay monthly.\n"
    doc = _doc(tmp_path, text.encode(), "terms.md")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Services"),
        ("paragraph", "We build the app."),
        ("paragraph", "-----"),
        ("heading", "Fees"),
        ("paragraph", "You pay monthly."),
    ]


def test_markdown_single_emphasis_is_dropped_but_blanks_and_names_are_kept(tmp_path: Path) -> None:
    md = (
        "The _Client_ must e-mail the *Developer* its requests.\n\n"
        "Signed by: ____ on ____\n\n"
        "See the file support_plan_v2.pdf and 5 * 3 units.\n"
    )
    doc = _doc(tmp_path, md.encode(), "terms.md")
    assert [b.text for b in doc.blocks] == [
        "The Client must e-mail the Developer its requests.",
        "Signed by: ____ on ____",
        "See the file support_plan_v2.pdf and 5 * 3 units.",
    ]


def test_lines_are_normalised(tmp_path: Path) -> None:
    doc = _doc(
        tmp_path, "服务期限为 3 年\u3000\u3000（ＡＢＣ）\n\tSoft\u00adware  licence\n".encode()
    )
    assert _texts(doc) == ["服务期限为3年（ABC）", "Software licence"]


def test_form_feed_and_unicode_line_breaks_split_lines(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "page one\x0cpage two\u2028line three".encode())
    assert _texts(doc) == ["page one", "page two", "line three"]


def test_split_long() -> None:
    assert list(split_long("short")) == ["short"]
    text = "甲方应当付款。" * 2000
    pieces = list(split_long(text))
    assert "".join(pieces) == text
    assert all(len(p) <= MAX_BLOCK and p.endswith("。") for p in pieces)
    spaced = "word " * 3000
    pieces = list(split_long(spaced))
    assert "".join(pieces) == spaced and all(p.endswith(" ") for p in pieces[:-1])
    solid = "x" * 10_001
    assert [len(p) for p in split_long(solid)] == [MAX_BLOCK, MAX_BLOCK, 10_001 - 2 * MAX_BLOCK]


def test_50_mb_single_line(tmp_path: Path) -> None:
    sentence = "The Provider shall keep all Customer data confidential and secure at all times. "
    path = tmp_path / "huge.txt"
    size = 50 * 1024 * 1024
    with path.open("wb") as f:
        chunk = (sentence * 1000).encode()
        written = 0
        while written < size:
            f.write(chunk)
            written += len(chunk)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        doc = extract(path)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(doc.blocks) > 10_000
    assert max(len(b.text) for b in doc.blocks) <= MAX_BLOCK
    assert doc.blocks[0].text.startswith("The Provider shall")
    assert elapsed < 30, f"took {elapsed:.1f} s"
    assert peak < 12 * size, f"peak memory {peak / 2**20:.0f} MB"


def test_5_mb_line_without_punctuation_or_spaces(tmp_path: Path) -> None:
    path = tmp_path / "solid.txt"
    path.write_bytes(b"a" * (5 * 1024 * 1024))
    started = time.perf_counter()
    doc = extract(path)
    assert time.perf_counter() - started < 10
    assert {len(b.text) for b in doc.blocks[:-1]} == {MAX_BLOCK}


WRAPPED = """SOFTWARE SUPPORT AGREEMENT

1. Governing Law
This Agreement shall be governed by and construed in accordance with the
laws of the Province of Ontario, without regard to its conflict of laws
rules.
2. Fees
Customer shall pay the annual support fee within thirty (30) days of the
invoice date. Late amounts bear interest at one percent per month.
3. Notices
Notices shall be in writing.
"""


def test_a_hard_wrapped_text_is_read_as_paragraphs(tmp_path: Path) -> None:
    doc = _doc(tmp_path, WRAPPED.encode())
    texts = _texts(doc)
    assert (
        "This Agreement shall be governed by and construed in accordance with the laws of"
        " the Province of Ontario, without regard to its conflict of laws rules." in texts
    )
    assert texts[:3] == ["SOFTWARE SUPPORT AGREEMENT", "1. Governing Law", texts[2]]
    assert "1. Governing Law" in texts and "2. Fees" in texts and "3. Notices" in texts
    assert [b.line for b in doc.blocks if b.text.startswith("Customer shall")] == [8]


def test_a_paragraph_per_line_stays_as_it_is(tmp_path: Path) -> None:
    lines = ["第一条 服务内容", "乙方为甲方提供系统维护服务，包括故障排除和版本升级。",
             "第二条 服务费用", "服务费为每年人民币五万元，甲方于每年一月支付。",
             "第三条 争议解决", "争议提交甲方所在地人民法院诉讼解决。"]  # fmt: skip
    doc = _doc(tmp_path, "\n".join(lines).encode())
    assert _texts(doc) == lines
    assert [b.line for b in doc.blocks] == [1, 2, 3, 4, 5, 6]


DOUBLE_SPACED = [
    "第一条 服务", "乙方为甲方提供技术服务，服务内容包括安装、调试、培训和维",
    "护，服务期限为一年。", "第二条 费用",
    "甲方应于合同签订后十日内支付全部服务费，共计人民币五万元整，乙",
    "方收到款项后开具发票。", "第三条 保密", "双方对本合同内容保密。",
    "第四条 其他", "本合同一式两份。",
]  # fmt: skip


def test_a_double_spaced_file_has_its_wrapped_sentences_joined(tmp_path: Path) -> None:
    # some converters write a blank line after every line: a blank line that cuts a
    # sentence (the line before has no sentence end) is not a paragraph break there
    doc = _doc(tmp_path, "\n\n".join(DOUBLE_SPACED).encode())
    texts = _texts(doc)
    assert "乙方为甲方提供技术服务，服务内容包括安装、调试、培训和维护，服务期限为一年。" in texts
    assert (
        "甲方应于合同签订后十日内支付全部服务费，共计人民币五万元整，乙方收到款项后开具发票。"
        in texts
    )
    assert "第二条 费用" in texts and "双方对本合同内容保密。" in texts
    assert [b.line for b in doc.blocks if b.text.startswith("甲方应于")] == [9]


def test_a_blank_line_after_a_sentence_still_ends_its_paragraph(tmp_path: Path) -> None:
    lines = [f"{i}. Clause {i} of this agreement says one complete thing." for i in range(1, 12)]
    doc = _doc(tmp_path, "\n\n".join(lines).encode())
    assert _texts(doc) == lines


def test_a_file_with_few_blank_lines_keeps_every_one(tmp_path: Path) -> None:
    # not double-spaced: the blank line between two wrapped lines stays a break
    text = "1. Fees\nCustomer shall pay the annual fee within thirty days of the\n\ninvoice.\n"
    assert "invoice." in _texts(_doc(tmp_path, text.encode()))
