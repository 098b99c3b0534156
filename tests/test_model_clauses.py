"""The rules' words for the vendor: every rule that can be missing has a model clause in
both languages, written as contract language that the rule itself judges `ok` once its
placeholders are filled in; a reason for the letter; questions tagged by status."""

from __future__ import annotations

import re

import pytest

from clausecheck import api
from clausecheck.model import STATUSES, pick

RULESET = api.load_ruleset()
# what a buyer would write in the blanks the model clauses leave
FILLED = {
    "[金额]": "50,000", "[amount]": "USD 50,000", "[姓名]": "张三", "[name]": "Jane Doe",
    "[电话号码]": "400-000-0000", "[phone number]": "+65 6000 0000",
    "[仲裁委员会名称]": "北京仲裁委员会",
    "[arbitral institution]": "the Singapore International Arbitration Centre",
    "[jurisdiction]": "Singapore",
}  # fmt: skip


@pytest.mark.parametrize("rule", RULESET.rules, ids=lambda r: r.id)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_model_clause_is_ok_for_its_own_rule(rule, lang):
    assert rule.model_clause is not None and rule.why is not None
    text = pick(rule.model_clause, lang)
    assert text != pick(rule.advice, lang)  # contract language, not the advice sentence
    assert not re.search(r"例如|e\.g\.|\bask\b|建议", text)
    for blank, value in FILLED.items():
        text = text.replace(blank, value)
    assert "[" not in text, "a placeholder the test does not know"
    title = pick(rule.title, lang)
    heading = f"第五条 {title}" if lang == "zh" else f"5. {title.upper()}"
    finding = next(
        f for f in api.check_text(f"{heading}\n{text}", RULESET).findings if f.rule == rule.id
    )
    assert finding.status == "ok", pick(finding.message, "en")


def test_questions_are_tagged_with_statuses_and_asked_in_both_languages():
    asked = [q for r in RULESET.rules for q in r.questions]
    assert len(asked) >= 20
    for question in asked:
        assert set(question.when) <= set(STATUSES) and "ok" not in question.when
        assert question.text["zh"].endswith(("？", "。")) and question.text["en"].endswith(
            ("?", ".")
        )
    # the practitioner's tests of a vendor before signing, each from some rule
    english = " ".join(q.text["en"] for q in asked)
    for asks in ("severity table", "incidents", "defect-fix history", "real support questions",
                 "samples of your existing documents", "renewal policy and renewal price",
                 "subcontracted"):  # fmt: skip
        assert asks in english


def test_rules_show_prints_the_model_clause_and_the_questions(cli):
    shown = cli("rules", "show", "response-sla").stdout
    assert "Model clause" in shown and "Severity 1 (system unusable)" in shown
    assert "Questions for the vendor" in shown and "severity table" in shown
