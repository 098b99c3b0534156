"""Pages per second of PDF extraction on a 20-page fpdf2 PDF, for each engine.

A measure, not a test (it asserts nothing; it was tests/test_extract_pdf.py's
test_speed_20_pages):

    python bench/extract_speed.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import brokengen as bg
from clausecheck.extract import ExtractOptions, extract


def _page() -> str:
    return "\n\n".join(
        f"{i + 1}. "
        + " ".join(
            f"In respect of service item {i + 1}.{j + 1} the Provider shall perform its duties"
            " with due care and skill;"
            for j in range(6)
        )
        + " and so on."
        for i in range(3)
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.pdf"
        path.write_bytes(bg.fpdf_bytes([_page()] * 20))
        for engine, runs in (("pdfium", 3), ("pdfplumber", 1)):  # pdfplumber is slow
            best = float("inf")
            for _ in range(runs):
                started = time.perf_counter()
                extract(path, ExtractOptions(pdf_engine=engine))
                best = min(best, time.perf_counter() - started)
            print(f"{engine}: 20 pages in {best * 1000:.0f} ms = {20 / best:.0f} pages/s")


if __name__ == "__main__":
    main()
