"""OCR of scanned PDFs (the `ocr` extra): accuracy, rule statuses, modes, cache.

The scans are made at test time from the project's own samples by `scangen`: each page
rendered at 144 dpi, turned by a degree or two, grainy, with a red company seal stamped
over a paragraph of page 1, and wrapped into a PDF without a text layer. The OCR'd text
is compared with the text the same pipeline extracts from the digital PDF.

Tests that run the engine are skipped when `rapidocr_onnxruntime` cannot be imported; the
tests of what happens without the engine hide it and run everywhere. OCR takes seconds
a page on a small machine, so the engine reads 10 pages in all: the two short samples
(zh_weak 3 pages, en_weak 4), one scanned page of a mixed PDF twice, and a one-line page.
The network is cut while the engine runs: nothing may be downloaded.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import brokengen as bg
import scangen
from clausecheck import api, cache
from clausecheck.extract import ExtractOptions, cache_key, extract, extract_cached, ocr
from clausecheck.model import Document, DocumentReport, InputError

try:
    import rapidocr_onnxruntime  # noqa: F401

    ENGINE_MISSING = ""
except Exception as exc:  # not installed, or a native library that does not load
    ENGINE_MISSING = (
        f"the OCR engine is not importable ({type(exc).__name__}: {exc});"
        ' install it with pip install -e ".[ocr]"'
    )

needs_engine = pytest.mark.skipif(bool(ENGINE_MISSING), reason=ENGINE_MISSING)

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
ALWAYS = ExtractOptions(ocr="always")
INSTALL = 'pip install "clausecheck[ocr]"'
MIN_ACCURACY = 0.97
MIN_SAME_STATUSES = 20


# ---------------------------------------------------------------------------------------
# helpers


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions).

    The DP table computed a column at a time with one bit a cell (Myers 1999, Hyyrö
    2001): the vertical differences of a column are two integers, so a 3000-character
    page costs 3000 big-integer steps, not 9 million cells. `test_levenshtein` checks it
    against the textbook two-row DP.
    """
    if not a or not b:
        return len(a) + len(b)
    m = len(a)
    full, top = (1 << m) - 1, 1 << (m - 1)
    peq: dict[str, int] = {}
    for i, c in enumerate(a):
        peq[c] = peq.get(c, 0) | (1 << i)
    pv, mv, score = full, 0, m
    for c in b:
        eq = peq.get(c, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & full)
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        ph = ((ph << 1) | 1) & full
        mh = (mh << 1) & full
        pv = mh | (~(xv | ph) & full)
        mv = ph & xv
    return score


def levenshtein_rows(a: str, b: str) -> int:
    """The textbook DP, two rows at a time (the reference for `levenshtein`)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        cur = [i]
        for j, cb in enumerate(b, start=1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def test_levenshtein() -> None:
    import random

    rnd = random.Random(7)
    for _ in range(500):
        a = "".join(rnd.choice("ab甲方") for _ in range(rnd.randint(0, 14)))
        b = "".join(rnd.choice("ab甲方") for _ in range(rnd.randint(0, 14)))
        assert levenshtein(a, b) == levenshtein_rows(a, b), (a, b)
    assert levenshtein("kitten", "sitting") == 3


def text_by_page(doc: Document) -> dict[int, str]:
    """The document's text on each page (paragraphs by the page they start on), without
    whitespace."""
    pages: dict[int, list[str]] = {}
    for block in doc.blocks:
        pages.setdefault(block.page or 0, []).append(block.text)
    return {n: "".join("".join(texts).split()) for n, texts in pages.items()}


def accuracy(digital: Document, scanned: Document) -> tuple[float, dict[int, float]]:
    """1 - edit distance / length over the whole text, and per page (DP kept small)."""
    want, got = text_by_page(digital), text_by_page(scanned)
    errors = total = 0
    per_page = {}
    for n, text in sorted(want.items()):
        distance = levenshtein(text, got.get(n, ""))
        per_page[n] = 1 - distance / max(len(text), 1)
        errors += distance
        total += len(text)
    return 1 - errors / max(total, 1), per_page


def statuses(report: DocumentReport) -> dict[str, str]:
    return {f.rule: f.status for f in report.findings}


class Counter:
    """Counts the pages given to the engine (wraps ocr.recognise)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        real = ocr.recognise

        def counting(image):
            self.calls += 1
            return real(image)

        monkeypatch.setattr(ocr, "recognise", counting)


