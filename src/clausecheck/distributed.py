"""Checking an archive on a Dask cluster (`pip install "clausecheck[dask]"`).

    from dask.distributed import Client
    from clausecheck import distributed

    client = Client("tcp://10.0.0.5:8786")         # or LocalCluster() on one machine
    reports = distributed.check_bag(paths)           # a dask.bag of DocumentReport
    distributed.write_parquet(reports, "findings/")  # one row per finding, a file a part
    for report in distributed.iter_check(paths, scheduler="tcp://10.0.0.5:8786"):
        ...                                          # in input order, as they finish

What travels: each task gets a document's path (the workers read the files: a shared or
mounted archive), its options and a `RulesetSpec` (pack, extra rule paths and the rule
set's hash). A worker process loads the rule set once, on its first document, and checks
that its hash is the client's. A scanned PDF is not read by one worker page after page:
the task that checks it asks the cluster to OCR each page that needs it (`ocr_page`,
one task per page, run on whichever workers are free), then builds the document from the
recognised lines. Results are plain DocumentReports, as `api.check` returns.

Dask is imported only when these functions run.
"""

from __future__ import annotations

import dataclasses
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clausecheck import api
from clausecheck.errors import UserError
from clausecheck.extract import ocr
from clausecheck.model import DocumentReport, pick
from clausecheck.rules.loader import Ruleset, load_ruleset

__all__ = [
    "FINDING_COLUMNS",
    "RulesetSpec",
    "check_bag",
    "check_task",
    "connect",
    "finding_rows",
    "findings_bag",
    "iter_check",
    "ocr_page",
    "write_parquet",
]

INSTALL_HINT = 'pip install "clausecheck[dask]"'
WINDOW_PER_THREAD = 16  # documents in flight per worker thread (iter_check)


@dataclass(frozen=True)
class RulesetSpec:
    """How a worker finds the client's rule set: pack and extra rule paths (readable on
    the workers; the shipped packs always are) and the hash it must have."""

    pack: str | None = None
    extra: tuple[str, ...] = ()
    sha256: str | None = None

    @classmethod
    def of(cls, ruleset: Ruleset, pack: str | None = None, extra: Sequence[str] = ()):
        extra = tuple(str(Path(p).resolve()) for p in extra)
        if pack and Path(pack).exists():
            pack = str(Path(pack).resolve())
        return cls(pack, extra, ruleset.sha256)

    def load(self) -> Ruleset:
        """The rule set, loaded once per process (then kept)."""
        with _lock:
            ruleset = _loaded.get(self)
            if ruleset is None:
                ruleset = _loaded[self] = load_ruleset(self.pack, self.extra)
                if self.sha256 and ruleset.sha256 != self.sha256:
                    raise UserError(
                        f"the rule set on this worker ({ruleset.sha256[:12]}) is not the "
                        f"client's ({self.sha256[:12]}): install the same clausecheck and "
                        "rule files on every worker"
                    )
        return ruleset


_loaded: dict[RulesetSpec, Ruleset] = {}
_lock = threading.Lock()


def loads() -> int:
    """How many rule sets this process has loaded (one per spec; tests ask each worker)."""
    return len(_loaded)


# --- on a worker ------------------------------------------------------------------------


def check_task(path: str, name: str, options: api.CheckOptions, spec: RulesetSpec):
    """Check the file at `path` (as the worker sees it), reported as `name`."""
    ruleset = spec.load()
    report = _check_spreading_ocr(path, ruleset, options)
    return dataclasses.replace(report, path=name)


class _PagesWanted(BaseException):
    """Raised through the extractor (which turns any Exception into a warning) when a
    scan's pages are to be OCR'd by the cluster first; nothing is cached on the way."""

    def __init__(self, numbers: Sequence[int]) -> None:
        super().__init__(numbers)
        self.numbers = list(numbers)


def _wanted(numbers: Sequence[int]) -> dict[int, list[str] | None]:
    raise _PagesWanted(numbers)


def _check_spreading_ocr(path: str, ruleset: Ruleset, options: api.CheckOptions):
    """api.check, with the pages that need OCR read as tasks of their own."""
    try:
        with ocr.page_source(_wanted):
            return api.check(path, ruleset, options)
    except _PagesWanted as wanted:
        numbers = wanted.numbers
    lines = _ocr_pages(path, numbers, options)

    def given(asked: Sequence[int]) -> dict[int, list[str] | None]:
        for result in lines.values():
            if isinstance(result, BaseException):
                raise result  # as reading it here would have (engine missing, …)
        return {n: lines.get(n) for n in asked}  # type: ignore[misc]

    with ocr.page_source(given):
        return api.check(path, ruleset, options)


def ocr_page(path: str, number: int, password: str | None, use_cache: bool):
    """The recognised lines of page `number` (1-based) of a PDF, or the error."""
    try:
        data = Path(path).read_bytes()
        return ocr.read_pages(data, password, [number], use_cache=use_cache).get(number)
    except Exception as exc:  # handed back to the checking task, which reports it
        return exc


def _ocr_pages(path: str, numbers: Sequence[int], options: api.CheckOptions) -> dict:
    """Each page's lines: one task per page on the cluster, or here, one after another,
    outside a Dask worker."""
    password, use_cache = options.extract.password, options.use_cache
    try:
        from distributed import get_worker, worker_client

        get_worker()
    except (ImportError, ValueError):
        return {n: ocr_page(path, n, password, use_cache) for n in numbers}
    with worker_client() as client:  # this task steps aside while the pages are read
        futures = [
            client.submit(ocr_page, path, n, password, use_cache, pure=False) for n in numbers
        ]
        return dict(zip(numbers, client.gather(futures), strict=True))


