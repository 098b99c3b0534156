"""Every example of every rule in every shipped pack comes out as written, and every rule
shows each outcome it can produce in both languages."""

import dataclasses
from pathlib import Path

import pytest

from clausecheck.rules.examples import missing_outcomes, run_examples
from clausecheck.rules.loader import available_packs, load_ruleset

# Loaded at collection; the examples run in the tests, one each.
RULES = [rule for pack in available_packs() for rule in load_ruleset(pack).rules]
EXAMPLES = [(rule, example) for rule in RULES for example in rule.examples]


def test_the_default_pack_has_its_items():
    ids = {rule.id for rule in load_ruleset().rules}
    assert ids == {
        "service-scope", "support-channel", "support-depth", "response-sla", "defect-scope",
        "updates", "custom-dev", "ip-ownership", "training", "documentation", "fees", "term",
        "renewal-pricing", "responsibility", "breach-remedies", "liability-cap",
        "confidentiality", "data-protection", "dispute-resolution", "governing-law",
        "termination", "acceptance",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "example"),
    EXAMPLES,
    ids=[f"{r.id}:{Path(r.path).name}:{ex.line}" for r, ex in EXAMPLES],
)
def test_example(rule, example):
    (result,) = run_examples(dataclasses.replace(rule, examples=(example,)))
    assert result.passed, f"{rule.path}:{example.line}: {result.message}"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_outcome_has_examples_in_both_languages(rule):
    assert missing_outcomes(rule) == []
