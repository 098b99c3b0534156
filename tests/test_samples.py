"""Every bundled sample gets the verdicts a careful buyer's lawyer would give it, and the
DOCX, PDF and text forms of one contract agree. samples/README.md names only files of the
repository."""

import re
from pathlib import Path

import pytest

from clausecheck import api
from clausecheck.evaluation.scoring import reported_verdict

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
NAMES = sorted(
    p.name.removesuffix(".expected.tsv") for p in (SAMPLES / "text").glob("*.expected.tsv")
)


@pytest.fixture(scope="module")
def ruleset():
    return api.load_ruleset()


def _expected(name: str) -> dict[str, str]:
    rows = (SAMPLES / "text" / f"{name}.expected.tsv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "rule\tverdict", rows[0]  # the labels' word and convention
    pairs = (row.split("\t")[:2] for row in rows[1:] if "\t" in row)
    return {rule.strip(): status.strip() for rule, status in pairs}


def _statuses(path: Path, ruleset) -> dict[str, str]:
    """Each rule's verdict as `clausecheck eval` scores it (so the expected files follow
    the labels' convention: `missing` for a red-flag rule with nothing to flag)."""
    report = api.check(path, ruleset, api.CheckOptions(use_cache=False))
    assert report.status == "checked", report.error
    return {f.rule: reported_verdict(f) for f in report.findings}


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


def test_samples_readme_cites_only_files_of_the_repository():
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#]+)", readme)
    assert links, "the README links to the rule and eval docs"
    for link in links:
        assert (SAMPLES / link).resolve().is_file(), link
    for named in re.findall(r"`([\w./-]+\.(?:md|py|tsv|txt))`", readme):
        if "/" in named and "<" not in named:
            assert (SAMPLES / named).exists() or (SAMPLES.parent / named).exists(), named
