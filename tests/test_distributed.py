"""The Dask run (clausecheck.distributed) on a LocalCluster of two worker processes: the
same verdicts as the plain CLI, the rule set loaded once per worker, a scan's pages OCR'd
as tasks of their own, findings as Parquet."""

from __future__ import annotations

import dataclasses
import json
import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

from distributed import Client, LocalCluster, get_task_stream

from clausecheck import api, distributed
from clausecheck.extract import ExtractOptions, extract, ocr

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _untimed(reports) -> list:
    return [dataclasses.replace(r, timings={}) for r in reports]


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One cache folder for this process and the workers (they read the environment when
    they start): the scan's pages OCR'd on the cluster are found here afterwards."""
    folder = tmp_path_factory.mktemp("dask-cache")
    before = os.environ.get("CLAUSECHECK_CACHE_DIR")
    os.environ["CLAUSECHECK_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        del os.environ["CLAUSECHECK_CACHE_DIR"]
    else:
        os.environ["CLAUSECHECK_CACHE_DIR"] = before


@pytest.fixture(scope="module")
def client(cache_dir: Path) -> Iterator[Client]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:  # fmt: skip
        yield client


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The samples and a generated batch: each sample text cut at seeded paragraph
    boundaries, and Chinese and English texts joined."""
    folder = tmp_path_factory.mktemp("batch")
    texts = {p.stem: p.read_text(encoding="utf-8") for p in (SAMPLES / "text").glob("*.txt")}
    rng = random.Random(16)
    made = []
    for i in range(16):
        name, text = rng.choice(sorted(texts.items()))
        paragraphs = text.split("\n\n")
        start = rng.randrange(len(paragraphs) // 2)
        part = "\n\n".join(paragraphs[start : start + rng.randint(4, len(paragraphs))])
        if i % 4 == 3:
            part += "\n\n" + texts["en_weak" if name.startswith("zh") else "zh_weak"]
        made.append(folder / f"gen_{i:02d}_{name}.txt")
        made[-1].write_text(part, encoding="utf-8")
    samples = sorted(p for p in SAMPLES.rglob("*") if p.suffix in (".pdf", ".docx", ".txt"))
    return samples + made


def test_cli_on_the_cluster_gives_the_plain_cli_verdicts(cli, client, batch):
    address = client.scheduler.address
    plain = cli(*batch, "-f", "json", "--no-cache", "--jobs", "1")
    on_dask = cli(*batch, "-f", "json", "--no-cache", "--scheduler", address)
    assert on_dask.returncode == plain.returncode == 1
    assert json.loads(on_dask.stdout) == json.loads(plain.stdout)
    assert len(json.loads(plain.stdout)["documents"]) == len(batch) > 25
    # each worker loaded the rule set once, not once per document
    assert sorted(client.run(distributed.loads).values()) == [1, 1]


def test_check_bag_and_parquet(client, batch, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    paths = [*batch[:6], tmp_path / "missing.pdf"]
    options = api.CheckOptions(use_cache=False)
    reports = distributed.check_bag(paths, options=options, partition_size=3)
    got = reports.compute()
    ruleset = api.load_ruleset()
    assert _untimed(got) == _untimed(api.check(p, ruleset, options) for p in paths)
    files = distributed.write_parquet(reports, tmp_path / "findings")
    assert [f.name for f in files] == ["part-00000.parquet", "part-00001.parquet",
                                       "part-00002.parquet"]  # fmt: skip
    table = pq.read_table(tmp_path / "findings")
    assert table.num_rows == sum(len(r.findings) for r in got) + 1  # + the error's row
    assert table.column_names == [name for name, _ in distributed.FINDING_COLUMNS]


@pytest.mark.skipif(not ocr.available(), reason="the OCR extra is not installed")
def test_a_scan_is_read_page_by_page_on_the_workers(client, tmp_path):
    from scangen import make_scan

    scan = make_scan(SAMPLES / "zh_weak.pdf", tmp_path / "scan.pdf", pages=[1, 2])  # short pages
    with get_task_stream(client) as tasks:
        (report,) = distributed.iter_check([scan], client=client)
    pages = [t for t in tasks.data if str(t["key"]).startswith("ocr_page")]
    assert len(pages) == 2  # one task per scanned page
    assert report.status == "checked" and report.pages == 2
    assert any(loc.ocr for f in report.findings for loc in f.locations)
    # the same report as reading the scan here, from the pages the workers recognised
    # (found in the OCR page cache; the document itself is extracted again)
    here = extract(scan, ExtractOptions(), ocr_cache=True)
    assert _untimed([report]) == _untimed([api.check_document(here, api.load_ruleset())])
