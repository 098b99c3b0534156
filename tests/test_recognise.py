"""Recognisers: numbers, durations, money, percentages, forums, hedges, parties."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clausecheck.recognise import quantities
from clausecheck.recognise.numerals import chinese_to_int, parse_number
from clausecheck.recognise.parties import detect_parties, override_parties
from clausecheck.recognise.quantities import blanks, durations, forums, hedges, money, percentages

_CN_DIGITS = "零一二三四五六七八九"


def _to_chinese(n: int) -> str:
    """A reference writer of Chinese numerals below 100,000 (for the property test)."""
    if n == 0:
        return "零"
    units = [(10000, "万"), (1000, "千"), (100, "百"), (10, "十")]
    out, zero = "", False
    for value, unit in units:
        digit, n = divmod(n, value)
        if digit:
            if zero:
                out += "零"
            out += ("" if (unit == "十" and digit == 1 and not out) else _CN_DIGITS[digit]) + unit
            zero = False
        elif out:
            zero = True
    if n:
        out += ("零" if zero else "") + _CN_DIGITS[n]
    return out


@given(st.integers(min_value=0, max_value=99_999))
def test_chinese_numerals_read_like_digits(n):
    assert chinese_to_int(_to_chinese(n)) == n


@pytest.mark.parametrize(
    ("text", "value"),
    [("二十四", 24), ("两", 2), ("伍万", 50000), ("壹佰贰拾", 120), ("十二", 12), ("五 (5)", 5),
     ("five (5)", 5), ("thirty", 30), ("1,200.50", 1200.5), ("十二(12)", 12)],
)  # fmt: skip
def test_number_forms(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "hours"),
    [("24小时内响应", 24), ("二十四小时", 24), ("两个工作日", 48), ("三日内", 72),
     ("十二(12)个月", 8640), ("within five (5) business days", 120), ("thirty (30) days", 720),
     ("4 business hours", 4), ("半年", 4380), ("30分钟", 0.5)],
)  # fmt: skip
def test_durations(text, hours):
    assert [q.value for q in durations(text)] == [pytest.approx(hours)]


@pytest.mark.parametrize("text", ["7×24小时服务", "24/7 support", "7x24"])
def test_round_the_clock_counts_as_duration(text):
    assert durations(text)


@pytest.mark.parametrize("text", ["2024年1月1日", "自2025年3月1日起"])
def test_dates_are_not_durations(text):
    assert durations(text) == []


@pytest.mark.parametrize(
    ("text", "amount"),
    [("人民币伍万元整", 50000), ("¥50,000", 50000), ("5万元", 50000), ("50,000元/年", 50000),
     ("USD 10,000", 10000), ("$1,000 per month", 1000), ("总额不超过人民币伍佰元", 500)],
)  # fmt: skip
def test_money(text, amount):
    assert money(text)[0].value == amount


def test_blank_amount_is_not_money():
    assert money("合同总价为人民币        元") == []


@pytest.mark.parametrize(
    ("text", "value"), [("百分之五", 5), ("5%", 5), ("no more than 110%", 110), ("10 percent", 10)]
)
def test_percentages(text, value):
    assert percentages(text)[0].value == value


@pytest.mark.parametrize(
    "text",
    ["提交北京仲裁委员会仲裁", "向甲方住所地法院提起诉讼", "由北京市海淀区人民法院管辖",
     "the courts of England and Wales", "arbitration administered by SIAC",
     "under the rules of HKIAC", "submitted to the Korean Commercial Arbitration Board",
     "under the rules of the Arbitration Institute of the Stockholm Chamber of Commerce"],
)  # fmt: skip
def test_named_forums(text):
    assert forums(text)


@pytest.mark.parametrize(
    "text",
    [
        "可向当地法院起诉",
        "向有管辖权的人民法院起诉",
        "可向仲裁委员会申请仲裁",
        "any court of competent jurisdiction",
        "referred to the Arbitration Board",
        "an arbitration tribunal",
    ],
)
def test_unnamed_forums(text):
    assert forums(text) == []


def test_hedges_in_both_languages():
    assert [h.text for h in hedges("乙方应及时响应并尽快修复")] == ["及时", "尽快"]
    assert [h.text for h in hedges("Vendor will respond promptly")] == ["promptly"]


def test_parties_default_buyer_is_party_a():
    parties = detect_parties("合同\n甲方：某公司\n乙方：某科技公司")
    assert parties.buyer[0] == "甲方" and parties.source == "default"


def test_parties_detected_when_party_a_is_the_vendor():
    parties = detect_parties("甲方（服务方）：某科技公司\n乙方（客户）：某商贸公司")
    assert parties.buyer[:2] == ("乙方", "Party B")
    assert "甲方" in parties.vendor


def test_parties_defined_after_the_role():
    assert (
        detect_parties("委托方：某公司，以下简称甲方；\n受托方：某公司，以下简称乙方").buyer[0]
        == "甲方"
    )
    assert detect_parties("甲方作为本软件的提供商，乙方作为接受方").buyer[0] == "乙方"


def test_parties_override():
    assert override_parties("Party B").buyer[0] == "乙方"
    with pytest.raises(ValueError):
        override_parties("丙方")


@pytest.mark.parametrize(
    "text",
    ["合同总价人民币＿＿＿＿元", "自    年  月  日起", "[Fill in city or county and state]",
     "fee of [●]", "提供若干次培训", "price TBD"],
)  # fmt: skip
def test_blanks(text):
    assert blanks(text)


@pytest.mark.parametrize("text", ["1,000 days", "人民币5万元", "within thirty (30) days"])
def test_filled_values_are_not_blanks(text):
    assert blanks(text) == []


def test_forum_at_the_start_of_a_sentence():
    assert [f.text for f in forums("The courts of England and Wales shall have jurisdiction.")] == [
        "courts of England and Wales"
    ]


def test_vendor_role_does_not_match_inside_the_buyers_name():
    from clausecheck.rules.patterns import compile_pattern, default_parties

    vendor = compile_pattern("{vendor}应", default_parties())
    assert not vendor.search("被许可方应按期付款") and vendor.search("许可方应按期交付")


def test_a_body_sentence_is_not_a_party_definition():
    assert detect_parties("乙方应对甲方的业务数据和用户信息保密。").source == "default"


def test_a_chinese_vendor_named_only_by_its_company():
    # no 甲方/乙方: the company that takes a vendor's duties twice is the vendor
    text = (
        "1. 某某软件有限公司应为用户提供数据存储服务。\n"
        "2. 某某软件有限公司不得向任何第三方泄露用户的资料。\n"
        "3. 用户应按期支付服务费。"
    )
    assert "某某软件有限公司" in detect_parties(text).vendor
    # a party line with a role word names that side
    lines = "服务方：某某科技有限公司\n用户：某某商贸有限公司\n"
    parties = detect_parties(lines)
    assert "某某科技有限公司" in parties.vendor and "某某商贸有限公司" in parties.buyer


def test_company_names_are_not_read_where_the_letters_are_used():
    # the body uses 甲方/乙方; names would only make each contract's patterns its own
    text = "甲方：某某科技有限公司\n乙方：某某商贸有限公司\n某某科技有限公司应提供服务。"
    parties = detect_parties(text)
    assert "某某科技有限公司" not in parties.buyer + parties.vendor


def test_a_company_that_pays_is_not_the_vendor():
    text = (
        "某某商贸有限公司应支付货款。某某商贸有限公司应提供收货地址。"
        "某某商贸有限公司应提供发票信息。"
    )
    assert "某某商贸有限公司" not in detect_parties(text).vendor


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *quantities.HEDGES_ZH[:12],
                *quantities.HEDGES_EN[:12],
                "甲方",
                " ",
                "x",
                "ly",
                "。",
                "Promptly",
                "TIMELY",
                "as soon as",
                "reasonable",
                "un",
            ]
        ),
        max_size=12,
    )
)
def test_hedges_found_as_the_regex_alone_finds_them(pieces: list[str]) -> None:
    text = "".join(pieces)
    alone = [(m.group(0), m.start()) for m in quantities._HEDGE.finditer(text)]
    assert [(h.text, h.start) for h in quantities.hedges(text)] == alone
