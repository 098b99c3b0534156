"""Read a contract file (PDF, DOCX, text) into a `Document` of located text blocks.

    extract(path, options) -> Document        # or raises InputError(code, message, path)
    extract_cached(path, options) -> Document # the same, through the on-disk cache
    detect_format(path, head) -> "pdf" | "docx" | "text"

The format is told by the file's first bytes, never by its name. Heavy libraries
(pypdfium2, pdfplumber, lxml, charset_normalizer, platformdirs) are imported inside the
functions that need them, so importing this package stays cheap.

Error codes (stable; JSON and SARIF reports carry them): not-found, permission,
not-a-file, symlink-loop, empty, too-large, encrypted, unsupported, corrupt, no-text,
garbage-text, bomb, binary, decode, ocr-unavailable (OCR asked for with --ocr, and a page
needs it, but the `ocr` extra is not installed).

PDF pages without a text layer are read by OCR (`ExtractOptions.ocr`, see
`clausecheck.extract.pdf` and `clausecheck.extract.ocr`); OCR'd pages are cached with the
documents, so `extract_cached` reads a scan once.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from clausecheck import cache
from clausecheck.codec import document_from_json, document_to_json
from clausecheck.errors import InputError
from clausecheck.extract.html import extract_html, is_html
from clausecheck.extract.text import extract_text
from clausecheck.model import Block, Document

__all__ = [
    "ERROR_CODES",
    "EXTRACTOR_VERSION",
    "ExtractOptions",
    "cache_key",
    "detect_format",
    "document_from_text",
    "extract",
    "extract_cached",
]

# Bump when the blocks produced for the same input change (the cache keys on it).
# 2: text blocks carry their line; 3: text paragraphs; 4: double-spaced text rejoined
EXTRACTOR_VERSION = "extract-4"

ERROR_CODES = (
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
    "bomb",
    "binary",
    "decode",
    "ocr-unavailable",
)

PDF_ENGINES = ("auto", "pdfium", "pdfplumber")
OCR_MODES = ("auto", "always", "never")


@dataclass(frozen=True)
class ExtractOptions:
    pdf_engine: str = "auto"  # auto | pdfium | pdfplumber
    password: str | None = None
    max_pages: int | None = None  # stop after N pages with a warning
    max_bytes: int = 200 * 1024 * 1024  # refuse larger inputs (code "too-large")
    # Pages with no text layer: recognise them when the OCR extra is installed (auto),
    # always (an error without the extra), or never.
    ocr: str = "auto"

    def __post_init__(self) -> None:
        if self.pdf_engine not in PDF_ENGINES:
            raise ValueError(f"pdf_engine must be one of {', '.join(PDF_ENGINES)}")
        if self.ocr not in OCR_MODES:
            raise ValueError(f"ocr must be one of {', '.join(OCR_MODES)}")
        if self.max_pages is not None and self.max_pages < 1:
            raise ValueError("max_pages must be at least 1")
        if self.max_bytes < 1:
            raise ValueError("max_bytes must be at least 1")


HEAD_BYTES = 8192

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_DOCX_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm")
_WORD_SUFFIXES = (".doc", ".dot", ".wps")
_OCR_HINT = "clausecheck reads PDF, DOCX and text files; put a scan into a PDF and use --ocr"
_SAVE_HINT = "save it as .docx or PDF"

# (offset, magic, what it is, hint)
_BINARY_MAGIC: tuple[tuple[int, bytes, str, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "a PNG image", _OCR_HINT),
    (0, b"\xff\xd8\xff", "a JPEG image", _OCR_HINT),
    (0, b"GIF87a", "a GIF image", _OCR_HINT),
    (0, b"GIF89a", "a GIF image", _OCR_HINT),
    (0, b"II*\x00", "a TIFF image", _OCR_HINT),
    (0, b"MM\x00*", "a TIFF image", _OCR_HINT),
    (0, b"AT&TFORM", "a DjVu document", _SAVE_HINT),
    (0, b"\x00\x00\x00\x0cjP  ", "a JPEG 2000 image", _OCR_HINT),
    (0, b"MIME-Version:", "a web archive (MHTML, a page saved as one file)", _SAVE_HINT),
    (0, b"{\\rtf", "an RTF file", "open it in Word or LibreOffice and " + _SAVE_HINT),
    (0, b"%!PS", "a PostScript file", "convert it to PDF"),
    (0, b"\x7fELF", "a program (ELF binary)", "give a contract document"),
    (0, b"\x1f\x8b", "a gzip archive", "unpack it first"),
    (0, b"BZh", "a bzip2 archive", "unpack it first"),
    (0, b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "unpack it first"),
    (0, b"Rar!\x1a\x07", "a RAR archive", "unpack it first"),
    (0, b"\xfd7zXZ\x00", "an xz archive", "unpack it first"),
    (0, b"\x28\xb5\x2f\xfd", "a zstd archive", "unpack it first"),
    (0, b"SQLite format 3\x00", "an SQLite database", "give a contract document"),
    (0, b"\xca\xfe\xba\xbe", "a Java class or Mach-O program", "give a contract document"),
    (0, b"\x00asm", "a WebAssembly module", "give a contract document"),
    (0, b"OggS", "an Ogg media file", "give a contract document"),
    (0, b"fLaC", "a FLAC audio file", "give a contract document"),
    (0, b"ID3", "an MP3 audio file", "give a contract document"),
    (4, b"ftyp", "a video, audio or HEIC image file", "give a contract document"),
)


def _fail(code: str, message: str, path: str | Path = "") -> InputError:
    return InputError(code, message, str(path))


def detect_format(path: Path, head: bytes) -> str:
    """The format - "pdf", "docx" or "text" - told by the first bytes, not by the name.

    Zip and OLE files are "docx": the DOCX reader then tells a Word document from
    another zip, an encrypted Word file from a legacy .doc. Images, archives and
    programs raise InputError("unsupported"); a file named .pdf or .docx whose bytes
    are not PDF or zip raises InputError("corrupt").
    """
    path = Path(path)
    if not head:
        raise _fail("empty", "the file is empty (0 bytes)", path)
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head[:4] in _ZIP or head.startswith(_OLE):
        return "docx"
    for offset, magic, what, hint in _BINARY_MAGIC:
        if head[offset : offset + len(magic)] == magic:
            raise _fail(
                "unsupported", f"this is {what}, not a document clausecheck can read; {hint}", path
            )
    if head[:2] == b"BM" and head[6:10] == b"\x00\x00\x00\x00":
        raise _fail("unsupported", f"this is a BMP image; {_OCR_HINT}", path)
    if head[:4] == b"RIFF" and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        raise _fail("unsupported", "this is an image or media file, not a document", path)
    if head[:2] == b"MZ" and b"\x00" in head[2:64]:
        raise _fail("unsupported", "this is a Windows program, not a document", path)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        raise _fail("corrupt", "the file is named .pdf but does not start like a PDF file", path)
    if suffix in _DOCX_SUFFIXES:
        raise _fail(
            "corrupt",
            f"the file is named {suffix} but is not a Word document (it is not a zip file)",
            path,
        )
    return "text"


# ---------------------------------------------------------------------------------------
# the file itself


def _stat_checked(path: Path) -> os.stat_result:
    """os.stat the path (following links) and refuse what is not a readable regular file.

    Never opens anything: a FIFO or a device is refused before any open() could block.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise _fail(
                "not-found", "the file is a link to something that does not exist", path
            ) from None
        raise _fail("not-found", "no such file", path) from None
    except PermissionError:
        raise _fail("permission", "permission denied: the file cannot be read", path) from None
    except ValueError:
        raise _fail("not-found", "the path contains a NUL character", path) from None
    except OSError as exc:
        raise _os_error(exc, path) from None
    mode = st.st_mode
    if stat.S_ISREG(mode):
        return st
    if stat.S_ISDIR(mode):
        raise _fail("not-a-file", "this is a folder, not a file", path)
    if stat.S_ISFIFO(mode):
        what = "a named pipe (FIFO)"
    elif stat.S_ISSOCK(mode):
        what = "a socket"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what = "a device"
    else:
        what = "a special file"
    raise _fail("not-a-file", f"this is {what}, not a regular file", path)


