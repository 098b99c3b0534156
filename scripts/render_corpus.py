#!/usr/bin/env python3
"""Format invariance: do the rules give the same verdicts on a contract as .txt, .docx, .pdf?

Renders the plain-text contracts of a labelled corpus into DOCX (python-docx) and PDF
(fpdf2), with the same conventions as ``scripts/make_samples.py`` (whose parser and
builders it reuses: Word headings for numbered clauses, running header and page numbers,
justified English, Chinese wrapped by rendered width), into an output folder OUTSIDE the
repository::

    OUT/txt/NAME.txt    OUT/docx/NAME.docx    OUT/pdf/NAME.pdf
    OUT/{txt,docx,pdf}/labels.tsv             # the corpus labels, file names mapped

then checks every version and prints, per file, how many rule verdicts differ between
the formats and which (verdict = ``missing`` when not found, else the status), the
document language found in each format, how much of the text survived extraction, and
the eval figures (presence F1, false missing, agreement) per format. Each OUT/FORMAT
folder can also be given to ``clausecheck eval`` directly.

Usage::

    python scripts/render_corpus.py                      # ../shared/corpus, a temp folder
    python scripts/render_corpus.py --out /tmp/cc-render 03_zh 13_en   # name prefixes
    python scripts/render_corpus.py -v                   # also each differing rule's quotes
    python scripts/render_corpus.py --json report.json   # the figures as JSON too

Fonts: the CJK TrueType font in $CLAUSECHECK_CJK_FONT, else
/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf (see make_samples.py for the
other candidates and for the Latin font used when the CJK font has no Latin glyphs).

Never writes corpus text into the repository: an --out inside it is refused.
Exit status: 0 when every file gets the same verdicts in every format, 1 otherwise,
2 on a usage error.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
FORMATS = ("txt", "docx", "pdf")


def fail(message: str) -> None:
    sys.stderr.write(f"render_corpus: {message}\n")
    raise SystemExit(2)


def load_make_samples() -> ModuleType:
    path = ROOT / "scripts" / "make_samples.py"
    spec = importlib.util.spec_from_file_location("clausecheck_make_samples", path)
    if spec is None or spec.loader is None or not path.is_file():
        fail(f"cannot load {path} (its parser and DOCX/PDF builders are reused)")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def patch_fpdf_fallback_font() -> None:
    """Work around an fpdf2 (2.8.9) bug with fallback fonts: after a line that ended in a
    fallback-font glyph (e.g. "仍然有效。"), the first run of the next cell in the primary
    font (e.g. the "7" of "7、甲方…", the "“" of "“拥有”…") is written without its `Tf`
    operator, so it is drawn in the fallback font and vanishes from the text layer.
    Switching to the fallback font and back before each cell makes fpdf2 emit the `Tf`."""
    from fpdf import FPDF

    if getattr(FPDF, "_clausecheck_patched", False):
        return

    def wrap(method):
        def patched(self, *args, **kwargs):
            fallbacks = getattr(self, "_fallback_font_ids", None) or ()
            if fallbacks and self.font_family and self.page:
                family, style, size = self.font_family, self.font_style, self.font_size_pt
                other = next((f for f in fallbacks if f != family + style), None)
                if other and other in self.fonts and other.rstrip("BI") == other:
                    self.set_font(other, "", size)  # a regular fallback font: key = family
                    self.set_font(family, style, size)
            return method(self, *args, **kwargs)

        return patched

    FPDF.cell = wrap(FPDF.cell)
    FPDF.multi_cell = wrap(FPDF.multi_cell)
    FPDF._clausecheck_patched = True


def inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


# --------------------------------------------------------------------------- rendering


def select_sources(corpus: Path, names: list[str]) -> list[Path]:
    texts = sorted(corpus.glob("*.txt"))
    if not names:
        return texts
    chosen = [p for p in texts if any(p.name.startswith(n) or p.stem == n for n in names)]
    if not chosen:
        fail(f"no .txt file in {corpus} starts with {', '.join(names)}")
    return chosen


def render(
    sources: list[Path],
    out: Path,
    samples: ModuleType,
    reuse: bool = False,
    literal_markdown: bool = False,
) -> dict[str, float]:
    """Write txt/docx/pdf versions; returns the seconds spent per format."""
    fonts = samples.find_fonts()
    spent = dict.fromkeys(FORMATS, 0.0)
    for fmt in FORMATS:
        (out / fmt).mkdir(parents=True, exist_ok=True)
    for src in sources:
        if reuse and all((out / f / f"{src.stem}.{f}").is_file() for f in FORMATS):
            continue
        text = src.read_text(encoding="utf-8")
        blocks = samples.parse(text)
        if not literal_markdown:
            blocks = demarkdown(blocks)
        title = next((b.text for b in blocks if b.kind == "title"), src.stem)
        chinese = samples.is_chinese(text)
        started = time.perf_counter()
        shutil.copyfile(src, out / "txt" / src.name)
        spent["txt"] += time.perf_counter() - started
        started = time.perf_counter()
        (out / "docx" / f"{src.stem}.docx").write_bytes(samples.build_docx(title, blocks, chinese))
        spent["docx"] += time.perf_counter() - started
        started = time.perf_counter()
        pdf = samples.build_pdf(title, blocks, chinese, fonts)
        (out / "pdf" / f"{src.stem}.pdf").write_bytes(pdf)
        spent["pdf"] += time.perf_counter() - started
    return spent


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_TABLE_RULE = re.compile(r"^:?-{3,}:?$")


def demarkdown(blocks: list) -> list:
    """Give the Markdown in a corpus text the structure a word processor would: `# x`
    lines become headings (# and ## level 1, deeper level 2), `**` marks go, and table
    rule rows (`| --- | --- |`) are dropped, as the text extractor does when it reads
    the .txt; otherwise DOCX and PDF would carry literal `##` and `**` the .txt has not."""
    out = []
    for block in blocks:
        if block.kind == "table":
            rows = [
                [cell.replace("**", "") for cell in row]
                for row in block.rows
                if not all(_MD_TABLE_RULE.match(cell.strip()) for cell in row if cell.strip())
            ]
            if rows:
                out.append(replace(block, rows=rows))
            continue
        text = block.text.replace("**", "")
        match = _MD_HEADING.match(text)
        if match and block.kind in ("para", "h1", "h2", "title"):
            text = match.group(2)
            kind = (
                block.kind
                if block.kind == "title"
                else ("h1" if len(match.group(1)) <= 2 else "h2")
            )
            block = replace(block, kind=kind, indent=False)
        out.append(replace(block, text=text))
    return out


def copy_labels(corpus: Path, out: Path, stems: set[str]) -> int:
    """OUT/FORMAT/labels.tsv: the corpus labels of the rendered files, names mapped."""
    source = corpus / "labels.tsv"
    if not source.is_file():
        return 0
    lines = source.read_text(encoding="utf-8-sig").splitlines()
    header, rows = lines[0], lines[1:]
    columns = header.split("\t")
    if "file" not in columns:
        fail(f"{source}: no 'file' column")
    index = columns.index("file")
    kept = 0
    for fmt in FORMATS:
        mapped = [header]
        for row in rows:
            cells = row.split("\t")
            if len(cells) <= index or Path(cells[index]).stem not in stems:
                continue
            cells[index] = f"{Path(cells[index]).stem}.{fmt}"
            mapped.append("\t".join(cells))
        (out / fmt / "labels.tsv").write_text("\n".join(mapped) + "\n", encoding="utf-8")
        kept = len(mapped) - 1
    return kept


# --------------------------------------------------------------------------- checking


@dataclass
class Version:
    fmt: str
    status: str  # checked | error
    language: str | None
    error: str = ""
    findings: dict = field(default_factory=dict)  # rule -> Finding
    text: str = ""  # extracted text, whitespace removed
    blocks: int = 0
    pages: int | None = None
    warnings: tuple[str, ...] = ()

    def verdict(self, rule: str) -> str:
        from clausecheck.evaluation import reported_verdict

        if self.status == "error":
            return "error"
        return reported_verdict(self.findings.get(rule))

    def quote(self, rule: str) -> str:
        finding = self.findings.get(rule)
        return finding.locations[0].quote if finding and finding.locations else ""


def check_versions(
    out: Path, stems: list[str], pack: str | None, rules: tuple[str, ...]
) -> tuple[dict[str, dict[str, Version]], list[str]]:
    """Extract (no cache: the extractor may have changed) and check every version, the way
    `api.check` does, keeping the extracted text to compare."""
    from clausecheck.api import check_document, load_ruleset
    from clausecheck.extract import extract
    from clausecheck.model import InputError

    ruleset = load_ruleset(pack, rules)
    result: dict[str, dict[str, Version]] = {stem: {} for stem in stems}
    for number, stem in enumerate(stems, 1):
        if sys.stderr.isatty():
            sys.stderr.write(f"\rchecking {number}/{len(stems)} {stem[:50]:<50}")
            sys.stderr.flush()
        for fmt in FORMATS:
            path = out / fmt / f"{stem}.{fmt}"
            try:
                doc = extract(path)
            except InputError as exc:
                result[stem][fmt] = Version(fmt, "error", None, f"[{exc.code}] {exc.message}")
                continue
            report = check_document(doc, ruleset)
            result[stem][fmt] = Version(
                fmt,
                report.status,
                report.language,
                findings={f.rule: f for f in report.findings},
                text=re.sub(r"\s+", "", "".join(b.text for b in doc.blocks)),
                blocks=len(doc.blocks),
                pages=doc.pages,
                warnings=report.warnings,
            )
    if sys.stderr.isatty():
        sys.stderr.write("\r" + " " * 70 + "\r")
    return result, [r.id for r in ruleset.rules]


def text_change(reference: str, other: str) -> tuple[int, int]:
    """(characters lost, characters added) from `reference` to `other`, whitespace
    ignored, order ignored: a cheap sign of dropped text or of running headers, footers
    and page numbers let through."""
    ref, oth = Counter(reference), Counter(other)
    return sum((ref - oth).values()), sum((oth - ref).values())


def eval_figures(out: Path, versions: dict[str, dict[str, Version]]) -> dict:
    """The eval figures per format, from the verdicts already computed."""
    from clausecheck.evaluation import figures, make_item, read_labels

    result = {}
    for fmt in FORMATS:
        items = []
        for label in read_labels(out / fmt / "labels.tsv"):
            version = versions.get(Path(label.file).stem, {}).get(fmt)
            if version is None or version.status == "error":
                continue
            if label.rule not in version.findings:
                continue  # a rule not in the ruleset: not scored
            finding = version.findings[label.rule]
            items.append(make_item(label, version.language or "en", finding))
        result[fmt] = figures(items)
    return result


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="only files whose name starts with these")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus folder")
    parser.add_argument("--out", type=Path, help="output folder (default: a new temp folder)")
    parser.add_argument("--pack", help="rule pack name or folder (default: after-sales)")
    parser.add_argument("--rules", action="append", default=[], help="extra rule file/folder")
    parser.add_argument("--verbose", "-v", action="store_true", help="quotes of each diff")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument(
        "--keep-fpdf-bug",
        action="store_true",
        help="do not work around fpdf2's lost first run after a fallback-font line",
    )
    parser.add_argument(
        "--literal-markdown",
        action="store_true",
        help="render Markdown marks (#, **, | --- |) as literal text, not as structure",
    )
    parser.add_argument("--reuse", action="store_true", help="keep files already in --out")
    parser.add_argument("--clean", action="store_true", help="delete the output at the end")
    args = parser.parse_args(argv)

    corpus: Path = args.corpus
    if not corpus.is_dir():
        fail(f"{corpus}: no such corpus folder")
    out: Path = args.out or Path(tempfile.mkdtemp(prefix="clausecheck-render-"))
    if inside(out, ROOT):
        fail(f"{out} is inside the repository ({ROOT}); corpus text must stay outside it")
    if args.json and inside(args.json, ROOT):
        fail(f"{args.json} is inside the repository; the JSON holds corpus quotes")
    out.mkdir(parents=True, exist_ok=True)
    rules = tuple(args.rules)

    sources = select_sources(corpus, args.names)
    samples = load_make_samples()
    if not args.keep_fpdf_bug:
        patch_fpdf_fallback_font()
    sys.stderr.write(f"rendering {len(sources)} files...\n")
    spent = render(sources, out, samples, args.reuse, args.literal_markdown)
    stems = [s.stem for s in sources]
    labelled = copy_labels(corpus, out, set(stems))
    print(
        f"rendered {len(stems)} files into {out}/{{txt,docx,pdf}} "
        f"({labelled} label rows each; render seconds: "
        + ", ".join(f"{k} {v:.1f}" for k, v in spent.items())
        + ")"
    )

    versions, rule_ids = check_versions(out, stems, args.pack, rules)
    differing_files = 0
    record: dict = {"out": str(out), "files": {}, "formats": {}}
    print()
    print(
        f"{'file':<52} {'lang txt/docx/pdf':<18} {'chars -lost/+added docx | pdf':<30} "
        f"{'verdicts differing (of ' + str(len(rule_ids)) + ')'}"
    )
    for stem in stems:
        by_fmt = versions[stem]
        txt = by_fmt["txt"]
        langs = "/".join(by_fmt[f].language or "-" for f in FORMATS)
        changes = {f: text_change(txt.text, by_fmt[f].text) for f in ("docx", "pdf")}
        kept = " | ".join(f"-{lost}/+{added}" for lost, added in changes.values())
        errors = [f"{f}: {by_fmt[f].error}" for f in FORMATS if by_fmt[f].status == "error"]
        diffs = {
            rule: tuple(by_fmt[f].verdict(rule) for f in FORMATS)
            for rule in rule_ids
            if len({by_fmt[f].verdict(rule) for f in FORMATS}) > 1
        }
        pairs = {
            f"txt-{f}": sum(1 for r in rule_ids if txt.verdict(r) != by_fmt[f].verdict(r))
            for f in ("docx", "pdf")
        }
        differing_files += bool(diffs or errors)
        summary = f"{len(diffs)} (txt≠docx {pairs['txt-docx']}, txt≠pdf {pairs['txt-pdf']})"
        print(f"{stem:<52} {langs:<18} {kept:<30} {summary}")
        for error in errors:
            print(f"    unreadable {error}")
        for rule, verdicts in diffs.items():
            print(
                f"    {rule:<20} "
                + " / ".join(f"{f} {v}" for f, v in zip(FORMATS, verdicts, strict=True))
            )
            if args.verbose:
                for fmt in FORMATS:
                    quote = by_fmt[fmt].quote(rule)
                    if quote:
                        print(f"        {fmt:<4} “{quote}”")
        record["files"][stem] = {
            "languages": {f: by_fmt[f].language for f in FORMATS},
            "pages": by_fmt["pdf"].pages,
            "blocks": {f: by_fmt[f].blocks for f in FORMATS},
            "chars_lost_added": {f: list(v) for f, v in changes.items()},
            "warnings": {f: list(by_fmt[f].warnings) for f in FORMATS if by_fmt[f].warnings},
            "errors": errors,
            "differing": {r: dict(zip(FORMATS, v, strict=True)) for r, v in diffs.items()},
            "quotes": {r: {f: by_fmt[f].quote(r) for f in FORMATS} for r in diffs},
        }

    total_rules = len(rule_ids) * len(stems)
    for other in ("docx", "pdf"):
        count = sum(
            1
            for stem in stems
            for r in rule_ids
            if versions[stem]["txt"].verdict(r) != versions[stem][other].verdict(r)
        )
        print(f"txt vs {other}: {count} of {total_rules} verdicts differ")
    print(f"{differing_files} of {len(stems)} files differ between formats")

    if labelled:
        from clausecheck.report.evaluation import fmt_num

        print()
        print("eval per format (all languages):")
        print(
            f"{'format':<7} {'n':>4} {'P':>5} {'R':>5} {'F1':>5} {'false-miss':>10} "
            f"{'agreement':>10} {'exact':>6}"
        )
        for fmt, f in eval_figures(out, versions).items():
            print(
                f"{fmt:<7} {f.n:>4} {fmt_num(f.precision):>5} {fmt_num(f.recall):>5} "
                f"{fmt_num(f.f1):>5} {f.false_missing:>10} {fmt_num(f.agreement):>10} "
                f"{fmt_num(f.exact_agreement):>6}"
            )
            record["formats"][fmt] = {
                "n": f.n,
                "precision": f.precision,
                "recall": f.recall,
                "f1": f.f1,
                "false_missing": f.false_missing,
                "agreement": f.agreement,
                "exact_agreement": f.exact_agreement,
            }
    if args.json:
        args.json.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    if args.clean:
        shutil.rmtree(out, ignore_errors=True)
    else:
        print(f"\noutput kept in {out} (try: clausecheck eval {out}/pdf)")
    return 1 if differing_files else 0


if __name__ == "__main__":
    sys.exit(main())
