"""Build the benchmark corpus from the project's samples, reproducibly, without downloads.

    from corpus_build import build_corpus
    info = build_corpus(root, quick=False)   # -> dict: files, pages, built or reused

Layout under `root` (kept out of git: bench/corpus/ is in .gitignore):

    pdf/    sample pages re-assembled with pypdfium2 (no font needed):
            scale_{zh,en}_NNNNp.pdf   2 .. 300 (zh) / 100 (en) pages, cycled strong -> weak
            part_*.pdf                every contiguous run of 2-4 pages of each sample
            drop_*.pdf                each sample less one page
            mix_*.pdf                 random (seeded) page sets of one language, 2-6 pages
    docx/   python-docx documents from samples/text/*.txt (headings, real tables),
            the whole text repeated 1-5 times, seeded 10-40 % slices, and zh+en bilingual files
    extra/  scale_en_0300p.pdf: timed per document only (growth, profile, memory)
    text/   one_page.txt (the start-up test) and the four sample texts
    manifest.json

The spec (names, page lists, repetitions), the samples' hashes and the generator versions
form the manifest; when the manifest on disk is the same and every file is there with
its recorded size, nothing is rebuilt (--rebuild forces it). Output bytes are deterministic:
PDFium's /CreationDate and /ID and the DOCX zip timestamps and core properties are fixed.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import io
import json
import random
import re
import shutil
import sys
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
GENERATOR = "bench-corpus-7"
SEED = 20240603

PDF_SAMPLES = ("zh_strong", "zh_weak", "en_strong", "en_weak")
# Chinese up to 300 pages in the corpus; English (4-5x dearer per page in the rules
# stage) up to 100 there, and its 300-page file in extra/: timed per document for the
# growth figures, the profile and peak memory, but kept out of the folder-wide runs
# (CLI, peer, --jobs, cache), which would otherwise not fit in the time budget.
SCALE_PAGES_FULL = {"zh": (2, 5, 10, 20, 50, 100, 300), "en": (2, 5, 10, 20, 50, 100)}
SCALE_EXTRA_FULL = {"en": (300,)}
SCALE_PAGES_QUICK = {"en": (2, 10, 20, 50, 100), "zh": (10, 50)}
DOCX_REPEATS_FULL = (1, 2, 3, 4, 5)
DOCX_REPEATS_QUICK = (1, 3)
FIXED_PDF_DATE = b"D:20240603000000+00'00'"
ONE_PAGE_CHARS = 3000


# --------------------------------------------------------------------------------------
# the spec: what to build, as plain data (it is what the manifest compares)


def _sample_pages() -> dict[str, int]:
    import pypdfium2 as pdfium

    counts = {}
    for name in PDF_SAMPLES:
        doc = pdfium.PdfDocument(str(SAMPLES / f"{name}.pdf"))
        counts[name] = len(doc)
        doc.close()
    return counts


def _lang_pool(lang: str, pages: dict[str, int]) -> list[tuple[str, int]]:
    """All pages of a language, strong then weak: (sample, 0-based page)."""
    return [(s, i) for s in (f"{lang}_strong", f"{lang}_weak") for i in range(pages[s])]


def make_spec(quick: bool) -> dict:
    pages = _sample_pages()
    rng = random.Random(SEED)
    pdfs: list[dict] = []
    extra: list[dict] = []
    scale = SCALE_PAGES_QUICK if quick else SCALE_PAGES_FULL
    for target, sizes_by_lang in ((pdfs, scale), (extra, {} if quick else SCALE_EXTRA_FULL)):
        for lang, sizes in sizes_by_lang.items():
            pool = _lang_pool(lang, pages)
            for n in sizes:
                seq = [pool[i % len(pool)] for i in range(n)]
                target.append({"name": f"scale_{lang}_{n:04d}p.pdf", "pages": seq,
                               "group": "scale"})  # fmt: skip
    for sample in PDF_SAMPLES:
        n = pages[sample]
        lengths = range(2, min(n, 4) + 1) if not quick else (2,)
        for length in lengths:
            starts = range(n - length + 1) if not quick else (0,)
            for start in starts:
                seq = [(sample, i) for i in range(start, start + length)]
                name = f"part_{sample}_p{start + 1:02d}-{start + length:02d}.pdf"
                pdfs.append({"name": name, "pages": seq, "group": "part"})
        if quick:
            continue
        for drop in range(n):
            seq = [(sample, i) for i in range(n) if i != drop]
            pdfs.append({"name": f"drop_{sample}_no{drop + 1:02d}.pdf", "pages": seq,
                         "group": "drop"})  # fmt: skip
    pdfs = _distinct(pdfs)  # a 2-page scale file is also a 2-page part, and so on
    seen = {tuple(map(tuple, item["pages"])) for item in pdfs}
    k = 0
    while k < (54 if not quick else 2):
        lang = ("zh", "en")[k % 2]
        pool = _lang_pool(lang, pages)
        size = rng.randint(2, 6)
        seq = [pool[rng.randrange(len(pool))] for _ in range(size)]
        if tuple(seq) in seen:
            continue
        seen.add(tuple(seq))
        pdfs.append({"name": f"mix_{lang}_{k:03d}.pdf", "pages": seq, "group": "mix"})
        k += 1

    texts = {p.stem: p for p in sorted((SAMPLES / "text").glob("*.txt"))}
    docxs: list[dict] = []
    for stem in texts:
        for r in DOCX_REPEATS_FULL if not quick else DOCX_REPEATS_QUICK:
            docxs.append({"name": f"rep_{stem}_x{r:02d}.docx", "parts": [[stem, 0, None]] * r,
                          "group": "repeat"})  # fmt: skip
    if not quick:
        for stem, path in texts.items():
            count = len(_paragraphs(path.read_text(encoding="utf-8")))
            for k in range(12):
                length = rng.randint(max(10, count // 10), max(10, count * 4 // 10))
                start = rng.randint(0, count - length)
                docxs.append(
                    {
                        "name": f"slice_{stem}_{k}.docx",
                        "parts": [[stem, start, start + length]],
                        "group": "slice",
                    }
                )
        for zh, en in (("zh_strong", "en_strong"), ("zh_weak", "en_weak"),
                       ("zh_strong", "en_weak"), ("zh_weak", "en_strong")):  # fmt: skip
            docxs.append(
                {
                    "name": f"bilingual_{zh}_{en}.docx",
                    "parts": [[zh, 0, None], [en, 0, None]],
                    "group": "bilingual",
                }
            )
    return {
        "generator": GENERATOR,
        "quick": quick,
        "versions": {"pypdfium2": version("pypdfium2"), "python-docx": version("python-docx")},
        "samples": {
            p.name: _sha256(p.read_bytes())[:16]
            for p in sorted([*SAMPLES.glob("*.pdf"), *(SAMPLES / "text").glob("*.txt")])
        },
        "pdf": pdfs,
        "extra": extra,
        "docx": docxs,
        "text": ["one_page.txt", *(f"{s}.txt" for s in texts)],
    }


def _distinct(items: list[dict]) -> list[dict]:
    """The first of the items with the same page sequence (same pages -> same bytes)."""
    seen: set[tuple] = set()
    out = []
    for item in items:
        key = tuple(map(tuple, item["pages"]))
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


# --------------------------------------------------------------------------------------
# building


def build_corpus(root: Path, quick: bool = False, force: bool = False) -> dict:
    """Build (or reuse) the corpus under `root`; a summary of what is there."""
    spec = make_spec(quick)
    manifest_path = root / "manifest.json"
    spec_hash = _sha256(json.dumps(spec, sort_keys=True).encode())
    if not force and manifest_path.is_file():
        try:
            old = json.loads(manifest_path.read_text())
        except ValueError:
            old = {}
        if old.get("spec_hash") == spec_hash and _files_intact(root, old.get("files", {})):
            return {**_summary(root, old), "built": False}
    for sub in ("pdf", "extra", "docx", "text"):
        shutil.rmtree(root / sub, ignore_errors=True)
        (root / sub).mkdir(parents=True)
    files: dict[str, dict] = {}
    _build_pdfs(root / "pdf", spec["pdf"], files)
    _build_pdfs(root / "extra", spec["extra"], files)
    _build_docxs(root / "docx", spec["docx"], files)
    _build_texts(root / "text", files)
    manifest = {"spec_hash": spec_hash, "spec": spec, "files": files}
    manifest_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    return {**_summary(root, manifest), "built": True}


def _files_intact(root: Path, files: dict[str, dict]) -> bool:
    if not files:
        return False
    for rel, meta in files.items():
        path = root / rel
        if not path.is_file() or path.stat().st_size != meta["bytes"]:
            return False
    return True


def _summary(root: Path, manifest: dict) -> dict:
    files = manifest["files"]
    pdf = [m for r, m in files.items() if r.startswith("pdf/")]
    extra = [r for r in files if r.startswith("extra/")]
    return {
        "root": str(root),
        "documents": len(files) - len(extra),
        "extra": extra,
        "pdf_files": len(pdf),
        "pdf_pages": sum(m["pages"] for m in pdf),
        "docx_files": sum(r.startswith("docx/") for r in files),
        "text_files": sum(r.startswith("text/") for r in files),
        "bytes": sum(m["bytes"] for m in files.values()),
        "spec_hash": manifest["spec_hash"][:16],
    }


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _record(files: dict, rel: str, data: bytes, **extra) -> None:
    files[rel] = {"bytes": len(data), "sha256": _sha256(data)[:16], **extra}


# --- PDF ---------------------------------------------------------------------------


def _build_pdfs(folder: Path, specs: list[dict], files: dict) -> None:
    import pypdfium2 as pdfium

    sources = {name: pdfium.PdfDocument(str(SAMPLES / f"{name}.pdf")) for name in PDF_SAMPLES}
    try:
        for item in specs:
            out = pdfium.PdfDocument.new()
            try:
                for sample, runs in _runs(item["pages"]):
                    out.import_pages(sources[sample], runs, index=len(out))
                buffer = io.BytesIO()
                out.save(buffer)
                pages = len(out)
            finally:
                out.close()
            data = _fixed_pdf(buffer.getvalue())
            (folder / item["name"]).write_bytes(data)
            _record(files, f"{folder.name}/{item['name']}", data, pages=pages)
    finally:
        for doc in sources.values():
            doc.close()


def _runs(pages: list) -> list[tuple[str, list[int]]]:
    """Consecutive pages from the same sample, grouped (fewer import calls)."""
    runs: list[tuple[str, list[int]]] = []
    for sample, index in pages:
        if runs and runs[-1][0] == sample:
            runs[-1][1].append(index)
        else:
            runs.append((sample, [index]))
    return runs


_CREATION = re.compile(rb"/CreationDate\(D:[0-9]{14}[^)]*\)")
_ID = re.compile(rb"/ID\s*\[<([0-9A-Fa-f]+)><([0-9A-Fa-f]+)>\]")


def _fixed_pdf(data: bytes) -> bytes:
    """PDFium stamps the time and a random /ID: replace both by fixed values of the same
    length (so the cross-reference offsets stay right)."""

    def date(m: re.Match) -> bytes:
        new = b"/CreationDate(" + FIXED_PDF_DATE + b")"
        return new if len(new) == len(m.group(0)) else m.group(0)

    data = _CREATION.sub(date, data, count=1)
    m = _ID.search(data)
    if m:
        blank = data[: m.start()] + b"/ID[]" + data[m.end() :]
        digest = _sha256(blank).upper().encode()
        first = digest[: len(m.group(1))].ljust(len(m.group(1)), b"0")
        second = digest[: len(m.group(2))].ljust(len(m.group(2)), b"0")
        data = data[: m.start(1)] + first + data[m.end(1) : m.start(2)] + second + data[m.end(2) :]
    return data


# --- DOCX --------------------------------------------------------------------------

_HEADING = re.compile(
    r"^(第[一二三四五六七八九十百零〇]+条|[一二三四五六七八九十]+、|附件[一二三四五六七八九十\d]*"
    r"|\d+\.\s+[A-Z][A-Z ,&/-]+$|(ARTICLE|SCHEDULE|Schedule|Part)\s+\S+|[A-Z][A-Z ,&/-]{6,}$)"
)


def _paragraphs(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines() if line.strip()]


def _build_docxs(folder: Path, specs: list[dict], files: dict) -> None:
    texts = {
        p.stem: _paragraphs(p.read_text(encoding="utf-8"))
        for p in sorted((SAMPLES / "text").glob("*.txt"))
    }
    units = {stem: _unit_blocks(lines) for stem, lines in texts.items()}
    for item in specs:
        blocks = []
        for stem, start, end in item["parts"]:
            stop = len(texts[stem]) if end is None else end
            blocks += [el for line, el in units[stem] if start <= line < stop]
        data = _docx_bytes(blocks)
        (folder / item["name"]).write_bytes(data)
        count = sum(
            stop - start
            for _, start, stop in (
                (s, a, len(texts[s]) if b is None else b) for s, a, b in item["parts"]
            )
        )
        _record(files, f"docx/{item['name']}", data, pages=None, paragraphs=count)


def _unit_blocks(lines: list[str]) -> list[tuple[int, object]]:
    """A sample text as Word body elements (headings, paragraphs, real tables), each with
    the index of its first line. Built once with python-docx, then copied: python-docx
    is slow (a style look-up per paragraph), lxml copies are not."""
    import docx

    document = docx.Document()
    styles = document.styles
    title, heading, grid = styles["Heading 1"], styles["Heading 2"], styles["Table Grid"]
    blocks: list[tuple[int, object]] = []
    table_rows: list[list[str]] = []
    table_start = 0

    def flush_table() -> None:
        if not table_rows:
            return
        width = max(len(r) for r in table_rows)
        table = document.add_table(rows=len(table_rows), cols=width)
        table.style = grid
        # rows then cells: table.cell(r, c) walks the whole table on every call
        for row, cells in zip(table.rows, table_rows, strict=True):
            for cell, text in zip(row.cells, cells, strict=False):
                cell.text = text
        blocks.append((table_start, table._tbl))
        table_rows.clear()

    for i, line in enumerate(lines):
        if line.startswith("|"):
            if not table_rows:
                table_start = i
            table_rows.append([c.strip() for c in line.strip().strip("|").split("|")])
            continue
        flush_table()
        style = title if i == 0 else heading if _HEADING.match(line) else None
        blocks.append((i, document.add_paragraph(line, style=style)._p))
    flush_table()
    return blocks


def _docx_bytes(blocks: list) -> bytes:
    import copy
    import datetime as dt

    import docx

    document = docx.Document()
    sect = document.element.body.sectPr
    for element in blocks:
        sect.addprevious(copy.deepcopy(element))
    fixed = dt.datetime(2024, 6, 3)
    props = document.core_properties
    props.created = props.modified = props.last_printed = fixed
    props.revision = 1
    props.author = props.last_modified_by = "clausecheck bench"
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The samples generator's ZIP normaliser (fixed times and attributes: stable bytes)."""
    return _make_samples().normalise_zip(data)


@functools.cache
def _make_samples():
    path = REPO / "scripts" / "make_samples.py"
    spec = importlib.util.spec_from_file_location("clausecheck_make_samples", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it executes
    spec.loader.exec_module(module)
    return module


# --- text --------------------------------------------------------------------------


def _build_texts(folder: Path, files: dict) -> None:
    source = (SAMPLES / "text" / "en_weak.txt").read_text(encoding="utf-8")
    page = []
    size = 0
    for line in source.splitlines(keepends=True):
        if size + len(line) > ONE_PAGE_CHARS and page:
            break
        page.append(line)
        size += len(line)
    data = "".join(page).encode("utf-8")
    (folder / "one_page.txt").write_bytes(data)
    _record(files, "text/one_page.txt", data, pages=1)
    for path in sorted((SAMPLES / "text").glob("*.txt")):
        data = path.read_bytes()
        (folder / path.name).write_bytes(data)
        _record(files, f"text/{path.name}", data, pages=None)
