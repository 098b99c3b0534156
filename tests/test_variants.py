"""Chinese written in Traditional characters is read as Simplified; quotes keep its words."""

from __future__ import annotations

from clausecheck import api
from clausecheck.model import Block
from clausecheck.normalize import is_heading_start
from clausecheck.segment import TRADITIONAL_NOTE
from clausecheck.variants import (
    COMMON_TRADITIONAL,
    is_traditional,
    read_as_simplified,
    simplified,
    source_text,
)

# Our own wording, in the style of a Taiwan maintenance contract.
TRADITIONAL = """軟體維護合約
第一條 服務範圍
乙方應提供系統維護、故障排除及版本升級服務，並負責伺服器上程式的部署。
第二條 回應時間
乙方應於接獲甲方通知後二小時內回應，二十四小時內修復。
第三條 費用
年度維護費為新臺幣十二萬元，甲方應於每年一月三十一日前支付。
第四條 保密
雙方對於因本合約而知悉之對方營業秘密，應負保密義務，合約終止後三年內仍有效。
第五條 爭議解決
因本合約所生之爭議，雙方同意以臺灣臺北地方法院為第一審管轄法院。
"""

SIMPLIFIED = """软件维护合同
第一条 服务范围
乙方应提供系统维护、故障排除及版本升级服务。
第二条 响应时间
乙方应于接到甲方通知后二小时内响应，二十四小时内修复。
"""


def test_traditional_text_is_told_from_simplified_and_english():
    assert is_traditional(TRADITIONAL)
    assert not is_traditional(SIMPLIFIED)
    assert not is_traditional("Vendor shall respond within four hours. 本合同")
    # a Simplified contract quoting a few Traditional characters (a name) is not converted
    assert not is_traditional(SIMPLIFIED * 3 + "臺灣龍騰公司")


def test_taiwan_wording_is_read_as_the_mainlands_and_found_again_in_the_original():
    assert simplified("軟體與伺服器") == "软件与服务器"
    assert simplified("第一條 服務範圍") == "第一条 服务范围"
    assert simplified("本合約於十個工作天內") == "本合同于十个工作日内"  # contract words
    assert simplified(SIMPLIFIED) == SIMPLIFIED
    source = "程式碼由乙方交付。網際網路資訊服務，含智慧財產權。"
    text = simplified(source)
    assert text == "代码由乙方交付。互联网信息服务，含知识产权。"
    second = text.index("互联网")
    assert source_text(source, second, len(text)) == "網際網路資訊服務，含智慧財產權。"
    assert source_text(source, 0, second) == "程式碼由乙方交付。"
    # a stretch starting or ending inside a run of Chinese characters is widened to the run
    assert source_text(source, 1, 2) == "程式碼由乙方交付"


def test_blocks_keep_their_own_text_only_when_converted():
    blocks = (
        Block("第一條 保密"),
        Block("Annex A"),
        Block("雙方應負保密義務，合約終止後三年內仍有效。"),
    )
    converted, done = read_as_simplified(blocks)
    assert done
    assert [b.text for b in converted] == [
        "第一条 保密",
        "Annex A",
        "双方应负保密义务，合同终止后三年内仍有效。",
    ]
    assert [b.source for b in converted] == ["第一條 保密", None, blocks[2].text]
    same, done = read_as_simplified((Block(SIMPLIFIED),))
    assert not done and same[0].source is None


def test_a_traditional_contract_is_checked_and_quoted_in_its_own_words():
    report = api.check_text(TRADITIONAL)
    assert report.language == "zh"
    assert TRADITIONAL_NOTE in report.warnings
    status = {f.rule: f for f in report.findings}
    for rule in ("response-sla", "fees", "confidentiality", "dispute-resolution"):
        assert status[rule].status != "missing", rule
    assert status["response-sla"].status == "ok"
    quotes = {loc.quote: loc.clause for loc in status["response-sla"].locations}
    # the contract's characters (接獲…後…內), not the reading (接获…后…内), and its heading
    quote = next(q for q in quotes if "接獲甲方通知後二小時內回應" in q)
    assert quotes[quote] == "第二條 回應時間"


def test_a_simplified_contract_is_not_touched():
    report = api.check_text(SIMPLIFIED)
    assert TRADITIONAL_NOTE not in report.warnings
    quote = next(f for f in report.findings if f.rule == "response-sla").locations[0].quote
    assert "接到甲方通知后二小时内响应" in quote


def test_the_quick_test_lists_only_characters_simplified_writes_otherwise():
    assert len(set(COMMON_TRADITIONAL)) == len(COMMON_TRADITIONAL)
    assert all(simplified(c) != c for c in COMMON_TRADITIONAL)


def test_clause_markers_in_traditional_form_start_clauses():
    # a PDF's lines are joined into paragraphs before the text is read as Simplified: a
    # heading must start its own paragraph in either form
    for line in ("第二條 回應時間", "第三節 費用", "第一編 總則", "附錄一 報價單"):
        assert is_heading_start(line), line
    assert not is_heading_start("依第三條約定辦理")  # a reference inside a sentence
