"""The public Python API: what the CLI, a notebook or a distributed batch job calls.

from clausecheck import api
ruleset = api.load_ruleset()                 # the default after-sales pack
report = api.check("contract.pdf", ruleset)  # a DocumentReport
batch = api.check_many(["a.pdf", "b.docx"], ruleset, jobs=4)  # a Report
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from clausecheck import __version__, cache
from clausecheck.codec import report_from_json, report_to_json
from clausecheck.errors import InputError, NotAContract
from clausecheck.extract import (
    ExtractOptions,
    cache_key,
    document_from_text,
    extract_cached,
    file_sha256,
)
from clausecheck.model import (
    Document,
    DocumentReport,
    InputErrorInfo,
    Report,
    RulesetInfo,
)
from clausecheck.recognise.contract import contract_signs
from clausecheck.recognise.parties import override_parties
from clausecheck.rules import prefilter
from clausecheck.rules.engine import rule_patterns, run_rules
from clausecheck.rules.loader import Ruleset, load_ruleset
from clausecheck.segment import segment

__all__ = [
    "CheckOptions",
    "check",
    "check_document",
    "check_many",
    "check_text",
    "document_from_text",
    "load_ruleset",
    "make_report",
]


@dataclass(frozen=True)
class CheckOptions:
    extract: ExtractOptions = field(default_factory=ExtractOptions)
    buyer: str | None = None  # "甲方", "乙方", "Party A", "Party B": who the buyer is
    use_cache: bool = True
    # A document whose text does not read as a contract is the error `not-a-contract`
    # (see recognise.contract); False checks it all the same.
    require_contract: bool = True


def check(
    path: str | Path, ruleset: Ruleset | None = None, options: CheckOptions | None = None
) -> DocumentReport:
    """Read one contract and judge it: a report, or an error record, never an exception
    for a bad input."""
    options = options or CheckOptions()
    ruleset = ruleset or load_ruleset()
    warm_prefilter(ruleset)
    started = time.perf_counter()
    cacheable = options.use_cache and options.extract.password is None
    try:
        # Hashed once: the key of the results cache and of the text cache.
        sha256 = file_sha256(path, options.extract) if cacheable else None
        key = _report_key(sha256, ruleset, options) if sha256 else None
        if key:
            cached = cache.get("report", key, report_from_json)
            if cached is not None:
                return dataclasses.replace(cached, path=str(path), timings={"cached": 1.0})
        doc = extract_cached(path, options.extract, use_cache=options.use_cache, sha256=sha256)
        extracted = time.perf_counter()
        doc = segment(doc)
        if options.require_contract:
            _require_contract(doc)
    except InputError as exc:
        return error_report(str(path), exc)
    segmented = time.perf_counter()
    report = check_document(doc, ruleset, buyer=options.buyer)
    timings = {**report.timings, "extract": extracted - started, "segment": segmented - extracted}
    report = dataclasses.replace(report, timings=timings)
    if key:
        cache.put("report", key, report_to_json(report))
    return report


_warmed: set[str] = set()


def warm_prefilter(ruleset: Ruleset) -> None:
    """Read the rule set's prefilter table from the cache folder, or work it out and store it.

    Once per process and rule set. The table derives from the rule files alone (like
    compiled bytecode), so it is kept even with --no-cache, which is about documents;
    analysing the shipped pack takes about 0.25 s, reading the table a few ms."""
    if ruleset.sha256 in _warmed:
        return
    _warmed.add(ruleset.sha256)
    # Keyed by the very patterns the engine runs, the analysis version and the Python
    # version (whose regex parser reads them).
    patterns = rule_patterns(ruleset.rules)
    parts = ["prefilter", str(prefilter.VERSION), sys.version.split()[0], *patterns]
    key = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    rows = cache.get("prefilter", key, _rows)
    try:
        if rows is not None:
            prefilter.learn(rows)
            return
    except ValueError:
        pass  # a damaged entry: analyse again and overwrite it
    cache.put("prefilter", key, prefilter.export(patterns))


def _rows(data: object) -> list:
    if not isinstance(data, list):
        raise ValueError("bad rows")
    return data


def _report_key(sha256: str, ruleset: Ruleset, options: CheckOptions) -> str:
    """The results cache key: same content, rules, tool and options give the same report
    (documents that need a password are never cached)."""
    # The extraction key covers the extractor version and the options that change the text
    # (engine, page limit, OCR mode and whether the OCR engine is installed).
    parts = [cache_key(sha256, options.extract), ruleset.sha256, __version__,
             options.buyer or "", str(options.require_contract)]  # fmt: skip
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _require_contract(doc: Document) -> None:
    signs = contract_signs(doc)
    if not signs.is_contract:
        raise NotAContract(signs.reason, doc.path)


def error_report(path: str, exc: InputError) -> DocumentReport:
    return DocumentReport(
        path=path,
        sha256=_sha256_or_empty(path),
        format=None,
        language=None,
        pages=None,
        status="error",
        error=InputErrorInfo(exc.code, exc.message),
    )


def _sha256_or_empty(path: str) -> str:
    try:
        if not Path(path).is_file():
            return ""
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return ""


def check_document(doc: Document, ruleset: Ruleset, buyer: str | None = None) -> DocumentReport:
    """Segment an extracted document (unless it is) and run the rules over it."""
    started = time.perf_counter()
    doc = doc if doc.clauses else segment(doc)
    segmented = time.perf_counter()
    parties = override_parties(buyer) if buyer else None
    findings, parties, warnings = run_rules(ruleset.rules, doc, parties)
    evaluated = time.perf_counter()
    return DocumentReport(
        path=doc.path,
        sha256=doc.sha256,
        format=doc.format,
        language=doc.language,
        pages=doc.pages,
        status="checked",
        warnings=doc.warnings + warnings,
        findings=findings,
        parties=parties,
        timings={"segment": segmented - started, "rules": evaluated - segmented},
    )


def read_and_check(
    path: str | Path, ruleset: Ruleset | None = None, options: CheckOptions | None = None
) -> tuple[Document, DocumentReport]:
    """A contract's segmented text and its report (what redline and letter write from);
    raises `InputError` for a file that cannot be read."""
    options = options or CheckOptions()
    ruleset = ruleset or load_ruleset()
    warm_prefilter(ruleset)
    try:
        doc = segment(extract_cached(path, options.extract, use_cache=options.use_cache))
    except InputError as exc:
        exc.path = exc.path or str(path)
        raise
    return doc, check_document(doc, ruleset, buyer=options.buyer)


def check_text(
    text: str, ruleset: Ruleset | None = None, name: str = "<text>", buyer: str | None = None
) -> DocumentReport:
    return check_document(document_from_text(text, name), ruleset or load_ruleset(), buyer)


def make_report(documents: Sequence[DocumentReport], ruleset: Ruleset) -> Report:
    return Report(
        tool_version=__version__,
        ruleset=RulesetInfo(ruleset.name, ruleset.sha256),
        documents=tuple(documents),
        rules=tuple(rule.meta() for rule in ruleset.rules),
    )


# --- many documents, in parallel processes --------------------------------------------

_worker_ruleset: Ruleset | None = None


def _init_worker(pack: str | None, extra: tuple[str, ...]) -> None:
    global _worker_ruleset
    _worker_ruleset = load_ruleset(pack, extra)


def _check_in_worker(path: str, options: CheckOptions) -> DocumentReport:
    return check(path, _worker_ruleset, options)


def check_many(
    paths: Sequence[str | Path],
    ruleset: Ruleset | None = None,
    options: CheckOptions | None = None,
    *,
    jobs: int | None = None,
    pack: str | None = None,
    extra_rules: tuple[str, ...] = (),
    on_done: Callable[[DocumentReport], None] | None = None,
) -> Report:
    """Check many documents; the report lists them in the order given, whatever the
    order they finish in. Workers load the ruleset themselves from `pack`/`extra_rules`."""
    options = options or CheckOptions()
    ruleset = ruleset or load_ruleset(pack, extra_rules)
    warm_prefilter(ruleset)  # so that workers find the table cached
    jobs = min(jobs or os.cpu_count() or 1, max(len(paths), 1))
    results: list[DocumentReport | None] = [None] * len(paths)
    if jobs <= 1:
        for i, path in enumerate(paths):
            results[i] = check(path, ruleset, options)
            if on_done:
                on_done(results[i])
    else:
        results = _check_parallel(paths, options, jobs, pack, extra_rules, on_done)
    return make_report([r for r in results if r is not None], ruleset)


def _size(path: str | Path) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _check_parallel(paths, options, jobs, pack, extra_rules, on_done) -> list[DocumentReport]:
    from concurrent.futures import ProcessPoolExecutor, as_completed

    results: list[DocumentReport | None] = [None] * len(paths)
    # Largest files first, so that a big one does not start last and leave a worker idle.
    order = sorted(range(len(paths)), key=lambda i: -_size(paths[i]))
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(pack, extra_rules)) as pool:
        futures = {pool.submit(_check_in_worker, str(paths[i]), options): i for i in order}
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            if on_done:
                on_done(results[futures[future]])
    return [r for r in results if r is not None]
