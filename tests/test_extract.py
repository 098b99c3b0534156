"""The public API of clausecheck.extract: options, format detection, errors, import cost."""

from __future__ import annotations

import dataclasses
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

import brokengen as bg
from clausecheck.extract import (
    ERROR_CODES,
    EXTRACTOR_VERSION,
    ExtractOptions,
    detect_format,
    extract,
)
from clausecheck.model import Document, InputError


def test_options_defaults_and_frozen() -> None:
    o = ExtractOptions()
    assert (o.pdf_engine, o.password, o.max_pages, o.max_bytes) == (
        "auto",
        None,
        None,
        200 * 1024 * 1024,
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        o.pdf_engine = "pdfium"  # type: ignore[misc]
    with pytest.raises(ValueError):
        ExtractOptions(max_pages=0)
    with pytest.raises(ValueError):
        ExtractOptions(max_bytes=0)
    assert hash(ExtractOptions()) == hash(ExtractOptions())


def test_error_codes_are_the_stable_set() -> None:
    assert set(ERROR_CODES) == {
        "not-found",
        "permission",
        "not-a-file",
        "symlink-loop",
        "empty",
        "too-large",
        "encrypted",
        "unsupported",
        "corrupt",
        "no-text",
        "garbage-text",
        "ocr-unavailable",
        "bomb",
        "binary",
        "decode",
    }
    assert EXTRACTOR_VERSION


@pytest.mark.parametrize(
    ("name", "head", "fmt"),
    [
        ("a.pdf", b"%PDF-1.7\n", "pdf"),
        ("a.txt", b"%PDF-1.4\n", "pdf"),  # bytes, not the name, decide
        ("a.bin", b"\x00\x00garbage%PDF-1.4\n", "pdf"),  # junk before the header
        ("a.docx", b"PK\x03\x04rest", "docx"),
        ("a.zip", b"PK\x05\x06", "docx"),
        ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "docx"),
        ("a.txt", "服务期限".encode(), "text"),
        ("a.md", b"# Title", "text"),
        ("a.pdf.txt", b"plain", "text"),
        ("noext", b"BMW licence agreement", "text"),
    ],
)
def test_detect_format(name: str, head: bytes, fmt: str) -> None:
    assert detect_format(Path(name), head) == fmt


@pytest.mark.parametrize(
    ("name", "head", "code"),
    [
        ("a.pdf", b"", "empty"),
        ("a.txt", bg.png_bytes()[:64], "unsupported"),
        ("a.pdf", b"\xff\xd8\xff\xe0\x00\x10JFIF", "unsupported"),
        ("a.txt", b"GIF89a....", "unsupported"),
        ("a.txt", b"{\\rtf1\\ansi", "unsupported"),
        ("a.txt", b"\x7fELF\x02", "unsupported"),
        ("a.txt", b"\x1f\x8b\x08\x00", "unsupported"),
        ("a.exe", b"MZ\x90\x00\x03\x00", "unsupported"),
        ("a.pdf", b"hello, not a pdf", "corrupt"),
        ("a.DOCX", b"hello, not a zip", "corrupt"),
    ],
)
def test_detect_format_refuses(name: str, head: bytes, code: str) -> None:
    with pytest.raises(InputError) as err:
        detect_format(Path(name), head)
    assert err.value.code == code


def test_extract_returns_document(tmp_path: Path) -> None:
    data = "第一条 服务期限\n服务期限为三年。\n".encode()
    path = tmp_path / "c.txt"
    path.write_bytes(data)
    doc = extract(str(path))
    assert isinstance(doc, Document)
    assert doc.path == str(path)
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.format == "text"
    assert doc.language == "en" and doc.clauses == () and doc.parties is None
    assert extract(path) == doc


def test_unexpected_failure_becomes_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import clausecheck.extract as ex

    def boom(*args, **kwargs):
        raise KeyError("bug")

    monkeypatch.setattr(ex, "_dispatch", boom)
    path = tmp_path / "c.txt"
    path.write_text("text")
    with pytest.raises(InputError) as err:
        extract(path)
    assert err.value.code == "corrupt"
    assert "unexpected error: KeyError" in err.value.message
    assert isinstance(err.value.__cause__, KeyError)


def test_importing_extract_loads_no_heavy_library() -> None:
    """No heavy library at import time (extract, normalize, cache): each is imported where
    it is used. (How long the import takes is the benchmark's business, not a test's.)"""
    code = (
        "import sys\n"
        "import clausecheck.extract, clausecheck.normalize, clausecheck.cache\n"
        "heavy = ['lxml', 'pdfplumber', 'pypdfium2', 'docx', 'charset_normalizer', 'platformdirs',"
        " 'pdfminer', 'fpdf']\n"
        "print(','.join(m for m in heavy if m in sys.modules) or '-')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "-", f"imported at module level: {out.stdout.strip()}"


def test_load_readers_imports_the_readers_the_names_need() -> None:
    """What --jobs imports before its workers fork: the PDF reader for a .pdf, not the
    DOCX reader (a fresh interpreter: this one may have imported both)."""
    probe = (
        "import sys\nfrom clausecheck.extract import load_readers\n"
        "load_readers(['a/b.PDF', 'c.txt'])\n"
        "print(*(f'clausecheck.extract.{m}' in sys.modules for m in ('pdf', 'docx')))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]
