#!/usr/bin/env python3
"""Build the bundled sample contracts as DOCX and PDF from their text sources.

Each ``samples/text/<name>.txt`` becomes ``samples/<name>.docx`` (python-docx) and
``samples/<name>.pdf`` (fpdf2). The text sources use a few plain conventions:

* the first non-empty line is the contract title;
* clause headings are recognised by their numbering (``第一条 定义``, ``附件一 服务内容清单``,
  ``1. DEFINITIONS``, ``SCHEDULE 1 ...``, ``EXHIBIT A ...``) and become Word headings;
* short annex headings (``一、服务项目``, ``Part A. Services``) become second-level headings;
* lines of the form ``| a | b | c |`` are table rows (the first row of a run is the header)
  and become real tables in both formats;
* every other non-empty line is one body paragraph.

The output is reproducible: fixed document dates, fixed ZIP timestamps in the DOCX and a
fixed PDF creation date, so re-running the script on the same sources, fonts and library
versions gives the same bytes.

Usage::

    python scripts/make_samples.py            # all samples/text/*.txt
    python scripts/make_samples.py zh_strong  # only the named samples

Needs ``pip install python-docx fpdf2`` and a CJK TrueType font: the path in the environment
variable ``CLAUSECHECK_CJK_FONT``, or ``fonts-droid-fallback`` (Debian/Ubuntu), or one of the
Noto / WenQuanYi fonts listed in ``FONT_CANDIDATES``. Droid Sans Fallback has no Latin glyphs,
so a Latin TrueType font is used beside it (``CLAUSECHECK_LATIN_FONT``, or DejaVu Sans from
``fonts-dejavu-core``, which most systems have).
"""

from __future__ import annotations

import io
import os
import re
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
TEXT_DIR = SAMPLES / "text"

FIXED_DATE = datetime(2024, 6, 1, 9, 0, 0, tzinfo=timezone.utc)
ZIP_DATE = (2024, 6, 1, 9, 0, 0)
AUTHOR = "clausecheck sample generator"

FONT_ENV = "CLAUSECHECK_CJK_FONT"
LATIN_FONT_ENV = "CLAUSECHECK_LATIN_FONT"
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansSC-Regular.ttf",
    "/usr/share/fonts/truetype/noto-cjk/NotoSansSC-Regular.ttf",
    "/usr/share/fonts/noto-cjk/NotoSansSC-Regular.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "C:/Windows/Fonts/simhei.ttf",
)

# Droid Sans Fallback has no Latin letters or digits; when the CJK font lacks them, a Latin
# TrueType font is used as the primary face with the CJK font as the per-glyph fallback.
LATIN_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/Library/Fonts/Arial.ttf",
    "C:/Windows/Fonts/arial.ttf",
)

# --------------------------------------------------------------------------- parsing

_CN_NUM = "一二三四五六七八九十百零〇两"
HEADING1_PATTERNS = (
    re.compile(rf"^第[{_CN_NUM}\d]+条\s*\S.*$"),
    re.compile(rf"^附件[{_CN_NUM}\d]+(\s+\S.*)?$"),
    re.compile(r"^\d{1,2}\.\s+[A-Z][A-Z0-9 ,&/'()\-]+$"),
    re.compile(r"^(SCHEDULE\s+\d+|EXHIBIT\s+[A-Z])\b.*$"),
    re.compile(r"^(BACKGROUND|RECITALS)$"),
)
HEADING2_PATTERNS = (
    re.compile(rf"^[{_CN_NUM}]+、[^。；，;,]{{1,20}}$"),
    re.compile(r"^Part [A-Z]\.\s+\S.{0,40}$"),
)
INDENT_PATTERN = re.compile(r"^(（[一二三四五六七八九十]+）|\([a-z]\)|\([1-9]\)|\([A-H]\))")
CJK_PATTERN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass
class Block:
    kind: str  # "title", "h1", "h2", "para", "table", "gap"
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    indent: bool = False


