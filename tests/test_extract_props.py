"""Property test: mutated DOCX/PDF/text files give a Document or an InputError, quickly."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import brokengen as bg
from clausecheck.extract import ERROR_CODES, ExtractOptions, extract
from clausecheck.model import Document, InputError

# A guard against a hang on a corrupt file (a runaway loop), not a speed test: a small file
# takes well under a second; the bound is loose because CI machines are shared and noisy.
TIME_LIMIT = 60.0


def _samples() -> dict[str, bytes]:
    docx = bg.docx_bytes(
        bg.sample_body(), {"word/footnotes.xml": bg.FOOTNOTES_XML, "word/styles.xml": bg.STYLES_XML}
    )
    pdf = bg.fpdf_bytes(
        ["Article 1 Term. The term is three years.", "Article 2 Fees. Fees are due."]
    )
    raw_pdf = bg.raw_pdf_bytes(["First page.", "Second page."])
    text = "第一条 服务期限\n服务期限为三年。\n# Heading\n| a | b |\n".encode()
    return {
        "c.docx": docx,
        "c.pdf": pdf,
        "raw.pdf": raw_pdf,
        "c.txt": text,
        "c16.txt": b"\xff\xfe" + text.decode().encode("utf-16-le"),
    }


SAMPLES = _samples()


@st.composite
def mutated(draw) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(SAMPLES)))
    data = bytearray(SAMPLES[name])
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["flip", "byte", "truncate", "delete", "insert"]))
        if not data:
            break
        i = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif kind == "byte":
            data[i] = draw(st.integers(0, 255))
        elif kind == "truncate":
            del data[i:]
        elif kind == "delete":
            del data[i : i + draw(st.integers(1, 64))]
        else:
            data[i:i] = draw(st.binary(min_size=1, max_size=16))
    return name, bytes(data)


@pytest.mark.parametrize("engine", ["auto", "pdfplumber"])
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=mutated())
def test_mutated_inputs(tmp_path: Path, engine: str, case: tuple[str, bytes]) -> None:
    name, data = case
    path = tmp_path / name
    path.write_bytes(data)
    started = time.perf_counter()
    try:
        doc = extract(path, ExtractOptions(pdf_engine=engine))
    except InputError as exc:
        assert exc.code in ERROR_CODES
        assert "unexpected error" not in exc.message, repr(exc.__cause__)
        assert exc.message and "\n" not in exc.message
    else:
        assert isinstance(doc, Document)
        assert all(isinstance(b.text, str) and b.text for b in doc.blocks)
        assert all(
            b.kind in ("paragraph", "heading", "table-row", "footnote", "textbox")
            for b in doc.blocks
        )
    assert time.perf_counter() - started < TIME_LIMIT


XML = bg.document_xml(bg.sample_body()).encode()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_mutated_document_xml(tmp_path: Path, data: st.DataObject) -> None:
    """Mutate the XML itself (not the zip around it) so the walker sees broken markup."""
    xml = bytearray(XML)
    for _ in range(data.draw(st.integers(1, 6))):
        i = data.draw(st.integers(0, len(xml) - 1))
        kind = data.draw(st.sampled_from(["byte", "delete", "insert", "dup"]))
        if kind == "byte":
            xml[i] = data.draw(st.sampled_from(b"<>/=\"' wpx:\x00\xff"))
        elif kind == "delete":
            del xml[i : i + data.draw(st.integers(1, 40))]
        elif kind == "insert":
            xml[i:i] = data.draw(
                st.sampled_from([b"<w:p>", b"</w:r>", b"<w:t>", b"&amp;", b"&x;", b"<!--"])
            )
        else:
            j = data.draw(st.integers(i, min(len(xml), i + 200)))
            xml[j:j] = xml[i:j]
    path = tmp_path / "x.docx"
    path.write_bytes(
        bg.docx_bytes(
            bytes(xml).decode("utf-8", "replace"), {"word/footnotes.xml": bg.FOOTNOTES_XML}
        )
    )
    started = time.perf_counter()
    try:
        doc = extract(path)
    except InputError as exc:
        assert exc.code in ERROR_CODES
        assert "unexpected error" not in exc.message, repr(exc.__cause__)
    else:
        assert all(b.text for b in doc.blocks)
    assert time.perf_counter() - started < TIME_LIMIT


def test_samples_are_valid(tmp_path: Path) -> None:
    for name, data in SAMPLES.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert extract(path).blocks
