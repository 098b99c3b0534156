"""PDF: both engines on PDFs built with fpdf2 (and by hand), normalised into paragraphs."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import brokengen as bg
from clausecheck.extract import ExtractOptions, extract
from clausecheck.extract import pdf as pdf_mod
from clausecheck.model import InputError

ENGINES = ("pdfium", "pdfplumber", "auto")
needs_fonts = pytest.mark.skipif(
    not bg.have_fonts(),
    reason=f"CJK test font {bg.FONT_CJK} or Latin font {bg.FONT_LATIN} is not installed",
)

ZH = [
    "第一条 服务期限",
    "服务期限为3年，自合同签订之日起计算。乙方应当在服务期限内提供SaaS技术支持服务，"
    "并保证软件的正常运行和持续可用性，不得无故中断服务。",
    "第二条 保密条款",
    "乙方应对甲方的全部保密信息严格保密，未经甲方事先书面同意，不得向任何第三方披露。"
    "保密义务在本合同终止后五年内继续有效。",
]
EN = [
    "Article 1 Term",
    "The term of this Agreement is three (3) years from the Effective Date. The Provider "
    "shall provide technical support services during the term and keep the software available.",
    "Article 2 Confidentiality",
    "The Provider shall keep all confidential information of the Customer strictly confidential "
    "and shall not disclose it to any third party without prior written consent.",
]


def _write(tmp_path: Path, data: bytes, name: str = "c.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _two_pages(paras: list[str]) -> list[str]:
    return ["\n\n".join(paras[:2]), "\n\n".join(paras[2:])]


@pytest.fixture(scope="module")
def zh_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not bg.have_fonts():
        pytest.skip("CJK font missing")
    return _write(tmp_path_factory.mktemp("zh"), bg.fpdf_bytes(_two_pages(ZH), cjk=True))


@pytest.fixture(scope="module")
def en_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(tmp_path_factory.mktemp("en"), bg.fpdf_bytes(_two_pages(EN)))


@needs_fonts
@pytest.mark.parametrize("engine", ENGINES)
def test_chinese_pdf(zh_pdf: Path, engine: str) -> None:
    doc = extract(zh_pdf, ExtractOptions(pdf_engine=engine))
    assert doc.format == "pdf" and doc.pages == 2
    assert [(b.page, b.text) for b in doc.blocks] == [
        (1, ZH[0]),
        (1, ZH[1]),
        (2, ZH[2]),
        (2, ZH[3]),
    ]
    assert [b.paragraph for b in doc.blocks] == [1, 2, 3, 4]
    assert {b.kind for b in doc.blocks} == {"paragraph"}
    assert doc.warnings == ()


@pytest.mark.parametrize("engine", ENGINES)
def test_english_pdf(en_pdf: Path, engine: str) -> None:
    doc = extract(en_pdf, ExtractOptions(pdf_engine=engine))
    assert doc.pages == 2
    assert [(b.page, b.text) for b in doc.blocks] == [
        (1, EN[0]),
        (1, EN[1]),
        (2, EN[2]),
        (2, EN[3]),
    ]


@needs_fonts
def test_engines_agree_after_normalisation(zh_pdf: Path, en_pdf: Path) -> None:
    for path in (zh_pdf, en_pdf):
        results = {e: extract(path, ExtractOptions(pdf_engine=e)).blocks for e in ENGINES}
        assert results["pdfium"] == results["pdfplumber"] == results["auto"]


def _flow(n: int, cjk: bool, sentences: int = 6) -> list[str]:
    if cjk:
        nums = "一二三四五六七八九十"
        return [
            f"第{nums[i]}条："
            + "".join(
                f"乙方就第{i + 1}项第{j + 1}款服务承担保密、交付与维护义务，并按甲方书面要求执行；"
                for j in range(sentences + 2)
            )
            + "特此约定。"
            for i in range(n)
        ]
    return [
        f"{i + 1}. "
        + " ".join(
            f"In respect of service item {i + 1}.{j + 1} the Provider shall perform its duties"
            " with due care and skill;"
            for j in range(sentences)
        )
        + " and so on."
        for i in range(n)
    ]


@pytest.mark.parametrize("cjk", [False, True])
@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_running_header_footer_stripped_and_page_break_joined(
    tmp_path: Path, cjk: bool, engine: str
) -> None:
    if cjk and not bg.have_fonts():
        pytest.skip("CJK font missing")
    header = (
        "XX软件许可合同（编号 2024-001）" if cjk else "Software Licence Agreement - CONFIDENTIAL"
    )
    footer = "第 {page} 页" if cjk else "Page {page} of {pages}"
    # four short paragraphs, then one long enough to run over onto page 2
    paras = _flow(4, cjk) + _flow(5, cjk, sentences=24)[4:] + _flow(6, cjk, sentences=1)[5:]
    path = _write(tmp_path, bg.fpdf_bytes(flow=paras, cjk=cjk, header=header, footer=footer))
    doc = extract(path, ExtractOptions(pdf_engine=engine))
    assert doc.pages == 2, "the test text must run over onto a second page"
    texts = [b.text for b in doc.blocks]
    assert texts.pop(0) == bg_norm(header)  # the first page's header is kept as a title
    for t in texts:
        assert "软件许可合同" not in t and "Licence Agreement" not in t
        assert "页" not in t and "Page" not in t
    # every paragraph comes out whole, the one crossing the page break included
    assert texts == [bg_norm(p) for p in paras]
    pages = [b.page for b in doc.blocks]
    assert pages == sorted(pages) and pages[0] == 1 and pages[-1] == 2
    # the last paragraph of page 1 goes on at the top of page 2 (below the header)
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path)
    try:
        page2 = pdf[1].get_textpage().get_text_range().splitlines()
    finally:
        pdf.close()
    continued = bg_norm(page2[1])
    crossing = [b for b in doc.blocks if b.page == 1][-1]
    assert continued in crossing.text and not crossing.text.startswith(continued)


def bg_norm(s: str) -> str:
    from clausecheck.normalize import normalize_text

    return normalize_text(s)


# ---------------------------------------------------------------------------------------
# passwords


@pytest.fixture(scope="module")
def encrypted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = bg.fpdf_bytes(
        ["Secret contract text."], user_password="user-pw", owner_password="owner-pw"
    )
    return _write(tmp_path_factory.mktemp("enc"), data)


@pytest.mark.parametrize("engine", ENGINES)
def test_encrypted_needs_password(encrypted: Path, engine: str) -> None:
    with pytest.raises(InputError) as err:
        extract(encrypted, ExtractOptions(pdf_engine=engine))
    assert err.value.code == "encrypted" and "--password" in err.value.message
    with pytest.raises(InputError) as err:
        extract(encrypted, ExtractOptions(pdf_engine=engine, password="wrong"))
    assert err.value.code == "encrypted" and "wrong" in err.value.message


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("password", ["user-pw", "owner-pw"])
def test_encrypted_with_password(encrypted: Path, engine: str, password: str) -> None:
    doc = extract(encrypted, ExtractOptions(pdf_engine=engine, password=password))
    assert [b.text for b in doc.blocks] == ["Secret contract text."]


@pytest.mark.parametrize("engine", ENGINES)
def test_owner_password_only_is_readable(tmp_path: Path, engine: str) -> None:
    path = _write(tmp_path, bg.fpdf_bytes(["Readable without a password."], owner_password="owner"))
    doc = extract(path, ExtractOptions(pdf_engine=engine))
    assert [b.text for b in doc.blocks] == ["Readable without a password."]


# ---------------------------------------------------------------------------------------
# damaged, scanned, garbage


@pytest.mark.parametrize("engine", ENGINES)
def test_unreadable_page_is_a_warning(tmp_path: Path, engine: str) -> None:
    path = _write(
        tmp_path, bg.raw_pdf_bytes(["First page.", "Second page.", "Third page."], broken={1})
    )
    doc = extract(path, ExtractOptions(pdf_engine=engine))
    assert "First page." in [b.text for b in doc.blocks]
    assert "Third page." in [b.text for b in doc.blocks]
    if engine != "pdfplumber":  # pdfminer silently skips the broken page
        assert doc.pages == 3
        assert [(b.page, b.text) for b in doc.blocks] == [(1, "First page."), (3, "Third page.")]
        assert "page 2 could not be read (damaged PDF)" in doc.warnings


@pytest.mark.parametrize("engine", ENGINES)
def test_scanned_pdf_is_no_text(tmp_path: Path, engine: str) -> None:
    path = _write(tmp_path, bg.image_pdf_bytes(pages=2))
    with pytest.raises(InputError) as err:
        extract(path, ExtractOptions(pdf_engine=engine))
    assert err.value.code == "no-text"
    assert "scanned" in err.value.message and "--ocr" in err.value.message


def test_some_pages_without_text_layer(tmp_path: Path) -> None:
    import io

    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for n in range(1, 5):
        pdf.add_page()
        if n in (2, 4):
            pdf.image(io.BytesIO(bg.png_bytes()), x=10, y=10, w=100)
        else:
            pdf.cell(0, 10, f"Text on page {n}.")
    doc = extract(_write(tmp_path, bytes(pdf.output())))
    assert [(b.page, b.text) for b in doc.blocks] == [
        (1, "Text on page 1."),
        (3, "Text on page 3."),
    ]
    assert "pages 2, 4 have no text layer (scanned?)" in doc.warnings


@pytest.mark.parametrize("engine", ENGINES)
def test_garbage_text_layer(tmp_path: Path, engine: str) -> None:
    path = _write(tmp_path, bg.raw_pdf_bytes(["The Provider shall keep it secret."] * 2, pua=True))
    with pytest.raises(InputError) as err:
        extract(path, ExtractOptions(pdf_engine=engine))
    assert err.value.code == "garbage-text"
    assert "unreadable glyphs" in err.value.message


def test_garbage_detector_units() -> None:
    from clausecheck.extract._common import garbage_ratio, is_garbage

    assert is_garbage("\ue001\ue002\ue003\ue004 \ue005\ue006\ue007\ue008\ue009 abc")
    assert not is_garbage("\ue001\ue002 abc")  # too few to judge
    assert is_garbage("(cid:12)(cid:13)(cid:14)(cid:15)" * 3 + " x")
    assert is_garbage("\ufffd" * 8 + " ok")
    assert is_garbage("\x01\x02\x03\x04\x05\x06\x07\x08 ok")
    assert not is_garbage("服务期限为三年。The Provider shall keep it secret.")
    assert not is_garbage("one \ufffd in a long enough line of ordinary text")
    assert garbage_ratio("") == 0.0
    assert garbage_ratio("\ue000a") == 0.5


def test_truncated_pdf_is_corrupt(tmp_path: Path) -> None:
    data = bg.fpdf_bytes(["Some text."] * 3)
    for engine in ENGINES:
        with pytest.raises(InputError) as err:
            extract(_write(tmp_path, data[: len(data) // 2]), ExtractOptions(pdf_engine=engine))
        assert err.value.code == "corrupt"


# ---------------------------------------------------------------------------------------
# many pages, streaming, fallback


@pytest.fixture(scope="module")
def pages3000(tmp_path_factory: pytest.TempPathFactory) -> Path:
    texts = [f"Clause {i} text on its own page." for i in range(1, 3001)]
    return _write(tmp_path_factory.mktemp("big"), bg.raw_pdf_bytes(texts), "3000.pdf")


@pytest.mark.parametrize("engine", ENGINES)
def test_max_pages(pages3000: Path, engine: str) -> None:
    started = time.perf_counter()
    doc = extract(pages3000, ExtractOptions(pdf_engine=engine, max_pages=5))
    elapsed = time.perf_counter() - started
    assert doc.pages == 3000
    assert [b.page for b in doc.blocks] == [1, 2, 3, 4, 5]
    assert doc.blocks[-1].text == "Clause 5 text on its own page."
    assert "stopped after 5 of 3000 pages (--max-pages 5)" in doc.warnings
    assert elapsed < 10


def test_pdfium_pages_closed_one_by_one(en_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pypdfium2

    closed: list[str] = []
    for cls in (pypdfium2.PdfPage, pypdfium2.PdfTextPage):
        original = cls.close

        def spy(self, *a, _orig=original, _name=cls.__name__, **k):
            closed.append(_name)
            return _orig(self, *a, **k)

        monkeypatch.setattr(cls, "close", spy)
    extract(en_pdf, ExtractOptions(pdf_engine="pdfium"))
    assert closed.count("PdfPage") >= 2 and closed.count("PdfTextPage") >= 2


def test_pdfplumber_pages_closed_one_by_one(en_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pdfplumber.page

    events = []
    close, text = pdfplumber.page.Page.close, pdfplumber.page.Page.extract_text

    def spy_close(self):
        events.append(("close", self.page_number))
        return close(self)

    def spy_text(self, *a, **k):
        events.append(("text", self.page_number))
        return text(self, *a, **k)

    monkeypatch.setattr(pdfplumber.page.Page, "close", spy_close)
    monkeypatch.setattr(pdfplumber.page.Page, "extract_text", spy_text)
    extract(en_pdf, ExtractOptions(pdf_engine="pdfplumber"))
    assert events[:4] == [("text", 1), ("close", 1), ("text", 2), ("close", 2)]


def test_auto_falls_back_to_pdfplumber_for_an_empty_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = []

    class FakePlumber:
        ok = True

        def page_text(self, index: int) -> str:
            asked.append(index)
            return "Text that only pdfplumber found."

        def close(self) -> None:
            pass

    monkeypatch.setattr(
        pdf_mod._Plumber, "open_quietly", classmethod(lambda cls, *a: FakePlumber())
    )
    path = _write(tmp_path, bg.image_pdf_bytes(pages=2))
    doc = extract(path, ExtractOptions(pdf_engine="auto"))
    assert asked == [0, 1]
    assert [(b.page, b.text) for b in doc.blocks] == [
        (1, "Text that only pdfplumber found."),
        (2, "Text that only pdfplumber found."),
    ]
    with pytest.raises(InputError):
        extract(path, ExtractOptions(pdf_engine="pdfium"))


def test_bad_engine_name() -> None:
    with pytest.raises(ValueError):
        ExtractOptions(pdf_engine="tesseract")
