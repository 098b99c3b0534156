"""Build test inputs - valid and broken - into a temporary folder (no binaries committed).

Builders return bytes (`*_bytes`) or write a file and return its path. `BROKEN` maps a
case name to (builder(folder) -> Path, expected InputError code); `generate(folder)`
writes them all. Run `python tests/brokengen.py OUTDIR` to look at the files by hand.
"""

from __future__ import annotations

import io
import os
import random
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

FONT_CJK = Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")
FONT_LATIN = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'mc:Ignorable="wps"'
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# ---------------------------------------------------------------------------------------
# DOCX


def p(text: str, style: str | None = None) -> str:
    """A w:p with one run."""
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def document_xml(body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f"<w:document {NS}><w:body>{body}<w:sectPr/></w:body></w:document>"
    )


def docx_bytes(body_or_document: str, parts: dict[str, str | bytes] | None = None) -> bytes:
    """A .docx with the given body (or a whole document.xml) and extra parts."""
    doc = body_or_document
    if not doc.lstrip().startswith("<?xml") and "<w:document" not in doc:
        doc = document_xml(doc)
    parts = dict(parts or {})
    rels = [f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>']
    doc_rels = []
    for i, name in enumerate(sorted(parts), start=10):
        kind = Path(name).stem.rstrip("0123456789")
        if name.startswith("word/") and "/" not in name[5:]:
            doc_rels.append(f'<Relationship Id="rId{i}" Type="{REL}/{kind}" Target="{name[5:]}"/>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", _rels(rels))
        z.writestr("word/_rels/document.xml.rels", _rels(doc_rels))
        z.writestr("word/document.xml", doc)
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def _rels(items: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        f'openxmlformats.org/package/2006/relationships">{"".join(items)}</Relationships>'
    )


def textbox(text: str, fallback_text: str | None = None) -> str:
    """A run holding a text box in mc:AlternateContent (DrawingML choice, VML fallback)."""
    fb = text if fallback_text is None else fallback_text
    return (
        "<w:r><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
        f"<wps:wsp><wps:txbx><w:txbxContent>{p(text)}</w:txbxContent></wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:shape><v:textbox>"
        f"<w:txbxContent>{p(fb)}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


STYLES_XML = (
    f'<?xml version="1.0"?><w:styles xmlns:w="{W}">'
    '<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/>'
    '<w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="MyClause"><w:name w:val="My Clause"/>'
    '<w:basedOn w:val="1"/></w:style>'
    "</w:styles>"
)

FOOTNOTES_XML = (
    f'<?xml version="1.0"?><w:footnotes xmlns:w="{W}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:footnote>"
    '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
    '<w:r><w:t xml:space="preserve"> 脚注：以书面形式为准。</w:t></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)

HEADER_XML = f'<?xml version="1.0"?><w:hdr xmlns:w="{W}">{p("页眉 CONFIDENTIAL HEADER")}</w:hdr>'
FOOTER_XML = f'<?xml version="1.0"?><w:ftr xmlns:w="{W}">{p("页脚 FOOTER TEXT")}</w:ftr>'


def sample_body() -> str:
    """The hand-built contract body used by the DOCX tests."""
    return "".join(
        [
            p("软件许可合同", "Title"),
            p("第一条 服务期限", "1"),
            # tracked insertion kept, deletion dropped, a footnote reference
            "<w:p><w:r><w:t>服务期限为</w:t></w:r>"
            '<w:ins w:id="1" w:author="A"><w:r><w:t>三年</w:t></w:r></w:ins>'
            '<w:del w:id="2" w:author="A"><w:r><w:delText>壹年整</w:delText></w:r></w:del>'
            "<w:r><w:t>。</w:t></w:r>"
            '<w:r><w:footnoteReference w:id="1"/></w:r></w:p>',
            # a moved paragraph: moveFrom dropped, moveTo kept
            '<w:p><w:moveFrom w:id="3" w:author="A"><w:r><w:t>旧位置文字</w:t></w:r></w:moveFrom>'
            '<w:moveTo w:id="4" w:author="A"><w:r><w:t>新位置文字</w:t></w:r></w:moveTo></w:p>',
            # a content control
            '<w:sdt><w:sdtPr><w:alias w:val="Price"/></w:sdtPr><w:sdtContent>'
            + p("合同价款为人民币壹拾万元整。")
            + "</w:sdtContent></w:sdt>",
            # an inline content control, a tab, a break, a no-break hyphen, a symbol
            "<w:p><w:r><w:t>乙方</w:t></w:r><w:sdt><w:sdtContent><w:r><w:t>应当</w:t></w:r>"
            "</w:sdtContent></w:sdt><w:r><w:tab/><w:t>保密</w:t><w:br/><w:t>Non</w:t>"
            '<w:noBreakHyphen/><w:t>disclosure</w:t><w:sym w:font="Wingdings" w:char="F0FC"/>'
            "</w:r></w:p>",
            # a paragraph anchoring a text box (choice and fallback hold the same text)
            "<w:p><w:r><w:t>见右侧说明。</w:t></w:r>" + textbox("文本框内容：验收标准") + "</w:p>",
            p("第二条 价款", "MyClause"),
            # a table: header row, a row, a deleted row, a nested table
            "<w:tbl><w:tblPr/>"
            "<w:tr><w:tc>" + p("项目") + "</w:tc><w:tc>" + p("金额") + "</w:tc></w:tr>"
            "<w:tr><w:tc>" + p("许可费") + "</w:tc><w:tc>" + p("100,000元") + "</w:tc></w:tr>"
            '<w:tr><w:trPr><w:del w:id="9" w:author="A"/></w:trPr><w:tc>'
            + p("删除的行")
            + "</w:tc></w:tr>"
            "<w:tr><w:tc>" + p("维护费") + "</w:tc><w:tc>"
            "<w:tbl><w:tr><w:tc>" + p("第一年") + "</w:tc><w:tc>" + p("免费") + "</w:tc></w:tr>"
            "</w:tbl>" + p("其后每年") + "</w:tc></w:tr>"
            "</w:tbl>",
            p("第三条 其他"),
            p("Article 4 Governing Law", "Heading2"),
        ]
    )


def sample_docx_bytes() -> bytes:
    return docx_bytes(
        sample_body(),
        {
            "word/styles.xml": STYLES_XML,
            "word/footnotes.xml": FOOTNOTES_XML,
            "word/header1.xml": HEADER_XML,
            "word/footer1.xml": FOOTER_XML,
        },
    )


def big_docx_bytes(paragraphs: int = 2000, rows: int = 300) -> bytes:
    """A larger plain DOCX (for timing): paragraphs and a table."""
    body = [
        p(f"第{i}条 乙方应当在{i}日内完成第{i}项服务，并提交书面报告。") for i in range(paragraphs)
    ]
    cells = "".join(
        "<w:tr><w:tc>" + p(f"项目{i}") + "</w:tc><w:tc>" + p(f"{i * 100}元") + "</w:tc></w:tr>"
        for i in range(rows)
    )
    body.append(f"<w:tbl>{cells}</w:tbl>")
    return docx_bytes("".join(body))


# ---------------------------------------------------------------------------------------
# PDF


def have_fonts() -> bool:
    return FONT_CJK.exists() and FONT_LATIN.exists()


def fpdf_bytes(
    pages: list[str] | None = None,
    *,
    flow: list[str] | None = None,
    cjk: bool = False,
    header: str | None = None,
    footer: str | None = None,
    user_password: str | None = None,
    owner_password: str | None = None,
) -> bytes:
    """A PDF by fpdf2: one text per page (`pages`), or paragraphs flowing over pages.

    `footer` may hold {page} and {pages}. CJK text uses Droid Sans Fallback (with DejaVu
    for Latin letters and digits).
    """
    from fpdf import FPDF

    class Doc(FPDF):
        def header(self) -> None:
            if header:
                self.set_y(8)
                self.cell(0, 6, header, align="C", new_x="LMARGIN", new_y="NEXT")
                self.set_y(20)

        def footer(self) -> None:
            if footer:
                self.set_y(-15)
                text = footer.replace("{page}", str(self.page_no())).replace("{pages}", "{nb}")
                self.cell(0, 6, text, align="C")

    pdf = Doc()
    pdf.set_auto_page_break(True, margin=20)
    if cjk:
        pdf.add_font("cjk", "", str(FONT_CJK))
        pdf.add_font("latin", "", str(FONT_LATIN))
        pdf.set_font("cjk", size=11)
        pdf.set_fallback_fonts(["latin"])
    else:
        pdf.set_font("helvetica", size=11)
    if owner_password or user_password:
        pdf.set_encryption(owner_password=owner_password or "owner", user_password=user_password)
    if pages is not None:
        for text in pages:
            pdf.add_page()
            for para in text.split("\n\n"):
                pdf.multi_cell(0, 6, para, new_x="LMARGIN", new_y="NEXT")
    if flow is not None:
        pdf.add_page()
        for para in flow:
            pdf.multi_cell(0, 6, para, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def raw_pdf_bytes(
    page_texts: list[str], *, broken: set[int] | frozenset[int] = frozenset(), pua: bool = False
) -> bytes:
    """A minimal hand-written PDF, one Helvetica line per page.

    Pages whose 0-based index is in `broken` get an object that is not a page; with `pua`
    the font's ToUnicode map sends every glyph to the private-use area (a garbage text
    layer, as from a subset font without a usable character map).
    """
    objs: dict[int, bytes] = {1: b"<< /Type /Catalog /Pages 2 0 R >>"}
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
    if pua:
        cmap = (
            b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            b"/CMapName /PUA def 1 begincodespacerange <00> <FF> endcodespacerange\n"
            b"1 beginbfrange <20> <7E> <E020> endbfrange\nendcmap\n"
            b"CMapName currentdict /CMap defineresource pop end end"
        )
        objs[4] = b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream"
        font += b" /ToUnicode 4 0 R"
    objs[3] = font + b" >>"
    kids = []
    nxt = 5
    for i, text in enumerate(page_texts):
        pid, cid = nxt, nxt + 1
        nxt += 2
        kids.append(b"%d 0 R" % pid)
        if i in broken:
            objs[pid] = b"(this is not a page dictionary)"
        else:
            objs[pid] = (
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % cid
            )
        esc = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")
        stream = b"BT /F1 12 Tf 72 720 Td (" + esc + b") Tj ET"
        objs[cid] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    objs[2] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(kids)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for k in sorted(objs):
        offsets[k] = len(out)
        out += b"%d 0 obj\n" % k + objs[k] + b"\nendobj\n"
    xref = len(out)
    size = max(objs) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for k in range(1, size):
        out += b"%010d 00000 n \n" % offsets[k] if k in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def png_bytes(width: int = 64, height: int = 32) -> bytes:
    """A grey-gradient PNG, written with zlib and struct only."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    rows = b"".join(b"\x00" + bytes((x * 4 + y) % 256 for x in range(width)) for y in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def image_pdf_bytes(pages: int = 2) -> bytes:
    """A 'scanned' PDF: each page one image, no text."""
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.image(io.BytesIO(png_bytes()), x=10, y=10, w=150)
    return bytes(pdf.output())


# ---------------------------------------------------------------------------------------
# OLE


def ole_bytes(streams: list[str]) -> bytes:
    """Enough of an OLE compound file to be recognised: header and directory names."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff"
    header = header.ljust(512, b"\x00")
    entries = b""
    for name in ["Root Entry", *streams]:
        raw = name.encode("utf-16-le") + b"\x00\x00"
        entries += raw.ljust(64, b"\x00") + struct.pack("<H", len(raw)) + b"\x02" * 2 + b"\x00" * 60
    return header + entries.ljust(1024, b"\x00")


# ---------------------------------------------------------------------------------------
# broken inputs


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def bomb_docx(folder: Path, size_mb: int = 300) -> Path:
    """A zip whose word/document.xml is `size_mb` MB of zeros (written in 1 MB chunks)."""
    path = folder / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            chunk = b"\x00" * (1 << 20)
            for _ in range(size_mb):
                f.write(chunk)
    return path


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + f']><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
    "</w:body></w:document>"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>'
    "</w:body></w:document>"
)


def _zip_bytes(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def _encrypted_pdf(folder: Path) -> Path:
    text = "1. Confidentiality. The Provider shall keep the Customer's data secret."
    data = fpdf_bytes([text], user_password="user", owner_password="owner")
    return _write(folder, "encrypted.pdf", data)


def _truncated_pdf(folder: Path) -> Path:
    data = fpdf_bytes([f"Page {i} of the contract. " * 20 for i in range(3)])
    return _write(folder, "truncated.pdf", data[: len(data) // 2])


def _junk(n: int, seed: int, lo: int = 0, hi: int = 256) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(lo, hi) for _ in range(n))


Builder = Callable[[Path], Path]

BROKEN: dict[str, tuple[Builder, str]] = {
    "zero-byte.pdf": (lambda d: _write(d, "zero.pdf", b""), "empty"),
    "truncated.pdf": (_truncated_pdf, "corrupt"),
    "header-only.pdf": (lambda d: _write(d, "header.pdf", b"%PDF-1.7\n%junk\n"), "corrupt"),
    "encrypted.pdf": (_encrypted_pdf, "encrypted"),
    "image-only.pdf": (lambda d: _write(d, "scan.pdf", image_pdf_bytes()), "no-text"),
    "garbage-font.pdf": (
        lambda d: _write(
            d, "garbage.pdf", raw_pdf_bytes(["The Provider shall keep secrets."] * 3, pua=True)
        ),
        "garbage-text",
    ),
    "all-pages-broken.pdf": (
        lambda d: _write(d, "broken-pages.pdf", raw_pdf_bytes(["a", "b"], broken={0, 1})),
        "corrupt",
    ),
    "named-pdf-not-pdf.pdf": (lambda d: _write(d, "fake.pdf", _junk(2000, 1)), "corrupt"),
    "not-a-zip.docx": (
        lambda d: _write(d, "notzip.docx", b"This is plain text, not a zip."),
        "corrupt",
    ),
    "truncated-zip.docx": (
        lambda d: _write(d, "cut.docx", sample_docx_bytes()[:600]),
        "corrupt",
    ),
    "zip-not-docx.docx": (
        lambda d: _write(
            d, "other.docx", _zip_bytes({"readme.txt": b"hello", "data/x.csv": b"1,2"})
        ),
        "unsupported",
    ),
    "xlsx.xlsx": (
        lambda d: _write(d, "book.xlsx", _zip_bytes({"xl/workbook.xml": b"<workbook/>"})),
        "unsupported",
    ),
    "bomb.docx": (bomb_docx, "bomb"),
    "billion-laughs.docx": (
        lambda d: _write(d, "laughs.docx", docx_bytes(BILLION_LAUGHS)),
        "corrupt",
    ),
    "external-entity.docx": (
        lambda d: _write(d, "xxe.docx", docx_bytes(EXTERNAL_ENTITY)),
        "corrupt",
    ),
    "encrypted.docx": (
        lambda d: _write(d, "encrypted.docx", ole_bytes(["EncryptionInfo", "EncryptedPackage"])),
        "encrypted",
    ),
    "legacy.doc": (
        lambda d: _write(
            d, "legacy.doc", ole_bytes(["WordDocument", "1Table", "\x05SummaryInformation"])
        ),
        "unsupported",
    ),
    "image.png": (lambda d: _write(d, "scan.png", png_bytes()), "unsupported"),
    "image-named.docx": (lambda d: _write(d, "photo.docx", png_bytes()), "unsupported"),
    "program.txt": (
        lambda d: _write(d, "prog.txt", b"\x7fELF\x02\x01\x01" + bytes(200)),
        "unsupported",
    ),
    "invalid-utf8.txt": (
        lambda d: _write(d, "bad.txt", b"Contract text " + _junk(3000, 2, 0x80, 0x100)),
        "decode",
    ),
    "nul-bytes.txt": (
        lambda d: _write(d, "nuls.txt", b"text\x00" * 400),
        "binary",
    ),
    "binary-junk.txt": (lambda d: _write(d, "junk.txt", _junk(4000, 3)), "binary"),
    "blank.txt": (lambda d: _write(d, "blank.txt", b"\n \n\t\n"), "no-text"),
    "empty.txt": (lambda d: _write(d, "empty.txt", b""), "empty"),
    "missing.pdf": (lambda d: d / "does-not-exist.pdf", "not-found"),
    "folder": (lambda d: _mkdir(d / "a-folder.pdf"), "not-a-file"),
    "symlink-loop.pdf": (lambda d: _symlink_loop(d), "symlink-loop"),
    "dangling-link.pdf": (lambda d: _dangling(d), "not-found"),
    "fifo.txt": (lambda d: _fifo(d), "not-a-file"),
}


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path


def _symlink_loop(folder: Path) -> Path:
    a, b = folder / "loop-a.pdf", folder / "loop-b.pdf"
    os.symlink(b, a)
    os.symlink(a, b)
    return a


def _dangling(folder: Path) -> Path:
    link = folder / "dangling.pdf"
    os.symlink(folder / "gone.pdf", link)
    return link


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def generate(folder: Path, names: list[str] | None = None) -> dict[str, tuple[Path, str]]:
    """Write the broken inputs (all, or `names`) into `folder`: name -> (path, code)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name in names or list(BROKEN):
        builder, code = BROKEN[name]
        sub = folder / name.replace("/", "_")
        sub.mkdir(exist_ok=True)
        out[name] = (builder(sub), code)
    return out


if __name__ == "__main__":  # pragma: no cover - a helper for looking at the files
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "broken-inputs")
    for name, (path, code) in generate(target).items():
        print(f"{code:14} {name:28} {path}")
