"""PDF: text per page from pypdfium2 (fast) or pdfplumber, then paragraphs.

Engines: "pdfium", "pdfplumber", or "auto" (pdfium; a page with no text is tried again
with pdfplumber; a file pdfium cannot open is tried with pdfplumber). Pages are read one
at a time and their objects closed at once. The text of every page is normalised, running
headers/footers and page numbers are dropped, and visual lines are joined into
paragraphs, also across page breaks (`clausecheck.normalize.paragraphs_from_pages`).

Pages without a usable text layer are read by OCR (`clausecheck.extract.ocr`), as
`options.ocr` says:

* "auto": pages with no text (or a few characters over a page-sized picture: a scan with
  a stamped page number) are OCR'd when the engine is installed; otherwise a document
  with no text at all is the error `no-text`, with the hint to install the extra;
* "always": those pages and the pages whose text layer is unreadable glyphs (fonts
  without a character map) are OCR'd; without the engine, the error `ocr-unavailable`
  (only when a page needs it: a PDF with a good text layer reads as ever);
* "never": no OCR (`no-text` / `garbage-text` errors, warnings naming the pages).

Pages that have text keep their text; blocks that start on an OCR'd page have
`ocr=True`, and the document warns which pages were OCR'd.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
from dataclasses import dataclass, field

from clausecheck.errors import InputError
from clausecheck.extract import ocr
from clausecheck.extract._common import (
    counts_are_garbage,
    garbage_counts,
    pages_phrase,
    visible_chars,
)
from clausecheck.model import Block
from clausecheck.normalize import normalize_text, paragraphs_from_pages

FPDF_ERR_FILE = 2
FPDF_ERR_FORMAT = 3
FPDF_ERR_PASSWORD = 4
FPDF_ERR_SECURITY = 5

GARBAGE_DOC_RATIO = 0.3
SPARSE_CHARS = 20  # a page with fewer characters over a page-sized picture is a scan
SPARSE_PICTURE = 0.5  # share of the page a picture must cover
_OCR = "read it with --ocr"
_OCR_INSTALL = 'install OCR (pip install "clausecheck[ocr]") and read it with --ocr'
_PASSWORD_MISSING = "the PDF is password-protected; give its password with --password"
_PASSWORD_WRONG = "the PDF is password-protected and the password given is wrong"


def _fail(code: str, message: str) -> InputError:
    return InputError(code, message)


class _Unopenable(Exception):
    """An engine could not open the file (not an encryption problem)."""


@dataclass
class _Pages:
    total: int
    texts: dict[int, str | None] = field(default_factory=dict)  # 1-based page -> text
    # pages with a few characters over a page-sized picture (a scan with a page number)
    sparse: set[int] = field(default_factory=set)


def extract_pdf(
    data: bytes, options, *, use_cache: bool = False
) -> tuple[list[Block], int, list[str]]:
    """Blocks, page count and warnings for the bytes of a PDF.

    `use_cache`: look OCR'd pages up in the extraction cache (and add them to it).
    """
    engine = options.pdf_engine
    password = options.password
    limit = options.max_pages
    if engine == "pdfplumber":
        try:
            pages = _read_plumber(data, password, limit)
        except _Unopenable as exc:
            raise _corrupt(exc) from None
    else:
        try:
            pages = _read_pdfium(data, password, limit, fallback=engine == "auto")
        except _Unopenable as exc:
            if engine != "auto":
                raise _corrupt(exc) from None
            try:
                pages = _read_plumber(data, password, limit)
            except _Unopenable:
                raise _corrupt(exc) from None
    return _assemble(pages, options, data, use_cache)


def _corrupt(exc: Exception) -> InputError:
    reason = str(exc)
    m = re.search(r"PDFium: ([^)]*)", reason)
    if m:
        reason = m.group(1).strip().rstrip(".").lower()
    return _fail("corrupt", f"the PDF is damaged and cannot be opened ({reason})")


def _wrong_password(password: str | None) -> InputError:
    return _fail("encrypted", _PASSWORD_WRONG if password else _PASSWORD_MISSING)


# ---------------------------------------------------------------------------------------
# engines


def _read_pdfium(data: bytes, password: str | None, limit: int | None, fallback: bool) -> _Pages:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == FPDF_ERR_PASSWORD or "password" in str(exc).lower():
            raise _wrong_password(password) from None
        if code == FPDF_ERR_SECURITY:
            raise _fail("encrypted", "the PDF uses an encryption clausecheck cannot open") from None
        raise _Unopenable(str(exc)) from None
    plumber = None
    try:
        total = len(doc)
        if total <= 0:
            raise _Unopenable("no pages")
        pages = _Pages(total)
        for index in range(min(total, limit) if limit else total):
            text = None
            try:
                page = doc[index]
                try:
                    textpage = page.get_textpage()
                    try:
                        text = textpage.get_text_range()
                    finally:
                        textpage.close()
                    if text.strip() and _few_visible(text) and _pictured(page):
                        pages.sparse.add(index + 1)
                finally:
                    page.close()
            except pdfium.PdfiumError:
                text = None
            if fallback and text is not None and not text.strip():
                if plumber is None:
                    plumber = _Plumber.open_quietly(data, password, total)
                if plumber.ok:
                    text = plumber.page_text(index) or text
            pages.texts[index + 1] = text
        return pages
    finally:
        if plumber is not None:
            plumber.close()
        doc.close()


def _few_visible(text: str) -> bool:
    """Fewer than SPARSE_CHARS visible characters? (Most pages tell it from their start.)"""
    return visible_chars(text[:100]) < SPARSE_CHARS and visible_chars(text) < SPARSE_CHARS


def _pictured(page) -> bool:
    """Does a picture cover most of the page (a scanned page)?"""
    import pypdfium2.raw as pdfium_c

    try:
        width, height = page.get_size()
        area = max(width * height, 1.0)
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
            left, bottom, right, top = obj.get_pos()
            if (right - left) * (top - bottom) >= SPARSE_PICTURE * area:
                return True
    except Exception:
        return False
    return False


class _PlumberPages:
    """pdfplumber pages made one at a time, in order.

    (`pdf.pages` parses every page object of the file first: 1.5 s for 3000 pages, before
    `max_pages` could stop anything.)
    """

    def __init__(self, pdf) -> None:
        from pdfminer.pdfpage import PDFPage

        self.pdf = pdf
        self._gen = PDFPage.create_pages(pdf.doc)
        self._objs: list = []
        self.done = False
        self.error: Exception | None = None

    def page(self, index: int):
        """pdfplumber Page `index` (0-based), None past the end; raises if it is broken."""
        from pdfplumber.page import Page

        while len(self._objs) <= index and not self.done:
            try:
                self._objs.append(next(self._gen))
            except StopIteration:
                self.done = True
            except Exception as exc:  # a broken page tree: no pages after this one
                self.done, self.error = True, exc
        if index >= len(self._objs):
            return None
        obj = self._objs[index]
        self._objs[index] = None  # each page is read once
        return Page(self.pdf, obj, page_number=index + 1)

    def declared_count(self) -> int | None:
        """The page count the page tree declares (/Count), if it is sane."""
        from pdfminer.pdftypes import resolve1

        try:
            count = resolve1(resolve1(self.pdf.doc.catalog["Pages"])["Count"])
        except Exception:
            return None
        return count if isinstance(count, int) and count > 0 else None

    def text(self, index: int) -> str | None:
        """The text of page `index`; None when the page cannot be read."""
        try:
            page = self.page(index)
        except Exception:
            return None
        if page is None:
            return None
        try:
            return page.extract_text() or ""
        except Exception:
            return None
        finally:
            _close_page(page)


class _Plumber:
    """pdfplumber, opened once, for single pages pdfium found empty."""

    def __init__(self, pdf, pages: _PlumberPages | None) -> None:
        self.pdf = pdf
        self.pages = pages
        self.ok = pages is not None

    @classmethod
    def open_quietly(cls, data: bytes, password: str | None, total: int) -> _Plumber:
        try:
            pdf = _open_plumber(data, password)
        except Exception:
            return cls(None, None)
        try:
            pages = _PlumberPages(pdf)
            if pages.declared_count() != total:  # page numbers might not line up
                raise ValueError("page counts differ")
        except Exception:
            with contextlib.suppress(Exception):
                pdf.close()
            return cls(None, None)
        return cls(pdf, pages)

    def page_text(self, index: int) -> str | None:
        return self.pages.text(index) if self.pages is not None else None

    def close(self) -> None:
        if self.pdf is not None:
            with contextlib.suppress(Exception):
                self.pdf.close()


def _open_plumber(data: bytes, password: str | None):
    import pdfplumber

    # pdfminer logs every oddity of a damaged file at WARNING; those would reach the
    # user's terminal through logging's last-resort handler. Our warnings say enough.
    logging.getLogger("pdfminer").setLevel(logging.ERROR + 10)

    try:
        return pdfplumber.open(
            io.BytesIO(data), password=password or "", raise_unicode_errors=False
        )
    except Exception as exc:
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
        name = type(cause).__name__
        if "Password" in name:
            raise _wrong_password(password) from None
        if "Encryption" in name:
            raise _fail("encrypted", "the PDF uses an encryption clausecheck cannot open") from None
        raise _Unopenable(f"{name}: {cause}" if str(cause) else name) from None


def _close_page(page) -> None:
    try:
        page.close()
    except Exception:
        with contextlib.suppress(Exception):
            page.flush_cache()


def _read_plumber(data: bytes, password: str | None, limit: int | None) -> _Pages:
    pdf = _open_plumber(data, password)
    try:
        try:
            pages = _PlumberPages(pdf)
        except Exception as exc:
            raise _Unopenable(f"{type(exc).__name__}: {exc}") from None
        texts: dict[int, str | None] = {}
        index = 0
        while not limit or index < limit:
            try:
                page = pages.page(index)
            except Exception:  # a page object pdfplumber cannot make
                texts[index + 1] = None
                index += 1
                continue
            if page is None:
                break
            try:
                texts[index + 1] = page.extract_text() or ""
            except Exception:
                texts[index + 1] = None
            finally:
                _close_page(page)
            index += 1
        if not texts:
            reason = pages.error or "no pages"
            raise _Unopenable(f"{type(reason).__name__}: {reason}" if pages.error else reason)
        total = len(texts)
        if limit and total >= limit and not pages.done:
            total = max(pages.declared_count() or 0, total)
        return _Pages(total, texts)
    finally:
        with contextlib.suppress(Exception):
            pdf.close()


# ---------------------------------------------------------------------------------------
# pages -> blocks


def _assemble(
    pages: _Pages, options, data: bytes, use_cache: bool
) -> tuple[list[Block], int, list[str]]:
    warnings: list[str] = []
    unreadable = [n for n, t in pages.texts.items() if t is None]
    readable = {n: t for n, t in pages.texts.items() if t is not None}
    if not readable:
        raise _fail("corrupt", "the PDF is damaged: no page could be read")
    empty = [n for n, t in readable.items() if not t.strip()]
    with_text = {n: t for n, t in readable.items() if t.strip()}
    counts = {n: garbage_counts(t) for n, t in with_text.items()}  # (bad, visible) a page
    garbled = [n for n, (bad, visible) in counts.items() if counts_are_garbage(bad, visible)]

    # OCR: pages with no text (and, with "always", pages of unreadable glyphs)
    mode = options.ocr
    wanted = set(empty) | (pages.sparse & set(with_text))
    if mode == "always":
        wanted |= set(garbled)
    recognised: dict[int, list[str]] = {}  # page -> OCR'd lines (pages with text only)
    missing = ""  # why OCR did not run when it was wanted
    if wanted and mode != "never":
        recognised, missing = _ocr(data, options, sorted(wanted), use_cache)
    tried = wanted if mode != "never" and not missing else set()
    empty = [n for n in empty if n not in recognised]
    garbled = [n for n in garbled if n not in recognised]
    with_text = {n: t for n, t in with_text.items() if n not in recognised}

    if not with_text and not recognised:
        raise _fail("no-text", _no_text_message(mode, missing, tried))
    bad = sum(counts[n][0] for n in with_text)
    total = sum(counts[n][1] for n in with_text)
    if total and bad / total > GARBAGE_DOC_RATIO:
        raise _fail(
            "garbage-text",
            f"the PDF's text layer is mostly unreadable glyphs ({100 * bad // total}% of the"
            " characters have no Unicode meaning: fonts without a character map); " + _OCR,
        )
    read = len(pages.texts)
    if options.max_pages and read < pages.total:
        warnings.append(
            f"stopped after {read} of {pages.total} pages (--max-pages {options.max_pages})"
        )
    if unreadable:
        warnings.append(f"{pages_phrase(unreadable)} could not be read (damaged PDF)")
    if recognised:
        warnings.append(
            f"{pages_phrase(recognised)} {'was' if len(recognised) == 1 else 'were'} read by"
            " OCR; quotes may contain recognition errors"
        )
    if empty:
        verb = "has" if len(empty) == 1 else "have"
        warnings.append(f"{pages_phrase(empty)} {verb} no text layer (scanned?)")
        if tried & set(empty):
            warnings.append(f"OCR found no text on {pages_phrase(tried & set(empty))}")
        elif missing and mode != "never":
            warnings.append(f"{pages_phrase(empty)} could not be read by OCR: {missing}")
    if garbled:
        verb = "is" if len(garbled) == 1 else "are"
        warnings.append(
            f"{pages_phrase(garbled)} {verb} mostly unreadable glyphs and were left out"
            + ("" if mode == "always" else " (--ocr reads them)")
        )

    page_lines: list[list[str]] = []
    for n in range(1, max(pages.texts) + 1):
        if n in recognised:
            page_lines.append(normalize_text("\n".join(recognised[n])).split("\n"))
            continue
        t = pages.texts.get(n)
        if t is None or n in garbled:
            page_lines.append([])
            continue
        page_lines.append(normalize_text(t.replace("\x02", "-")).split("\n"))
    blocks = [
        Block(text=text, kind="paragraph", page=page, paragraph=i, ocr=page in recognised)
        for i, (page, text) in enumerate(paragraphs_from_pages(page_lines), start=1)
    ]
    if not blocks:
        raise _fail("no-text", "the PDF has no readable text; " + _OCR)
    return blocks, pages.total, warnings


def _ocr(
    data: bytes, options, numbers: list[int], use_cache: bool
) -> tuple[dict[int, list[str]], str]:
    """OCR'd lines of the pages `numbers` that have text, and why OCR did not run ("" if
    it did). Raises InputError("ocr-unavailable") when OCR is asked for ("always") and
    the engine is missing."""
    try:
        if not ocr.available():
            raise ocr.OcrUnavailable(
                f"the OCR engine is not installed; install it with {ocr.INSTALL_HINT}"
            )
        lines = ocr.read_pages(data, options.password, numbers, use_cache=use_cache)
    except ocr.OcrUnavailable as exc:
        if options.ocr == "always":
            raise _fail("ocr-unavailable", f"--ocr was asked for but {exc}") from None
        return {}, str(exc)
    except InputError:
        raise
    except Exception as exc:  # pdfium cannot render this file: its pages stay empty
        return {}, f"the pages could not be rendered ({type(exc).__name__})"
    return {n: x for n, x in lines.items() if x and any(s.strip() for s in x)}, ""


def _no_text_message(mode: str, missing: str, tried: set[int]) -> str:
    head = "the PDF has no text layer; it is probably a scanned document"
    if mode == "never":
        return f"{head} - {_OCR}"
    if tried:
        return (
            "the PDF has no text layer (a scanned document?) and OCR (--ocr) found no text"
            f" on {pages_phrase(tried)}"
        )
    if "not installed" in missing:
        return f"{head} - {_OCR_INSTALL}"
    return f"{head}, and OCR could not read it: {missing}"