def _os_error(exc: OSError, path: Path) -> InputError:
    code = exc.errno
    if code == errno.ELOOP:
        return _fail("symlink-loop", "the path is a loop of symbolic links", path)
    if code in (errno.EACCES, errno.EPERM):
        return _fail("permission", "permission denied: the file cannot be read", path)
    if code == errno.EISDIR:
        return _fail("not-a-file", "this is a folder, not a file", path)
    if code == errno.ENAMETOOLONG:
        return _fail("not-found", "the path is too long", path)
    if code in (errno.ENOENT, errno.ENOTDIR):
        return _fail("not-found", "no such file", path)
    reason = exc.strerror or type(exc).__name__
    return _fail("not-found", f"the file cannot be read ({reason})", path)


def _size_checked(path: Path, size: int, options: ExtractOptions) -> None:
    if size == 0:
        raise _fail("empty", "the file is empty (0 bytes)", path)
    if size > options.max_bytes:
        raise _fail(
            "too-large",
            f"the file is {_mb(size)}, larger than the limit of {_mb(options.max_bytes)}",
            path,
        )


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def _open_regular(path: Path):
    """Open for reading without blocking, and check again it is a regular file."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _os_error(exc, path) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _fail("not-a-file", "this is not a regular file", path)
        return os.fdopen(fd, "rb", buffering=0)
    except BaseException:
        os.close(fd)
        raise


def _read_checked(path: Path, options: ExtractOptions) -> bytes:
    st = _stat_checked(path)
    _size_checked(path, st.st_size, options)
    with _open_regular(path) as f:
        try:
            chunks = []
            left = options.max_bytes + 1
            while left > 0:
                chunk = f.read(min(left, 1 << 24))
                if not chunk:
                    break
                chunks.append(chunk)
                left -= len(chunk)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise _fail("corrupt", f"the file could not be read ({reason})", path) from None
    data = b"".join(chunks)
    _size_checked(path, len(data), options)
    return data


def file_sha256(path: str | Path, options: ExtractOptions) -> str:
    """sha256 of the file, read in 1 MB chunks (after the same path checks as `extract`)."""

    path = Path(path)
    st = _stat_checked(path)
    _size_checked(path, st.st_size, options)
    digest = hashlib.sha256()
    with _open_regular(path) as f:
        try:
            while chunk := f.read(1 << 20):
                digest.update(chunk)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise _fail("corrupt", f"the file could not be read ({reason})", path) from None
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------
# extraction


def extract(
    path: str | Path, options: ExtractOptions = ExtractOptions(), *, ocr_cache: bool = False
) -> Document:
    """Read `path` into a Document, or raise InputError(code, message, path).

    `ocr_cache`: look pages that need OCR up in the on-disk cache, and add them to it
    (`extract_cached` does; a plain `extract` leaves the disk alone).
    """

    p = Path(path)
    data = _read_checked(p, options)
    try:
        fmt = detect_format(p, data[:HEAD_BYTES])
        blocks, pages, warnings = _dispatch(fmt, data, p, options, ocr_cache)
    except InputError as exc:
        if not exc.path:
            exc.path = str(path)
        one_line = " ".join(exc.message.split())
        if len(one_line) > 300:
            one_line = one_line[:299] + "…"
        if one_line != exc.message:
            exc.message = one_line
            exc.args = (one_line,)
        raise
    except MemoryError:
        raise _fail(
            "too-large", "the file is too large to read in the memory available", path
        ) from None
    except RecursionError:
        raise _fail("corrupt", "the file is nested too deeply to read", path) from None
    except Exception as exc:  # a bug or a library failure we did not foresee
        raise _fail(
            "corrupt", f"the file could not be read (unexpected error: {type(exc).__name__})", path
        ) from exc
    return Document(
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        format=fmt,  # type: ignore[arg-type]
        blocks=tuple(blocks),
        pages=pages,
        warnings=tuple(warnings),
    )


def load_readers(paths: Iterable[str]) -> None:
    """Import the PDF and DOCX readers that files named `paths` will need, ahead of the
    first (before --jobs workers fork, so that they share them and do not each import)."""
    suffixes = {Path(p).suffix.lower() for p in paths}
    if ".pdf" in suffixes:
        from clausecheck.extract import pdf  # noqa: F401
    if ".docx" in suffixes:
        from clausecheck.extract import docx  # noqa: F401


def _dispatch(
    fmt: str, data: bytes, path: Path, options: ExtractOptions, ocr_cache: bool = False
) -> tuple[list[Block], int | None, list[str]]:
    # Deliberate lazy imports: the PDF reader wraps pypdfium2 and pdfplumber, the DOCX
    # reader lxml; loading either (with the modules it needs) costs milliseconds that a
    # text file does without.
    if fmt == "pdf":
        from clausecheck.extract.pdf import extract_pdf

        return extract_pdf(data, options, use_cache=ocr_cache)
    if fmt == "docx":
        from clausecheck.extract.docx import extract_docx

        blocks, warnings = extract_docx(data)
        return blocks, None, warnings
    blocks, warnings = _text_or_page(data, path)
    if not blocks:
        raise _fail("no-text", "the file holds no text (only blank lines)")
    return blocks, None, warnings


def _text_or_page(data: bytes, path: Path) -> tuple[list[Block], list[str]]:
    """A text file or a web page, read as what it is whatever its name (a contract page
    saved from a browser as `.doc` is common); a name that says otherwise is warned of."""
    suffix = path.suffix.lower()
    if is_html(data[:HEAD_BYTES]):
        blocks, warnings = extract_html(data)
        if suffix not in (".html", ".htm", ".xhtml"):
            warnings.insert(0, f"the file is named {suffix or 'without a suffix'} but is a "
                               "web page (HTML): its visible text was read")  # fmt: skip
        return blocks, warnings
    blocks, warnings = extract_text(data)
    if suffix in _WORD_SUFFIXES:
        warnings.insert(0, f"the file is named {suffix} but is plain text: read as text")
    return blocks, warnings


def extract_cached(
    path: str | Path,
    options: ExtractOptions = ExtractOptions(),
    use_cache: bool = True,
    sha256: str | None = None,
) -> Document:
    """`extract` through the on-disk cache (keyed by the file's sha256 and the options;
    pass `sha256` when the caller has already hashed the file).

    Documents opened with a password are never cached (the cache would hold their text
    in the clear and hand it out without the password).
    """
    if not use_cache or options.password is not None:
        return extract(path, options)
    p = Path(path)
    key = cache_key(sha256 or file_sha256(p, options), options)
    doc = cache.get("document", key, document_from_json)
    if doc is not None:
        return replace(doc, path=str(path))
    doc = extract(path, options, ocr_cache=True)
    cache.put("document", cache_key(doc.sha256, options), document_to_json(doc))
    return doc


def cache_key(sha256: str, options: ExtractOptions) -> str:
    """The cache key of a file's content read with `options` (the fields that change the
    text: engine, page limit, OCR mode and whether the OCR engine is installed)."""
    parts = {
        "sha256": sha256,
        "extractor": EXTRACTOR_VERSION,
        "pdf_engine": options.pdf_engine,
        "max_pages": options.max_pages,
        "ocr": _ocr_key(options.ocr),
    }
    blob = json.dumps(parts, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()


def _ocr_key(mode: str) -> str:
    """The OCR setting, and the engine that would read text-less pages ("auto" with the
    engine installed is another key than without it: installing the extra makes scans
    cached without OCR be read again)."""
    if mode == "never":
        return "never"
    # Deliberate lazy import: the OCR wrapper of rapidocr-onnxruntime (it tells whether the
    # engine is installed, without loading it).
    from clausecheck.extract import ocr

    engine = ocr.engine_version() if ocr.available() else "no engine"
    return f"{mode}: {engine} {ocr.PIPELINE_VERSION}"


def document_from_text(text: str, name: str = "<text>") -> Document:
    """An in-memory text (a rule example, a notebook string) as a Document."""
    data = text.encode("utf-8")
    blocks, warnings = extract_text(data)
    return Document(
        path=name,
        sha256=hashlib.sha256(data).hexdigest(),
        format="text",
        blocks=tuple(blocks),
        warnings=tuple(warnings),
    )
