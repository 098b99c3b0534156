"""DOCX: the WordprocessingML walker, on documents built by hand (raw XML in a zip)."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest

import brokengen as bg
from clausecheck.extract import ExtractOptions, docx_package, extract
from clausecheck.model import InputError


def _write(tmp_path: Path, data: bytes, name: str = "c.docx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _read(tmp_path: Path, body_or_doc: str, parts: dict | None = None):
    return extract(_write(tmp_path, bg.docx_bytes(body_or_doc, parts)))


@pytest.fixture
def sample(tmp_path: Path):
    return extract(_write(tmp_path, bg.sample_docx_bytes()))


def test_sample_blocks_in_body_order(sample) -> None:
    assert [(b.kind, b.text) for b in sample.blocks] == [
        ("heading", "软件许可合同"),
        ("heading", "第一条 服务期限"),
        ("paragraph", "服务期限为三年。"),
        ("paragraph", "新位置文字"),
        ("paragraph", "合同价款为人民币壹拾万元整。"),
        ("paragraph", "乙方应当保密Non-disclosure"),
        ("paragraph", "见右侧说明。"),
        ("textbox", "文本框内容：验收标准"),
        ("heading", "第二条 价款"),
        ("table-row", "项目 | 金额"),
        ("table-row", "许可费 | 100,000元"),
        ("table-row", "维护费 | 其后每年"),
        ("table-row", "第一年 | 免费"),
        ("paragraph", "第三条 其他"),
        ("heading", "Article 4 Governing Law"),
        ("footnote", "脚注：以书面形式为准。"),
    ]


def test_sample_document_fields(sample, tmp_path: Path) -> None:
    import hashlib

    data = (tmp_path / "c.docx").read_bytes()
    assert sample.format == "docx"
    assert sample.sha256 == hashlib.sha256(data).hexdigest()
    assert sample.pages is None
    assert sample.path == str(tmp_path / "c.docx")
    assert [b.paragraph for b in sample.blocks] == list(range(1, len(sample.blocks) + 1))
    assert all(b.page is None for b in sample.blocks)
    assert sample.clauses == () and sample.parties is None


def test_tracked_changes_read_as_accepted(sample) -> None:
    text = "\n".join(b.text for b in sample.blocks)
    assert "服务期限为三年" in text  # insertion kept
    assert "壹年整" not in text  # deletion dropped
    assert "旧位置文字" not in text and "新位置文字" in text  # moveFrom dropped, moveTo kept
    assert "删除的行" not in text  # a deleted table row
    assert sample.warnings[0] == "tracked changes: read as if all were accepted"


def test_headers_footers_and_separators_left_out(sample) -> None:
    text = "\n".join(b.text for b in sample.blocks)
    assert "页眉" not in text and "HEADER" not in text
    assert "页脚" not in text and "FOOTER" not in text
    assert sum(b.kind == "footnote" for b in sample.blocks) == 1


def test_text_box_appears_once(sample) -> None:
    assert sum("文本框内容" in b.text for b in sample.blocks) == 1


def test_no_tracked_warning_without_changes(tmp_path: Path) -> None:
    doc = _read(tmp_path, bg.p("甲方应当付款。"))
    assert doc.warnings == ()
    assert [(b.kind, b.text, b.paragraph) for b in doc.blocks] == [
        ("paragraph", "甲方应当付款。", 1)
    ]


def test_text_box_fallback_used_when_choice_is_empty(tmp_path: Path) -> None:
    run = (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing/></mc:Choice>'
        "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>"
        + bg.p("备用文本框")
        + "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    doc = _read(tmp_path, f"<w:p><w:r><w:t>锚点</w:t></w:r>{run}</w:p>")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "锚点"),
        ("textbox", "备用文本框"),
    ]


def test_text_box_with_different_choice_and_fallback_takes_choice(tmp_path: Path) -> None:
    doc = _read(tmp_path, "<w:p>" + bg.textbox("CHOICE", "FALLBACK") + "</w:p>")
    assert [(b.kind, b.text) for b in doc.blocks] == [("textbox", "CHOICE")]


def test_headings_by_style_name_id_and_outline_level(tmp_path: Path) -> None:
    body = (
        bg.p("Title text", "Title")
        + bg.p("By id", "Heading3")
        + bg.p("By name", "1")
        + bg.p("By inherited outline", "MyClause")
        + '<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>By outline</w:t></w:r></w:p>'
        + bg.p("Body", "Normal")
        + bg.p("Unknown style", "NoSuchStyle")
    )
    doc = _read(tmp_path, body, {"word/styles.xml": bg.STYLES_XML})
    assert [b.kind for b in doc.blocks] == ["heading"] * 5 + ["paragraph"] * 2


def test_inline_pieces(tmp_path: Path) -> None:
    body = (
        "<w:p>"
        '<w:hyperlink r:id="rId99"><w:r><w:t>链接文字</w:t></w:r></w:hyperlink>'
        '<w:fldSimple w:instr="PAGE"><w:r><w:t>字段结果</w:t></w:r></w:fldSimple>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText>HYPERLINK "x"</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>显示</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        "<w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>pinyin</w:t></w:r></w:rt>"
        "<w:rubyBase><w:r><w:t>汉字</w:t></w:r></w:rubyBase></w:ruby></w:r>"
        '<w:smartTag w:element="x"><w:r><w:t>智能</w:t></w:r></w:smartTag>'
        "<w:r><w:t>a</w:t><w:softHyphen/><w:t>b</w:t><w:cr/><w:t>c</w:t></w:r>"
        "</w:p>"
    )
    doc = _read(tmp_path, body)
    assert [b.text for b in doc.blocks] == ["链接文字字段结果显示汉字智能ab c"]


def test_block_level_content_control_table_and_nested_sdt(tmp_path: Path) -> None:
    body = (
        "<w:sdt><w:sdtContent><w:tbl>"
        "<w:sdt><w:sdtContent><w:tr><w:tc>" + bg.p("甲") + "</w:tc>"
        "<w:sdt><w:sdtContent><w:tc>" + bg.p("乙") + "</w:tc></w:sdtContent></w:sdt>"
        "</w:tr></w:sdtContent></w:sdt>"
        "</w:tbl></w:sdtContent></w:sdt>" + bg.p("之后")
    )
    doc = _read(tmp_path, body)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("table-row", "甲 | 乙"),
        ("paragraph", "之后"),
    ]


def test_text_box_in_table_cell_follows_the_row(tmp_path: Path) -> None:
    cell = "<w:p><w:r><w:t>单元格</w:t></w:r>" + bg.textbox("格内文本框") + "</w:p>"
    doc = _read(
        tmp_path, f"<w:tbl><w:tr><w:tc>{cell}</w:tc><w:tc>{bg.p('右')}</w:tc></w:tr></w:tbl>"
    )
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("table-row", "单元格 | 右"),
        ("textbox", "格内文本框"),
    ]


def test_endnotes_after_footnotes(tmp_path: Path) -> None:
    note = bg.p("尾注内容")
    endnotes = f'<w:endnotes xmlns:w="{bg.W}"><w:endnote w:id="1">{note}</w:endnote></w:endnotes>'
    doc = _read(
        tmp_path,
        bg.p("正文"),
        {"word/footnotes.xml": bg.FOOTNOTES_XML, "word/endnotes.xml": endnotes},
    )
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "正文"),
        ("footnote", "脚注：以书面形式为准。"),
        ("footnote", "尾注内容"),
    ]


def test_footnotes_without_namespace_declarations(tmp_path: Path) -> None:
    broken = (
        '<w:footnotes><w:footnote w:id="1"><w:p><w:r><w:t>无命名空间的脚注</w:t></w:r></w:p>'
        "</w:footnote></w:footnotes>"
    )
    doc = _read(tmp_path, bg.p("正文"), {"word/footnotes.xml": broken})
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "正文"),
        ("footnote", "无命名空间的脚注"),
    ]
    assert any("footnotes.xml" in w and "damaged" in w for w in doc.warnings)


def test_unreadable_footnotes_part_is_a_warning(tmp_path: Path) -> None:
    doc = _read(tmp_path, bg.p("正文"), {"word/footnotes.xml": b"\x00\x01 not xml at all"})
    assert [b.text for b in doc.blocks] == ["正文"]
    assert any("footnotes.xml" in w for w in doc.warnings)


def test_doctype_in_footnotes_is_not_expanded(tmp_path: Path) -> None:
    notes = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f'<w:footnotes xmlns:w="{bg.W}"><w:footnote w:id="1"><w:p><w:r><w:t>&xxe;</w:t>'
        "</w:r></w:p></w:footnote></w:footnotes>"
    )
    doc = _read(tmp_path, bg.p("正文"), {"word/footnotes.xml": notes})
    assert [b.text for b in doc.blocks] == ["正文"]
    assert any("DOCTYPE" in w for w in doc.warnings)
    assert "root:" not in repr(doc)


def test_damaged_document_xml_is_read_in_recover_mode(tmp_path: Path) -> None:
    whole = bg.document_xml(bg.p("第一段。") + bg.p("第二段。"))
    cut = whole[: whole.index("第二段")]
    doc = _read(tmp_path, cut)
    assert doc.blocks[0].text == "第一段。"
    assert any("document.xml is damaged" in w for w in doc.warnings)


def test_strict_ooxml_namespace(tmp_path: Path) -> None:
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    xml = (
        f'<?xml version="1.0"?><w:document xmlns:w="{strict}"><w:body>'
        "<w:p><w:r><w:t>Strict OOXML text</w:t></w:r></w:p></w:body></w:document>"
    )
    assert [b.text for b in _read(tmp_path, xml).blocks] == ["Strict OOXML text"]


def test_main_part_found_through_relationships(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(
            "_rels/.rels",
            bg._rels(
                [f'<Relationship Id="r1" Type="{bg.REL}/officeDocument" Target="/word/main.xml"/>']
            ),
        )
        z.writestr("word/main.xml", bg.document_xml(bg.p("主文档")))
    doc = extract(_write(tmp_path, buf.getvalue()))
    assert [b.text for b in doc.blocks] == ["主文档"]


def test_alt_chunk_warned(tmp_path: Path) -> None:
    doc = _read(tmp_path, bg.p("正文") + '<w:altChunk r:id="rId5"/>')
    assert any("altChunk" in w for w in doc.warnings)


def test_empty_document_is_no_text(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        _read(tmp_path, "<w:p/><w:p><w:r><w:drawing/></w:r></w:p>")
    assert err.value.code == "no-text"


def test_not_a_word_document_root(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        _read(tmp_path, '<?xml version="1.0"?><html><body>hi</body></html>')
    assert err.value.code == "corrupt"


def test_bomb_by_total_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_package, "MAX_TOTAL", 10_000)
    data = bg.docx_bytes(bg.p("x" * 20_000))
    with pytest.raises(InputError) as err:
        extract(_write(tmp_path, data))
    assert err.value.code == "bomb"


def test_bomb_by_ratio_with_lowered_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_package, "RATIO_MIN_SIZE", 1024 * 1024)
    started = time.perf_counter()
    path = bg.bomb_docx(tmp_path, size_mb=2)
    with pytest.raises(InputError) as err:
        extract(path)
    assert err.value.code == "bomb"
    assert time.perf_counter() - started < 5


def test_too_many_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_package, "MAX_ENTRIES", 5)
    data = bg.docx_bytes(bg.p("x"), {f"word/media/{i}.xml": "<a/>" for i in range(10)})
    with pytest.raises(InputError) as err:
        extract(_write(tmp_path, data))
    assert err.value.code == "bomb"


def test_zip_with_password_protected_entry(tmp_path: Path) -> None:
    data = bytearray(bg.docx_bytes(bg.p("x")))
    # Set the "encrypted" flag bit on every local and central header of the zip.
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (i := data.find(sig, start)) >= 0:
            data[i + off] |= 1
            start = i + 4
    with pytest.raises(InputError) as err:
        extract(_write(tmp_path, bytes(data)))
    assert err.value.code in ("encrypted", "corrupt")


def test_reads_everything_python_docx_reads_and_is_not_slower(tmp_path: Path) -> None:
    """Our walker against python-docx on a larger document (timing goes to the report)."""
    docx = pytest.importorskip("docx")
    path = _write(tmp_path, bg.big_docx_bytes(paragraphs=1500, rows=200), "big.docx")

    def ours():
        return extract(path)

    def theirs():
        d = docx.Document(str(path))
        paras = [p.text for p in d.paragraphs]
        rows = [" | ".join(c.text for c in r.cells) for t in d.tables for r in t.rows]
        return paras, rows

    doc = ours()
    paras, rows = theirs()
    texts = {b.text for b in doc.blocks}
    assert {p for p in paras if p} <= texts
    assert set(rows) <= texts
    t_ours = min(_timed(ours) for _ in range(3))
    t_theirs = min(_timed(theirs) for _ in range(3))
    print(
        f"\nDOCX {len(doc.blocks)} blocks: walker {t_ours * 1000:.1f} ms,"
        f" python-docx {t_theirs * 1000:.1f} ms"
    )


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def test_options_do_not_change_docx(tmp_path: Path) -> None:
    path = _write(tmp_path, bg.sample_docx_bytes())
    assert (
        extract(path, ExtractOptions(pdf_engine="pdfplumber", max_pages=1)).blocks
        == extract(path).blocks
    )
