"""The floor of the benchmark: a PDF's text read with pypdfium2 alone (open, a text page
per page, `get_text_range`, close), nothing else.

    python bench/raw.py FOLDER    # every PDF of FOLDER in one process (bench/scale.py)
"""

from __future__ import annotations

import sys
from pathlib import Path

import pypdfium2 as pdfium


def read_pdf(path: Path) -> None:
    doc = pdfium.PdfDocument(str(path))
    for i in range(len(doc)):
        page = doc[i]
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    doc.close()


if __name__ == "__main__":
    for pdf in sorted(Path(sys.argv[1]).glob("*.pdf")):
        read_pdf(pdf)
