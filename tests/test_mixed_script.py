"""English words written against Chinese characters ("SaaS服务", "on-site training按天收费"):
the text keeps no space there (normalize removes the spaces PDFs put around CJK), and the
rules' \\b must still see the word's edge."""

from __future__ import annotations

from clausecheck import api
from clausecheck.rules.engine import _han_bounded


def _found(text: str, rule: str) -> bool:
    return next(f for f in api.check_text(text).findings if f.rule == rule).found


def test_an_english_word_against_chinese_characters_is_found():
    # our own wording: the training rule knows "training" only as an English word here
    assert _found("额外的 on-site training 按每天五千元收费。", "training")
    assert _found("Onboarding 阶段提供两场 workshop。", "training")


def test_a_word_inside_a_longer_english_word_is_still_not_found():
    assert not _found("额外的 retrainings 按每天五千元收费。", "training")


def test_only_word_boundaries_are_widened():
    pattern = r"\btraining\b|[\b]x|\\b"
    widened = _han_bounded(pattern)
    assert widened.count(r"(?<=[A-Za-z])(?=\p{Han})") == 2
    assert widened.endswith(r"|[\b]x|\\b")  # a backspace in a set, a literal backslash