# --- on the client ----------------------------------------------------------------------


def connect(scheduler: str, workers: int | None = None) -> tuple[Any, Any]:
    """(client, cluster): `scheduler` is an address (tcp://host:8786) or "local" (a
    LocalCluster of `workers` processes here, one thread each; cluster None otherwise)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UserError(f"--scheduler needs Dask: {INSTALL_HINT}") from None
    cluster = None
    try:
        if scheduler == "local":
            cluster = LocalCluster(
                n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                processes=True, dashboard_address=None,
            )  # fmt: skip
            return Client(cluster), cluster
        return Client(scheduler, timeout="10s"), None
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        reason = " ".join(str(exc).split())[:200]
        raise UserError(f"cannot reach the Dask scheduler at {scheduler}: {reason}") from None


def iter_check(
    paths: Iterable[str | Path],
    spec: RulesetSpec | None = None,
    options: api.CheckOptions | None = None,
    *,
    scheduler: str = "local",
    jobs: int | None = None,
    options_for: Callable[[str], api.CheckOptions] | None = None,
    client: Any = None,
) -> Iterator[DocumentReport]:
    """Each document's report, in the order given, checked on a Dask cluster (`client`,
    else one reached at `scheduler` now, before the first report is asked for). A bounded
    number of documents is in flight, so the client's memory stays flat over any number
    of files."""
    spec = spec or RulesetSpec.of(load_ruleset())
    options = options or api.CheckOptions()
    owned = (None, None) if client is not None else connect(scheduler, jobs)
    client = client or owned[0]

    def choose(name: str) -> api.CheckOptions:
        return options_for(name) if options_for else options

    return _reports(client, paths, spec, choose, owned)


def _reports(client, paths, spec, choose, owned) -> Iterator[DocumentReport]:
    try:
        window = (sum(client.nthreads().values()) or 1) * WINDOW_PER_THREAD
        pending: deque = deque()
        for raw in paths:
            name = str(raw)
            pending.append(client.submit(check_task, os.path.abspath(name), name,
                                         choose(name), spec, pure=False))  # fmt: skip
            if len(pending) >= window:
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())
    finally:
        for own in owned:  # the client and cluster made here, not the caller's
            if own is not None:
                own.close()


def _result(future: Any) -> DocumentReport:
    try:
        return future.result()
    except RuntimeError as exc:  # Dask's words for a scheduler without our code
        if "deserializ" not in str(exc):
            raise
        raise UserError(
            "the Dask scheduler or a worker cannot load this clausecheck: install the same "
            f"clausecheck ({INSTALL_HINT}) on the scheduler's and every worker's host"
        ) from None


def check_bag(
    paths: Sequence[str | Path],
    pack: str | None = None,
    rules: Sequence[str] = (),
    options: api.CheckOptions | None = None,
    *,
    partition_size: int = 8,
):
    """A dask.bag of DocumentReport, one per path (input order), checked where the bag is
    computed: the active distributed Client's cluster, else Dask's local scheduler."""
    import dask.bag as db

    spec = RulesetSpec.of(load_ruleset(pack, tuple(rules)), pack, tuple(rules))
    options = options or api.CheckOptions()
    items = [(os.path.abspath(p), str(p)) for p in paths]
    bag = db.from_sequence(items, partition_size=partition_size)
    return bag.map(lambda item: check_task(item[0], item[1], options, spec))


# --- findings as rows ---------------------------------------------------------------------

FINDING_COLUMNS = (
    ("path", "string"), ("sha256", "string"), ("language", "string"), ("pages", "int64"),
    ("document_status", "string"), ("error_code", "string"), ("rule", "string"),
    ("status", "string"), ("severity", "string"), ("found", "bool"), ("open", "bool"),
    ("message", "string"), ("page", "int64"), ("clause", "string"), ("quote", "string"),
)  # fmt: skip


def finding_rows(report: DocumentReport) -> list[dict[str, Any]]:
    """One row per finding (the first location's page, clause and quote); an unreadable
    document is one row with its error code and no rule."""
    base = {
        "path": report.path, "sha256": report.sha256, "language": report.language,
        "pages": report.pages, "document_status": report.status,
        "error_code": report.error.code if report.error else None,
    }  # fmt: skip
    if report.status == "error":
        return [{**dict.fromkeys(name for name, _ in FINDING_COLUMNS), **base}]
    lang = "en" if report.language == "en" else "zh"
    rows = []
    for f in report.findings:
        where = f.locations[0] if f.locations else None
        rows.append({
            **base, "rule": f.rule, "status": f.status, "severity": f.severity,
            "found": f.found, "open": f.status != "ok" and f.suppressed is None,
            "message": pick(f.message, lang), "page": where.page if where else None,
            "clause": where.clause if where else None, "quote": where.quote if where else None,
        })  # fmt: skip
    return rows


def findings_bag(reports):
    """A bag of DocumentReport -> a bag of finding rows (dicts of FINDING_COLUMNS)."""
    return reports.map(finding_rows).flatten()


def write_parquet(reports, folder: str | Path) -> list[Path]:
    """The findings of a bag of DocumentReport as Parquet, one file per partition
    (`part-00000.parquet`, …) written by the workers; returns the files."""
    import dask

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    parts = findings_bag(reports).to_delayed()
    writes = [dask.delayed(_write_part)(part, folder / f"part-{i:05d}.parquet")
              for i, part in enumerate(parts)]  # fmt: skip
    return list(dask.compute(*writes))


def _write_part(rows: list[dict[str, Any]], path: Path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(name, kind) for name, kind in FINDING_COLUMNS])
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)
    return path
