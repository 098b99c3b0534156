"""What counts as evidence (issue 14, point 3): the contract's title, a table-of-contents
line or a heading alone is never evidence for a check; a quote is the sentence that met
the check, from the clause the rule located."""

from pathlib import Path

import pytest

from clausecheck import api
from clausecheck.recognise.furniture import is_title

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

# Titles and contents that name items the bodies never deal with.
TITLED_EN = """SOFTWARE SUPPORT AND MAINTENANCE AGREEMENT

This Agreement is made between Northwind Ltd ("Customer") and Bluefin Systems Inc. ("Vendor").

Contents
1. Fees ........ 1
2. Confidentiality ........ 1
3. Governing Law ........ 2

1. FEES
1.1 Customer shall pay Vendor USD 12,000 per year, within 30 days of each invoice.

2. TERM
2.1 This Agreement runs for one year from the Effective Date.

3. GOVERNING LAW
3.1 This Agreement is governed by the laws of England and Wales.
"""
TITLED_ZH = """软件维护服务协议

甲方（委托方）：北辰科技有限公司
乙方（服务方）：蓝海软件有限公司

目录
第一条 费用……1
第二条 保密……1

第一条 费用
甲方应于每年一月向乙方支付服务费人民币十万元。

第二条 期限
本协议有效期为一年，自双方签字之日起生效。

第三条 争议解决
因本协议引起的争议，提交北京仲裁委员会仲裁。
"""
TITLES = {"SOFTWARE SUPPORT AND MAINTENANCE AGREEMENT", "软件维护服务协议"}


@pytest.fixture(scope="module")
def ruleset():
    return api.load_ruleset()


@pytest.mark.parametrize("text", [TITLED_EN, TITLED_ZH], ids=["en", "zh"])
def test_a_title_or_contents_line_naming_an_item_is_not_the_item(text, ruleset):
    report = api.check_text(text, ruleset)
    status = {f.rule: f.status for f in report.findings}
    # The title names support and maintenance, the contents confidentiality: none is there.
    for rule in ("service-scope", "support-depth", "support-channel", "confidentiality"):
        assert status[rule] == "missing", rule
    assert status["fees"] == "ok" and status["term"] == "ok"
    for finding in report.findings:
        quotes = [loc.quote for loc in finding.locations] + [c.quote or "" for c in finding.checks]
        assert not any(q in TITLES or "……" in q or "...." in q for q in quotes), finding.rule


@pytest.mark.parametrize(
    "text",
    [
        "第十一条 操作手册\n乙方应向甲方提供相关资料。\n",
        "11. Escrow and User Guides\nVendor will provide the relevant materials to Customer.\n",
    ],
    ids=["zh", "en"],
)
def test_the_heading_that_located_a_clause_does_not_meet_its_checks(text, ruleset):
    # The headings name documents (操作手册, User Guides); the bodies name none.
    finding = next(f for f in api.check_text(text, ruleset).findings if f.rule == "documentation")
    assert finding.status == "vague"
    assert not any(c.met for c in finding.checks if c.kind == "specific")


def test_a_one_line_numbered_item_is_a_list_item_and_counts(ruleset):
    text = (
        "第七条 文档交付\n乙方应交付下列文档：\n1．操作手册\n2．部署指南\n第八条 费用\n甲方付款。\n"
    )
    finding = next(f for f in api.check_text(text, ruleset).findings if f.rule == "documentation")
    assert finding.status == "ok"


def test_en_weak_documentation_quotes_the_documentation_sentence(ruleset):
    # Clause 8 "TRAINING AND DOCUMENTATION": 8.1 is on documentation, 8.2 on training fees.
    report = api.check(SAMPLES / "en_weak.pdf", ruleset, api.CheckOptions(use_cache=False))
    finding = next(f for f in report.findings if f.rule == "documentation")
    assert finding.status == "vague"
    assert finding.locations[0].quote.startswith("8.1 ")
    training = next(f for f in report.findings if f.rule == "training")
    assert training.locations[0].quote.startswith("8.2 ")


@pytest.mark.parametrize("name", ["en_weak", "zh_weak", "en_strong", "zh_strong"])
def test_sample_locations_quote_sentences_not_bare_headings(name, ruleset):
    report = api.check(SAMPLES / f"{name}.pdf", ruleset, api.CheckOptions(use_cache=False))
    for finding in report.findings:
        for location in finding.locations[1:]:
            assert location.quote.strip() != (location.clause or "").strip(), finding.rule


@pytest.mark.parametrize(
    "line",
    ["软件维护服务协议", "技 术 服 务 合 同 书", "技术开发（委托）合同",
     "SOFTWARE SUPPORT AND MAINTENANCE AGREEMENT", "Master Services Agreement"],
)  # fmt: skip
def test_a_title_names_the_document(line):
    assert is_title(line)


@pytest.mark.parametrize(
    "line",
    ["本合同适用中华人民共和国法律", "甲方应按合同约定支付服务费",  # no full stop: still sentences
     "This Agreement shall be governed by the laws of Ontario",
     "The Agreement is binding on successors", "第八条 保密。"],
)  # fmt: skip
def test_a_sentence_without_its_full_stop_is_not_a_title(line):
    assert not is_title(line)