def split_row(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def parse(text: str) -> list[Block]:
    blocks: list[Block] = []
    table: list[list[str]] = []
    title_seen = False
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("|") and line.endswith("|") and len(line) > 1:
            table.append(split_row(line))
            continue
        if table:
            blocks.append(Block("table", rows=table))
            table = []
        if not line:
            if blocks and blocks[-1].kind != "gap":
                blocks.append(Block("gap"))
            continue
        if not title_seen:
            blocks.append(Block("title", line))
            title_seen = True
        elif any(p.match(line) for p in HEADING1_PATTERNS):
            blocks.append(Block("h1", line))
        elif any(p.match(line) for p in HEADING2_PATTERNS):
            blocks.append(Block("h2", line))
        else:
            blocks.append(Block("para", line, indent=bool(INDENT_PATTERN.match(line))))
    if table:
        blocks.append(Block("table", rows=table))
    return blocks


def is_chinese(text: str) -> bool:
    return len(CJK_PATTERN.findall(text)) > 200


def display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def column_weights(rows: list[list[str]]) -> list[int]:
    ncols = max(len(r) for r in rows)
    weights = []
    for i in range(ncols):
        widths = sorted(display_width(r[i]) for r in rows if i < len(r))
        # a long cell wraps; weight by a high-but-not-max width so one outlier does not win
        typical = widths[(len(widths) * 3) // 4] if widths else 4
        weights.append(max(6, min(typical, 60)))
    return weights


def padded(rows: list[list[str]]) -> list[list[str]]:
    ncols = max(len(r) for r in rows)
    return [r + [""] * (ncols - len(r)) for r in rows]


# Chinese text is wrapped here rather than by fpdf2's character mode, which would split
# Latin words and numbers ("P1", "2024", "¥50,000") across lines and start lines with a
# comma or a closing bracket.
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,:/@_%×\-]*|\s+|.", re.S)
_NO_LINE_START = set("，。、；：？！）》」』”’%,.;:)]")
_NO_LINE_END = set("（《「『“‘([")


def wrap_cjk(text: str, width: float, measure) -> list[str]:
    """Greedy line breaking for mixed Chinese/Latin text, by rendered width in mm.

    Latin words and numbers stay whole, no line starts with closing punctuation and no
    line ends with an opening bracket or quote.
    """
    lines: list[str] = []
    current: list[str] = []
    for token in _TOKEN.findall(text):
        joined = "".join(current)
        if not current or measure(joined + token) <= width:
            if not current and token.isspace():
                continue
            if measure(token) > width:  # one overlong token: split it by characters
                for ch in token:
                    if current and measure("".join(current) + ch) > width:
                        lines.append("".join(current))
                        current = []
                    current.append(ch)
            else:
                current.append(token)
            continue
        if token.isspace():
            lines.append(joined.rstrip())
            current = []
            continue
        carry = [token]
        while len(current) > 1 and (
            carry[0][0] in _NO_LINE_START or current[-1][-1] in _NO_LINE_END
        ):
            carry.insert(0, current.pop())
        lines.append("".join(current).rstrip())
        current = carry
    if current or not lines:
        lines.append("".join(current))
    return lines


# --------------------------------------------------------------------------- font


def _first_file(env: str, candidates: tuple[str, ...]) -> Path | None:
    paths = [os.environ[env]] if os.environ.get(env) else []
    paths.extend(candidates)
    return next((Path(p) for p in paths if Path(p).is_file()), None)


def _covers_latin(font_path: Path) -> bool:
    from fontTools.ttLib import TTFont

    cmap = TTFont(str(font_path), fontNumber=0, lazy=True).getBestCmap() or {}
    return all(ord(ch) in cmap for ch in "Aa0$%")


def find_fonts() -> tuple[Path, Path | None]:
    """Return (CJK font, Latin font or None when the CJK font has Latin glyphs)."""
    cjk = _first_file(FONT_ENV, FONT_CANDIDATES)
    if cjk is None:
        sys.exit(
            "make_samples: no CJK TrueType font found; run `apt-get install fonts-droid-fallback` "
            f"or set {FONT_ENV} to a .ttf file"
        )
    if _covers_latin(cjk):
        return cjk, None
    latin = _first_file(LATIN_FONT_ENV, LATIN_FONT_CANDIDATES)
    if latin is None:
        sys.exit(
            f"make_samples: {cjk.name} has no Latin glyphs and no Latin TrueType font was found; "
            f"run `apt-get install fonts-dejavu-core` or set {LATIN_FONT_ENV} to a .ttf file"
        )
    return cjk, latin


# --------------------------------------------------------------------------- DOCX


def _set_run_fonts(style, latin: str, east_asian: str) -> None:
    from docx.oxml.ns import qn

    style.font.name = latin
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), latin)
    rfonts.set(qn("w:eastAsia"), east_asian)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)


