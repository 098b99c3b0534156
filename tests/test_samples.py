"""Every bundled sample gets the statuses a careful buyer's lawyer would give it, and the
DOCX, PDF and text forms of one contract agree."""

from pathlib import Path

import pytest

from clausecheck import api

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
NAMES = sorted(
    p.name.removesuffix(".expected.tsv") for p in (SAMPLES / "text").glob("*.expected.tsv")
)


@pytest.fixture(scope="module")
def ruleset():
    return api.load_ruleset()


def _expected(name: str) -> dict[str, str]:
    rows = (SAMPLES / "text" / f"{name}.expected.tsv").read_text(encoding="utf-8").splitlines()
    pairs = (row.split("\t")[:2] for row in rows if "\t" in row and not row.startswith("rule\t"))
    return {rule.strip(): status.strip() for rule, status in pairs}


def _statuses(path: Path, ruleset) -> dict[str, str]:
    report = api.check(path, ruleset, api.CheckOptions(use_cache=False))
    assert report.status == "checked", report.error
    return {f.rule: f.status for f in report.findings}


def test_there_are_strong_and_weak_samples_in_both_languages():
    assert {"zh_strong", "zh_weak", "en_strong", "en_weak"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("form", ["pdf", "docx", "txt"])
def test_sample_statuses(name, form, ruleset):
    path = SAMPLES / "text" / f"{name}.txt" if form == "txt" else SAMPLES / f"{name}.{form}"
    assert _statuses(path, ruleset) == _expected(name)


@pytest.mark.parametrize("name", NAMES)
def test_docx_and_pdf_agree(name, ruleset):
    assert _statuses(SAMPLES / f"{name}.docx", ruleset) == _statuses(
        SAMPLES / f"{name}.pdf", ruleset
    )