@pytest.fixture(scope="module", autouse=True)
def no_network() -> Iterator[None]:
    """Any attempt to reach the network while OCR runs fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access during OCR: {args!r}")

    saved = socket.socket.connect, socket.create_connection, socket.getaddrinfo
    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]
    socket.getaddrinfo = refuse  # type: ignore[assignment]
    try:
        yield
    finally:
        socket.socket.connect, socket.create_connection, socket.getaddrinfo = saved


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CLAUSECHECK_CACHE_DIR", str(folder))
    return folder


@pytest.fixture(scope="module")
def ruleset():
    return api.load_ruleset()


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Scanned copies of the short samples (all pages; a seal over page 1) and of the
    first two pages of zh_strong."""
    folder = tmp_path_factory.mktemp("scans")
    out = {
        name: scangen.make_scan(SAMPLES / f"{name}.pdf", folder / f"{name}-scan.pdf")
        for name in ("zh_weak", "en_weak")
    }
    out["zh_strong"] = scangen.make_scan(
        SAMPLES / "zh_strong.pdf", folder / "zh_strong-scan.pdf", pages=[0, 1]
    )
    return out


@pytest.fixture(scope="module")
def mixed(scans: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """zh_strong page 1 digital, page 2 scanned."""
    out = tmp_path_factory.mktemp("mixed") / "mixed.pdf"
    return scangen.make_mixed(
        SAMPLES / "zh_strong.pdf", scans["zh_strong"], out, [("digital", 0), ("scan", 1)]
    )


@pytest.fixture(scope="module")
def read(scans: dict[str, Path], ruleset) -> Iterator:
    """name -> (OCR'd Document, its DocumentReport, digital Document, digital report).

    The scan is read once per module: `extract` + `api.check_document`, which is what
    `api.check(path, ruleset, CheckOptions(extract=ExtractOptions(ocr="always"),
    use_cache=False))` does (the mixed-PDF test calls that itself).
    """
    done: dict[str, tuple] = {}

    def get(name: str):
        if name not in done:
            doc = extract(scans[name], ALWAYS)
            digital = extract(SAMPLES / f"{name}.pdf")
            done[name] = (
                doc,
                api.check_document(doc, ruleset),
                digital,
                api.check_document(digital, ruleset),
            )
        return done[name]

    yield get


# ---------------------------------------------------------------------------------------
# accuracy and rule statuses


@needs_engine
@pytest.mark.parametrize("name", ["zh_weak", "en_weak"])
def test_character_accuracy(read, name: str) -> None:
    doc, _, digital, _ = read(name)
    overall, per_page = accuracy(digital, doc)
    assert overall >= MIN_ACCURACY, (overall, per_page)
    # (a table page scores lower: the text layer lists its cells in another order)
    assert min(per_page.values()) >= 0.8, per_page


@needs_engine
@pytest.mark.parametrize("name", ["zh_weak", "en_weak"])
def test_rule_statuses_match_the_digital_pdf(read, name: str, rule_count: int) -> None:
    _, report, _, digital = read(name)
    want, got = statuses(digital), statuses(report)
    assert report.status == "checked" and len(got) == len(want) == rule_count
    same = [rule for rule in want if want[rule] == got[rule]]
    differ = {rule: (want[rule], got[rule]) for rule in want if want[rule] != got[rule]}
    assert len(same) >= MIN_SAME_STATUSES, differ


@needs_engine
@pytest.mark.parametrize(("name", "pages"), [("zh_weak", "1-3"), ("en_weak", "1-4")])
def test_ocr_flags_and_warning(read, name: str, pages: str) -> None:
    doc, report, _, _ = read(name)
    assert doc.blocks and all(b.ocr for b in doc.blocks)
    assert all(b.page for b in doc.blocks) and doc.pages == int(pages[-1])
    note = f"pages {pages} were read by OCR; quotes may contain recognition errors"
    assert note in doc.warnings and note in report.warnings
    located = [loc for f in report.findings for loc in f.locations]
    assert located and all(loc.ocr and loc.page for loc in located)


@needs_engine
def test_english_words_are_spaced(read) -> None:
    """The recogniser runs English words together ("ThisSourceCode"); the spaces are put
    back: the OCR'd words are the digital PDF's words, about as many of them."""
    import re

    doc, _, digital, _ = read("en_weak")

    def words(d: Document) -> list[str]:
        return re.findall(r"[A-Za-z]+", " ".join(b.text for b in d.blocks))

    want, got = words(digital), words(doc)
    vocabulary = {w.lower() for w in want}
    known = sum(w.lower() in vocabulary for w in got) / len(got)
    assert known >= 0.97 and abs(len(got) - len(want)) <= 0.03 * len(want), (known, len(got))
    text = " ".join(b.text for b in doc.blocks)
    assert "commercially reasonable efforts" in text


@needs_engine
def test_seal_over_a_paragraph_is_washed_out(read) -> None:
    """The red seal on page 1 neither hides the text under it nor is read as text."""
    for name in ("zh_weak", "en_weak"):
        doc, _, digital, _ = read(name)
        _, per_page = accuracy(digital, doc)
        assert per_page[1] >= MIN_ACCURACY, (name, per_page)
        text = "".join(b.text for b in doc.blocks)
        for seal_text in ("合同专用章", "星河", "专用章"):
            assert seal_text not in text


@needs_engine
def test_remove_seals_keeps_black_text() -> None:
    import numpy as np
    from PIL import Image, ImageDraw

    page = Image.new("RGB", (1200, 1700), "white")
    draw = ImageDraw.Draw(page)
    for y in range(400, 900, 40):
        draw.rectangle((100, y, 1100, y + 6), fill="black")  # lines of "text"
    stamped = scangen.stamp(page, center=(0.5, 0.35))
    bgr = np.asarray(stamped)[:, :, ::-1].copy()
    washed = ocr.remove_seals(bgr)
    hi, lo = washed.max(axis=2).astype(int), washed.min(axis=2).astype(int)
    assert int(((hi - lo) > 60).sum()) == 0  # no red left
    black = np.asarray(page.convert("L"))[:, :] < 50
    assert (washed[black].max(axis=1) < 80).mean() > 0.98  # the text is still black
    assert ocr.remove_seals(np.asarray(page)[:, :, ::-1].copy()).shape == bgr.shape


@needs_engine
@pytest.mark.parametrize("quarter_turns", [2, 1])
def test_page_upside_down_or_on_its_side(quarter_turns: int) -> None:
    """A page scanned upside down or sideways is turned back (the engine's line
    classifier is off: it turned upright English lines over)."""
    import numpy as np

    [page] = scangen.render_pages(SAMPLES / "en_weak.pdf", [0], scale=1.9)
    # the title and a line or two, on a sheet no smaller than the engine's detector
    # works at (a smaller image is scaled up, and costs as much as a page)
    sheet = np.full((760, page.width, 3), 255, dtype=np.uint8)
    sheet[: page.height // 8] = np.asarray(page)[: page.height // 8, :, ::-1]
    turned = np.ascontiguousarray(np.rot90(sheet, quarter_turns))
    lines = ocr.lines_from_boxes(ocr.recognise(turned))
    assert lines[0] == "SOURCE CODE LICENSE AND SUPPORT AGREEMENT", lines


# ---------------------------------------------------------------------------------------
# mixed PDFs, the cache, progress


@needs_engine
def test_mixed_pdf_through_the_api(mixed: Path, ruleset, monkeypatch: pytest.MonkeyPatch):
    """api.check, no cache: only the scanned page goes to the engine; progress is told."""
    counter = Counter(monkeypatch)
    seen: list[tuple[int, int]] = []
    monkeypatch.setattr(ocr, "_progress_hook", lambda done, total: seen.append((done, total)))
    report = api.check(mixed, ruleset, api.CheckOptions(extract=ALWAYS, use_cache=False))
    assert report.status == "checked", report.error
    assert counter.calls == 1 and seen == [(1, 1)]
    assert "page 2 was read by OCR; quotes may contain recognition errors" in report.warnings
    assert len(report.findings) == len(ruleset.rules)


@needs_engine
def test_mixed_pdf_text_and_cache(mixed: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch):
    counter = Counter(monkeypatch)
    doc = extract_cached(mixed, ALWAYS)
    assert counter.calls == 1
    # page 1 keeps its text layer word for word (its last paragraph runs on into page 2);
    # page 2 is OCR'd
    digital = extract(SAMPLES / "zh_strong.pdf", ExtractOptions(max_pages=2))
    want = [b.text for b in digital.blocks if b.page == 1]
    got = [b for b in doc.blocks if b.page == 1]
    assert [b.text for b in got[:-1]] == want[:-1]
    assert not any(b.ocr for b in got)
    assert all(b.ocr for b in doc.blocks if b.page == 2)
    assert "page 2 was read by OCR; quotes may contain recognition errors" in doc.warnings
    overall, _ = accuracy(digital, doc)
    assert overall >= MIN_ACCURACY

    # another max_pages is another document key, but the page is in the cache
    again = extract_cached(mixed, ExtractOptions(ocr="always", max_pages=2))
    assert counter.calls == 1
    assert [b.text for b in again.blocks] == [b.text for b in doc.blocks]
    # the same options: the whole document comes from the cache
    assert extract_cached(mixed, ALWAYS) == doc
    assert counter.calls == 1
    # the OCR mode is part of the document key: "never" leaves page 2 out
    never = extract_cached(mixed, ExtractOptions(ocr="never"))
    assert not any(b.ocr for b in never.blocks)
    assert "page 2 has no text layer (scanned?)" in never.warnings
    keys = {cache_key(doc.sha256, ExtractOptions(ocr=m)) for m in ("auto", "always", "never")}
    assert len(keys) == 3

    # a plain extract() neither looks in the cache nor adds to it
    entries = sorted(p.name for p in cache_dir.iterdir())
    fake: list[int] = []
    monkeypatch.setattr(ocr, "recognise", lambda image: fake.append(1) or [])
    extract(mixed, ALWAYS)
    assert fake == [1]
    assert sorted(p.name for p in cache_dir.iterdir()) == entries


def test_ocr_page_entries(cache_dir: Path) -> None:
    """Page entries round-trip; one that cannot be read is dropped (and read again)."""
    boxes = [([[0.0, 0.0], [10.0, 0.0], [10.0, 5.0], [0.0, 5.0]], "第一条 定义", 0.99)]
    cache.put("ocr-page", "ab" * 32, boxes)
    assert cache.get("ocr-page", "ab" * 32, ocr.boxes_from_json) == boxes
    entry = cache_dir / ("ab" * 32 + cache.SUFFIX)
    entry.write_bytes(b"not gzip")
    assert cache.get("ocr-page", "ab" * 32, ocr.boxes_from_json) is None
    assert not entry.exists()


# ---------------------------------------------------------------------------------------
# modes, and no engine


def _scan_with_one_page(folder: Path) -> Path:
    return scangen.make_scan(
        SAMPLES / "en_weak.pdf", folder / "one-page-scan.pdf", pages=[0], stamp_pages=()
    )


def test_never_gives_no_text(tmp_path: Path) -> None:
    scan = _scan_with_one_page(tmp_path)
    with pytest.raises(InputError) as err:
        extract(scan, ExtractOptions(ocr="never"))
    assert err.value.code == "no-text"
    assert "--ocr" in err.value.message and "\n" not in err.value.message


@pytest.fixture
def no_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the `ocr` extra were not installed."""
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)
    monkeypatch.setattr(ocr, "_engine", None)


def test_always_without_engine_is_ocr_unavailable(tmp_path: Path, no_engine) -> None:
    scan = _scan_with_one_page(tmp_path)
    assert not ocr.available()
    with pytest.raises(InputError) as err:
        extract(scan, ALWAYS)
    assert err.value.code == "ocr-unavailable"
    assert INSTALL in err.value.message and "\n" not in err.value.message
    # a PDF with a text layer needs no OCR: it reads as ever
    doc = extract(SAMPLES / "en_weak.pdf", ALWAYS)
    assert doc.blocks and not any(b.ocr for b in doc.blocks)


def test_auto_without_engine_is_no_text_with_the_hint(tmp_path: Path, no_engine) -> None:
    scan = _scan_with_one_page(tmp_path)
    with pytest.raises(InputError) as err:
        extract(scan, ExtractOptions(ocr="auto"))
    assert err.value.code == "no-text"
    assert INSTALL in err.value.message and "--ocr" in err.value.message
    # a partly scanned PDF: a warning for the page, and the hint
    mixed = scangen.make_mixed(
        SAMPLES / "en_weak.pdf", scan, tmp_path / "mixed.pdf", [("digital", 0), ("scan", 0)]
    )
    doc = extract(mixed, ExtractOptions(ocr="auto"))
    assert "page 2 has no text layer (scanned?)" in doc.warnings
    assert any(INSTALL in w for w in doc.warnings)
    assert not any(b.ocr for b in doc.blocks)


def test_cli_error_without_engine(tmp_path: Path) -> None:
    """One line on stderr, exit code 2, the code in the JSON report."""
    scan = _scan_with_one_page(tmp_path)
    hide = (
        "import sys; sys.modules['rapidocr_onnxruntime'] = None\n"
        "from clausecheck.cli import main\n"
        "sys.argv = ['clausecheck', *sys.argv[1:]]\n"
        "main()\n"
    )
    env = {**os.environ, "CLAUSECHECK_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    out = subprocess.run(
        [sys.executable, "-c", hide, str(scan), "--ocr", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert out.returncode == 2, out.stderr
    [doc] = json.loads(out.stdout)["documents"]
    assert doc["status"] == "error" and doc["error"]["code"] == "ocr-unavailable"
    assert INSTALL in doc["error"]["message"]


@needs_engine
def test_garbage_text_layer_is_ocred_with_always(tmp_path: Path) -> None:
    path = tmp_path / "garbage.pdf"
    path.write_bytes(bg.raw_pdf_bytes(["The Provider shall keep it secret."], pua=True))
    with pytest.raises(InputError) as err:
        extract(path)  # auto keeps the error, with the hint
    assert err.value.code == "garbage-text" and "--ocr" in err.value.message
    doc = extract(path, ALWAYS)
    assert [b.text for b in doc.blocks] == ["The Provider shall keep it secret."]
    assert doc.blocks[0].ocr and "page 1 was read by OCR" in doc.warnings[0]


@needs_engine
def test_blank_scanned_page_does_not_load_the_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page with nothing like writing on it (here a picture) never reaches the engine."""
    monkeypatch.setattr(ocr, "load_engine", lambda: pytest.fail("engine loaded"))
    path = tmp_path / "picture.pdf"
    path.write_bytes(bg.image_pdf_bytes(pages=2))
    with pytest.raises(InputError) as err:
        extract(path, ALWAYS)
    assert err.value.code == "no-text"
    assert "OCR (--ocr) found no text on pages 1-2" in err.value.message


# ---------------------------------------------------------------------------------------
# reading order (pure Python) and lazy imports


def _box(x0: float, y0: float, x1: float, y1: float, text: str, slope: float = 0.0):
    dy = (x1 - x0) * slope
    return ([[x0, y0], [x1, y0 + dy], [x1, y1 + dy], [x0, y1]], text, 0.99)


def test_lines_from_boxes_reading_order() -> None:
    boxes = [
        _box(600, 100, 900, 130, "right half"),
        _box(100, 160, 900, 190, "second line"),
        _box(100, 102, 500, 128, "Left half,"),
        _box(100, 220, 300, 250, "第一条"),
        _box(320, 221, 500, 249, "定义"),
    ]
    assert ocr.lines_from_boxes(boxes) == [
        "Left half, right half",
        "second line",
        "第一条定义",
    ]
    assert ocr.lines_from_boxes([]) == []


def test_lines_from_boxes_on_a_skewed_page() -> None:
    """Turned by 2 degrees, the two halves of a line differ by more than a line height
    in y; the measured skew keeps them on one line."""
    slope = 0.035
    boxes = []
    for row in range(5):
        y = 100 + 40 * row
        boxes.append(_box(100, y, 1000, y + 24, f"line {row} left", slope))
        right_y = y + 1100 * slope
        boxes.append(_box(1100, right_y, 1400, right_y + 24, f"right {row}", slope))
    lines = ocr.lines_from_boxes(boxes)
    assert lines == [f"line {row} left right {row}" for row in range(5)]


def test_fix_marks() -> None:
    assert ocr.fix_marks('(Customer"，being the') == '(Customer",being the'
    assert ocr.fix_marks("components（ingest)") == "components(ingest)"
    assert ocr.fix_marks("甲方(买方/委托方):北京") == "甲方（买方/委托方）：北京"
    assert ocr.fix_marks("工作日9：00至18:00") == "工作日9:00至18:00"
    assert ocr.fix_marks("（又称“Bug”）：指") == "（又称“Bug”）：指"


def test_importing_does_not_load_the_engine(tmp_path: Path) -> None:
    """Importing clausecheck (and its OCR module), and checking a digital PDF with
    ocr=auto, load none of the OCR libraries."""
    code = (
        "import sys\n"
        "import clausecheck, clausecheck.api, clausecheck.cli\n"
        "import clausecheck.extract.ocr, clausecheck.extract.pdf, clausecheck.cache\n"
        "heavy = ['rapidocr_onnxruntime', 'onnxruntime', 'cv2', 'numpy', 'PIL']\n"
        "print(','.join(m for m in heavy if m in sys.modules) or '-')\n"
        "from clausecheck import api\n"
        f"r = api.check({str(SAMPLES / 'zh_weak.pdf')!r}, options=api.CheckOptions("
        "use_cache=False))\n"
        "assert r.status == 'checked'\n"
        "print(','.join(m for m in heavy if m in sys.modules) or '-')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert out.stdout.split() == ["-", "-"], out.stdout


def test_progress_is_silent_off_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    progress = ocr._TerminalProgress()
    assert not progress.on
    progress(1, 3)
    progress.close()
    assert capsys.readouterr().err == ""


def test_progress_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    progress = ocr._TerminalProgress()
    progress(1, 3)
    progress(2, 3)
    progress.close()
    out = screen.getvalue()
    assert "\rclausecheck: OCR page 1/3" in out and "page 2/3" in out
    assert out.endswith("\r") and out.rstrip("\r ").endswith("2/3")
