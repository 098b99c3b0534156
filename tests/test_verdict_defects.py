"""Issue #13's verdict defects: a number counts for the verb it belongs to, money in
every form, English party definitions, and the engine's `per: clause`."""

from __future__ import annotations

import pytest

from clausecheck.api import document_from_text
from clausecheck.recognise.clauses import split_clauses
from clausecheck.recognise.quantities import durations
from clausecheck.rules.engine import run_rules
from clausecheck.rules.loader import CheckSpec, Rule
from clausecheck.segment import segment


def _has_duration(text: str) -> bool:
    return bool(durations(text))


@pytest.mark.parametrize(
    "text, clauses",
    [
        (
            "Vendor will respond within 4 hours and resolve errors as soon as practicable.",
            [
                "Vendor will respond within 4 hours ",
                "and resolve errors as soon as practicable.",
            ],
        ),
        # a clause with no number joins the next: the shared number stays with both verbs
        ("Vendor shall respond to and fix P1 incidents within 4 hours.", None),
        ("对于紧急问题，乙方应在2小时内修复。", None),
        ("乙方应于4小时内响应并尽快修复。", ["乙方应于4小时内响应", "并尽快修复。"]),
        ("乙方2小时内响应，8小时内修复。", ["乙方2小时内响应", "，8小时内修复。"]),
        # no cut inside a number or inside 合并 / 并非
        ("Fees of USD 1,000 within 3 days.", None),
        ("合并处理的问题并非3日内修复。", None),
    ],
)
def test_split_clauses(text, clauses):
    assert split_clauses(text, _has_duration) == (clauses or [text])
    assert "".join(split_clauses(text)) == text


def _rule(per: str) -> Rule:
    fix = CheckSpec(
        id="fix-time",
        label={"zh": "修复时间", "en": "fix time"},
        pattern=r"修复|\bresolve",
        recognise="duration",
        min=0.01,
        per=per,
    )
    return Rule(
        id="probe",
        title={"zh": "探针", "en": "probe"},
        description={"zh": "探针", "en": "probe"},
        severity="low",
        advice={"zh": "无", "en": "none"},
        looks_for={"zh": "措辞如“修复”", "en": "wording such as “resolve”"},
        headings=(),
        terms=(r"修复|\bresolve",),
        exclude=(),
        checks=(fix,),
        red_flags=(),
        examples=(),
    )


@pytest.mark.parametrize(
    "text, sentence, clause",
    [
        ("Vendor will respond within 4 hours and resolve errors promptly.", "ok", "vague"),
        ("乙方应于4小时内响应并尽快修复。", "ok", "vague"),
        ("Vendor will respond within 1 hour and resolve errors within 4 hours.", "ok", "ok"),
        ("对于紧急问题，乙方应在2小时内修复。", "ok", "ok"),
    ],
)
def test_per_clause_counts_a_number_for_its_own_verb(text, sentence, clause):
    doc = segment(document_from_text(text))
    for per, expected in (("sentence", sentence), ("clause", clause)):
        (finding,), _, _ = run_rules([_rule(per)], doc)
        assert finding.status == expected, per
        (slow,), _, _ = run_rules([_rule(per)], doc, prefilter=False)
        assert slow.status == expected, per


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("AUD 12,000", 12000),
        ("12,000 euros", 12000),
        ("€12.000", 12000),
        ("EUR 1.234.567,50", 1234567.5),
        ("12.000 €", 12000),
        ("HK$ 5,000", 5000),
        ("NT$30,000", 30000),
        ("A$ 800", 800),
        ("人民币壹万贰仟元整", 12000),
        ("12,000 AUD", 12000),
        ("1.5 million dollars", 1_500_000),
        ("3万港元", 30000),
        ("| 年度服务费 | 12,000 |", 12000),
        ("| Annual support fee | 7,500.00 | per year |", 7500),
    ],
)
def test_money_in_every_form(text, amount):
    from clausecheck.recognise.quantities import money

    assert [q.value for q in money(text)] == [amount]


@pytest.mark.parametrize(
    "text",
    ["| P1 | 4 | 24 |", "| 1,000 users | 5 seats |", "Section 12.000", "version 1.234.567"],
)
def test_bare_figures_are_not_money(text):
    from clausecheck.recognise.quantities import money

    assert money(text) == []


@pytest.mark.parametrize(
    ("text", "buyer", "vendor"),
    [
        ('This Agreement is between Alpha Software Inc. ("Vendor") and Beta LLC ("Customer").',
         "Customer", "Vendor"),
        ('between Cloudy Corp ("Provider") and Kite Ltd. ("Client")', "Client", "Provider"),
        ('This License Agreement ("Agreement") is between Orbit Labs GmbH (hereinafter referred '
         'to as "Licensor") and Delta AB ("Licensee").', "Licensee", "Licensor"),
        # a short name: opposite the other party's role
        ('This Agreement is made between TechNest Pty Ltd ("TechNest") and Harbour Foods Ltd '
         '(the "Customer").', "Customer", "TechNest"),
        # ... or labelled by its line
        ('Licensor: Orbit Labs GmbH ("Orbit")\nLicensee: Delta AB ("Delta")', "Delta", "Orbit"),
        # ... or by what it does in the contract
        ('This agreement is entered into by Acme Corp ("Acme") and Zeta Inc ("Zeta"). '
         "Zeta shall pay the fees. Acme shall provide the support services.", "Zeta", "Acme"),
    ],
)  # fmt: skip
def test_english_parties_are_detected(text, buyer, vendor):
    from clausecheck.recognise.parties import detect_parties

    parties = detect_parties(text)
    assert parties.source == "detected"
    assert parties.buyer[1] == buyer and parties.vendor[1] == vendor
    assert vendor not in parties.buyer and buyer not in parties.vendor


def test_party_letters_defined_in_quotes_with_a_role():
    from clausecheck.recognise.parties import detect_parties

    parties = detect_parties(
        'Between Orbit Labs GmbH ("Party A", the "Vendor") and Delta AB ("Party B", the "Client").'
    )
    assert parties.buyer[:2] == ("乙方", "Party B") and "Party A" in parties.vendor
    assert "Party A" not in parties.buyer


def test_a_defined_term_is_not_a_party():
    from clausecheck.recognise.parties import detect_parties

    text = 'Each party keeps secret the other\'s data ("Confidential Information").'
    assert detect_parties(text).source == "default"


def test_vendor_placeholder_matches_a_short_name():
    from clausecheck.recognise.parties import detect_parties
    from clausecheck.rules.patterns import compile_pattern

    parties = detect_parties(
        'This Agreement is made between TechNest Pty Ltd ("TechNest") and Harbour Foods Ltd '
        '(the "Customer").'
    )
    pattern = compile_pattern(r"\b{vendor}\b.{0,20}\bshall respond", parties)
    assert pattern.search("TechNest shall respond within 2 hours.")
    assert not compile_pattern(r"{buyer} shall", parties).search("TechNest shall respond")