def _add_page_field(paragraph, chinese: bool) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.add_run("第 " if chinese else "Page ")
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)
    if chinese:
        paragraph.add_run(" 页")


def build_docx(title: str, blocks: list[Block], chinese: bool) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(25)

    latin = "Times New Roman"
    normal = doc.styles["Normal"]
    _set_run_fonts(normal, latin, "SimSun")
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(3)
    for name, size in (("Title", 16), ("Heading 1", 12), ("Heading 2", 11)):
        style = doc.styles[name]
        _set_run_fonts(style, latin, "SimHei")
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)

    # running header from page 2 on, page number in every footer
    section.different_first_page_header_footer = True
    section.header.paragraphs[0].text = title
    for footer in (section.footer, section.first_page_footer):
        para = footer.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _add_page_field(para, chinese)

    for block in blocks:
        if block.kind == "title":
            para = doc.add_heading(block.text, level=0)
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif block.kind == "h1":
            doc.add_heading(block.text, level=1)
        elif block.kind == "h2":
            doc.add_heading(block.text, level=2)
        elif block.kind == "para":
            para = doc.add_paragraph(block.text)
            if block.indent:
                para.paragraph_format.left_indent = Mm(7)
        elif block.kind == "table":
            rows = padded(block.rows)
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = doc.styles["Table Grid"]
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    cell = table.cell(r, c)
                    cell.text = value
                    if r == 0:
                        for run in cell.paragraphs[0].runs:
                            run.bold = True

    props = doc.core_properties
    props.title = title
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.comments = "Sample contract written for the clausecheck project."
    props.language = "zh-CN" if chinese else "en"
    props.created = props.modified = props.last_printed = FIXED_DATE.replace(tzinfo=None)
    props.revision = 1

    raw = io.BytesIO()
    doc.save(raw)
    return normalise_zip(raw.getvalue())


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a ZIP with fixed timestamps and attributes so its bytes are stable."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------- PDF


