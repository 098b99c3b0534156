"""Coverage-guided fuzzing of the extractors (DOCX, PDF, text) and the whole check.

    pip install atheris
    python fuzz/fuzz_extract.py fuzz/corpus -max_total_time=600 -rss_limit_mb=2048

Seeds: the bundled samples (their DOCX, PDF and text forms) are copied into the corpus
folder on the first run. Anything but a Document or an InputError escaping `extract` is a
bug, and so is a check that raises on an extracted document.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from clausecheck import api
    from clausecheck.extract import ExtractOptions, extract
    from clausecheck.model import InputError

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = (".pdf", ".docx", ".txt")
OPTIONS = ExtractOptions(max_pages=20, max_bytes=4 * 1024 * 1024, ocr="never")
RULESET = api.load_ruleset()
_TMP = Path(tempfile.mkdtemp(prefix="clausecheck-fuzz-"))


def seed(corpus: Path) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    if any(corpus.iterdir()):
        return
    samples = [*ROOT.glob("samples/*.pdf"), *ROOT.glob("samples/*.docx")]
    samples += list(ROOT.glob("samples/text/*.txt"))
    for i, sample in enumerate(sorted(samples)):
        shutil.copy(sample, corpus / f"seed{i:02}{sample.suffix}")


def test_one_input(data: bytes) -> None:
    if not data:
        return
    # The first byte picks the name the file is given: the format must come from content.
    path = _TMP / f"input{SUFFIXES[data[0] % len(SUFFIXES)]}"
    path.write_bytes(data[1:])
    try:
        doc = extract(path, OPTIONS)
    except InputError as exc:
        assert exc.code and exc.message and "\n" not in exc.message, exc
        return
    api.check_document(doc, RULESET)


def main() -> None:
    corpus_args = [a for a in sys.argv[1:] if not a.startswith("-")]
    if corpus_args:
        seed(Path(corpus_args[0]))
    os.environ.setdefault("CLAUSECHECK_CACHE_DIR", str(_TMP / "cache"))
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
