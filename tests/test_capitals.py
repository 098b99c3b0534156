"""A contract, or a sentence of it, typed in capitals throughout reads as it would in
ordinary case: recognised as a contract, and the same verdicts."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausecheck import api

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "text"


def _statuses(report) -> dict[str, str]:
    return {f.rule: f.status for f in report.findings}


@pytest.mark.parametrize("name", ["en_strong.txt", "en_weak.txt"])
def test_a_contract_in_capitals_gets_the_verdicts_of_its_ordinary_case(tmp_path, name):
    shouted = tmp_path / name
    shouted.write_text((SAMPLES / name).read_text(encoding="utf-8").upper(), encoding="utf-8")
    options = api.CheckOptions(use_cache=False)
    ruleset = api.load_ruleset()
    ordinary = api.check(SAMPLES / name, ruleset, options)
    assert _statuses(api.check(shouted, ruleset, options)) == _statuses(ordinary)


@pytest.mark.parametrize(
    "sentence",
    [
        # our own wording: a country named before "law", which in ordinary case is told
        # from a common word by its capital letter
        "DANISH LAW GOVERNS THESE TERMS.",
        "THIS LICENCE IS CONSTRUED UNDER IRISH LAW.",
    ],
)
def test_a_choice_of_law_in_capitals_is_found(sentence):
    finding = next(f for f in api.check_text(sentence).findings if f.rule == "governing-law")
    assert finding.found
    assert not next(
        f
        for f in api.check_text(sentence.replace("LAW", "LAWN")).findings
        if f.rule == "governing-law"
    ).found


def test_a_defined_term_is_not_read_into_a_word_in_capitals():
    # "Acceptance" capitalised names the acceptance of work; in capitals it is any word
    sentence = "BY INSTALLING THE SOFTWARE YOU CONFIRM YOUR ACCEPTANCE OF THESE TERMS."
    finding = next(f for f in api.check_text(sentence).findings if f.rule == "acceptance")
    assert not finding.found
