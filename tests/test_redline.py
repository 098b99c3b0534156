"""`clausecheck redline`: the vendor's DOCX with our comments and tracked insertions, and
nothing else changed. Read back with python-docx and with a plain XML parser (not the
code that wrote it): rejecting every insertion gives the vendor's text back, each
comment spans the sentence its finding quotes, every other part is byte for byte."""

from __future__ import annotations

import json
import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CHANGED_PARTS = {
    "word/document.xml",
    "word/comments.xml",
    "word/_rels/document.xml.rels",
    "[Content_Types].xml",
}


def key(text: str) -> str:
    """Text compared loosely: NFKC, no spaces (as the extractor's quotes are written)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def body(path: Path) -> ET.Element:
    with zipfile.ZipFile(path) as package:
        return ET.fromstring(package.read("word/document.xml")).find(f"{W}body")


def paragraph_texts(root: ET.Element) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


def reject_insertions(root: ET.Element) -> ET.Element:
    """What Word's "Reject all" leaves: no w:ins content, no paragraph whose mark was
    inserted, no comment marks."""
    parents = {child: parent for parent in root.iter() for child in parent}
    for p in list(root.iter(f"{W}p")):
        if p.find(f"{W}pPr/{W}rPr/{W}ins") is not None:
            parents[p].remove(p)
    for el in list(root.iter()):
        if el.tag in (f"{W}ins", f"{W}commentRangeStart", f"{W}commentRangeEnd"):
            parents[el].remove(el)
    return root


def comment_ranges(root: ET.Element) -> dict[str, str]:
    """Comment id -> the text between its range start and end, in document order."""
    open_ranges: dict[str, list[str]] = {}
    done: dict[str, str] = {}
    for el in root.iter():
        if el.tag == f"{W}commentRangeStart":
            open_ranges[el.get(f"{W}id")] = []
        elif el.tag == f"{W}commentRangeEnd":
            done[el.get(f"{W}id")] = "".join(open_ranges.pop(el.get(f"{W}id")))
        elif el.tag == f"{W}t":
            for texts in open_ranges.values():
                texts.append(el.text or "")
    return done


def comments(path: Path) -> dict[str, tuple[str, str, str]]:
    """Comment id -> (author, date, text)."""
    with zipfile.ZipFile(path) as package:
        root = ET.fromstring(package.read("word/comments.xml"))
    return {
        c.get(f"{W}id"): (c.get(f"{W}author"), c.get(f"{W}date"),
                          "".join(t.text or "" for t in c.iter(f"{W}t")))
        for c in root.iter(f"{W}comment")
    }  # fmt: skip


def findings(cli, path: Path, *args: str) -> dict[str, dict]:
    args = ("--format", "json", "--schema", "report@1", "--no-cache", *args)  # titles inline
    report = json.loads(cli(path, *args).stdout)
    return {f["rule"]: f for f in report["documents"][0]["findings"]}


@pytest.fixture(scope="module")
def redlined(tmp_path_factory) -> dict[str, Path]:
    from clausecheck.app.drafts import DraftRequest
    from clausecheck.app.redline import run_redline

    out = tmp_path_factory.mktemp("redline")
    made = {}
    for name in ("zh_weak.docx", "en_weak.docx", "zh_weak.pdf", "en_weak.txt"):
        source = SAMPLES / ("text" if name.endswith(".txt") else "") / name
        made[name] = out / (name + ".reviewed.docx")
        assert run_redline(DraftRequest(path=str(source), output=made[name])) == 0
    return made


@pytest.mark.parametrize("name", ["zh_weak.docx", "en_weak.docx"])
def test_rejecting_every_insertion_gives_the_vendors_text_back(redlined, name):
    original = paragraph_texts(body(SAMPLES / name))
    result = body(redlined[name])
    assert paragraph_texts(result) != original  # something was inserted
    assert paragraph_texts(reject_insertions(result)) == original


@pytest.mark.parametrize("name", ["zh_weak.docx", "en_weak.docx"])
def test_every_other_part_is_byte_for_byte_the_vendors(redlined, name):
    with zipfile.ZipFile(SAMPLES / name) as before, zipfile.ZipFile(redlined[name]) as after:
        assert set(before.namelist()) | {"word/comments.xml"} == set(after.namelist())
        for part in before.namelist():
            if part not in CHANGED_PARTS:
                assert before.read(part) == after.read(part), part
        # the relationships and content types only gained the comments part
        rels = after.read("word/_rels/document.xml.rels").decode()
        assert (
            rels.count("<Relationship ")
            == before.read("word/_rels/document.xml.rels").decode().count("<Relationship ") + 1
        )
        assert "relationships/comments" in rels
        assert "wordprocessingml.comments+xml" in after.read("[Content_Types].xml").decode()


@pytest.mark.parametrize("name", ["zh_weak.docx", "en_weak.docx"])
def test_comments_span_the_sentences_their_findings_quote(cli, redlined, name):
    found = findings(cli, SAMPLES / name)
    commented = {r: f for r, f in found.items() if f["status"] in ("vague", "risky")}
    ranges = comment_ranges(body(redlined[name]))
    notes = comments(redlined[name])
    assert len(ranges) == len(notes) == len(commented)
    for rule, finding in commented.items():
        title = finding["title"]  # the report's language, the comments' too
        ids = [i for i, (_, _, text) in notes.items() if text.startswith(title)]
        assert len(ids) == 1, rule
        quote = finding["locations"][0]["quote"]
        spanned = key(ranges[ids[0]])
        assert spanned.startswith(key(quote.rstrip("…"))), (rule, spanned, quote)
        if not quote.endswith("…"):
            assert spanned == key(quote)
        author, date, text = notes[ids[0]]
        assert author == "clausecheck" and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", date)
        assert finding["advice"] in text  # what to ask for


def test_missing_items_are_inserted_as_numbered_tracked_clauses(cli, redlined):
    result = body(redlined["zh_weak.docx"])
    top_level = list(result)
    inserted = [p for p in result.iter(f"{W}p") if p.find(f"{W}pPr/{W}rPr/{W}ins") is not None]
    for p in inserted:
        assert p in top_level  # never inside a table (or a text box)
        for mark in p.iter(f"{W}ins"):
            assert mark.get(f"{W}author") == "clausecheck" and mark.get(f"{W}date")
    texts = paragraph_texts(result)
    # after the clause closest in topic, numbered as Chinese drafting inserts articles
    last = "6.3 甲方违反本条约定的，乙方有权撤销甲方的使用权，并要求甲方赔偿损失。"
    assert texts.index("第六条之一 培训") == texts.index(last) + 1
    assert "第六条之二 文档资料" in texts and "第七条之一 服务期限" in texts
    missing = [r for r, f in findings(cli, SAMPLES / "zh_weak.docx").items()
               if f["status"] == "missing"]  # fmt: skip
    assert len(inserted) == 2 * len(missing)  # a heading and the clause for each
    # and before the signature block
    assert all(texts.index(t) < texts.index("甲方（盖章）：上海鹿鸣电子商务有限公司")
               for t in texts if "之" in t and t.startswith("第"))  # fmt: skip


def test_english_insertion_follows_the_documents_numbering(redlined):
    texts = paragraph_texts(body(redlined["en_weak.docx"]))
    assert "17A. GOVERNING LAW" in texts
    clause = texts[texts.index("17A. GOVERNING LAW") + 1]
    assert clause.startswith("This Agreement and any dispute arising out of it shall be governed")


def test_python_docx_opens_it_and_sees_the_vendors_styles(redlined):
    before = docx.Document(str(SAMPLES / "zh_weak.docx"))
    after = docx.Document(str(redlined["zh_weak.docx"]))
    assert [s.name for s in before.styles] == [s.name for s in after.styles]
    # python-docx's .text leaves out tracked insertions: the paragraph's whole text
    headings = [
        "".join(t.text or "" for t in p._p.iter(qn("w:t")))
        for p in after.paragraphs
        if p.style.name == "Heading 1"
    ]
    assert "第六条之一 培训" in headings  # the inserted heading took the document's style


@pytest.mark.parametrize("name", ["zh_weak.pdf", "en_weak.txt"])
def test_pdf_and_text_get_the_same_comments_and_insertions_in_a_new_docx(cli, redlined, name):
    twin = redlined["zh_weak.docx" if name.startswith("zh") else "en_weak.docx"]
    made = body(redlined[name])
    assert len(comment_ranges(made)) == len(comment_ranges(body(twin)))
    count = lambda root: sum(  # noqa: E731
        1 for p in root.iter(f"{W}p") if p.find(f"{W}pPr/{W}rPr/{W}ins") is not None
    )
    assert count(made) == count(body(twin))


def test_the_output_says_when_the_docx_was_made_from_text(cli, tmp_path):
    result = cli("redline", SAMPLES / "en_weak.pdf", "-o", tmp_path / "out.docx")
    assert result.returncode == 0, result.stderr
    assert "comments" in result.stdout and "a new DOCX made from its text" in result.stdout
    again = cli("redline", SAMPLES / "en_weak.docx", "-o", tmp_path / "out2.docx")
    assert "made from its text" not in again.stdout


def test_a_quote_split_across_runs_and_a_document_with_tracked_changes(tmp_path):
    """Runs of different formatting inside the quote, an earlier tracked deletion: the
    comment still spans the sentence, the deletion stays, the text comes back."""
    from clausecheck.app.drafts import DraftRequest
    from clausecheck.app.redline import run_redline

    source = tmp_path / "draft.docx"
    made = docx.Document()
    made.add_heading("第三条 问题处理", level=1)
    p = made.add_paragraph("3.1 乙方收到甲方反馈后将")
    p.add_run("及时").bold = True
    p.add_run("响应，并尽快予以修复。")
    made.add_paragraph("3.2 甲方应提供问题描述。")
    made.save(str(source))
    with zipfile.ZipFile(source) as package:
        parts = {n: package.read(n) for n in package.namelist()}
    deleted = ('<w:del w:id="90" w:author="Vendor" w:date="2026-01-01T00:00:00Z"><w:r>'
               "<w:delText>旧的文字</w:delText></w:r></w:del>")  # fmt: skip
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        "3.2 甲方应提供问题描述。</w:t></w:r>".encode(),
        f"3.2 甲方应提供问题描述。</w:t></w:r>{deleted}".encode(),
    )
    with zipfile.ZipFile(source, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    out = tmp_path / "out.docx"
    assert run_redline(DraftRequest(path=str(source), output=out)) == 0
    result = body(out)
    ranges = comment_ranges(result)
    assert "3.1乙方收到甲方反馈后将及时响应,并尽快予以修复。" in {key(t) for t in ranges.values()}
    assert "旧的文字" in ET.tostring(result, encoding="unicode")  # the vendor's deletion kept
    assert paragraph_texts(reject_insertions(result)) == paragraph_texts(body(source))


def test_output_errors_are_one_line(cli, tmp_path):
    same = cli("redline", SAMPLES / "zh_weak.docx", "-o", SAMPLES / "zh_weak.docx")
    assert same.returncode == 2 and "would overwrite" in same.stderr
    wrong = cli("redline", SAMPLES / "zh_weak.docx", "-o", tmp_path / "x.pdf")
    assert wrong.returncode == 2 and wrong.stderr.count("\n") == 1
    missing = cli("redline", tmp_path / "nope.docx", "-o", tmp_path / "x.docx")
    assert missing.returncode == 2 and "nope.docx" in missing.stderr


def test_insert_vague_puts_the_wording_after_the_vague_clause(cli, tmp_path):
    out = tmp_path / "vague.docx"
    result = cli("redline", SAMPLES / "zh_weak.docx", "-o", out, "--insert-vague", "--lang", "en")
    assert result.returncode == 0, result.stderr
    found = findings(cli, SAMPLES / "zh_weak.docx")
    wanted = [r for r, f in found.items() if f["status"] in ("missing", "vague")]
    texts = paragraph_texts(body(out))
    inserted = [
        t for t in texts if re.match(r"^第[一二三四五六七八九十]+条之[一二三四五六七八九十]+ ", t)
    ]
    assert len(inserted) == len(wanted)
    # the update clause's wording right after 第四条's last paragraph, still in Chinese
    after = texts[texts.index("4.2 更新的内容、时间及方式由乙方根据实际情况决定。") + 1]
    assert after == "第四条之一 版本更新与升级"
    # the comments in the language asked for
    assert any(t.startswith("Response and resolution times (vague): ")
               for _, _, t in comments(out).values())  # fmt: skip


def test_headings_word_numbers_itself_get_no_number_of_ours(tmp_path):
    """Headings numbered by Word (w:numPr), no number in their text: the inserted heading
    keeps the numbering and takes the title alone; it still goes before the signatures."""
    from clausecheck.app.drafts import DraftRequest
    from clausecheck.app.redline import run_redline

    made = docx.Document()
    clauses = [
        ("Support", "Vendor shall answer support requests within four (4) business hours."),
        ("Fees", "The support fee is USD 10,000 per year, payable in advance."),
    ]
    for title, text in clauses:
        heading = made.add_heading(title, level=1)
        num = heading._p.get_or_add_pPr()._add_numPr()
        num._add_ilvl().val = 0
        num._add_numId().val = 1
        made.add_paragraph(text)
    made.add_paragraph("IN WITNESS WHEREOF, the parties have signed this Agreement.")
    made.add_paragraph("By:")
    source, out = tmp_path / "auto.docx", tmp_path / "out.docx"
    made.save(str(source))
    assert run_redline(DraftRequest(path=str(source), output=out)) == 0
    root = body(out)
    texts = paragraph_texts(root)
    assert "Governing law" in texts and not any(re.match(r"^\d+[A-Z]?\.? ", t) for t in texts)
    assert texts.index("Governing law") < texts.index("By:")
    inserted = [p for p in root.iter(f"{W}p") if p.find(f"{W}pPr/{W}rPr/{W}ins") is not None]
    assert inserted and all(p in list(root) for p in inserted)
    headings = [p for p in inserted if "".join(t.text for t in p.iter(f"{W}t")) == "Training"]
    assert headings and headings[0].find(f"{W}pPr/{W}numPr") is not None
    assert paragraph_texts(reject_insertions(root)) == paragraph_texts(body(source))