def build_pdf(
    title: str, blocks: list[Block], chinese: bool, fonts: tuple[Path, Path | None]
) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import TextMode, WrapMode, XPos, YPos
    from fpdf.fonts import FontFace

    cjk_font, latin_font = fonts
    family = "body"
    body_size = 9.5
    table_size = 8.5
    line_h = 5.0 if chinese else 4.6
    padding = 1.2

    class ContractPDF(FPDF):
        def header(self) -> None:
            if self.page_no() == 1:
                return
            self.set_font(family, size=8)
            self.set_text_color(110)
            self.cell(0, 5, title, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_draw_color(160)
            self.set_line_width(0.2)
            self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
            self.set_text_color(0)
            self.set_draw_color(0)
            self.ln(5)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font(family, size=8)
            self.set_text_color(110)
            if chinese:
                label = f"第 {self.page_no()} 页 / 共 {{nb}} 页"
            else:
                label = f"Page {self.page_no()} of {{nb}}"
            self.cell(0, 8, label, align="C")
            self.set_text_color(0)

    pdf = ContractPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(19, 17, 19)
    pdf.set_auto_page_break(auto=True, margin=17)
    pdf.alias_nb_pages()
    if latin_font is None:
        pdf.add_font(family, "", str(cjk_font))
    else:
        pdf.add_font(family, "", str(latin_font))
        pdf.add_font("cjk", "", str(cjk_font))
        pdf.set_fallback_fonts(["cjk"], exact_match=False)
    pdf.set_title(title)
    pdf.set_author(AUTHOR)
    pdf.set_subject("Sample contract written for the clausecheck project")
    pdf.set_creator("clausecheck scripts/make_samples.py")
    pdf.set_producer("fpdf2")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_lang("zh-CN" if chinese else "en")
    pdf.add_page()

    def write(text: str, h: float, indent: float = 0, align: str = "J") -> None:
        width = pdf.epw - indent
        if not chinese:
            pdf.set_x(pdf.l_margin + indent)
            pdf.multi_cell(
                width,
                h,
                text,
                align=align,
                wrapmode=WrapMode.WORD,
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
            return
        for line in wrap_cjk(text, width, pdf.get_string_width):
            pdf.set_x(pdf.l_margin + indent)
            pdf.cell(
                width,
                h,
                line,
                align="C" if align == "C" else "L",
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )

    def heading(text: str, size: float, align: str = "L", before: float = 2.5) -> None:
        # keep a heading with the start of its clause
        if pdf.get_y() > pdf.h - pdf.b_margin - 20:
            pdf.add_page()
        pdf.ln(before)
        pdf.set_font(family, size=size)
        # faux bold: fill and stroke the glyphs, since the fonts have no bold face; the
        # local context wraps it in q/Q so the text render mode does not leak into the body
        with pdf.local_context(text_mode=TextMode.FILL_STROKE, line_width=0.12):
            write(text, size * 0.5, align=align)
        pdf.ln(1)
        pdf.set_font(family, size=body_size)

    def table(rows: list[list[str]]) -> None:
        pdf.set_font(family, size=table_size)
        weights = column_weights(rows)
        inner = [pdf.epw * w / sum(weights) - 2 * padding for w in weights]
        if chinese:
            rows = [
                [
                    "\n".join(wrap_cjk(value, inner[i] - 0.5, pdf.get_string_width))
                    for i, value in enumerate(row)
                ]
                for row in rows
            ]
        with pdf.table(
            col_widths=weights,
            headings_style=FontFace(emphasis="", fill_color=(225, 225, 225)),
            line_height=table_size * 0.48,
            text_align="LEFT",
            wrapmode=WrapMode.WORD,
            padding=padding,
            width=pdf.epw,
        ) as grid:
            for row in rows:
                grid_row = grid.row()
                for value in row:
                    grid_row.cell(value)
        pdf.set_font(family, size=body_size)
        pdf.ln(2)

    pdf.set_font(family, size=body_size)
    for block in blocks:
        if block.kind == "title":
            heading(block.text, 16, align="C", before=0)
            pdf.ln(3)
        elif block.kind == "h1":
            heading(block.text, 11.5)
        elif block.kind == "h2":
            heading(block.text, 10.5, before=1)
        elif block.kind == "gap":
            pdf.ln(1.5)
        elif block.kind == "para":
            write(block.text, line_h, indent=7 if block.indent else 0)
        elif block.kind == "table":
            table(padded(block.rows))
    return bytes(pdf.output())


# --------------------------------------------------------------------------- main


def sources(names: list[str]) -> Iterator[Path]:
    if not names:
        yield from sorted(p for p in TEXT_DIR.glob("*.txt"))
        return
    for name in names:
        path = TEXT_DIR / f"{Path(name).stem}.txt"
        if not path.is_file():
            sys.exit(f"make_samples: no such sample text: {path}")
        yield path


def main(argv: list[str]) -> int:
    fonts = find_fonts()
    for src in sources(argv):
        text = src.read_text(encoding="utf-8")
        blocks = parse(text)
        title = next(b.text for b in blocks if b.kind == "title")
        chinese = is_chinese(text)
        docx_path = SAMPLES / f"{src.stem}.docx"
        pdf_path = SAMPLES / f"{src.stem}.pdf"
        docx_path.write_bytes(build_docx(title, blocks, chinese))
        pdf_path.write_bytes(build_pdf(title, blocks, chinese, fonts))
        print(
            f"{src.relative_to(ROOT)} -> {docx_path.relative_to(ROOT)}, "
            f"{pdf_path.relative_to(ROOT)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
